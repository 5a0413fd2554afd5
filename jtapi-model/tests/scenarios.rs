//! Scenario tests: each drives the simulated switch through one call flow and asserts the
//! complete event list (and the notices), checking the invariants at every drain.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use std::time::Duration;

use common::{drain, drain_tagged, office, t0};
use jtapi_model::*;

/// 1000 calls 2000, 2000 answers; returns the call and the two terminal connections.
fn answered(
    sw: &mut Switch,
    now: std::time::Instant,
    from: TerminalId,
    to: TerminalId,
    digits: &str,
) -> (CallId, TerminalConnectionId, TerminalConnectionId) {
    let (call, _) = sw.dial(now, from, digits).unwrap();
    let tc_to = sw.ringing_on(to).unwrap();
    sw.answer(now, tc_to).unwrap();
    drain(sw);
    let tc_from = sw.provider().terminal_connection_on(call, from).unwrap();
    (call, tc_from, tc_to)
}

fn ids(sw: &Switch, call: CallId) -> Vec<ConnectionId> {
    sw.provider().call(call).unwrap().connections().to_vec()
}

const ORIGIN_1000: [&str; 9] = [
    "CallActiveEv",
    "ConnCreatedEv(1000)",
    "ConnConnectedEv(1000)",
    "CallCtlConnInitiatedEv(1000)",
    "TermConnCreatedEv(T1000)",
    "TermConnActiveEv(T1000)",
    "CallCtlTermConnTalkingEv(T1000)",
    "CallCtlConnDialingEv(1000)",
    "CallCtlConnEstablishedEv(1000)",
];

fn with_origin(rest: &[&str]) -> Vec<String> {
    ORIGIN_1000
        .iter()
        .chain(rest)
        .map(|s| s.to_string())
        .collect()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn hold_and_retrieve() {
    let (mut sw, a, b, _) = office(SwitchConfig::default());
    let now = t0();
    let (call, tca, _) = answered(&mut sw, now, a, b, "2000");
    sw.with_provider(now, |p| p.hold(tca)).unwrap();
    assert_eq!(
        sw.provider().terminal_connection(tca).unwrap().state(),
        TerminalConnectionState::Active
    );
    assert_eq!(drain(&mut sw), strings(&["CallCtlTermConnHeldEv(T1000)"]));
    assert!(matches!(
        sw.with_provider(now, |p| p.hold(tca)),
        Err(JtapiError::InvalidState { .. })
    ));
    sw.with_provider(now, |p| p.unhold(tca)).unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&["CallCtlTermConnTalkingEv(T1000)/UNHOLD"])
    );
    let conn_1000 = ids(&sw, call)[0];
    sw.hang_up(now, conn_1000).unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "TermConnDroppedEv(T1000)",
            "CallCtlTermConnDroppedEv(T1000)",
            "ConnDisconnectedEv(1000)",
            "CallCtlConnDisconnectedEv(1000)",
            "TermConnDroppedEv(T2000)",
            "CallCtlTermConnDroppedEv(T2000)",
            "ConnDisconnectedEv(2000)",
            "CallCtlConnDisconnectedEv(2000)",
            "CallInvalidEv",
        ])
    );
    assert_eq!(sw.provider().call_count(), 0);
}

