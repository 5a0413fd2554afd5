//! Calls per second through the simulated switch: a customer call arrives on the trunk,
//! rings an agent's phone, is answered, and the customer hangs up; every event is drained.
//!
//! Reports calls/s (group `jtapi_switch_calls`) and JTAPI events/s (`jtapi_switch_events`)
//! for that flow and for an internal call (agent to agent).
#![allow(missing_docs, clippy::unwrap_used, clippy::disallowed_methods)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jtapi_model::{Switch, SwitchConfig, TerminalId};

const CALLS: u64 = 1000;
const AGENTS: usize = 50;

struct Center {
    sw: Switch,
    phones: Vec<TerminalId>,
    dns: Vec<String>,
    callers: Vec<String>,
    now: Instant,
}

fn center() -> Center {
    let mut sw = Switch::new(SwitchConfig::default());
    let mut phones = Vec::new();
    let mut dns = Vec::new();
    for i in 0..AGENTS {
        let dn = (2000 + i).to_string();
        let (t, _) = sw.add_phone(&format!("SEP{dn}"), &dn).unwrap();
        phones.push(t);
        dns.push(dn);
    }
    sw.set_trunk("9");
    sw.start().unwrap();
    while sw.poll_event().is_some() {}
    let callers = (0..64).map(|i| format!("+1408555{i:04}")).collect();
    Center {
        sw,
        phones,
        dns,
        callers,
        now: Instant::now(),
    }
}

/// One incoming-answer-hangup call; returns the number of events.
fn incoming_call(c: &mut Center, i: usize) -> usize {
    let agent = i % AGENTS;
    let (_, [caller, _]) =
        c.sw.incoming_call(c.now, &c.callers[i % c.callers.len()], &c.dns[agent])
            .unwrap();
    let tc = c.sw.ringing_on(c.phones[agent]).unwrap();
    c.sw.answer(c.now, tc).unwrap();
    c.sw.hang_up(c.now, caller).unwrap();
    let mut n = 0;
    while let Some(ev) = c.sw.poll_event() {
        black_box(ev);
        n += 1;
    }
    n
}

/// One internal call, agent to agent, answered, hung up by the caller.
fn internal_call(c: &mut Center, i: usize) -> usize {
    let from = i % AGENTS;
    let to = (i + 1) % AGENTS;
    let (_, [orig, _]) = c.sw.dial(c.now, c.phones[from], &c.dns[to]).unwrap();
    let tc = c.sw.ringing_on(c.phones[to]).unwrap();
    c.sw.answer(c.now, tc).unwrap();
    c.sw.hang_up(c.now, orig).unwrap();
    let mut n = 0;
    while let Some(ev) = c.sw.poll_event() {
        black_box(ev);
        n += 1;
    }
    n
}

fn bench(c: &mut Criterion) {
    type Flow = fn(&mut Center, usize) -> usize;
    let flows: [(&str, Flow); 2] = [
        ("incoming_answer_hangup", incoming_call),
        ("internal_answer_hangup", internal_call),
    ];
    for (name, flow) in flows {
        let mut probe = center();
        let events_per_call = flow(&mut probe, 0) as u64;
        for (unit, throughput) in [
            ("calls", Throughput::Elements(CALLS)),
            ("events", Throughput::Elements(CALLS * events_per_call)),
        ] {
            let mut g = c.benchmark_group(format!("jtapi_switch_{unit}"));
            g.throughput(throughput);
            let mut cc = center();
            let mut i = 0usize;
            g.bench_function(name, |b| {
                b.iter(|| {
                    for _ in 0..CALLS {
                        black_box(flow(&mut cc, i));
                        i = i.wrapping_add(1);
                    }
                })
            });
            g.finish();
            assert_eq!(cc.sw.provider().call_count(), 0, "every call ended");
        }
        println!("{name}: {events_per_call} JTAPI events per call");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
