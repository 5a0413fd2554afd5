//! Entry points for the cargo-fuzz targets in `fuzz/` (compiled only with `--cfg fuzzing`).
//! Each asserts invariants, not just "no panic".

use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::body::Body;
use crate::server::{BoshServer, SequentialSids, ServerConfig, ServerEvent};

/// Decodes `data` as a body; whatever decodes must re-encode to a body that decodes to the
/// same value, and re-encoding that gives the same bytes.
pub fn parse_body(data: &[u8]) {
    if let Ok(body) = Body::parse(Bytes::copy_from_slice(data)) {
        let wire = body.to_bytes();
        let again = Body::parse(wire.clone()).expect("re-encoded body decodes");
        assert_eq!(again, body, "decode(encode(b)) == b");
        assert_eq!(again.to_bytes(), wire, "encoding is stable");
    }
}

/// Drives a connection manager with a sequence of operations taken from `data`: requests for
/// live or dead sessions with in-window, repeated, out-of-window, pause and terminate rids,
/// stanzas from the XMPP side, clock ticks and raw garbage. Every response must parse, no
/// request may be answered twice, and queues stay bounded.
pub fn drive_server(data: &[u8]) {
    let config = ServerConfig {
        max_sessions: 8,
        max_queued_stanzas: 16,
        ..ServerConfig::default()
    };
    let mut server = BoshServer::with_sid_source(config, Box::new(SequentialSids::default()));
    let mut now = Instant::now();
    let mut sids: Vec<String> = Vec::new();
    let mut answered = std::collections::HashSet::new();
    let mut issued = std::collections::HashSet::new();
    let mut rid: u64 = 1000;
    let mut it = data.chunks(3);
    while let Some(op) = it.next() {
        let [a, b, c] = match *op {
            [a, b, c] => [a, b, c],
            _ => return,
        };
        let sid = sids
            .get(usize::from(b) % sids.len().max(1))
            .cloned()
            .unwrap_or_default();
        let r = rid.wrapping_add(u64::from(c % 8)).wrapping_sub(3);
        let body = match a % 10 {
            0 => format!("<body xmlns='http://jabber.org/protocol/httpbind' rid='{r}' hold='{}' wait='{}' ver='1.{}' ack='{}'/>", b % 3, c % 90, c % 12, b % 2),
            1 | 2 => format!("<body xmlns='http://jabber.org/protocol/httpbind' rid='{r}' sid='{sid}'><m id='{c}'/></body>"),
            3 => format!("<body xmlns='http://jabber.org/protocol/httpbind' rid='{r}' sid='{sid}'/>"),
            4 => format!("<body xmlns='http://jabber.org/protocol/httpbind' rid='{r}' sid='{sid}' pause='{c}'/>"),
            5 => format!("<body xmlns='http://jabber.org/protocol/httpbind' rid='{r}' sid='{sid}' type='terminate'/>"),
            6 => {
                now += Duration::from_millis(u64::from(b) * 250 + u64::from(c));
                server.handle_timeout(now);
                String::new()
            }
            7 => {
                if let Some(sid) = crate::SessionId::parse(&sid) {
                    let _ = server.send(now, sid, Bytes::from(format!("<x n='{c}'/>")));
                }
                String::new()
            }
            8 => {
                if let Some(sid) = crate::SessionId::parse(&sid) {
                    let _ = server.terminate(now, sid, crate::Condition::RemoteConnectionFailed);
                }
                String::new()
            }
            _ => {
                let n = usize::from(c).min(it.len());
                let raw: Vec<u8> = it.by_ref().take(n).flatten().copied().collect();
                String::from_utf8_lossy(&raw).into_owned()
            }
        };
        if a % 10 != 6 && a % 10 != 7 && a % 10 != 8 {
            rid = rid.wrapping_add(u64::from(a % 2));
            issued.insert(server.handle_request(now, Bytes::from(body), b % 5 == 0));
        }
        while let Some(ev) = server.poll_event() {
            if let ServerEvent::SessionCreated(info) = ev {
                sids.push(info.sid.to_string());
                let _ = server.send(now, info.sid, Bytes::from_static(b"<stream:features/>"));
            }
        }
        while let Some(resp) = server.poll_response() {
            assert!(
                issued.contains(&resp.request),
                "answers only issued requests"
            );
            if !resp.close_connection && resp.status == 200 {
                Body::parse(resp.body.clone()).expect("every response parses");
            }
            // A superseded request (repeat of a held rid) gets a type='error' body once;
            // no request is answered twice otherwise.
            assert!(answered.insert(resp.request), "request answered twice");
        }
        if let Some(t) = server.poll_timeout() {
            assert!(
                t + Duration::from_secs(3600) > now,
                "deadlines are not in the far past"
            );
        }
        assert!(server.session_count() <= 8);
    }
}
