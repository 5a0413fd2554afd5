//! Observers: per provider, address, terminal and call; snapshot batches for late
//! observers; observation end; bounded queues.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::{drain, office, t0};
use jtapi_model::*;

fn labels(sw: &mut Switch, obs: ObserverId) -> Vec<String> {
    let mut v = Vec::new();
    while let Some(ev) = sw.poll_observer(obs) {
        let mut s = sw.provider().describe(&ev);
        if ev.cause != Cause::Normal {
            s.push('/');
            s.push_str(ev.cause.name().trim_start_matches("CAUSE_"));
        }
        v.push(s);
    }
    v
}

#[test]
fn provider_observer_gets_a_snapshot_then_state_changes() {
    let mut sw = Switch::new(SwitchConfig::default());
    let obs = sw.add_observer(ObserverTarget::Provider).unwrap();
    assert_eq!(labels(&mut sw, obs), ["ProvOutOfServiceEv/SNAPSHOT"]);
    sw.start().unwrap();
    sw.with_provider(t0(), |p| p.shutdown()).unwrap();
    assert_eq!(
        labels(&mut sw, obs),
        [
            "ProvInServiceEv",
            "ProvShutdownEv",
            "ProvObservationEndedEv"
        ]
    );
    assert_eq!(sw.provider().observer_ended(obs), Some(true));
    assert!(matches!(
        sw.start(),
        Err(JtapiError::InvalidState { state: 0x12, .. })
    ));
}

#[test]
fn address_observer_joins_the_call_with_a_snapshot() {
    let (mut sw, a, b, _) = office(SwitchConfig::default());
    let a2000 = sw.provider().address_by_name("2000").unwrap();
    let obs = sw.add_observer(ObserverTarget::Address(a2000)).unwrap();
    assert!(labels(&mut sw, obs).is_empty());
    let now = t0();
    let (_, [orig, _]) = sw.dial(now, a, "2000").unwrap();
    let tc = sw.ringing_on(b).unwrap();
    sw.answer(now, tc).unwrap();
    drain(&mut sw);
    sw.hang_up(now, orig).unwrap();
    drain(&mut sw);
    assert_eq!(
        labels(&mut sw, obs),
        [
            "CallActiveEv/SNAPSHOT",
            "ConnCreatedEv(1000)/SNAPSHOT",
            "ConnConnectedEv(1000)/SNAPSHOT",
            "CallCtlConnEstablishedEv(1000)/SNAPSHOT",
            "TermConnCreatedEv(T1000)/SNAPSHOT",
            "TermConnActiveEv(T1000)/SNAPSHOT",
            "CallCtlTermConnTalkingEv(T1000)/SNAPSHOT",
            "ConnCreatedEv(2000)",
            "ConnInProgressEv(2000)",
            "CallCtlConnOfferedEv(2000)",
            "ConnAlertingEv(2000)",
            "CallCtlConnAlertingEv(2000)",
            "TermConnCreatedEv(T2000)",
            "TermConnRingingEv(T2000)",
            "CallCtlTermConnRingingEv(T2000)",
            "ConnConnectedEv(2000)",
            "CallCtlConnEstablishedEv(2000)",
            "TermConnActiveEv(T2000)",
            "CallCtlTermConnTalkingEv(T2000)",
            "TermConnDroppedEv(T1000)",
            "CallCtlTermConnDroppedEv(T1000)",
            "ConnDisconnectedEv(1000)",
            "CallCtlConnDisconnectedEv(1000)",
            "TermConnDroppedEv(T2000)",
            "CallCtlTermConnDroppedEv(T2000)",
            "ConnDisconnectedEv(2000)",
            "CallCtlConnDisconnectedEv(2000)",
            "CallInvalidEv",
            "CallObservationEndedEv",
        ]
    );
    // The address observer stays for the next call; it does not see calls elsewhere.
    assert_eq!(sw.provider().observer_ended(obs), Some(false));
    sw.dial(now, a, "3000").unwrap();
    assert!(labels(&mut sw, obs).is_empty());
}

#[test]
fn terminal_observer_on_the_calling_phone_sees_the_whole_call() {
    let (mut sw, a, _, _) = office(SwitchConfig::default());
    let obs = sw.add_observer(ObserverTarget::Terminal(a)).unwrap();
    sw.dial(t0(), a, "2000").unwrap();
    let seen = labels(&mut sw, obs);
    assert_eq!(seen.len(), 17);
    assert_eq!(seen[0], "CallActiveEv");
}

#[test]
fn late_call_observer_gets_the_current_state_then_the_rest() {
    let (mut sw, a, b, _) = office(SwitchConfig::default());
    let now = t0();
    let (call, [orig, _]) = sw.dial(now, a, "2000").unwrap();
    let tc = sw.ringing_on(b).unwrap();
    sw.answer(now, tc).unwrap();
    sw.with_provider(now, |p| p.hold(tc)).unwrap();
    drain(&mut sw);
    let obs = sw.add_observer(ObserverTarget::Call(call)).unwrap();
    let snap: Vec<Event> = std::iter::from_fn(|| sw.poll_observer(obs)).collect();
    assert!(snap.iter().all(|e| e.cause == Cause::Snapshot
        && e.meta == MetaCode::Snapshot
        && e.call == Some(call)));
    assert!(snap[0].new_meta && snap.iter().skip(1).all(|e| !e.new_meta));
    let kinds: Vec<EventKind> = snap.iter().map(|e| e.kind).collect();
    use EventKind as K;
    assert_eq!(
        kinds,
        [
            K::CallActive,
            K::ConnCreated,
            K::ConnConnected,
            K::CallCtlConnEstablished,
            K::TermConnCreated,
            K::TermConnActive,
            K::CallCtlTermConnTalking,
            K::ConnCreated,
            K::ConnConnected,
            K::CallCtlConnEstablished,
            K::TermConnCreated,
            K::TermConnActive,
            K::CallCtlTermConnHeld,
        ]
    );
    sw.hang_up(now, orig).unwrap();
    let rest = labels(&mut sw, obs);
    assert_eq!(rest.last().unwrap(), "CallObservationEndedEv");
    assert_eq!(sw.provider().observer_ended(obs), Some(true));
    sw.with_provider(now, |p| p.remove_observer(obs)).unwrap();
    assert!(sw.poll_observer(obs).is_none());
}

#[test]
fn an_observer_that_falls_behind_is_ended_not_grown() {
    let mut config = SwitchConfig::default();
    config.provider.max_observer_queue = 8;
    let (mut sw, a, b, _) = office(config);
    let a1000 = sw.provider().address_by_name("1000").unwrap();
    let obs = sw.add_observer(ObserverTarget::Address(a1000)).unwrap();
    let now = t0();
    sw.dial(now, a, "2000").unwrap();
    let tc = sw.ringing_on(b).unwrap();
    sw.answer(now, tc).unwrap();
    drain(&mut sw);
    let seen: Vec<Event> = std::iter::from_fn(|| sw.poll_observer(obs)).collect();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].kind, seen[0].cause),
        (
            EventKind::AddrObservationEnded,
            Cause::ResourcesNotAvailable
        )
    );
    assert_eq!(sw.provider().observer_ended(obs), Some(true));
}
