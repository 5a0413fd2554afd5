//! Entry points for the cargo-fuzz targets in `fuzz/` (compiled only with `--cfg fuzzing`).
//! Each asserts invariants, not just "no panic".

use std::time::{Duration, Instant};

use bytes::BytesMut;

use crate::codec::{decode, encode};
use crate::session::{ClientConfig, ClientSession, ServerConfig, ServerSession};
use crate::version::{CodecConfig, ProtocolVersion};
use crate::wire::CtiString;

fn config_from(selector: u8) -> CodecConfig {
    match selector % 3 {
        0 => CodecConfig::new(ProtocolVersion::ucce(19)),
        1 => CodecConfig::new(ProtocolVersion::ucce(24)),
        _ => CodecConfig::new(ProtocolVersion::uccx(18)),
    }
}

/// Decodes `data` as a stream of frames. Every message that decodes must re-encode, and the
/// re-encoding must decode to the same message.
pub fn decode_frames(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let cfg = config_from(selector);
    let mut buf = BytesMut::from(rest);
    for _ in 0..1024 {
        let before = buf.len();
        match decode(&mut buf, &cfg) {
            Ok(Some(msg)) => {
                let mut wire = BytesMut::new();
                if encode(&msg, &mut wire, &cfg).is_ok() {
                    let again = decode(&mut wire, &cfg).expect("re-encoded message decodes");
                    assert_eq!(again.as_ref(), Some(&msg), "decode(encode(m)) == m");
                    assert!(wire.is_empty());
                }
                assert!(buf.len() < before, "a decoded message consumes input");
            }
            Ok(None) => return,
            Err(e) if e.is_fatal() => return,
            Err(_) => assert!(buf.len() < before, "a malformed frame is consumed"),
        }
    }
}

/// Feeds `data`, cut into chunks by its own bytes, to a server session and a client session
/// while advancing time; neither may panic, and their queues must stay bounded.
pub fn drive_sessions(data: &[u8]) {
    let start = Instant::now();
    let mut now = start;
    let mut server = ServerSession::new(ServerConfig::default(), now);
    let mut client = ClientSession::new(ClientConfig::new(
        ProtocolVersion::ucce(20),
        CtiString::from_static("fuzz"),
    ));
    client.start(now);
    while client.poll_event().is_some() {}
    client.handle_connected(now);
    let _ = client.poll_transmit();
    let mut rest = data;
    while let Some((&n, tail)) = rest.split_first() {
        let take = usize::from(n % 64).min(tail.len());
        let (chunk, tail) = tail.split_at(take);
        now += Duration::from_millis(u64::from(n) * 97);
        server.handle_input(now, chunk);
        client.handle_input(now, chunk);
        server.handle_timeout(now);
        client.handle_timeout(now);
        let mut events = 0;
        while server.poll_event().is_some() {
            events += 1;
            assert!(events < 10_000, "server events bounded");
        }
        events = 0;
        while client.poll_event().is_some() {
            events += 1;
            assert!(events < 10_000, "client events bounded");
        }
        let _ = server.poll_transmit();
        let _ = client.poll_transmit();
        rest = tail;
    }
}
