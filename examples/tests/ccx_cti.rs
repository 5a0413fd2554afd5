//! The CCX engine's CTI server over real loopback TCP, driven by cti-proto's own client:
//! a Finesse-like bridge session and a second CTI client (a wallboard / recorder in
//! ALL_EVENTS mode) see the same agent and call events; longest-available routing;
//! ring-no-answer requeue; protocol failures; a queued call delivered when an agent goes
//! READY.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use bytes::BytesMut;
use cti_proto::tokio_driver::{spawn_client, ClientHandle, ClientRequestError, SideAddrs};
use cti_proto::{
    decode, encode, AgentState, AnswerCallReq, ClearCallReq, ClientConfig, ClientEvent,
    CodecConfig, ConnectionIdType, ControlFailureCode, CtiString, HeartbeatReq, HoldCallReq,
    LocalConnectionState, Message, MessageType, OpenReq, ProtocolVersion, RequestError,
    RetrieveCallReq, ServiceMask, SetAgentStateReq, StatusCode,
};
use finesse_examples::lab::ccx::{CcxEngine, CcxHandle, CcxOptions};
use finesse_examples::lab::{LabConfig, Ports, WrapUpMode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(10);

fn lab(edit: impl FnOnce(&mut LabConfig)) -> LabConfig {
    let mut config = LabConfig {
        ports: Ports::ephemeral(),
        ..LabConfig::default()
    };
    edit(&mut config);
    config
}

async fn engine(config: &LabConfig, options: CcxOptions) -> CcxHandle {
    CcxEngine::start_with(config, options).await.unwrap()
}

fn s(text: &str) -> Option<CtiString> {
    Some(CtiString::new(text.to_owned()).unwrap())
}

/// A CTI client at the highest UCCX version; `control`: Finesse's bridge session
/// (ALL_EVENTS | CLIENT_CONTROL | AGENT_STATE_CONTROL_ONLY), else a monitor (ALL_EVENTS).
async fn client(engine: &CcxHandle, name: &'static str, control: bool) -> ClientHandle {
    let mut config = ClientConfig::new(
        ProtocolVersion::uccx(ProtocolVersion::UCCX_MAX),
        CtiString::from_static(name),
    );
    config.services = if control {
        ServiceMask::ALL_EVENTS
            | ServiceMask::CLIENT_CONTROL
            | ServiceMask::AGENT_STATE_CONTROL_ONLY
    } else {
        ServiceMask::ALL_EVENTS
    };
    config.retry_delay = Duration::from_millis(200);
    let mut h = spawn_client(
        config,
        SideAddrs {
            a: engine.cti_addr(),
            b: None,
        },
        1024,
    );
    let first = until(&mut h, |m| m.message_type() == MessageType::SystemEvent).await;
    match first.last() {
        Some(Message::SystemEvent(ev)) => {
            assert_eq!(ev.system_event_arg1, 1, "PeripheralID 1");
            assert_eq!(ev.pg_status.bits(), 0x400, "CCXStatus IN_SERVICE");
        }
        other => panic!("expected SYSTEM_EVENT, got {other:?}"),
    }
    h
}

/// Every message up to and including the first that matches `done`.
async fn until(h: &mut ClientHandle, done: impl Fn(&Message) -> bool) -> Vec<Message> {
    let mut seen = Vec::new();
    loop {
        let ev = timeout(WAIT, h.next_event())
            .await
            .unwrap_or_else(|_| panic!("timed out; saw {:?}", types(&seen)))
            .expect("client driver stopped");
        if let ClientEvent::Message(m) = ev {
            let stop = done(&m);
            seen.push(m);
            if stop {
                return seen;
            }
        }
    }
}

fn types(msgs: &[Message]) -> Vec<MessageType> {
    msgs.iter().map(Message::message_type).collect()
}

fn is_agent_state(m: &Message, agent: &str, state: AgentState) -> bool {
    matches!(m, Message::AgentStateEvent(e)
        if e.agent_state == state && e.agent_id_long.as_deref() == Some(agent))
}

async fn set_state(
    h: &ClientHandle,
    agent: &str,
    ext: &str,
    state: AgentState,
    password: Option<&str>,
    reason: u16,
) -> Result<Message, ClientRequestError> {
    h.request(SetAgentStateReq {
        peripheral_id: 1,
        agent_state: state,
        event_reason_code: reason,
        agent_id_long: s(agent),
        agent_instrument: s(ext),
        agent_password: password.and_then(s),
        ..SetAgentStateReq::default()
    })
    .await
}

/// Logs `agent` in and makes it READY through `h`, and waits until every client in
/// `watchers` has seen the READY.
async fn make_ready(h: &ClientHandle, watchers: &mut [&mut ClientHandle], agent: &str, ext: &str) {
    let pw = format!("pw{ext}");
    set_state(h, agent, ext, AgentState::Login, Some(&pw), 0)
        .await
        .unwrap();
    set_state(h, agent, ext, AgentState::Available, None, 0)
        .await
        .unwrap();
    for w in watchers.iter_mut() {
        until(w, |m| is_agent_state(m, agent, AgentState::Available)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_cti_client_sees_the_same_agent_and_call_events() {
    let config = lab(|c| {
        if let Some(a) = c.seed.agents.iter_mut().find(|a| a.id == "agent01") {
            a.wrap_up = WrapUpMode::Required;
        }
    });
    let engine = engine(&config, CcxOptions::default()).await;
    let mut finesse = client(&engine, "finesse", true).await;
    let mut wallboard = client(&engine, "wallboard", false).await;

    // Login: both see agent01 NOT_READY (reason AGT_LOGON), with its identity and CSQs.
    let conf = set_state(
        &finesse,
        "agent01",
        "1001",
        AgentState::Login,
        Some("pw1001"),
        0,
    )
    .await
    .unwrap();
    assert_eq!(conf.message_type(), MessageType::SetAgentStateConf);
    for c in [&mut finesse, &mut wallboard] {
        let seen = until(c, |m| is_agent_state(m, "agent01", AgentState::NotReady)).await;
        let Some(Message::AgentStateEvent(ev)) = seen.last() else {
            unreachable!()
        };
        assert_eq!(ev.event_reason_code, 32760);
        assert_eq!(ev.agent_extension.as_deref(), Some("1001"));
        assert_eq!(ev.agent_instrument.as_deref(), Some("1001"));
        assert_eq!(ev.peripheral_id, 1);
        let csqs: Vec<u32> = ev.skill_groups.iter().filter_map(|g| g.id).collect();
        assert_eq!(csqs, vec![1, 3]);
        assert_eq!(ev.num_flt_skill_groups, 2);
    }
    set_state(&finesse, "agent01", "1001", AgentState::Available, None, 0)
        .await
        .unwrap();
    for c in [&mut finesse, &mut wallboard] {
        until(c, |m| is_agent_state(m, "agent01", AgentState::Available)).await;
    }

    // A customer calls queue 1: RESERVED, BEGIN_CALL, CALL_DELIVERED (ALERTING) at 1001.
    let placed = engine.place_call(1, "4085550100", None).await.unwrap();
    assert_eq!(placed.dnis, "8001");
    let call_id = placed.call_id;
    for c in [&mut finesse, &mut wallboard] {
        let seen = until(c, |m| m.message_type() == MessageType::CallDeliveredEvent).await;
        assert_eq!(
            types(&seen),
            [
                MessageType::AgentStateEvent,
                MessageType::BeginCallEvent,
                MessageType::CallDeliveredEvent
            ]
        );
        let [Message::AgentStateEvent(st), Message::BeginCallEvent(begin), Message::CallDeliveredEvent(del)] =
            &seen[..]
        else {
            unreachable!()
        };
        assert_eq!(st.agent_state, AgentState::Reserved);
        assert_eq!(st.agent_id_long.as_deref(), Some("agent01"));
        assert_eq!(st.skill_group_number, 1, "the CSQ of the call");
        assert_eq!(begin.connection_call_id, call_id);
        assert_eq!(begin.connection_device_id_type, ConnectionIdType::Static);
        assert_eq!(begin.connection_device_id.as_deref(), Some("1001"));
        assert_eq!(begin.ani.as_deref(), Some("4085550100"));
        assert_eq!(begin.dnis.as_deref(), Some("8001"));
        assert_eq!(del.connection_call_id, call_id);
        assert_eq!(del.local_connection_state, LocalConnectionState::Alerting);
        assert_eq!(del.connection_device_id.as_deref(), Some("1001"));
        assert_eq!(del.alerting_device_id.as_deref(), Some("1001"));
        assert_eq!(del.calling_device_id.as_deref(), Some("4085550100"));
        assert_eq!(del.called_device_id.as_deref(), Some("8001"));
        assert_eq!(del.dnis.as_deref(), Some("8001"));
        assert_eq!(del.skill_group_number, 1);
        assert_eq!(del.peripheral_id, 1);
    }

    // Finesse answers: CALL_ESTABLISHED and TALKING.
    let answer = finesse
        .request(AnswerCallReq {
            peripheral_id: 1,
            connection_call_id: call_id,
            connection_device_id_type: ConnectionIdType::Static,
            connection_device_id: s("1001"),
            agent_instrument: s("1001"),
            ..AnswerCallReq::default()
        })
        .await
        .unwrap();
    assert_eq!(answer.message_type(), MessageType::AnswerCallConf);
    for c in [&mut finesse, &mut wallboard] {
        let seen = until(c, |m| is_agent_state(m, "agent01", AgentState::Talking)).await;
        let est = seen
            .iter()
            .find_map(|m| match m {
                Message::CallEstablishedEvent(e) => Some(e),
                _ => None,
            })
            .expect("CALL_ESTABLISHED");
        assert_eq!(est.connection_call_id, call_id);
        assert_eq!(est.answering_device_id.as_deref(), Some("1001"));
        assert_eq!(est.calling_device_id.as_deref(), Some("4085550100"));
        assert_eq!(est.local_connection_state, LocalConnectionState::Connect);
    }

    // Hold and retrieve.
    finesse
        .request(HoldCallReq {
            peripheral_id: 1,
            connection_call_id: call_id,
            connection_device_id_type: ConnectionIdType::Static,
            connection_device_id: s("1001"),
            ..HoldCallReq::default()
        })
        .await
        .unwrap();
    for c in [&mut finesse, &mut wallboard] {
        let seen = until(c, |m| is_agent_state(m, "agent01", AgentState::Hold)).await;
        assert!(seen.iter().any(|m| matches!(m, Message::CallHeldEvent(e)
            if e.connection_call_id == call_id
                && e.holding_device_id.as_deref() == Some("1001")
                && e.local_connection_state == LocalConnectionState::Hold)));
    }
    finesse
        .request(RetrieveCallReq {
            peripheral_id: 1,
            held_connection_call_id: call_id,
            held_connection_device_id_type: ConnectionIdType::Static,
            held_connection_device_id: s("1001"),
            ..RetrieveCallReq::default()
        })
        .await
        .unwrap();
    for c in [&mut finesse, &mut wallboard] {
        let seen = until(c, |m| is_agent_state(m, "agent01", AgentState::Talking)).await;
        assert!(seen
            .iter()
            .any(|m| matches!(m, Message::CallRetrievedEvent(e)
            if e.connection_call_id == call_id
                && e.retrieving_device_id.as_deref() == Some("1001")
                && e.local_connection_state == LocalConnectionState::Connect)));
    }

    // Clear: the call ends and agent01 (wrap-up Required) goes to WORK_READY.
    finesse
        .request(ClearCallReq {
            peripheral_id: 1,
            connection_call_id: call_id,
            connection_device_id_type: ConnectionIdType::Static,
            connection_device_id: s("1001"),
            ..ClearCallReq::default()
        })
        .await
        .unwrap();
    for c in [&mut finesse, &mut wallboard] {
        let seen = until(c, |m| is_agent_state(m, "agent01", AgentState::WorkReady)).await;
        assert_eq!(
            types(&seen),
            [
                MessageType::CallConnectionClearedEvent,
                MessageType::CallConnectionClearedEvent,
                MessageType::CallClearedEvent,
                MessageType::EndCallEvent,
                MessageType::AgentStateEvent
            ]
        );
        let released: Vec<Option<&str>> = seen
            .iter()
            .filter_map(|m| match m {
                Message::CallConnectionClearedEvent(e) => {
                    assert_eq!(e.connection_call_id, call_id);
                    Some(e.releasing_device_id.as_deref())
                }
                _ => None,
            })
            .collect();
        assert!(released.contains(&Some("1001")) && released.contains(&Some("4085550100")));
        assert!(seen.iter().any(|m| matches!(m, Message::EndCallEvent(e)
            if e.connection_call_id == call_id && e.connection_device_id.as_deref() == Some("1001"))));
    }
    let snap = engine.snapshot().await;
    assert_eq!(snap.agent("agent01").unwrap().state, AgentState::WorkReady);
    assert_eq!(snap.sessions, 2);
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_go_to_the_longest_available_agent() {
    let engine = engine(&lab(|_| {}), CcxOptions::default()).await;
    let mut finesse = client(&engine, "finesse", true).await;
    make_ready(&finesse, &mut [], "agent02", "1002").await;
    until(&mut finesse, |m| {
        is_agent_state(m, "agent02", AgentState::Available)
    })
    .await;
    make_ready(&finesse, &mut [], "agent01", "1001").await;
    until(&mut finesse, |m| {
        is_agent_state(m, "agent01", AgentState::Available)
    })
    .await;

    // agent02 has been READY longer: it gets the first call, agent01 the second.
    let first = engine.place_call(1, "5551001", None).await.unwrap();
    let seen = until(&mut finesse, |m| {
        m.message_type() == MessageType::CallDeliveredEvent
    })
    .await;
    assert!(is_agent_state(&seen[0], "agent02", AgentState::Reserved));
    assert!(matches!(seen.last(), Some(Message::CallDeliveredEvent(d))
        if d.connection_call_id == first.call_id && d.alerting_device_id.as_deref() == Some("1002")));
    let second = engine.place_call(3, "5551002", None).await.unwrap();
    let seen = until(&mut finesse, |m| {
        m.message_type() == MessageType::CallDeliveredEvent
    })
    .await;
    assert!(is_agent_state(&seen[0], "agent01", AgentState::Reserved));
    assert!(matches!(seen.last(), Some(Message::CallDeliveredEvent(d))
        if d.connection_call_id == second.call_id && d.alerting_device_id.as_deref() == Some("1001")
            && d.skill_group_number == 3 && d.dnis.as_deref() == Some("8003")));
    let snap = engine.snapshot().await;
    assert_eq!(snap.agent("agent02").unwrap().call_id, Some(first.call_id));
    assert_eq!(snap.agent("agent01").unwrap().call_id, Some(second.call_id));
    assert_eq!(snap.connected.len(), 2);

    // agent02 answers its call.
    finesse
        .request(AnswerCallReq {
            peripheral_id: 1,
            connection_call_id: first.call_id,
            connection_device_id_type: ConnectionIdType::Static,
            connection_device_id: s("1002"),
            ..AnswerCallReq::default()
        })
        .await
        .unwrap();
    until(&mut finesse, |m| {
        is_agent_state(m, "agent02", AgentState::Talking)
    })
    .await;
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_hangs_up_after_its_talk_time() {
    let engine = engine(&lab(|_| {}), CcxOptions::default()).await;
    let mut finesse = client(&engine, "finesse", true).await;
    make_ready(&finesse, &mut [], "agent02", "1002").await;
    until(&mut finesse, |m| {
        is_agent_state(m, "agent02", AgentState::Available)
    })
    .await;
    let placed = engine
        .place_call(1, "5551003", Some(Duration::from_millis(50)))
        .await
        .unwrap();
    until(&mut finesse, |m| {
        m.message_type() == MessageType::CallDeliveredEvent
    })
    .await;
    finesse
        .request(AnswerCallReq {
            peripheral_id: 1,
            connection_call_id: placed.call_id,
            agent_instrument: s("1002"),
            ..AnswerCallReq::default()
        })
        .await
        .unwrap();
    let seen = until(
        &mut finesse,
        |m| matches!(m, Message::AgentStateEvent(e) if e.agent_state == AgentState::Available),
    )
    .await;
    let first_clear = seen.iter().find_map(|m| match m {
        Message::CallConnectionClearedEvent(e) => e.releasing_device_id.as_deref(),
        _ => None,
    });
    assert_eq!(first_clear, Some("5551003"), "the customer left first");
    assert!(seen
        .iter()
        .any(|m| m.message_type() == MessageType::EndCallEvent));
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ring_no_answer_requeues_the_call_at_the_head() {
    let mut options = CcxOptions::default();
    options.ring_no_answer = Duration::from_millis(300);
    let engine = engine(&lab(|_| {}), options).await;
    let mut finesse = client(&engine, "finesse", true).await;
    make_ready(&finesse, &mut [], "agent01", "1001").await;
    until(&mut finesse, |m| {
        is_agent_state(m, "agent01", AgentState::Available)
    })
    .await;
    let first = engine.place_call(1, "5552001", None).await.unwrap();
    until(&mut finesse, |m| {
        m.message_type() == MessageType::CallDeliveredEvent
    })
    .await;
    let second = engine.place_call(1, "5552002", None).await.unwrap();

    // Nobody answers: the call leaves agent01, which goes NOT_READY (AGT_RNA).
    let seen = until(&mut finesse, |m| {
        is_agent_state(m, "agent01", AgentState::NotReady)
    })
    .await;
    assert_eq!(
        types(&seen),
        [
            MessageType::CallDivertedEvent,
            MessageType::EndCallEvent,
            MessageType::AgentStateEvent
        ]
    );
    assert!(matches!(&seen[0], Message::CallDivertedEvent(d)
        if d.connection_call_id == first.call_id && d.diverting_device_id.as_deref() == Some("1001")));
    let Some(Message::AgentStateEvent(st)) = seen.last() else {
        unreachable!()
    };
    assert_eq!(st.event_reason_code, 32763);
    let snap = engine.snapshot().await;
    let queued: Vec<u32> = snap.queued.iter().map(|c| c.call_id).collect();
    assert_eq!(
        queued,
        vec![first.call_id, second.call_id],
        "requeued at the head"
    );

    // The next READY agent of the queue gets the requeued call first.
    make_ready(&finesse, &mut [], "agent02", "1002").await;
    let seen = until(&mut finesse, |m| {
        m.message_type() == MessageType::CallDeliveredEvent
    })
    .await;
    assert!(seen
        .iter()
        .any(|m| is_agent_state(m, "agent02", AgentState::Reserved)));
    assert!(seen.iter().any(|m| matches!(m, Message::BeginCallEvent(b)
        if b.connection_call_id == first.call_id && b.connection_device_id.as_deref() == Some("1002"))));
    engine.shutdown().await;
}

async fn raw_exchange(engine: &CcxHandle, request: Message, version: ProtocolVersion) -> Message {
    let mut stream = TcpStream::connect(engine.cti_addr()).await.unwrap();
    let cfg = CodecConfig::new(version);
    let mut out = BytesMut::new();
    encode(&request, &mut out, &cfg).unwrap();
    stream.write_all(&out).await.unwrap();
    let mut buf = BytesMut::new();
    loop {
        if let Some(m) = decode(&mut buf, &cfg).unwrap() {
            return m;
        }
        let n = timeout(WAIT, stream.read_buf(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0, "connection closed without an answer");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_failure_confs() {
    let engine = engine(&lab(|_| {}), CcxOptions::default()).await;
    let v = ProtocolVersion::uccx(ProtocolVersion::UCCX_MAX);

    // Before OPEN_REQ: FAILURE_CONF E_CTI_SESSION_NOT_OPEN, InvokeID echoed.
    let answer = raw_exchange(&engine, HeartbeatReq::new(7).into(), v).await;
    assert!(
        matches!(&answer, Message::FailureConf(f) if f.invoke_id == 7 && f.status == StatusCode::SessionNotOpen),
        "{answer:?}"
    );
    let req = SetAgentStateReq {
        invoke_id: 8,
        agent_state: AgentState::Login,
        agent_id_long: s("agent01"),
        ..SetAgentStateReq::default()
    };
    let answer = raw_exchange(&engine, req.into(), v).await;
    assert!(
        matches!(&answer, Message::FailureConf(f) if f.invoke_id == 8 && f.status == StatusCode::SessionNotOpen)
    );

    // Agent mode for an agent the engine does not know.
    let open = OpenReq {
        invoke_id: 9,
        version_number: v.number,
        idle_timeout: 120,
        peripheral_id: 1,
        services_requested: ServiceMask::CLIENT_EVENTS | ServiceMask::CLIENT_CONTROL,
        client_id: s("desktop"),
        client_password: Some(bytes::Bytes::new()),
        agent_extension: s("4711"),
        ..OpenReq::default()
    };
    let answer = raw_exchange(&engine, open.into(), v).await;
    assert!(
        matches!(&answer, Message::FailureConf(f) if f.invoke_id == 9 && f.status == StatusCode::InvalidAgentData)
    );

    // Open sessions: unknown agent, wrong password, not logged in.
    let finesse = client(&engine, "finesse", true).await;
    let control_failure = |r: Result<Message, ClientRequestError>| match r {
        Err(ClientRequestError::Failed(RequestError::ControlFailure(f))) => f.failure_code,
        other => panic!("expected CONTROL_FAILURE_CONF, got {other:?}"),
    };
    let r = set_state(
        &finesse,
        "agent99",
        "1099",
        AgentState::Login,
        Some("pw"),
        0,
    )
    .await;
    assert_eq!(
        control_failure(r),
        ControlFailureCode::InvalidAgentIdSpecified
    );
    let r = set_state(
        &finesse,
        "agent01",
        "1001",
        AgentState::Login,
        Some("nope"),
        0,
    )
    .await;
    assert_eq!(
        control_failure(r),
        ControlFailureCode::InvalidPasswordSpecified
    );
    let r = set_state(
        &finesse,
        "agent01",
        "1002",
        AgentState::Login,
        Some("pw1001"),
        0,
    )
    .await;
    assert_eq!(control_failure(r), ControlFailureCode::InvalidLogonDevice);
    let r = set_state(&finesse, "agent01", "1001", AgentState::Available, None, 0).await;
    assert!(
        matches!(r, Err(ClientRequestError::Failed(RequestError::Failure(f)))
        if f.status == StatusCode::AgentNotLoggedOn)
    );
    let r = finesse
        .request(AnswerCallReq {
            peripheral_id: 1,
            connection_call_id: 424_242,
            ..AnswerCallReq::default()
        })
        .await;
    assert_eq!(
        control_failure(r),
        ControlFailureCode::InvalidCstaCallIdentifier
    );
    assert_eq!(
        engine.snapshot().await.agent("agent01").unwrap().state,
        AgentState::Logout
    );

    // QUERY_AGENT_STATE_REQ is answered.
    let conf = finesse
        .request(cti_proto::QueryAgentStateReq {
            peripheral_id: 1,
            mrd_id: 1,
            agent_id_long: s("agent07"),
            ..cti_proto::QueryAgentStateReq::default()
        })
        .await
        .unwrap();
    assert!(matches!(&conf, Message::QueryAgentStateConf(q)
        if q.agent_state == AgentState::Logout && q.agent_extension.as_deref() == Some("1007")
            && q.skill_groups.iter().filter_map(|g| g.id).collect::<Vec<_>>() == vec![2, 3]));
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_call_is_delivered_when_an_agent_goes_ready() {
    let engine = engine(&lab(|_| {}), CcxOptions::default()).await;
    let mut finesse = client(&engine, "finesse", true).await;
    let mut recorder = client(&engine, "recorder", false).await;
    let placed = engine.place_call(2, "5553001", None).await.unwrap();
    let snap = engine.snapshot().await;
    assert_eq!(snap.queued.len(), 1);
    assert_eq!(snap.queued[0].call_id, placed.call_id);
    assert_eq!(snap.queued[0].queue_id, 2);

    // agent01 (Sales) does not serve queue 2; agent06 (Support) does.
    make_ready(&finesse, &mut [&mut recorder], "agent01", "1001").await;
    assert_eq!(engine.snapshot().await.queued.len(), 1);
    set_state(
        &finesse,
        "agent06",
        "1006",
        AgentState::Login,
        Some("pw1006"),
        0,
    )
    .await
    .unwrap();
    set_state(&finesse, "agent06", "1006", AgentState::Available, None, 0)
        .await
        .unwrap();
    for c in [&mut finesse, &mut recorder] {
        let seen = until(c, |m| m.message_type() == MessageType::CallDeliveredEvent).await;
        assert!(seen
            .iter()
            .any(|m| is_agent_state(m, "agent06", AgentState::Reserved)));
        assert!(matches!(seen.last(), Some(Message::CallDeliveredEvent(d))
            if d.connection_call_id == placed.call_id && d.alerting_device_id.as_deref() == Some("1006")
                && d.dnis.as_deref() == Some("8002")));
    }
    assert!(engine.snapshot().await.queued.is_empty());
    engine.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_mode_session_sees_only_its_agent_and_shutdown_closes_it() {
    let engine = engine(&lab(|_| {}), CcxOptions::default()).await;
    let mut finesse = client(&engine, "finesse", true).await;
    let mut config = ClientConfig::new(
        ProtocolVersion::uccx(ProtocolVersion::UCCX_MAX),
        CtiString::from_static("desktop-1003"),
    );
    config.services = ServiceMask::CLIENT_EVENTS | ServiceMask::CLIENT_CONTROL;
    config.peripheral_id = 1;
    config.agent_id = s("agent03");
    config.agent_extension = s("1003");
    config.agent_instrument = s("1003");
    config.retry_delay = Duration::from_millis(200);
    let mut desktop = spawn_client(
        config,
        SideAddrs {
            a: engine.cti_addr(),
            b: None,
        },
        1024,
    );
    let opened = loop {
        match timeout(WAIT, desktop.next_event()).await.unwrap().unwrap() {
            ClientEvent::Opened { conf, .. } => break conf,
            ClientEvent::Failover { reason, .. } => panic!("open failed: {reason:?}"),
            _ => {}
        }
    };
    assert_eq!(opened.agent_state, AgentState::Logout);
    assert_eq!(opened.agent_extension.as_deref(), Some("1003"));
    until(&mut desktop, |m| {
        m.message_type() == MessageType::SystemEvent
    })
    .await;

    make_ready(&finesse, &mut [], "agent01", "1001").await;
    until(&mut finesse, |m| {
        is_agent_state(m, "agent01", AgentState::Available)
    })
    .await;
    // The desktop logs its own agent in; it may not touch another agent.
    set_state(
        &desktop,
        "agent03",
        "1003",
        AgentState::Login,
        Some("pw1003"),
        0,
    )
    .await
    .unwrap();
    let r = set_state(&desktop, "agent01", "1001", AgentState::NotReady, None, 11).await;
    assert!(
        matches!(r, Err(ClientRequestError::Failed(RequestError::Failure(f)))
        if f.status == StatusCode::InconsistentAgentData)
    );
    let seen = until(&mut desktop, |m| {
        is_agent_state(m, "agent03", AgentState::NotReady)
    })
    .await;
    assert!(
        seen.iter()
            .all(|m| !matches!(m, Message::AgentStateEvent(e) if e.agent_id_long.as_deref() == Some("agent01"))),
        "agent01's events are not for agent03's desktop: {seen:?}"
    );

    engine.shutdown().await;
    let lost = loop {
        match timeout(WAIT, desktop.next_event()).await.unwrap() {
            Some(ClientEvent::Failover { reason, .. }) => break reason,
            Some(_) => {}
            None => panic!("driver stopped"),
        }
    };
    assert_eq!(lost, cti_proto::FailureReason::ConnectionLost);
}

/// Reads one message from a raw stream.
async fn read_msg(stream: &mut TcpStream, buf: &mut BytesMut, cfg: &CodecConfig) -> Message {
    loop {
        if let Some(m) = decode(buf, cfg).unwrap() {
            return m;
        }
        let n = timeout(WAIT, stream.read_buf(buf)).await.unwrap().unwrap();
        assert!(n > 0, "connection closed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeats_malformed_input_and_close_on_a_raw_session() {
    let engine = engine(&lab(|_| {}), CcxOptions::default()).await;
    let v = ProtocolVersion::uccx(14); // an older UCCX version (1-byte floating tags)
    let cfg = CodecConfig::new(v);
    let mut stream = TcpStream::connect(engine.cti_addr()).await.unwrap();
    let mut buf = BytesMut::new();
    let mut out = BytesMut::new();
    let open = OpenReq {
        invoke_id: 1,
        version_number: v.number,
        idle_timeout: 60,
        peripheral_id: 0xFFFF_FFFF,
        services_requested: ServiceMask::ALL_EVENTS,
        client_id: s("recorder"),
        client_password: Some(bytes::Bytes::new()),
        ..OpenReq::default()
    };
    encode(&open.into(), &mut out, &cfg).unwrap();
    stream.write_all(&out.split()).await.unwrap();
    let conf = read_msg(&mut stream, &mut buf, &cfg).await;
    assert!(matches!(&conf, Message::OpenConf(c)
        if c.invoke_id == 1 && c.services_granted == ServiceMask::ALL_EVENTS && c.peripheral_online));
    let sys = read_msg(&mut stream, &mut buf, &cfg).await;
    assert_eq!(sys.message_type(), MessageType::SystemEvent);

    // A HEARTBEAT_REQ whose body is one byte short: FAILURE_CONF, and the session goes on.
    stream
        .write_all(&[0, 0, 0, 3, 0, 0, 0, 5, 0, 0, 1])
        .await
        .unwrap();
    let bad = read_msg(&mut stream, &mut buf, &cfg).await;
    assert_eq!(bad.message_type(), MessageType::FailureConf);
    encode(&HeartbeatReq::new(2).into(), &mut out, &cfg).unwrap();
    stream.write_all(&out.split()).await.unwrap();
    let hb = read_msg(&mut stream, &mut buf, &cfg).await;
    assert!(matches!(&hb, Message::HeartbeatConf(c) if c.invoke_id == 2));
    assert_eq!(engine.snapshot().await.sessions, 1);

    // CLOSE_REQ → CLOSE_CONF, then the engine forgets the session.
    let close = cti_proto::CloseReq {
        invoke_id: 3,
        status: StatusCode::NoError,
        ..cti_proto::CloseReq::default()
    };
    encode(&close.into(), &mut out, &cfg).unwrap();
    stream.write_all(&out.split()).await.unwrap();
    let closed = read_msg(&mut stream, &mut buf, &cfg).await;
    assert!(matches!(&closed, Message::CloseConf(c) if c.invoke_id == 3));
    timeout(WAIT, async {
        while engine.snapshot().await.sessions != 0 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the closed session is forgotten");
    engine.shutdown().await;
}
