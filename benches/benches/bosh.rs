//! BOSH connection manager throughput and memory, through the sans-IO machine (no sockets).
//!
//! 10,000 sessions, each with one held request. One round delivers one event to every
//! session (the held request is answered) and takes every session's next request (parsed,
//! rid-checked and held again). Criterion reports:
//!
//! * `bosh_deliver/10k_sessions`: `send` + `poll_response` per session (deliveries/s, and
//!   bytes/s of response bodies);
//! * `bosh_request/10k_sessions`: `handle_request` per session (requests/s, bytes/s of bodies);
//! * `bosh_round/10k_sessions`: both (rounds of one delivery + one request per session).
//!
//! Memory per session is measured with a counting global allocator and printed before the
//! benches: bytes still allocated per idle session (nothing held) and per parked session
//! (one request held), over 10,000 sessions.
#![allow(missing_docs, clippy::unwrap_used, clippy::disallowed_methods)]

use std::alloc::System;
use std::hint::black_box;
use std::time::{Duration, Instant};

use bosh::{BoshServer, ServerConfig, ServerEvent, SessionId};
use bytes::Bytes;
use criterion::{criterion_group, Criterion, Throughput};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const SESSIONS: usize = 10_000;
const EVENT: &[u8] = b"<message xmlns='jabber:client' from='pubsub.finesse.example.com' id='n1'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='/finesse/api/User/1001'><item id='i1'><notification xmlns='http://jabber.org/protocol/pubsub'>&lt;Update&gt;&lt;event&gt;PUT&lt;/event&gt;&lt;/Update&gt;</notification></item></items></event></message>";

struct Fleet {
    server: BoshServer,
    now: Instant,
    sessions: Vec<(SessionId, String, u64)>,
}

impl Fleet {
    /// `n` sessions with the creation request answered; `park` holds one request each.
    fn new(n: usize, park: bool) -> Fleet {
        let now = Instant::now();
        let mut server = BoshServer::new(ServerConfig {
            inactivity: Some(3600),
            ..ServerConfig::default()
        });
        let mut sessions = Vec::with_capacity(n);
        for i in 0..n {
            let rid = 1_000_000 + i as u64 * 7;
            let create = format!("<body xmlns='http://jabber.org/protocol/httpbind' rid='{rid}' to='finesse.example.com' wait='60' hold='1' ver='1.6' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>");
            server.handle_request(now, Bytes::from(create), false);
            let Some(ServerEvent::SessionCreated(info)) = server.poll_event() else {
                panic!("no session")
            };
            server
                .send(now, info.sid, Bytes::from_static(b"<stream:features/>"))
                .unwrap();
            let _ = server.poll_response().unwrap();
            sessions.push((info.sid, info.sid.to_string(), rid + 1));
        }
        let mut fleet = Fleet {
            server,
            now,
            sessions,
        };
        if park {
            let bodies = fleet.next_bodies();
            fleet.requests(bodies);
        }
        fleet
    }

    fn next_bodies(&self) -> Vec<Bytes> {
        self.sessions
            .iter()
            .map(|(_, sid, rid)| {
                Bytes::from(format!(
                    "<body xmlns='http://jabber.org/protocol/httpbind' rid='{rid}' sid='{sid}'/>"
                ))
            })
            .collect()
    }

    /// Every session's next request; returns body bytes handled.
    fn requests(&mut self, bodies: Vec<Bytes>) -> u64 {
        let mut bytes = 0;
        for (body, s) in bodies.into_iter().zip(self.sessions.iter_mut()) {
            bytes += body.len() as u64;
            black_box(self.server.handle_request(self.now, body, false));
            s.2 += 1;
        }
        bytes
    }

    /// One event to every session, each answering its held request; returns response bytes.
    fn deliver(&mut self) -> u64 {
        let mut bytes = 0;
        let event = Bytes::from_static(EVENT);
        for (sid, _, _) in &self.sessions {
            self.server.send(self.now, *sid, event.clone()).unwrap();
            let r = self.server.poll_response().unwrap();
            bytes += r.body.len() as u64;
            black_box(r);
        }
        bytes
    }
}

fn memory_report() {
    for (label, park) in [
        ("idle (creation answered, nothing held)", false),
        ("parked (one request held)", true),
    ] {
        let region = Region::new(GLOBAL);
        let fleet = Fleet::new(SESSIONS, park);
        let stats = region.change();
        let live = stats.bytes_allocated as i64 - stats.bytes_deallocated as i64;
        // The harness' own list of (sid, sid string, rid) is not the server's memory.
        let harness = fleet.sessions.capacity() * std::mem::size_of::<(SessionId, String, u64)>()
            + fleet.sessions.iter().map(|s| s.1.capacity()).sum::<usize>();
        let live = live - harness as i64;
        println!(
            "bosh memory: {label}: {} bytes/session over {SESSIONS} sessions",
            live / SESSIONS as i64
        );
        drop(fleet);
    }
}

fn bench(c: &mut Criterion) {
    memory_report();
    let mut fleet = Fleet::new(SESSIONS, true);
    let req_bytes = fleet
        .next_bodies()
        .iter()
        .map(|b| b.len() as u64)
        .sum::<u64>();
    let resp_bytes = {
        // One measured round to learn the response size, then park again.
        let b = fleet.deliver();
        let bodies = fleet.next_bodies();
        fleet.requests(bodies);
        b
    };

    for (unit, tp) in [
        ("msgs", Throughput::Elements(SESSIONS as u64)),
        ("bytes", Throughput::Bytes(resp_bytes)),
    ] {
        let mut g = c.benchmark_group(format!("bosh_deliver_{unit}"));
        g.throughput(tp);
        g.bench_function("10k_sessions", |b| {
            b.iter_custom(|iters| {
                let mut t = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    fleet.deliver();
                    t += start.elapsed();
                    let bodies = fleet.next_bodies();
                    fleet.requests(bodies);
                }
                t
            })
        });
        g.finish();
    }
    for (unit, tp) in [
        ("msgs", Throughput::Elements(SESSIONS as u64)),
        ("bytes", Throughput::Bytes(req_bytes)),
    ] {
        let mut g = c.benchmark_group(format!("bosh_request_{unit}"));
        g.throughput(tp);
        g.bench_function("10k_sessions", |b| {
            b.iter_custom(|iters| {
                let mut t = Duration::ZERO;
                for _ in 0..iters {
                    fleet.deliver();
                    let bodies = fleet.next_bodies();
                    let start = Instant::now();
                    fleet.requests(bodies);
                    t += start.elapsed();
                }
                t
            })
        });
        g.finish();
    }
    let mut g = c.benchmark_group("bosh_round");
    g.throughput(Throughput::Elements(SESSIONS as u64));
    g.bench_function("10k_sessions", |b| {
        b.iter_custom(|iters| {
            let mut t = Duration::ZERO;
            for _ in 0..iters {
                let bodies = fleet.next_bodies();
                let start = Instant::now();
                fleet.deliver();
                fleet.requests(bodies);
                t += start.elapsed();
            }
            t
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}

criterion::criterion_main!(benches);
