//! Feed CTI messages to [`FinesseCore`]; assert documents and publishes.

use cti_proto::{
    AgentState as CtiState, AgentStateEvent, BeginCallEvent, CallClearedEvent,
    CallConnectionClearedEvent, CallDeliveredEvent, CallEstablishedEvent, CallHeldEvent,
    CallOriginatedEvent, CallServiceInitiatedEvent, ControlFailureCode, ControlFailureConf,
    CtiString, EndCallEvent, FailureConf, Message, RequestError, StatusCode,
};
use finesse_rest_types::{
    AgentState, DialogState, ParticipantState, Update, UpdateData, UpdateEvent,
};

use super::*;

const T0: i64 = 1_700_000_000_000;

fn cs(s: &str) -> Option<CtiString> {
    Some(CtiString::new(s.to_owned()).unwrap())
}

fn core() -> FinesseCore {
    FinesseCore::new(Seed::default(), T0)
}

fn updates(out: &[Publish]) -> Vec<(String, Update)> {
    out.iter()
        .map(|p| (p.node.clone(), Update::from_xml(&p.xml).unwrap()))
        .collect()
}

fn agent_event(state: CtiState, reason: u16, duration: u32) -> Message {
    AgentStateEvent {
        peripheral_id: 1,
        agent_state: state,
        event_reason_code: reason,
        state_duration: duration,
        agent_id_long: cs("agent01"),
        agent_instrument: cs("1001"),
        ..Default::default()
    }
    .into()
}

#[test]
fn an_agent_state_event_updates_the_user_and_the_team_node() {
    let mut c = core();
    c.note_user_request("agent01", Some("r1".into()));
    let out = updates(&c.handle_cti(&agent_event(CtiState::NotReady, 13, 2), T0 + 10_000));
    assert_eq!(out.len(), 2, "{out:#?}");
    let (node, u) = &out[0];
    assert_eq!(node, "/finesse/api/User/agent01");
    assert_eq!(u.source, "/finesse/api/User/agent01");
    assert_eq!(u.event, UpdateEvent::Put);
    assert_eq!(u.request_id.as_deref(), Some("r1"));
    let Some(UpdateData::User(user)) = &u.data else {
        panic!()
    };
    assert_eq!(user.state, Some(AgentState::NotReady));
    // CTI code 13 is the seed's reason code id 3 (Meeting).
    assert_eq!(user.reason_code_id, Some(3));
    assert_eq!(
        user.reason_code.as_ref().and_then(|r| r.label.as_deref()),
        Some("Meeting")
    );
    // stateChangeTime = now − StateDuration.
    assert_eq!(
        user.state_change_time
            .as_ref()
            .and_then(|t| t.unix_millis()),
        Some(T0 + 8_000)
    );
    let (team_node, summary) = &out[1];
    assert_eq!(team_node, "/finesse/api/Team/1/Users");
    assert_eq!(summary.request_id, None);
    // The request id is used once; the same state again publishes nothing.
    assert!(c
        .handle_cti(&agent_event(CtiState::NotReady, 13, 0), T0 + 20_000)
        .is_empty());
    // The document served on GET agrees.
    assert_eq!(c.user("agent01").unwrap().state, Some(AgentState::NotReady));
    // UCCX shows a held agent as TALKING.
    assert_eq!(finesse_state(CtiState::Hold), AgentState::Talking);
    assert_eq!(finesse_state(CtiState::WorkNotReady), AgentState::Work);
}

fn begin(call: u32) -> Message {
    BeginCallEvent {
        peripheral_id: 1,
        connection_call_id: call,
        connection_device_id: cs("8001"),
        ani: cs("5551234"),
        dnis: cs("8001"),
        dialed_number: cs("8001"),
        ..Default::default()
    }
    .into()
}

fn delivered(call: u32) -> Message {
    let mut e = CallDeliveredEvent {
        peripheral_id: 1,
        connection_call_id: call,
        connection_device_id: cs("1001"),
        skill_group_number: 2,
        alerting_device_id: cs("1001"),
        calling_device_id: cs("5551234"),
        dnis: cs("8001"),
        ..Default::default()
    };
    e.call_data.set_call_variable(2, cs("gold"));
    e.into()
}

fn dialog_of(u: &Update) -> finesse_rest_types::Dialog {
    match &u.data {
        Some(UpdateData::Dialog(d)) => d.clone(),
        Some(UpdateData::Dialogs(d)) => d.dialogs[0].clone(),
        other => panic!("not a dialog: {other:?}"),
    }
}

