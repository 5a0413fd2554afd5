//! Scenario tests of the core with a virtual clock: no sockets, no sleeping.

use std::time::{Duration, Instant};

use cti_proto::{
    AgentState, AnswerCallReq, ControlFailureCode, CtiString, Message, MessageType, OpenReq,
    ServiceMask, SetAgentStateReq, StatusCode,
};

use super::*;
use crate::lab::{LabConfig, WrapUpMode};

struct Harness {
    core: Core,
    now: Instant,
    bridge: SessionId,
    invoke: u32,
}

impl Harness {
    #[allow(clippy::disallowed_methods)]
    fn new(options: CcxOptions, edit: impl FnOnce(&mut LabConfig)) -> Self {
        let now = Instant::now();
        let mut config = LabConfig::default();
        edit(&mut config);
        let mut core = Core::new(&config, options, now).unwrap();
        let (bridge, _) = core
            .open_session(
                0,
                ServiceMask::ALL_EVENTS | ServiceMask::CLIENT_CONTROL,
                &OpenReq::default(),
            )
            .unwrap();
        let mut h = Self {
            core,
            now,
            bridge,
            invoke: 0,
        };
        h.drain();
        h
    }

    fn drain(&mut self) -> Vec<Message> {
        let mut v = Vec::new();
        while let Some(o) = self.core.poll_output() {
            match o {
                Output::Reply { message, .. } | Output::Event { message, .. } => v.push(message),
            }
        }
        v
    }

    fn request(&mut self, m: impl Into<Message>) -> Vec<Message> {
        self.invoke += 1;
        self.core
            .request(self.now, self.bridge, self.invoke, m.into());
        self.drain()
    }

    fn set_state(
        &mut self,
        agent: &str,
        state: AgentState,
        password: Option<&str>,
    ) -> Vec<Message> {
        self.request(SetAgentStateReq {
            agent_state: state,
            agent_id_long: Some(CtiString::new(agent.to_owned()).unwrap()),
            agent_password: password.map(|p| CtiString::new(p.to_owned()).unwrap()),
            ..SetAgentStateReq::default()
        })
    }

    fn ready(&mut self, agent: &str, ext: &str) {
        self.set_state(agent, AgentState::Login, Some(&format!("pw{ext}")));
        self.set_state(agent, AgentState::Available, None);
    }

    fn advance(&mut self, d: Duration) -> Vec<Message> {
        let end = self.now + d;
        let mut v = Vec::new();
        while let Some(t) = self.core.poll_timeout().filter(|t| *t <= end) {
            self.now = t;
            self.core.handle_timeout(t);
            v.extend(self.drain());
        }
        self.now = end;
        v
    }

    fn state(&self, agent: &str) -> AgentState {
        self.core.snapshot(self.now).agent(agent).unwrap().state
    }
}

fn types(msgs: &[Message]) -> Vec<MessageType> {
    msgs.iter().map(Message::message_type).collect()
}

fn reserved_agent(msgs: &[Message]) -> Option<String> {
    msgs.iter().find_map(|m| match m {
        Message::AgentStateEvent(e) if e.agent_state == AgentState::Reserved => {
            e.agent_id_long.as_ref().map(|s| s.as_str().to_owned())
        }
        _ => None,
    })
}

#[test]
fn a_call_goes_to_the_longest_available_agent_and_through_its_life() {
    let mut h = Harness::new(CcxOptions::default(), |_| {});
    h.ready("agent02", "1002");
    h.now += Duration::from_secs(1);
    h.ready("agent01", "1001");
    let placed = h.core.place_call(h.now, 1, "4085550100", None).unwrap();
    let out = h.drain();
    assert_eq!(reserved_agent(&out).as_deref(), Some("agent02"));
    assert_eq!(
        types(&out),
        [
            MessageType::AgentStateEvent,
            MessageType::BeginCallEvent,
            MessageType::CallDeliveredEvent
        ]
    );
    let out = h.request(AnswerCallReq {
        connection_call_id: placed.call_id,
        agent_instrument: Some(CtiString::from_static("1002")),
        ..AnswerCallReq::default()
    });
    assert_eq!(
        types(&out),
        [
            MessageType::AnswerCallConf,
            MessageType::CallEstablishedEvent,
            MessageType::AgentStateEvent
        ]
    );
    assert_eq!(h.state("agent02"), AgentState::Talking);
    // The customer hangs up; default wrap-up mode (Optional) without a request: READY.
    let caller = h.core.calls.values().next().unwrap().caller;
    h.core.switch.hang_up(h.now, caller).unwrap();
    h.core.pump(h.now);
    let out = h.drain();
    assert_eq!(
        types(&out),
        [
            MessageType::CallConnectionClearedEvent,
            MessageType::CallConnectionClearedEvent,
            MessageType::CallClearedEvent,
            MessageType::EndCallEvent,
            MessageType::AgentStateEvent
        ]
    );
    assert_eq!(h.state("agent02"), AgentState::Available);
    assert!(h.core.calls.is_empty() && h.core.by_cti_id.is_empty());
}

