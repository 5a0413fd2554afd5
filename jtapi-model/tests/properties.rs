//! Property: random operation sequences on a random switch never panic and never break an
//! invariant (checked after every step); the events alone reproduce every object's state;
//! once every party hangs up, every call has ended INVALID with all its connections
//! DISCONNECTED and nothing is left behind.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use jtapi_model::*;
use proptest::prelude::*;

fn shape() -> impl Strategy<Value = SwitchShape> {
    (
        any::<u8>(),
        any::<bool>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<bool>(),
        any::<u8>(),
    )
        .prop_map(
            |(phones, shared_line, cti_ports, route_points, max_calls, trunk, no_answer)| {
                SwitchShape {
                    phones,
                    shared_line,
                    cti_ports,
                    route_points,
                    max_calls,
                    trunk,
                    no_answer,
                }
            },
        )
}

fn op() -> impl Strategy<Value = ScriptOp> {
    let b = any::<u8>;
    prop_oneof![
        4 => (b(), b()).prop_map(|(caller, to)| ScriptOp::Incoming { caller, to }),
        4 => (b(), b()).prop_map(|(device, to)| ScriptOp::Dial { device, to }),
        5 => b().prop_map(|pick| ScriptOp::Answer { pick }),
        4 => b().prop_map(|pick| ScriptOp::HangUp { pick }),
        2 => b().prop_map(|pick| ScriptOp::Hold { pick }),
        2 => b().prop_map(|pick| ScriptOp::Unhold { pick }),
        1 => b().prop_map(|pick| ScriptOp::Join { pick }),
        1 => b().prop_map(|pick| ScriptOp::Leave { pick }),
        2 => (b(), b()).prop_map(|(pick, to)| ScriptOp::Consult { pick, to }),
        2 => b().prop_map(|pick| ScriptOp::Transfer { pick }),
        1 => (b(), b()).prop_map(|(pick, to)| ScriptOp::BlindTransfer { pick, to }),
        2 => b().prop_map(|pick| ScriptOp::Conference { pick }),
        1 => (b(), b()).prop_map(|(pick, to)| ScriptOp::AddParty { pick, to }),
        1 => b().prop_map(|pick| ScriptOp::Accept { pick }),
        1 => b().prop_map(|pick| ScriptOp::Reject { pick }),
        1 => (b(), b()).prop_map(|(pick, to)| ScriptOp::Redirect { pick, to }),
        2 => (b(), b()).prop_map(|(route_point, to)| ScriptOp::RouteNext { route_point, to }),
        1 => b().prop_map(|pick| ScriptOp::DropCall { pick }),
        1 => (b(), any::<bool>()).prop_map(|(address, busy)| ScriptOp::SetBusy { address, busy }),
        1 => (b(), any::<bool>()).prop_map(|(terminal, in_service)| ScriptOp::SetInService { terminal, in_service }),
        3 => any::<u16>().prop_map(|millis| ScriptOp::Advance { millis }),
    ]
}

/// The model as the events describe it.
#[derive(Default)]
struct Mirror {
    conn: HashMap<ConnectionId, CallControlConnectionState>,
    tc: HashMap<TerminalConnectionId, CallControlTerminalConnectionState>,
    created: HashSet<ConnectionId>,
    disconnected: HashSet<ConnectionId>,
    active: HashSet<CallId>,
    invalid: HashSet<CallId>,
    ended: HashSet<CallId>,
    last_batch: u64,
    open_brackets: i64,
    global: bool,
}

fn cc_conn(kind: EventKind) -> Option<CallControlConnectionState> {
    CallControlConnectionState::ALL.iter().copied().find(|s| {
        EventKind::for_cc_connection(*s) == kind && !matches!(s, CallControlConnectionState::Idle)
    })
}

fn cc_tc(kind: EventKind) -> Option<CallControlTerminalConnectionState> {
    CallControlTerminalConnectionState::ALL
        .iter()
        .copied()
        .find(|s| {
            EventKind::for_cc_terminal_connection(*s) == kind
                && !matches!(s, CallControlTerminalConnectionState::Idle)
        })
}

impl Mirror {
    fn apply(&mut self, ev: &Event) {
        assert!(ev.batch >= self.last_batch, "batches only grow");
        self.last_batch = ev.batch;
        let snapshot = ev.cause == Cause::Snapshot;
        assert_eq!(snapshot, ev.meta == MetaCode::Snapshot);
        match ev.kind {
            EventKind::CiscoTransferStart | EventKind::CiscoConferenceStart => {
                self.open_brackets += 1
            }
            EventKind::CiscoTransferEnd | EventKind::CiscoConferenceEnd => {
                // An observer attached by the move itself sees only the end.
                if self.global {
                    self.open_brackets -= 1;
                    assert_eq!(self.open_brackets, 0, "brackets nest and close");
                }
            }
            EventKind::CallObservationEnded => {
                let c = ev.call.unwrap();
                assert!(
                    self.invalid.contains(&c),
                    "observation ends after CallInvalid"
                );
                assert!(self.ended.insert(c));
            }
            EventKind::CallActive => {
                assert!(self.active.insert(ev.call.unwrap()), "CallActive twice")
            }
            EventKind::CallInvalid => {
                let c = ev.call.unwrap();
                assert!(self.active.contains(&c), "CallInvalid without CallActive");
                assert!(self.invalid.insert(c), "CallInvalid twice");
            }
            EventKind::ConnCreated => {
                let c = ev.connection.unwrap();
                assert!(self.created.insert(c), "ConnCreated twice");
                assert!(
                    self.active.contains(&ev.call.unwrap())
                        && !self.invalid.contains(&ev.call.unwrap())
                );
                self.conn.insert(c, CallControlConnectionState::Idle);
            }
            EventKind::TermConnCreated => {
                let tc = ev.terminal_connection.unwrap();
                assert!(
                    self.conn.contains_key(&ev.connection.unwrap()),
                    "TermConnCreated on an unknown connection"
                );
                assert!(self
                    .tc
                    .insert(tc, CallControlTerminalConnectionState::Idle)
                    .is_none());
            }
            k => {
                if let Some(s) = cc_conn(k) {
                    let c = ev.connection.unwrap();
                    let prev = self
                        .conn
                        .insert(c, s)
                        .expect("state event for an unknown connection");
                    assert!(
                        snapshot || prev.can_transition_to(s),
                        "{prev:?} -> {s:?} reported"
                    );
                    if s == CallControlConnectionState::Disconnected {
                        self.conn.remove(&c);
                        assert!(self.disconnected.insert(c));
                    }
                } else if let Some(s) = cc_tc(k) {
                    let tc = ev.terminal_connection.unwrap();
                    let prev = self
                        .tc
                        .insert(tc, s)
                        .expect("state event for an unknown terminal connection");
                    assert!(
                        snapshot || prev.can_transition_to(s),
                        "{prev:?} -> {s:?} reported"
                    );
                    if s == CallControlTerminalConnectionState::Dropped {
                        self.tc.remove(&tc);
                    }
                }
            }
        }
    }

