//! Decodes the `cti_codec` mix a fixed number of times, for instruction counts under
//! callgrind (criterion's sampling gets in the way there). Not a timing bench.
//!
//! ```text
//! cargo bench -p finesse-benches --bench cti_decode_count --no-run
//! valgrind --tool=callgrind --toggle-collect='cti_decode_count::decode_wire' \
//!     target/release/deps/cti_decode_count-<hash> 10 ucce24 mix
//! ```
//!
//! Arguments: passes (default 10), `ucce24` or `uccx11`, and `mix` (the bench mix), `cd`
//! (CALL_DELIVERED_EVENT), `as` (AGENT_STATE_EVENT) or `hb` (HEARTBEAT_REQ), 1,000 messages
//! per pass. Instructions per message = the collected total / (passes × 1,000).
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use bytes::BytesMut;
use cti_proto::{decode, AgentState, CodecConfig, HeartbeatReq, Message, ProtocolVersion};
use finesse_benches::{agent_state, call_delivered, cti_mix, encode_all};

/// Decodes and drops every message of one pass (the part callgrind counts).
#[inline(never)]
fn decode_wire(mut buf: BytesMut, cfg: &CodecConfig) -> usize {
    let mut n = 0;
    while let Ok(Some(m)) = decode(&mut buf, cfg) {
        black_box(m);
        n += 1;
    }
    n
}

fn main() {
    // `cargo bench` passes `--bench`; only the positional arguments matter here.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let passes: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(10);
    let cfg = match args.get(1).map(String::as_str) {
        Some("uccx11") => CodecConfig::new(ProtocolVersion::uccx(11)),
        _ => CodecConfig::new(ProtocolVersion::ucce(24)),
    };
    let messages: Vec<Message> = match args.get(2).map(String::as_str) {
        Some("cd") => vec![call_delivered(1).into(); 1000],
        Some("as") => vec![agent_state(1, AgentState::Talking).into(); 1000],
        Some("hb") => vec![HeartbeatReq::new(1).into(); 1000],
        _ => cti_mix(200),
    };
    let wire = encode_all(&messages, &cfg);
    // Copies made before the counted part, so only decoding and dropping are measured.
    let inputs: Vec<BytesMut> = (0..passes).map(|_| BytesMut::from(&wire[..])).collect();
    let decoded: usize = inputs.into_iter().map(|buf| decode_wire(buf, &cfg)).sum();
    assert_eq!(decoded, passes * messages.len());
    println!(
        "cti_decode_count: {decoded} messages decoded ({} B/msg)",
        wire.len() / messages.len()
    );
}