#[test]
fn an_incoming_call_walks_the_documented_dialog_states() {
    let mut c = core();
    let node = "/finesse/api/User/agent01/Dialogs";
    // BEGIN_CALL at the route point: no agent yet, nothing published.
    assert!(c.handle_cti(&begin(7), T0).is_empty());

    // DELIVERED at the agent: the dialog enters the agent's feed (POST).
    let out = updates(&c.handle_cti(&delivered(7), T0 + 1));
    assert_eq!(out.len(), 1);
    let (n, u) = &out[0];
    assert_eq!(n, node);
    assert_eq!(u.event, UpdateEvent::Post);
    assert_eq!(u.source, node);
    let d = dialog_of(u);
    assert_eq!(d.state, Some(DialogState::Alerting));
    assert_eq!(d.from_address.as_deref(), Some("5551234"));
    assert_eq!(d.to_address.as_deref(), Some("8001"));
    assert_eq!(
        d.participant("1001").unwrap().state,
        Some(ParticipantState::Alerting)
    );
    assert_eq!(
        d.participant("5551234").unwrap().state,
        Some(ParticipantState::Initiated)
    );
    assert_eq!(d.call_variable("callVariable2"), Some("gold"));
    let mp = d.media_properties.as_ref().unwrap();
    assert_eq!(mp.queue_name.as_deref(), Some("Support_CSQ"));
    assert_eq!(mp.queue_number.as_deref(), Some("2"));
    assert_eq!(c.dialogs_of("agent01").dialogs.len(), 1);
    assert!(c.dialogs_of("agent02").dialogs.is_empty());

    // ESTABLISHED: PUT with source Dialog/7, a pending request id attached.
    c.note_dialog_request(7, Some("a1".into()));
    let est: Message = CallEstablishedEvent {
        connection_call_id: 7,
        answering_device_id: cs("1001"),
        calling_device_id: cs("5551234"),
        ..Default::default()
    }
    .into();
    let out = updates(&c.handle_cti(&est, T0 + 2));
    let (n, u) = &out[0];
    assert_eq!((n.as_str(), u.event.clone()), (node, UpdateEvent::Put));
    assert_eq!(u.source, "/finesse/api/Dialog/7");
    assert_eq!(u.request_id.as_deref(), Some("a1"));
    let d = dialog_of(u);
    assert_eq!(d.state, Some(DialogState::Active));
    assert_eq!(
        d.participant("5551234").unwrap().state,
        Some(ParticipantState::Active)
    );

    // HELD by the agent: the agent's participant is HELD, the dialog stays ACTIVE.
    let held: Message = CallHeldEvent {
        connection_call_id: 7,
        holding_device_id: cs("1001"),
        ..Default::default()
    }
    .into();
    let d = dialog_of(&updates(&c.handle_cti(&held, T0 + 3))[0].1);
    assert_eq!(d.state, Some(DialogState::Active));
    assert_eq!(
        d.participant("1001").unwrap().state,
        Some(ParticipantState::Held)
    );
    assert_eq!(updates(&c.handle_cti(&held, T0 + 3))[0].1.request_id, None);

    // The caller hangs up: caller DROPPED; then the call clears: DROPPED.
    let gone: Message = CallConnectionClearedEvent {
        connection_call_id: 7,
        releasing_device_id: cs("5551234"),
        ..Default::default()
    }
    .into();
    let d = dialog_of(&updates(&c.handle_cti(&gone, T0 + 4))[0].1);
    assert_eq!(
        d.participant("5551234").unwrap().state,
        Some(ParticipantState::Dropped)
    );
    let cleared: Message = CallClearedEvent {
        connection_call_id: 7,
        ..Default::default()
    }
    .into();
    let d = dialog_of(&updates(&c.handle_cti(&cleared, T0 + 5))[0].1);
    assert_eq!(d.state, Some(DialogState::Dropped));
    assert_eq!(
        d.participant("1001").unwrap().state,
        Some(ParticipantState::Dropped)
    );

    // END_CALL: DELETE, and the dialog is gone.
    let end: Message = EndCallEvent {
        connection_call_id: 7,
        ..Default::default()
    }
    .into();
    let out = updates(&c.handle_cti(&end, T0 + 6));
    assert_eq!(out[0].1.event, UpdateEvent::Delete);
    assert_eq!(out[0].1.source, node);
    assert!(c.dialog(7).is_none());
    assert!(c.handle_cti(&end, T0 + 7).is_empty());
}