#[test]
fn consult_transfer() {
    let (mut sw, a, b, c) = office(SwitchConfig::default());
    let now = t0();
    let (call, _, tcb) = answered(&mut sw, now, a, b, "2000");
    let consult = sw.with_provider(now, |p| p.create_call()).unwrap();
    sw.with_provider(now, |p| p.consult(consult, tcb, "3000"))
        .unwrap();
    let tcc = sw.ringing_on(c).unwrap();
    sw.answer(now, tcc).unwrap();
    let tags = [(call, "A"), (consult, "B")];
    assert_eq!(
        drain_tagged(&mut sw, &tags),
        strings(&[
            "CallCtlTermConnHeldEv(T2000)@A",
            "CallActiveEv@B",
            "ConnCreatedEv(2000)@B",
            "ConnConnectedEv(2000)@B",
            "CallCtlConnInitiatedEv(2000)@B",
            "TermConnCreatedEv(T2000)@B",
            "TermConnActiveEv(T2000)@B",
            "CallCtlTermConnTalkingEv(T2000)@B",
            "CallCtlConnDialingEv(2000)@B",
            "CallCtlConnEstablishedEv(2000)@B",
            "ConnCreatedEv(3000)@B",
            "ConnInProgressEv(3000)@B",
            "CallCtlConnOfferedEv(3000)@B",
            "ConnAlertingEv(3000)@B",
            "CallCtlConnAlertingEv(3000)@B",
            "TermConnCreatedEv(T3000)@B",
            "TermConnRingingEv(T3000)@B",
            "CallCtlTermConnRingingEv(T3000)@B",
            "ConnConnectedEv(3000)@B",
            "CallCtlConnEstablishedEv(3000)@B",
            "TermConnActiveEv(T3000)@B",
            "CallCtlTermConnTalkingEv(T3000)@B",
        ])
    );
    assert_eq!(
        sw.provider().call(consult).unwrap().consult_of(),
        Some(call)
    );
    sw.with_provider(now, |p| p.transfer(call, consult))
        .unwrap();
    assert_eq!(
        drain_tagged(&mut sw, &tags),
        strings(&[
            "CiscoTransferStartEv/TRANSFER@A",
            "ConnCreatedEv(3000)/TRANSFER@A",
            "ConnConnectedEv(3000)/TRANSFER@A",
            "CallCtlConnEstablishedEv(3000)/TRANSFER@A",
            "TermConnCreatedEv(T3000)/TRANSFER@A",
            "TermConnActiveEv(T3000)/TRANSFER@A",
            "CallCtlTermConnTalkingEv(T3000)/TRANSFER@A",
            "TermConnDroppedEv(T3000)/TRANSFER@B",
            "CallCtlTermConnDroppedEv(T3000)/TRANSFER@B",
            "ConnDisconnectedEv(3000)/TRANSFER@B",
            "CallCtlConnDisconnectedEv(3000)/TRANSFER@B",
            "TermConnDroppedEv(T2000)/TRANSFER@B",
            "CallCtlTermConnDroppedEv(T2000)/TRANSFER@B",
            "ConnDisconnectedEv(2000)/TRANSFER@B",
            "CallCtlConnDisconnectedEv(2000)/TRANSFER@B",
            "CallInvalidEv/TRANSFER@B",
            "TermConnDroppedEv(T2000)/TRANSFER@A",
            "CallCtlTermConnDroppedEv(T2000)/TRANSFER@A",
            "ConnDisconnectedEv(2000)/TRANSFER@A",
            "CallCtlConnDisconnectedEv(2000)/TRANSFER@A",
            "CiscoTransferEndEv/TRANSFER@A",
        ])
    );
    // 1000 and 3000 now talk on the original call.
    let p = sw.provider();
    let names: Vec<&str> = ids(&sw, call)
        .iter()
        .map(|c| {
            p.address(p.connection(*c).unwrap().address())
                .unwrap()
                .name()
        })
        .collect();
    assert_eq!(names, ["1000", "3000"]);
    assert!(p.call(consult).is_none());
    let conn_3000 = ids(&sw, call)[1];
    sw.hang_up(now, conn_3000).unwrap();
    assert_eq!(
        drain_tagged(&mut sw, &tags).last().unwrap(),
        "CallInvalidEv@A"
    );
}

