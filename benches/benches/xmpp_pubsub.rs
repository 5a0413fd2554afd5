//! xmpp-pubsub: parse and serialise a Finesse User `<Update>` event message (~2.1 KB on the
//! wire, the escaped Update ~1.6 KB), beside the same parse with `xmpp-parsers` 0.23
//! (minidom + xso), and the fan-out of one publish to 1, 100 and 10,000 subscribers.
//!
//! Reports messages/s and bytes/s (criterion), then prints the xmpp-parsers / ours parse time
//! ratio measured in the same run.
#![allow(missing_docs, clippy::unwrap_used, clippy::disallowed_methods)]

use std::hint::black_box;
use std::str::FromStr;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use criterion::{criterion_group, BatchSize, Criterion, Throughput};
use xmpp_pubsub::{
    ns, FinesseNotification, Item, Jid, NodeConfig, PubSubEvent, PubSubService, ServiceConfig,
    Stanza, StreamEvent, StreamParser, XmlLimits,
};

const EVENT: &[u8] = include_bytes!("../../xmpp-pubsub/testdata/finesse/user-update-event.xml");
const UPDATE: &str = include_str!("../../xmpp-pubsub/testdata/finesse/user-update.txt");
const HEADER: &[u8] = b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

/// Ours: bytes → element tree → `Message` → `PubSubEvent` (item payload kept as raw XML).
fn parse_ours(wire: &[u8]) -> PubSubEvent {
    let Stanza::Message(m) = Stanza::parse(wire).unwrap() else {
        unreachable!()
    };
    PubSubEvent::from_element(m.payload("event", ns::PUBSUB_EVENT).unwrap()).unwrap()
}

/// Ours, through the incremental stream parser (as the c2s session reads it).
fn parse_ours_stream(parser: &mut StreamParser, wire: &[u8]) -> PubSubEvent {
    parser.push(wire);
    let Some(StreamEvent::Element(el)) = parser.next_event().unwrap() else {
        unreachable!()
    };
    let Stanza::Message(m) = Stanza::from_element(el).unwrap() else {
        unreachable!()
    };
    PubSubEvent::from_element(m.payload("event", ns::PUBSUB_EVENT).unwrap()).unwrap()
}

/// xmpp-parsers: bytes → minidom `Element` → `Message` → pubsub `Event`.
fn parse_peer(wire: &str) -> xmpp_parsers::pubsub::event::Event {
    let el = xmpp_parsers::minidom::Element::from_str(wire).unwrap();
    let m = xmpp_parsers::message::Message::try_from(el).unwrap();
    let payload = m.payloads.into_iter().next().unwrap();
    xmpp_parsers::pubsub::event::Event::try_from(payload).unwrap()
}

fn fresh_stream_parser() -> StreamParser {
    let mut p = StreamParser::new(XmlLimits::default());
    p.push(HEADER);
    let _ = p.next_event().unwrap();
    p
}

fn time_per_iter(mut f: impl FnMut()) -> Duration {
    for _ in 0..200 {
        f();
    }
    let n = 5_000u32;
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    t.elapsed() / n
}