#[test]
fn an_agent_call_starts_in_the_agents_feed() {
    let mut c = core();
    let si: Message = CallServiceInitiatedEvent {
        connection_call_id: 9,
        connection_device_id: cs("1002"),
        ..Default::default()
    }
    .into();
    let out = updates(&c.handle_cti(&si, T0));
    assert_eq!(out[0].0, "/finesse/api/User/agent02/Dialogs");
    assert_eq!(out[0].1.event, UpdateEvent::Post);
    assert_eq!(dialog_of(&out[0].1).state, Some(DialogState::Initiating));
    let orig: Message = CallOriginatedEvent {
        connection_call_id: 9,
        connection_device_id: cs("1002"),
        calling_device_id: cs("1002"),
        called_device_id: cs("5559999"),
        ..Default::default()
    }
    .into();
    let d = dialog_of(&updates(&c.handle_cti(&orig, T0 + 1))[0].1);
    assert_eq!(d.state, Some(DialogState::Initiated));
    assert_eq!(d.to_address.as_deref(), Some("5559999"));
    let del: Message = CallDeliveredEvent {
        connection_call_id: 9,
        alerting_device_id: cs("5559999"),
        calling_device_id: cs("1002"),
        ..Default::default()
    }
    .into();
    let d = dialog_of(&updates(&c.handle_cti(&del, T0 + 2))[0].1);
    assert_eq!(d.state, Some(DialogState::Alerting));
    assert_eq!(
        d.participant("1002").unwrap().state,
        Some(ParticipantState::Initiated)
    );
    assert_eq!(
        d.participant("5559999").unwrap().state,
        Some(ParticipantState::Alerting)
    );
    // A reconnect drops stale dialogs from the feed.
    let out = updates(&c.reset_calls());
    assert_eq!(out[0].1.event, UpdateEvent::Delete);
    assert!(c.dialogs_of("agent02").dialogs.is_empty());
}

#[test]
fn cti_failures_become_api_errors_notifications() {
    let mut c = core();
    c.handle_cti(&begin(5), T0);
    c.handle_cti(&delivered(5), T0);
    c.note_dialog_request(5, Some("h1".into()));
    let err = RequestError::ControlFailure(ControlFailureConf {
        failure_code: ControlFailureCode::InvalidObjectState,
        peripheral_error_code: 88004,
        ..Default::default()
    });
    let out = updates(&c.dialog_request_failed("agent01", Some(5), None, &err));
    let (n, u) = &out[0];
    assert_eq!(n, "/finesse/api/User/agent01/Dialogs");
    assert_eq!(u.source, "/finesse/api/Dialog/5");
    assert_eq!(u.request_id.as_deref(), Some("h1"));
    let Some(UpdateData::ApiErrors(e)) = &u.data else {
        panic!()
    };
    assert_eq!(e.errors[0].error_type, "Call Operation Failure");
    assert_eq!(e.errors[0].error_message, "CF_INVALID_OBJECT_STATE");
    assert_eq!(e.errors[0].error_data.as_deref(), Some("22"));
    assert_eq!(e.errors[0].peripheral_error_code.as_deref(), Some("88004"));

    c.note_user_request("agent01", Some("s1".into()));
    let err = RequestError::Failure(FailureConf {
        status: StatusCode::InvalidAgentData,
        ..Default::default()
    });
    let out = updates(&c.user_request_failed("agent01", &err));
    let (n, u) = &out[0];
    assert_eq!(n, "/finesse/api/User/agent01");
    assert_eq!(u.request_id.as_deref(), Some("s1"));
    let Some(UpdateData::ApiErrors(e)) = &u.data else {
        panic!()
    };
    assert_eq!(e.errors[0].error_message, "E_CTI_INVALID_AGENT_DATA");
    assert_eq!(e.errors[0].error_data.as_deref(), Some("8"));
}

#[test]
fn a_confirmed_change_during_a_call_is_pending() {
    let mut c = core();
    c.handle_cti(&agent_event(CtiState::Talking, 0, 0), T0);
    c.note_user_request("agent01", Some("p1".into()));
    let out = updates(&c.set_pending_state("agent01", AgentState::NotReady));
    let Some(UpdateData::User(u)) = &out[0].1.data else {
        panic!()
    };
    assert_eq!(u.state, Some(AgentState::Talking));
    assert_eq!(u.pending_state, Some(AgentState::NotReady));
    assert_eq!(out[0].1.request_id.as_deref(), Some("p1"));
    // The call ends: the pending state is taken.
    c.handle_cti(&agent_event(CtiState::NotReady, 0, 0), T0 + 1);
    assert_eq!(c.user("agent01").unwrap().pending_state, None);
}