    fn matches(&self, p: &Provider) {
        let mut live_conns = 0;
        let mut live_tcs = 0;
        for call in p.calls() {
            for &c in p.call(call).unwrap().connections() {
                live_conns += 1;
                let info = p.connection(c).unwrap();
                assert_eq!(self.conn.get(&c), Some(&info.call_control_state()), "{c:?}");
                for &tc in info.terminal_connections() {
                    live_tcs += 1;
                    assert_eq!(
                        self.tc.get(&tc),
                        Some(&p.terminal_connection(tc).unwrap().call_control_state()),
                        "{tc:?}"
                    );
                }
            }
        }
        assert_eq!(
            self.conn.len(),
            live_conns,
            "events describe connections the model does not have"
        );
        assert_eq!(
            self.tc.len(),
            live_tcs,
            "events describe terminal connections the model does not have"
        );
    }
}

fn drain(sw: &mut Switch, mirror: &mut Mirror, obs: ObserverId, seen: &mut Mirror) {
    while let Some(ev) = sw.poll_event() {
        mirror.apply(&ev);
        // The CTI mapping is total and yields at most two events.
        assert!(cti_events(&ev).count() <= 2);
    }
    while sw.poll_notice().is_some() {}
    // The address observer's view is a consistent model of the calls it watches.
    while let Some(ev) = sw.poll_observer(obs) {
        seen.apply(&ev);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_operations_keep_the_model_consistent(shape in shape(), ops in prop::collection::vec(op(), 0..120)) {
        let start = Instant::now();
        let mut now = start;
        let mut sw = shape.build();
        let mut mirror = Mirror { global: true, ..Mirror::default() };
        let mut seen = Mirror::default();
        let a1000 = sw.provider().address_by_name("1000").unwrap();
        let obs = sw.add_observer(ObserverTarget::Address(a1000)).unwrap();
        for op in &ops {
            let _ = op.apply(&mut sw, &mut now);
            sw.check_invariants().map_err(|e| TestCaseError::fail(format!("after {op:?}: {e}")))?;
            drain(&mut sw, &mut mirror, obs, &mut seen);
            mirror.matches(sw.provider());
        }
        // Everyone hangs up, one party at a time.
        let mut guard = 0;
        loop {
            guard += 1;
            prop_assert!(guard < 10_000, "hang-up loop does not end");
            let Some(call) = sw.provider().calls().next() else { break };
            let first = sw.provider().call(call).unwrap().connections().first().copied();
            match first {
                Some(conn) => sw.hang_up(now, conn).unwrap(),
                None => sw.with_provider(now, |p| p.discard_call(call)).unwrap(),
            }
            sw.check_invariants().map_err(|e| TestCaseError::fail(e.to_string()))?;
            drain(&mut sw, &mut mirror, obs, &mut seen);
            mirror.matches(sw.provider());
        }
        prop_assert_eq!(sw.provider().call_count(), 0);
        prop_assert_eq!(&mirror.created, &mirror.disconnected, "every connection ended DISCONNECTED");
        prop_assert_eq!(&mirror.active, &mirror.invalid, "every call ended INVALID");
        prop_assert!(mirror.conn.is_empty() && mirror.tc.is_empty());
        prop_assert_eq!(mirror.open_brackets, 0);
        prop_assert_eq!(&seen.created, &seen.disconnected, "the observer saw every connection end");
        prop_assert_eq!(&seen.active, &seen.invalid, "the observer saw every call end");
        prop_assert_eq!(&seen.invalid, &seen.ended, "and its observation end");
        prop_assert!(seen.active.is_subset(&mirror.active));
        for t in sw.provider().terminals().collect::<Vec<_>>() {
            prop_assert!(sw.provider().terminal(t).unwrap().terminal_connections().is_empty());
        }
        for a in sw.provider().addresses().collect::<Vec<_>>() {
            prop_assert!(sw.provider().address(a).unwrap().connections().is_empty());
            prop_assert_eq!(sw.queue(a).count(), 0);
        }
        prop_assert_eq!(sw.poll_timeout(), None, "no timer outlives its call");
    }
}
