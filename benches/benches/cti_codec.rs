//! CTI codec throughput on a realistic mix, beside a memcpy of the same bytes.
//!
//! Reports messages/s and bytes/s (criterion), then prints the decode/memcpy ratio measured
//! in the same run.
#![allow(missing_docs, clippy::unwrap_used, clippy::disallowed_methods)]

use std::hint::black_box;
use std::time::Instant;

use bytes::BytesMut;
use criterion::{criterion_group, BatchSize, Criterion, Throughput};
use cti_proto::{decode, encode, CodecConfig, ProtocolVersion};
use finesse_benches::{cti_mix, encode_all};

const ROUNDS: u32 = 200;

fn configs() -> [(&'static str, CodecConfig); 2] {
    [
        ("ucce24", CodecConfig::new(ProtocolVersion::ucce(24))),
        ("uccx11", CodecConfig::new(ProtocolVersion::uccx(11))),
    ]
}

fn decode_all(wire: &[u8], cfg: &CodecConfig) -> usize {
    let mut buf = BytesMut::from(wire);
    let mut n = 0;
    while let Ok(Some(m)) = decode(&mut buf, cfg) {
        black_box(&m);
        n += 1;
    }
    n
}

fn bench(c: &mut Criterion) {
    for (name, cfg) in configs() {
        let messages = cti_mix(ROUNDS);
        let wire = encode_all(&messages, &cfg);
        for (unit, throughput) in [
            ("bytes", Throughput::Bytes(wire.len() as u64)),
            ("msgs", Throughput::Elements(messages.len() as u64)),
        ] {
            let mut g = c.benchmark_group(format!("cti_{name}_{unit}"));
            g.throughput(throughput);
            g.bench_function("decode", |b| {
                b.iter_batched(
                    || BytesMut::from(&wire[..]),
                    |mut buf| {
                        while let Ok(Some(m)) = decode(&mut buf, &cfg) {
                            black_box(m);
                        }
                    },
                    BatchSize::LargeInput,
                )
            });
            g.bench_function("encode", |b| {
                let mut out = BytesMut::with_capacity(wire.len());
                b.iter(|| {
                    out.clear();
                    for m in &messages {
                        encode(black_box(m), &mut out, &cfg).unwrap();
                    }
                    black_box(&out);
                })
            });
            g.bench_function("memcpy", |b| {
                let mut out = vec![0u8; wire.len()];
                b.iter(|| {
                    out.copy_from_slice(black_box(&wire[..]));
                    black_box(&out);
                })
            });
            g.finish();
        }
    }
}

/// Decode vs memcpy in one run, printed as a ratio (criterion does not compute ratios).
fn ratio() {
    for (name, cfg) in configs() {
        let messages = cti_mix(ROUNDS);
        let wire = encode_all(&messages, &cfg);
        let reps = 2000;
        let inputs: Vec<BytesMut> = (0..reps).map(|_| BytesMut::from(&wire[..])).collect();
        let t = Instant::now();
        for mut buf in inputs {
            while let Ok(Some(m)) = decode(&mut buf, &cfg) {
                black_box(m);
            }
        }
        let decode_s = t.elapsed().as_secs_f64();
        let mut out = vec![0u8; wire.len()];
        let t = Instant::now();
        for _ in 0..reps {
            out.copy_from_slice(black_box(&wire[..]));
            black_box(&out);
        }
        let memcpy_s = t.elapsed().as_secs_f64();
        let bytes = (wire.len() * reps) as f64;
        let msgs = (messages.len() * reps) as f64;
        assert_eq!(decode_all(&wire, &cfg), messages.len());
        println!(
            "cti {name}: decode {:.2} GB/s, {:.2} M msg/s; memcpy {:.2} GB/s; decode/memcpy = {:.3} ({} B/msg avg)",
            bytes / decode_s / 1e9,
            msgs / decode_s / 1e6,
            bytes / memcpy_s / 1e9,
            memcpy_s / decode_s,
            wire.len() / messages.len(),
        );
    }
}

/// Decode cost per message kind, to see where the time goes.
fn per_kind() {
    let cfg = CodecConfig::new(ProtocolVersion::ucce(24));
    let kinds: [(&str, cti_proto::Message); 3] = [
        ("HEARTBEAT_REQ", cti_proto::HeartbeatReq::new(1).into()),
        (
            "AGENT_STATE_EVENT",
            finesse_benches::agent_state(1, cti_proto::AgentState::Talking).into(),
        ),
        (
            "CALL_DELIVERED_EVENT",
            finesse_benches::call_delivered(1).into(),
        ),
    ];
    for (name, msg) in kinds {
        let wire = encode_all(&vec![msg; 1000], &cfg);
        let reps = 200;
        let inputs: Vec<BytesMut> = (0..reps).map(|_| BytesMut::from(&wire[..])).collect();
        let t = Instant::now();
        for mut buf in inputs {
            while let Ok(Some(m)) = decode(&mut buf, &cfg) {
                black_box(m);
            }
        }
        let per = t.elapsed().as_secs_f64() / (1000.0 * reps as f64);
        println!(
            "  {name}: {} bytes, {:.0} ns/msg, {:.2} GB/s",
            wire.len() / 1000,
            per * 1e9,
            (wire.len() / 1000) as f64 / per / 1e9
        );
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    ratio();
    per_kind();
}