#[test]
fn blind_transfer() {
    let (mut sw, a, b, c) = office(SwitchConfig::default());
    let now = t0();
    let (call, _, _) = answered(&mut sw, now, a, b, "2000");
    // 2000 blind-transfers the caller to 3000 (the controller is the first talking party
    // unless set: set it to 2000's terminal connection).
    let tcb = sw.provider().terminal_connection_on(call, b).unwrap();
    sw.with_provider(now, |p| p.set_transfer_controller(call, tcb))
        .unwrap();
    let new = sw
        .with_provider(now, |p| p.transfer_blind(call, "3000"))
        .unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "CiscoTransferStartEv/TRANSFER",
            "ConnCreatedEv(3000)/TRANSFER",
            "ConnInProgressEv(3000)/TRANSFER",
            "CallCtlConnOfferedEv(3000)/TRANSFER",
            "ConnAlertingEv(3000)/TRANSFER",
            "CallCtlConnAlertingEv(3000)/TRANSFER",
            "TermConnCreatedEv(T3000)/TRANSFER",
            "TermConnRingingEv(T3000)/TRANSFER",
            "CallCtlTermConnRingingEv(T3000)/TRANSFER",
            "TermConnDroppedEv(T2000)/TRANSFER",
            "CallCtlTermConnDroppedEv(T2000)/TRANSFER",
            "ConnDisconnectedEv(2000)/TRANSFER",
            "CallCtlConnDisconnectedEv(2000)/TRANSFER",
            "CiscoTransferEndEv/TRANSFER",
        ])
    );
    assert_eq!(
        sw.provider().connection(new).unwrap().state(),
        ConnectionState::Alerting
    );
    let tcc = sw.ringing_on(c).unwrap();
    sw.answer(now, tcc).unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "ConnConnectedEv(3000)",
            "CallCtlConnEstablishedEv(3000)",
            "TermConnActiveEv(T3000)",
            "CallCtlTermConnTalkingEv(T3000)",
        ])
    );
    // A busy destination is refused and nothing changes.
    sw.with_provider(now, |p| {
        p.set_address_busy(p.address_by_name("2000").unwrap(), true)
    })
    .unwrap();
    let err = sw
        .with_provider(now, |p| p.transfer_blind(call, "2000"))
        .unwrap_err();
    assert!(matches!(err, JtapiError::ResourceUnavailable { .. }));
    assert!(drain(&mut sw).is_empty());
}

#[test]
fn conference() {
    let (mut sw, a, b, c) = office(SwitchConfig::default());
    let now = t0();
    let (call, tca, _) = answered(&mut sw, now, a, b, "2000");
    let consult = sw.with_provider(now, |p| p.create_call()).unwrap();
    sw.with_provider(now, |p| p.consult(consult, tca, "3000"))
        .unwrap();
    let tcc = sw.ringing_on(c).unwrap();
    sw.answer(now, tcc).unwrap();
    drain(&mut sw);
    sw.with_provider(now, |p| p.conference(call, consult))
        .unwrap();
    let tags = [(call, "A"), (consult, "B")];
    assert_eq!(
        drain_tagged(&mut sw, &tags),
        strings(&[
            "CiscoConferenceStartEv/CONFERENCE@A",
            "ConnCreatedEv(3000)/CONFERENCE@A",
            "ConnConnectedEv(3000)/CONFERENCE@A",
            "CallCtlConnEstablishedEv(3000)/CONFERENCE@A",
            "TermConnCreatedEv(T3000)/CONFERENCE@A",
            "TermConnActiveEv(T3000)/CONFERENCE@A",
            "CallCtlTermConnTalkingEv(T3000)/CONFERENCE@A",
            "TermConnDroppedEv(T3000)/CONFERENCE@B",
            "CallCtlTermConnDroppedEv(T3000)/CONFERENCE@B",
            "ConnDisconnectedEv(3000)/CONFERENCE@B",
            "CallCtlConnDisconnectedEv(3000)/CONFERENCE@B",
            "TermConnDroppedEv(T1000)/CONFERENCE@B",
            "CallCtlTermConnDroppedEv(T1000)/CONFERENCE@B",
            "ConnDisconnectedEv(1000)/CONFERENCE@B",
            "CallCtlConnDisconnectedEv(1000)/CONFERENCE@B",
            "CallInvalidEv/CONFERENCE@B",
            "CallCtlTermConnTalkingEv(T1000)/CONFERENCE@A",
            "CiscoConferenceEndEv/CONFERENCE@A",
        ])
    );
    assert_eq!(ids(&sw, call).len(), 3);
    // One party leaves: the other two stay (META_CALL_REMOVING_PARTY, no teardown).
    let conn_2000 = ids(&sw, call)[1];
    sw.hang_up(now, conn_2000).unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "TermConnDroppedEv(T2000)",
            "CallCtlTermConnDroppedEv(T2000)",
            "ConnDisconnectedEv(2000)",
            "CallCtlConnDisconnectedEv(2000)",
        ])
    );
    assert_eq!(ids(&sw, call).len(), 2);
}