#[test]
fn ring_no_answer_requeues_at_the_head_and_the_agent_goes_not_ready() {
    let options = CcxOptions {
        ring_no_answer: Duration::from_secs(5),
        ..CcxOptions::default()
    };
    let mut h = Harness::new(options, |_| {});
    h.ready("agent01", "1001");
    let first = h.core.place_call(h.now, 1, "111", None).unwrap();
    h.core.place_call(h.now, 1, "222", None).unwrap();
    h.drain();
    let out = h.advance(Duration::from_secs(5));
    assert_eq!(
        types(&out),
        [
            MessageType::CallDivertedEvent,
            MessageType::EndCallEvent,
            MessageType::AgentStateEvent
        ]
    );
    assert_eq!(h.state("agent01"), AgentState::NotReady);
    let snap = h.core.snapshot(h.now);
    assert_eq!(snap.agent("agent01").unwrap().reason_code, 32763);
    let queued: Vec<u32> = snap.queued.iter().map(|c| c.call_id).collect();
    assert_eq!(queued.first(), Some(&first.call_id), "{queued:?}");
    assert_eq!(queued.len(), 2);
    // The next READY agent gets the requeued call first.
    h.set_state("agent01", AgentState::Available, None);
    let snap = h.core.snapshot(h.now);
    assert_eq!(snap.agent("agent01").unwrap().call_id, Some(first.call_id));
}

#[test]
fn a_queued_call_waits_for_a_ready_agent_and_required_wrap_up_times_out() {
    let mut h = Harness::new(CcxOptions::default(), |c| {
        if let Some(a) = c.seed.agents.iter_mut().find(|a| a.id == "agent06") {
            a.wrap_up = WrapUpMode::Required;
        }
    });
    let placed = h.core.place_call(h.now, 2, "333", None).unwrap();
    assert!(h.drain().is_empty(), "nothing is reported while queued");
    assert_eq!(h.core.snapshot(h.now).queued.len(), 1);
    h.set_state("agent06", AgentState::Login, Some("pw1006"));
    let out = h.set_state("agent06", AgentState::Available, None);
    assert_eq!(reserved_agent(&out).as_deref(), Some("agent06"));
    h.request(AnswerCallReq {
        connection_call_id: placed.call_id,
        agent_instrument: Some(CtiString::from_static("1006")),
        ..AnswerCallReq::default()
    });
    h.request(cti_proto::ClearCallReq {
        connection_call_id: placed.call_id,
        connection_device_id: Some(CtiString::from_static("1006")),
        ..cti_proto::ClearCallReq::default()
    });
    assert_eq!(h.state("agent06"), AgentState::WorkReady);
    h.advance(Duration::from_secs(60));
    assert_eq!(h.state("agent06"), AgentState::Available);
}

#[test]
fn bad_requests_get_the_protocol_answers() {
    let mut h = Harness::new(CcxOptions::default(), |_| {});
    let out = h.set_state("nobody", AgentState::Login, Some("x"));
    assert!(matches!(&out[..], [Message::ControlFailureConf(f)]
        if f.failure_code == ControlFailureCode::InvalidAgentIdSpecified));
    let out = h.set_state("agent01", AgentState::Login, Some("wrong"));
    assert!(matches!(&out[..], [Message::ControlFailureConf(f)]
        if f.failure_code == ControlFailureCode::InvalidPasswordSpecified));
    let out = h.set_state("agent01", AgentState::Available, None);
    assert!(
        matches!(&out[..], [Message::FailureConf(f)] if f.status == StatusCode::AgentNotLoggedOn)
    );
    let out = h.request(AnswerCallReq {
        connection_call_id: 42,
        ..AnswerCallReq::default()
    });
    assert!(matches!(&out[..], [Message::ControlFailureConf(f)]
        if f.failure_code == ControlFailureCode::InvalidCstaCallIdentifier));
    // A monitor-only session may not control anything.
    let (monitor, _) = h
        .core
        .open_session(0, ServiceMask::ALL_EVENTS, &OpenReq::default())
        .unwrap();
    h.drain();
    h.core.request(
        h.now,
        monitor,
        7,
        SetAgentStateReq {
            agent_state: AgentState::Login,
            agent_id_long: Some(CtiString::from_static("agent01")),
            agent_password: Some(CtiString::from_static("pw1001")),
            ..SetAgentStateReq::default()
        }
        .into(),
    );
    let out = h.drain();
    assert!(matches!(&out[..], [Message::FailureConf(f)]
        if f.status == StatusCode::FunctionNotAvailable && f.invoke_id == 7));
}