fn parse_serialise(c: &mut Criterion) {
    let wire_str = std::str::from_utf8(EVENT).unwrap();
    // Sanity: both parsers see the same notification.
    let PubSubEvent::Items { items, .. } = parse_ours(EVENT) else {
        unreachable!()
    };
    let n = FinesseNotification::from_raw(items[0].payload.as_ref().unwrap()).unwrap();
    assert_eq!(n.update_xml, UPDATE);
    let peer = parse_peer(wire_str);
    assert!(format!("{peer:?}").contains("finesse/api/User/1001"));

    let message = Stanza::parse(EVENT).unwrap();
    let peer_message = {
        let el = xmpp_parsers::minidom::Element::from_str(wire_str).unwrap();
        xmpp_parsers::message::Message::try_from(el).unwrap()
    };
    for (unit, throughput) in [
        ("bytes", Throughput::Bytes(EVENT.len() as u64)),
        ("msgs", Throughput::Elements(1)),
    ] {
        let mut g = c.benchmark_group(format!("xmpp_finesse_event_{unit}"));
        g.throughput(throughput);
        g.bench_function("parse/ours", |b| {
            b.iter(|| black_box(parse_ours(black_box(EVENT))))
        });
        g.bench_function("parse/ours_stream", |b| {
            let mut p = fresh_stream_parser();
            b.iter(|| black_box(parse_ours_stream(&mut p, black_box(EVENT))))
        });
        g.bench_function("parse/xmpp-parsers", |b| {
            b.iter(|| black_box(parse_peer(black_box(wire_str))))
        });
        g.bench_function("serialise/ours", |b| {
            let mut out = BytesMut::with_capacity(4096);
            b.iter(|| {
                out.clear();
                black_box(&message).write_to(&mut out);
                black_box(out.len())
            })
        });
        g.bench_function("serialise/xmpp-parsers", |b| {
            let mut out = Vec::with_capacity(4096);
            b.iter_batched(
                || peer_message.clone(),
                |m| {
                    out.clear();
                    let el: xmpp_parsers::minidom::Element = m.into();
                    el.write_to(&mut out).unwrap();
                    black_box(out.len())
                },
                BatchSize::SmallInput,
            )
        });
        g.finish();
    }

    let ours = time_per_iter(|| {
        black_box(parse_ours(black_box(EVENT)));
    });
    let mut p = fresh_stream_parser();
    let ours_stream = time_per_iter(|| {
        black_box(parse_ours_stream(&mut p, black_box(EVENT)));
    });
    let theirs = time_per_iter(|| {
        black_box(parse_peer(black_box(wire_str)));
    });
    let mps = |d: Duration| 1.0 / d.as_secs_f64();
    println!(
        "xmpp_pubsub parse of a {} B Finesse event: ours {:?} ({:.0} msg/s, {:.1} MB/s), ours via stream parser {:?}, xmpp-parsers {:?} ({:.0} msg/s); xmpp-parsers/ours = {:.2}x (stream: {:.2}x)",
        EVENT.len(),
        ours,
        mps(ours),
        mps(ours) * EVENT.len() as f64 / 1e6,
        ours_stream,
        theirs,
        mps(theirs),
        theirs.as_secs_f64() / ours.as_secs_f64(),
        theirs.as_secs_f64() / ours_stream.as_secs_f64(),
    );
}

fn fan_out(c: &mut Criterion) {
    let payload = FinesseNotification::new(UPDATE).to_raw();
    let publisher = Jid::new("finesse@finesse.example.com/app").unwrap();
    for subscribers in [1usize, 100, 10_000] {
        let mut cfg = ServiceConfig::new(Jid::new("pubsub.finesse.example.com").unwrap());
        cfg.admins = vec![publisher.to_bare()];
        let mut svc = PubSubService::new(cfg);
        svc.create_node("/finesse/api/Team/1/Users", None, NodeConfig::default())
            .unwrap();
        for i in 0..subscribers {
            let jid = Jid::new(&format!("{}@finesse.example.com/desktop", 1000 + i)).unwrap();
            svc.subscribe("/finesse/api/Team/1/Users", &jid).unwrap();
        }
        // Bytes written per publish, for the bytes/s figure.
        let mut out = BytesMut::new();
        let publish_and_write = |svc: &mut PubSubService, out: &mut BytesMut| {
            let now = Instant::now();
            svc.publish(
                now,
                &publisher,
                "/finesse/api/Team/1/Users",
                Item::new(None, Some(payload.clone())),
            )
            .unwrap();
            let mut n = 0;
            while let Some((_to, stanza)) = svc.poll_outgoing() {
                stanza.write_to(out);
                n += 1;
            }
            n
        };
        assert_eq!(publish_and_write(&mut svc, &mut out), subscribers);
        let bytes = out.len() as u64;
        for (unit, throughput) in [
            ("bytes", Throughput::Bytes(bytes)),
            ("msgs", Throughput::Elements(subscribers as u64)),
        ] {
            let mut g = c.benchmark_group(format!("xmpp_fanout_{unit}"));
            g.throughput(throughput);
            if subscribers >= 10_000 {
                g.sample_size(10);
            }
            g.bench_function(format!("publish_to_{subscribers}"), |b| {
                b.iter(|| {
                    out.clear();
                    black_box(publish_and_write(&mut svc, &mut out))
                })
            });
            g.finish();
        }
    }
}

criterion_group!(benches, parse_serialise, fan_out);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