#[test]
fn busy() {
    let (mut sw, a, _, _) = office(SwitchConfig::default());
    let now = t0();
    let a2000 = sw.provider().address_by_name("2000").unwrap();
    sw.with_provider(now, |p| p.set_address_busy(a2000, true))
        .unwrap();
    let (call, [orig, dest]) = sw.dial(now, a, "2000").unwrap();
    assert_eq!(
        drain(&mut sw),
        with_origin(&[
            "ConnCreatedEv(2000)",
            "ConnFailedEv(2000)/BUSY",
            "CallCtlConnFailedEv(2000)/BUSY"
        ])
    );
    // The call stays ACTIVE (the caller hears busy tone) until the caller hangs up.
    assert_eq!(sw.provider().call(call).unwrap().state(), CallState::Active);
    assert_eq!(
        sw.provider().connection(dest).unwrap().state(),
        ConnectionState::Failed
    );
    sw.hang_up(now, orig).unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "TermConnDroppedEv(T1000)",
            "CallCtlTermConnDroppedEv(T1000)",
            "ConnDisconnectedEv(1000)",
            "CallCtlConnDisconnectedEv(1000)",
            "ConnDisconnectedEv(2000)",
            "CallCtlConnDisconnectedEv(2000)",
            "CallInvalidEv",
        ])
    );
}

#[test]
fn busy_by_call_limit() {
    let (mut sw, a, b, c) = office(SwitchConfig::default());
    let now = t0();
    let a2000 = sw.provider().address_by_name("2000").unwrap();
    sw.with_provider(now, |p| p.set_address_max_calls(a2000, 1))
        .unwrap();
    answered(&mut sw, now, a, b, "2000");
    let (_, [_, dest]) = sw.dial(now, c, "2000").unwrap();
    assert_eq!(
        sw.provider().connection(dest).unwrap().call_control_state(),
        CallControlConnectionState::Failed
    );
    let failed: Vec<String> = drain(&mut sw)
        .into_iter()
        .filter(|l| l.contains("Failed"))
        .collect();
    assert_eq!(
        failed,
        ["ConnFailedEv(2000)/BUSY", "CallCtlConnFailedEv(2000)/BUSY"]
    );
}

#[test]
fn ring_no_answer_disconnects() {
    let mut config = SwitchConfig::default();
    config.ring_no_answer = Some(NoAnswer {
        after: Duration::from_secs(12),
        action: NoAnswerAction::Disconnect,
    });
    let (mut sw, a, _, _) = office(config);
    let now = t0();
    let (call, [_, dest]) = sw.dial(now, a, "2000").unwrap();
    assert_eq!(drain(&mut sw).len(), 17);
    assert_eq!(sw.poll_timeout(), Some(now + Duration::from_secs(12)));
    sw.step(now + Duration::from_secs(11));
    assert!(drain(&mut sw).is_empty());
    sw.step(now + Duration::from_secs(12));
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "TermConnDroppedEv(T2000)/CALL_NOT_ANSWERED",
            "CallCtlTermConnDroppedEv(T2000)/CALL_NOT_ANSWERED",
            "ConnDisconnectedEv(2000)/CALL_NOT_ANSWERED",
            "CallCtlConnDisconnectedEv(2000)/CALL_NOT_ANSWERED",
            "TermConnDroppedEv(T1000)",
            "CallCtlTermConnDroppedEv(T1000)",
            "ConnDisconnectedEv(1000)",
            "CallCtlConnDisconnectedEv(1000)",
            "CallInvalidEv",
        ])
    );
    let a2000 = sw.provider().address_by_name("2000").unwrap();
    assert_eq!(
        sw.poll_notice(),
        Some(SwitchNotice::RingNoAnswer {
            call,
            connection: dest,
            address: a2000
        })
    );
    assert_eq!(sw.poll_timeout(), None);
}