#[test]
fn request_ids_mark_only_their_result() {
    let mut c = core();
    // Confirmed, but no event came within the grace period: a later unsolicited change
    // carries no request id.
    c.note_user_request("agent01", Some("r1".into()));
    c.confirm_user_request("agent01", T0);
    let out = updates(&c.handle_cti(&agent_event(CtiState::Available, 0, 0), T0 + 10_000));
    assert_eq!(out[0].1.request_id, None);
    // Confirmed first, event right after: the id is attached.
    c.note_user_request("agent01", Some("r2".into()));
    c.confirm_user_request("agent01", T0 + 10_001);
    let out = updates(&c.handle_cti(&agent_event(CtiState::NotReady, 0, 0), T0 + 10_002));
    assert_eq!(out[0].1.request_id.as_deref(), Some("r2"));
    // MAKE_CALL: the new outgoing dialog's POST carries the id.
    c.note_make_call("agent02", Some("m1".into()));
    let si: Message = CallServiceInitiatedEvent {
        connection_call_id: 11,
        connection_device_id: cs("1002"),
        ..Default::default()
    }
    .into();
    let out = updates(&c.handle_cti(&si, T0 + 10_003));
    assert_eq!(out[0].1.event, UpdateEvent::Post);
    assert_eq!(out[0].1.request_id.as_deref(), Some("m1"));
}

#[test]
fn a_request_is_settled_by_its_result_or_its_failure() {
    let mut c = core();
    c.note_user_request("agent01", None);
    assert!(!c.user_request_settled("agent01"));
    let out = updates(&c.handle_cti(&agent_event(CtiState::NotReady, 0, 0), T0));
    assert!(c.user_request_settled("agent01"));
    assert_eq!(out[0].1.request_id, None);
    c.note_user_request("agent01", None);
    c.user_request_failed("agent01", &RequestError::Timeout);
    assert!(c.user_request_settled("agent01"));
    // Unknown users and dialogs are not remembered.
    c.note_user_request("nobody", Some("x".into()));
    assert!(c.user_request_settled("nobody"));
    c.note_dialog_request(42, Some("x".into()));
    assert!(c.dialog_request_settled(42));
}

/// An event that names only a device belongs to whoever works on it now: an agent who
/// signed in on another extension takes it with them (the first by id when two share
/// one), and an extension nobody works on falls back to its seed owner.
#[test]
fn events_by_device_follow_the_extension_an_agent_signed_in_with() {
    let mut c = core();
    let by_device = |device: &str, state: CtiState| -> Message {
        AgentStateEvent {
            peripheral_id: 1,
            agent_state: state,
            agent_instrument: cs(device),
            ..Default::default()
        }
        .into()
    };
    let user_of = |out: Vec<Publish>| out.first().map(|p| p.node.clone());
    // agent01 signs in on agent02's extension 1002: both work on it, agent01 comes first.
    c.set_extension("agent01", "1002");
    assert_eq!(c.extension("agent01"), Some("1002"));
    assert_eq!(
        user_of(c.handle_cti(&by_device("1002", CtiState::NotReady), T0)).as_deref(),
        Some("/finesse/api/User/agent01")
    );
    // Nobody works on 1001 now: its seed owner, agent01, answers.
    assert_eq!(
        user_of(c.handle_cti(&by_device("1001", CtiState::Available), T0 + 1)).as_deref(),
        Some("/finesse/api/User/agent01")
    );
    // An event naming the agent and a device moves the agent to that device; 1002 is
    // agent02's alone again.
    let moved = AgentStateEvent {
        peripheral_id: 1,
        agent_state: CtiState::NotReady,
        agent_id_long: cs("agent01"),
        agent_instrument: cs("1003"),
        ..Default::default()
    };
    assert!(!c.handle_cti(&moved.into(), T0 + 2).is_empty());
    assert_eq!(c.extension("agent01"), Some("1003"));
    assert_eq!(
        user_of(c.handle_cti(&by_device("1002", CtiState::NotReady), T0 + 3)).as_deref(),
        Some("/finesse/api/User/agent02")
    );
    assert!(c
        .handle_cti(&by_device("9999", CtiState::NotReady), T0 + 4)
        .is_empty());
}
