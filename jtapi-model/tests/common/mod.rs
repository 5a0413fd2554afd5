//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::disallowed_methods)]

use std::time::Instant;

use jtapi_model::{Cause, Event, Switch, SwitchConfig, TerminalId};

/// A label per event: `Kind(name)`, plus `/CAUSE` when the cause is not NORMAL.
pub(crate) fn label(sw: &Switch, ev: &Event) -> String {
    let mut s = sw.provider().describe(ev);
    if ev.cause != Cause::Normal {
        s.push('/');
        s.push_str(ev.cause.name().trim_start_matches("CAUSE_"));
    }
    s
}

/// Drains the switch's events as labels, checking the invariants first.
pub(crate) fn drain(sw: &mut Switch) -> Vec<String> {
    sw.check_invariants().unwrap();
    let mut out = Vec::new();
    while let Some(ev) = sw.poll_event() {
        out.push(label(sw, &ev));
    }
    out
}

pub(crate) fn t0() -> Instant {
    Instant::now()
}

/// A started switch with phones T1000/1000, T2000/2000, T3000/3000 (names as in the fact
/// sheet's basic-call example) and events drained.
pub(crate) fn office(config: SwitchConfig) -> (Switch, TerminalId, TerminalId, TerminalId) {
    let mut sw = Switch::new(config);
    let (a, _) = sw.add_phone("T1000", "1000").unwrap();
    let (b, _) = sw.add_phone("T2000", "2000").unwrap();
    let (c, _) = sw.add_phone("T3000", "3000").unwrap();
    sw.set_trunk("9");
    sw.start().unwrap();
    assert_eq!(drain(&mut sw), vec!["ProvInServiceEv"]);
    (sw, a, b, c)
}

/// Prints a list so expected vectors can be reviewed.
pub(crate) fn show(v: &[String]) -> String {
    v.iter().map(|s| format!("        \"{s}\",\n")).collect()
}

/// Like [`drain`], tagging events of the named calls with `@name`.
pub(crate) fn drain_tagged(sw: &mut Switch, calls: &[(jtapi_model::CallId, &str)]) -> Vec<String> {
    sw.check_invariants().unwrap();
    let mut out = Vec::new();
    while let Some(ev) = sw.poll_event() {
        let mut s = label(sw, &ev);
        if let Some((_, name)) = calls.iter().find(|(c, _)| Some(*c) == ev.call) {
            s.push('@');
            s.push_str(name);
        }
        out.push(s);
    }
    out
}