#[test]
fn ring_no_answer_forwards_and_answer_cancels_the_timer() {
    let (mut sw, a, b, _) = office(SwitchConfig::default());
    let now = t0();
    let a2000 = sw.provider().address_by_name("2000").unwrap();
    sw.set_no_answer(
        a2000,
        Some(NoAnswer {
            after: Duration::from_secs(5),
            action: NoAnswerAction::Forward("3000".into()),
        }),
    );
    sw.dial(now, a, "2000").unwrap();
    drain(&mut sw);
    sw.step(now + Duration::from_secs(5));
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "ConnCreatedEv(3000)/REDIRECTED",
            "ConnInProgressEv(3000)/REDIRECTED",
            "CallCtlConnOfferedEv(3000)/REDIRECTED",
            "ConnAlertingEv(3000)/REDIRECTED",
            "CallCtlConnAlertingEv(3000)/REDIRECTED",
            "TermConnCreatedEv(T3000)/REDIRECTED",
            "TermConnRingingEv(T3000)/REDIRECTED",
            "CallCtlTermConnRingingEv(T3000)/REDIRECTED",
            "TermConnDroppedEv(T2000)/REDIRECTED",
            "CallCtlTermConnDroppedEv(T2000)/REDIRECTED",
            "ConnDisconnectedEv(2000)/REDIRECTED",
            "CallCtlConnDisconnectedEv(2000)/REDIRECTED",
        ])
    );
    // 3000 rings under the default (12 s, notify only).
    assert_eq!(sw.poll_timeout(), Some(now + Duration::from_secs(17)));
    let (_, _, _) = (b, (), ());
    let tc = sw
        .ringing_on(sw.provider().terminal_by_name("T3000").unwrap())
        .unwrap();
    sw.answer(now + Duration::from_secs(6), tc).unwrap();
    assert_eq!(sw.poll_timeout(), None);
}

#[test]
fn caller_abandons_while_ringing() {
    let (mut sw, _, b, _) = office(SwitchConfig::default());
    let now = t0();
    let (_, [caller, _]) = sw.incoming_call(now, "+14085550100", "2000").unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "CallActiveEv",
            "ConnCreatedEv(+14085550100)",
            "ConnConnectedEv(+14085550100)",
            "CallCtlConnEstablishedEv(+14085550100)",
            "ConnCreatedEv(2000)",
            "ConnInProgressEv(2000)",
            "CallCtlConnOfferedEv(2000)",
            "ConnAlertingEv(2000)",
            "CallCtlConnAlertingEv(2000)",
            "TermConnCreatedEv(T2000)",
            "TermConnRingingEv(T2000)",
            "CallCtlTermConnRingingEv(T2000)",
        ])
    );
    assert!(sw.ringing_on(b).is_some());
    sw.hang_up(now, caller).unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "ConnDisconnectedEv(+14085550100)",
            "CallCtlConnDisconnectedEv(+14085550100)",
            "TermConnDroppedEv(T2000)",
            "CallCtlTermConnDroppedEv(T2000)",
            "ConnDisconnectedEv(2000)",
            "CallCtlConnDisconnectedEv(2000)",
            "CallInvalidEv",
        ])
    );
    // The external address stays known for a while (so events can still be labelled),
    // without connections; no timer is left.
    let ext = sw.provider().address_by_name("+14085550100").unwrap();
    assert!(sw.provider().address(ext).unwrap().connections().is_empty());
    assert_eq!(sw.poll_timeout(), None);
}