#[test]
fn agent_mode_sessions_see_only_their_agent() {
    let mut h = Harness::new(CcxOptions::default(), |_| {});
    let req = OpenReq {
        agent_extension: Some(CtiString::from_static("1003")),
        ..OpenReq::default()
    };
    let (mine, accept) = h
        .core
        .open_session(
            0,
            ServiceMask::CLIENT_EVENTS | ServiceMask::CLIENT_CONTROL,
            &req,
        )
        .unwrap();
    assert_eq!(accept.agent_id.as_deref(), Some("agent03"));
    let bad = OpenReq {
        agent_extension: Some(CtiString::from_static("1003")),
        agent_id_long: Some(CtiString::from_static("agent04")),
        ..OpenReq::default()
    };
    assert_eq!(
        h.core
            .open_session(0, ServiceMask::CLIENT_EVENTS, &bad)
            .map(|_| ()),
        Err(StatusCode::InconsistentAgentData)
    );
    h.drain();
    h.set_state("agent01", AgentState::Login, Some("pw1001"));
    h.set_state("agent03", AgentState::Login, Some("pw1003"));
    h.set_state("agent01", AgentState::Available, None);
    h.set_state("agent03", AgentState::Available, None);
    // Both agents change; only agent03's change reaches its agent-mode session.
    for (invoke, agent) in [(99, "agent01"), (100, "agent03")] {
        h.core.request(
            h.now,
            h.bridge,
            invoke,
            SetAgentStateReq {
                agent_state: AgentState::NotReady,
                agent_id_long: Some(CtiString::from_static(agent)),
                ..SetAgentStateReq::default()
            }
            .into(),
        );
    }
    let mut seen = Vec::new();
    while let Some(o) = h.core.poll_output() {
        if let Output::Event {
            session,
            message: Message::AgentStateEvent(e),
        } = o
        {
            if session == mine {
                seen.push(e.agent_id_long.map(|s| s.as_str().to_owned()));
            }
        }
    }
    assert_eq!(seen, vec![Some("agent03".to_owned())]);
}

#[test]
fn not_ready_asked_during_a_call_is_pending_then_wrap_up_with_optional_mode() {
    let mut h = Harness::new(CcxOptions::default(), |_| {});
    h.ready("agent01", "1001");
    let placed = h.core.place_call(h.now, 1, "444", None).unwrap();
    h.drain();
    h.request(AnswerCallReq {
        connection_call_id: placed.call_id,
        agent_instrument: Some(CtiString::from_static("1001")),
        ..AnswerCallReq::default()
    });
    let mut req = SetAgentStateReq {
        agent_state: AgentState::NotReady,
        event_reason_code: 12,
        agent_id_long: Some(CtiString::from_static("agent01")),
        ..SetAgentStateReq::default()
    };
    let out = h.request(req.clone());
    assert!(
        matches!(&out[..], [Message::SetAgentStateConf(_), Message::AgentStateEvent(e)]
        if e.agent_state == AgentState::Talking && e.next_agent_state == Some(AgentState::NotReady))
    );
    assert_eq!(h.state("agent01"), AgentState::Talking);
    let out = h.request(cti_proto::ClearCallReq {
        connection_call_id: placed.call_id,
        ..cti_proto::ClearCallReq::default()
    });
    assert!(matches!(out.last(), Some(Message::AgentStateEvent(e))
        if e.agent_state == AgentState::WorkNotReady && e.event_reason_code == 12));
    // Wrap-up ends on request too.
    req.agent_state = AgentState::Available;
    h.request(req);
    assert_eq!(h.state("agent01"), AgentState::Available);
}
