//! Refused operations: the right JTAPI exception, and the model untouched.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::{drain, office, t0};
use jtapi_model::*;

#[test]
fn provider_must_be_in_service() {
    let mut p = Provider::default();
    let err = p.create_call().unwrap_err();
    assert_eq!(
        err,
        JtapiError::InvalidState {
            object: "provider",
            state: 0x11,
            operation: "create_call",
            expected: "IN_SERVICE"
        }
    );
    assert_eq!(err.exception_name(), "InvalidStateException");
    assert_eq!(
        err.to_string(),
        "invalid state: provider is in state 0x11, create_call needs IN_SERVICE"
    );
    p.set_in_service().unwrap();
    assert_eq!(
        p.poll_event().map(|e| e.kind),
        Some(EventKind::ProvInService)
    );
    p.set_out_of_service().unwrap();
    assert_eq!(
        p.poll_event().map(|e| e.kind),
        Some(EventKind::ProvOutOfService)
    );
}

#[test]
fn refusals_name_the_exception_and_change_nothing() {
    let (mut sw, a, b, c) = office(SwitchConfig::default());
    let now = t0();
    let rp = sw.add_route_point("RP", "5000").unwrap();
    let a1000 = sw.provider().address_by_name("1000").unwrap();
    let (call, [orig, dest]) = sw.dial(now, a, "2000").unwrap();
    drain(&mut sw);
    let tc_a = sw.provider().terminal_connection_on(call, a).unwrap();
    let tc_b = sw.ringing_on(b).unwrap();
    let rp_term = sw.provider().terminal_by_name("RP").unwrap();

    let cases: Vec<(&str, Result<(), JtapiError>)> = vec![
        (
            "answer a talking tc",
            sw.with_provider(now, |p| p.answer(tc_a)),
        ),
        ("hold a ringing tc", sw.with_provider(now, |p| p.hold(tc_b))),
        (
            "unhold a talking tc",
            sw.with_provider(now, |p| p.unhold(tc_a)),
        ),
        ("join a talking tc", sw.with_provider(now, |p| p.join(tc_a))),
        (
            "accept an alerting connection",
            sw.with_provider(now, |p| p.accept(dest)),
        ),
        (
            "add_to_address on an established connection",
            sw.with_provider(now, |p| p.add_to_address(orig, "3000").map(|_| ())),
        ),
        (
            "connect an active call",
            sw.with_provider(now, |p| p.connect(call, a, a1000, "3000").map(|_| ())),
        ),
        (
            "terminal not on the address",
            sw.with_provider(now, |p| {
                let c2 = p.create_call()?;
                let r = p.connect(c2, c, a1000, "2000").map(|_| ());
                p.discard_call(c2)?;
                r
            }),
        ),
        (
            "route point originates",
            sw.with_provider(now, |p| {
                let c2 = p.create_call()?;
                let r = p.connect(c2, rp_term, rp, "2000").map(|_| ());
                p.discard_call(c2)?;
                r
            }),
        ),
        ("unknown number", sw.dial(now, c, "4444").map(|_| ())),
        ("digits with a space", sw.dial(now, c, "20 00").map(|_| ())),
        (
            "transfer a call with itself",
            sw.with_provider(now, |p| p.transfer(call, call)),
        ),
        (
            "redirect to itself",
            sw.route(now, dest, "2000").map(|_| ()),
        ),
    ];
    let names: Vec<(&str, &str)> = cases
        .iter()
        .map(|(what, r)| (*what, r.as_ref().unwrap_err().exception_name()))
        .collect();
    assert_eq!(
        names,
        [
            ("answer a talking tc", "InvalidStateException"),
            ("hold a ringing tc", "InvalidStateException"),
            ("unhold a talking tc", "InvalidStateException"),
            ("join a talking tc", "InvalidStateException"),
            ("accept an alerting connection", "InvalidStateException"),
            (
                "add_to_address on an established connection",
                "InvalidStateException"
            ),
            ("connect an active call", "InvalidStateException"),
            ("terminal not on the address", "InvalidArgumentException"),
            ("route point originates", "MethodNotSupportedException"),
            ("unknown number", "InvalidPartyException"),
            ("digits with a space", "InvalidArgumentException"),
            ("transfer a call with itself", "InvalidArgumentException"),
            ("redirect to itself", "InvalidPartyException"),
        ]
    );
    assert!(drain(&mut sw).is_empty(), "refused operations emit nothing");
    assert_eq!(sw.provider().call_count(), 1);

    // Stale ids after the call ends.
    sw.hang_up(now, orig).unwrap();
    drain(&mut sw);
    for r in [
        sw.with_provider(now, |p| p.disconnect(orig)),
        sw.with_provider(now, |p| p.answer(tc_b)),
        sw.with_provider(now, |p| p.drop_call(call)),
    ] {
        assert!(
            matches!(r, Err(JtapiError::InvalidArgument { .. })),
            "{r:?}"
        );
    }
    assert!(sw.provider().connection(orig).is_none());
}

#[test]
fn external_addresses_cannot_originate() {
    let (mut sw, _, _, _) = office(SwitchConfig::default());
    let now = t0();
    sw.incoming_call(now, "+15550001", "2000").unwrap();
    let ext = sw.provider().address_by_name("+15550001").unwrap();
    let t = sw.provider().terminal_by_name("T1000").unwrap();
    let err = sw
        .with_provider(now, |p| {
            let c = p.create_call()?;
            p.connect(c, t, ext, "3000")
        })
        .unwrap_err();
    assert_eq!(err.exception_name(), "PrivilegeViolationException");
    // An internal number cannot be an incoming caller.
    assert!(matches!(
        sw.incoming_call(now, "1000", "2000"),
        Err(JtapiError::InvalidParty { .. })
    ));
}

#[test]
fn a_full_event_queue_refuses_work_until_drained() {
    let mut config = SwitchConfig::default();
    config.provider.max_queued_events = 10;
    let mut sw = Switch::new(config);
    let (a, _) = sw.add_phone("T1000", "1000").unwrap();
    sw.add_phone("T2000", "2000").unwrap();
    sw.start().unwrap();
    let now = t0();
    sw.dial(now, a, "2000").unwrap(); // 17 events: the check happens before an operation
    let err = sw.dial(now, a, "2000").unwrap_err();
    assert!(matches!(err, JtapiError::ResourceUnavailable { .. }));
    while sw.poll_event().is_some() {}
    let t2000 = sw.provider().terminal_by_name("T2000").unwrap();
    let tc = sw.ringing_on(t2000).unwrap();
    sw.answer(now, tc).unwrap();
}

#[test]
fn offhook_then_dial() {
    let (mut sw, a, _, _) = office(SwitchConfig::default());
    let now = t0();
    let a1000 = sw.provider().address_by_name("1000").unwrap();
    let conn = sw
        .with_provider(now, |p| {
            let c = p.create_call()?;
            p.off_hook(c, a1000, a)
        })
        .unwrap();
    assert_eq!(drain(&mut sw).len(), 7);
    assert_eq!(
        sw.provider().connection(conn).unwrap().call_control_state(),
        CallControlConnectionState::Initiated
    );
    sw.with_provider(now, |p| p.add_to_address(conn, "2000"))
        .unwrap();
    let evs = drain(&mut sw);
    assert_eq!(
        evs[..2],
        [
            "CallCtlConnDialingEv(1000)",
            "CallCtlConnEstablishedEv(1000)"
        ]
    );
    assert_eq!(evs.len(), 10);
}