#[test]
fn caller_abandons_in_queue() {
    let (mut sw, _, _, _) = office(SwitchConfig::default());
    let rp = sw.add_route_point("RP_Sales", "5000").unwrap();
    let now = t0();
    let (call, [caller, queued]) = sw.incoming_call(now, "+14085550100", "5000").unwrap();
    assert_eq!(
        drain(&mut sw)[4..],
        strings(&[
            "ConnCreatedEv(5000)",
            "ConnInProgressEv(5000)",
            "CallCtlConnOfferedEv(5000)",
            "CallCtlConnQueuedEv(5000)",
        ])
    );
    let from = sw.provider().address_by_name("+14085550100");
    assert_eq!(
        sw.poll_notice(),
        Some(SwitchNotice::CallQueued {
            route_point: rp,
            call,
            connection: queued,
            caller: from,
            position: 1
        })
    );
    assert_eq!(sw.queue(rp).collect::<Vec<_>>(), [queued]);
    sw.hang_up(now, caller).unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "ConnDisconnectedEv(+14085550100)",
            "CallCtlConnDisconnectedEv(+14085550100)",
            "ConnDisconnectedEv(5000)",
            "CallCtlConnDisconnectedEv(5000)",
            "CallInvalidEv",
        ])
    );
    assert_eq!(
        sw.poll_notice(),
        Some(SwitchNotice::CallDequeued {
            route_point: rp,
            call,
            connection: queued,
            reason: DequeueReason::Abandoned
        })
    );
    assert_eq!(sw.queue(rp).count(), 0);
}

#[test]
fn route_point_queue_routes_to_the_chosen_agent() {
    let (mut sw, _, b, _) = office(SwitchConfig::default());
    let rp = sw.add_route_point("RP_Sales", "5000").unwrap();
    let now = t0();
    let (call1, _) = sw.incoming_call(now, "+14085550101", "5000").unwrap();
    let (call2, _) = sw.incoming_call(now, "+14085550102", "5000").unwrap();
    drain(&mut sw);
    let positions: Vec<usize> = std::iter::from_fn(|| sw.poll_notice())
        .map(|n| match n {
            SwitchNotice::CallQueued { position, .. } => position,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(positions, [1, 2]);
    // The embedder picks agent 2000 for the oldest call.
    let routed = sw.route_next(now, rp, "2000").unwrap().unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "ConnCreatedEv(2000)/REDIRECTED",
            "ConnInProgressEv(2000)/REDIRECTED",
            "CallCtlConnOfferedEv(2000)/REDIRECTED",
            "ConnAlertingEv(2000)/REDIRECTED",
            "CallCtlConnAlertingEv(2000)/REDIRECTED",
            "TermConnCreatedEv(T2000)/REDIRECTED",
            "TermConnRingingEv(T2000)/REDIRECTED",
            "CallCtlTermConnRingingEv(T2000)/REDIRECTED",
            "ConnDisconnectedEv(5000)/REDIRECTED",
            "CallCtlConnDisconnectedEv(5000)/REDIRECTED",
        ])
    );
    assert!(matches!(
        sw.poll_notice(),
        Some(SwitchNotice::CallDequeued { reason: DequeueReason::Routed, call: c, .. }) if c == call1
    ));
    assert_eq!(sw.provider().connection(routed).unwrap().call(), call1);
    assert_eq!(
        sw.provider().call(call1).unwrap().last_redirected_address(),
        Some(rp)
    );
    assert_eq!(sw.queue(rp).count(), 1);
    let tc = sw.ringing_on(b).unwrap();
    sw.answer(now, tc).unwrap();
    drain(&mut sw);
    // Agent 2000 has a call; with one line it is busy: routing refuses and the call stays queued.
    let a2000 = sw.provider().address_by_name("2000").unwrap();
    sw.with_provider(now, |p| p.set_address_max_calls(a2000, 1))
        .unwrap();
    assert!(matches!(
        sw.route_next(now, rp, "2000"),
        Err(JtapiError::ResourceUnavailable { .. })
    ));
    assert_eq!(sw.queue(rp).count(), 1);
    assert_eq!(sw.provider().call(call2).unwrap().connections().len(), 2);
    assert!(drain(&mut sw).is_empty());
}

#[test]
fn outbound_call_on_the_trunk() {
    let (mut sw, a, _, _) = office(SwitchConfig::default());
    let now = t0();
    let (_, [_, far]) = sw.dial(now, a, "914085550100").unwrap();
    assert_eq!(
        drain(&mut sw),
        with_origin(&[
            "ConnCreatedEv(914085550100)",
            "ConnConnectedEv(914085550100)",
            "CallCtlConnNetworkReachedEv(914085550100)",
            "CallCtlConnNetworkAlertingEv(914085550100)",
        ])
    );
    assert_eq!(sw.poll_timeout(), Some(now + Duration::from_secs(3)));
    sw.step(now + Duration::from_secs(3));
    assert_eq!(
        drain(&mut sw),
        strings(&["CallCtlConnEstablishedEv(914085550100)"])
    );
    assert_eq!(
        sw.provider().connection(far).unwrap().call_control_state(),
        CallControlConnectionState::Established
    );
    // Numbers that are neither in the dial plan nor on the trunk.
    let err = sw.dial(now, a, "4444").unwrap_err();
    assert!(matches!(err, JtapiError::InvalidParty { .. }));
    assert!(drain(&mut sw).is_empty());
    assert_eq!(sw.provider().call_count(), 1);
}

#[test]
fn cti_port_answers_by_itself() {
    let (mut sw, a, _, _) = office(SwitchConfig::default());
    let (port, _) = sw.add_cti_port("CTIP1", "6001").unwrap();
    let now = t0();
    sw.dial(now, a, "6001").unwrap();
    drain(&mut sw);
    assert!(sw.ringing_on(port).is_some());
    sw.step(now);
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "ConnConnectedEv(6001)",
            "CallCtlConnEstablishedEv(6001)",
            "TermConnActiveEv(CTIP1)",
            "CallCtlTermConnTalkingEv(CTIP1)",
        ])
    );
}

#[test]
fn shared_line_rings_both_and_the_other_is_bridged_then_joins() {
    let (mut sw, a, b, _) = office(SwitchConfig::default());
    let (b2, _) = sw.add_phone("T2000b", "2000").unwrap();
    let now = t0();
    sw.dial(now, a, "2000").unwrap();
    let rings: Vec<String> = drain(&mut sw)
        .into_iter()
        .filter(|l| l.contains("Ringing"))
        .collect();
    assert_eq!(
        rings,
        [
            "TermConnRingingEv(T2000)",
            "CallCtlTermConnRingingEv(T2000)",
            "TermConnRingingEv(T2000b)",
            "CallCtlTermConnRingingEv(T2000b)",
        ]
    );
    let tc = sw.ringing_on(b2).unwrap();
    sw.answer(now, tc).unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "ConnConnectedEv(2000)",
            "CallCtlConnEstablishedEv(2000)",
            "TermConnActiveEv(T2000b)",
            "CallCtlTermConnTalkingEv(T2000b)",
            "TermConnPassiveEv(T2000)",
            "CallCtlTermConnBridgedEv(T2000)",
        ])
    );
    let call = sw.provider().calls().next().unwrap();
    let bridged = sw.provider().terminal_connection_on(call, b).unwrap();
    sw.with_provider(now, |p| p.join(bridged)).unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&["TermConnActiveEv(T2000)", "CallCtlTermConnTalkingEv(T2000)"])
    );
    sw.with_provider(now, |p| p.leave(tc)).unwrap();
    assert_eq!(
        drain(&mut sw),
        strings(&[
            "TermConnPassiveEv(T2000b)",
            "CallCtlTermConnBridgedEv(T2000b)"
        ])
    );
}
