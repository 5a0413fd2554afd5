//! CTI requests against the core: agent login and state, state queries, call control.
//! Every request gets exactly one answer: its confirmation, FAILURE_CONF (protocol-level
//! problems: missing data, agent not logged on, a service not granted) or
//! CONTROL_FAILURE_CONF (the agent or call cannot do it, as UCCX answers a failed
//! SET_AGENT_STATE_REQ or call control request).

use std::time::Instant;

use cti_proto::{
    AgentState, AnswerCallConf, ClearCallConf, ClearConnectionConf, ClientEventReportConf,
    ControlFailureCode, ControlFailureConf, CtiString, FailureConf, HoldCallConf, Message,
    RetrieveCallConf, SetAgentStateConf, SetAgentStateReq, StatusCode,
};
use jtapi_model::{CallControlTerminalConnectionState as CT, CallId, JtapiError};

use super::agents::{decide, StateDecision, REASON_LOGON};
use super::core::{Core, SessionId, SessionInfo, SessionMode};
use super::messages as msg;

/// NULL_CALL_ID.
const NULL_CALL_ID: u32 = 0xFFFF_FFFF;

fn failure(status: StatusCode) -> Message {
    FailureConf::new(0, status).into()
}

fn control_failure(code: ControlFailureCode) -> Message {
    ControlFailureConf {
        failure_code: code,
        ..ControlFailureConf::default()
    }
    .into()
}

/// The call-control operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CallOp {
    Answer,
    Hold,
    Retrieve,
    ClearCall,
    ClearConnection,
}

impl Core {
    /// Answers the request `message` (InvokeID `invoke_id`) of `session`.
    pub(crate) fn request(
        &mut self,
        now: Instant,
        session: SessionId,
        invoke_id: u32,
        message: Message,
    ) {
        let Some(info) = self.sessions.get(&session).copied() else {
            return;
        };
        // The confirmation goes before the events the request causes.
        let mark = self.out_len();
        let answer = match message {
            Message::SetAgentStateReq(req) => self.set_agent_state(now, info, &req),
            Message::QueryAgentStateReq(req) => {
                let id = req.agent_id_long.as_ref().or(req.agent_id.as_ref());
                let device = req
                    .agent_instrument
                    .as_ref()
                    .or(req.agent_extension.as_ref());
                match self.find_agent(info, id, device) {
                    Ok(idx) => match self.agents.get(idx) {
                        Some(a) => msg::query_agent_state_conf(invoke_id, a),
                        None => failure(StatusCode::InvalidAgentData),
                    },
                    Err(_) => failure(StatusCode::InvalidAgentData),
                }
            }
            Message::AnswerCallReq(r) => self.call_control(
                now,
                info,
                CallOp::Answer,
                r.connection_call_id,
                r.agent_instrument
                    .as_ref()
                    .or(r.connection_device_id.as_ref()),
                None,
            ),
            Message::HoldCallReq(r) => self.call_control(
                now,
                info,
                CallOp::Hold,
                r.connection_call_id,
                r.agent_instrument
                    .as_ref()
                    .or(r.connection_device_id.as_ref()),
                None,
            ),
            Message::RetrieveCallReq(r) => self.call_control(
                now,
                info,
                CallOp::Retrieve,
                r.held_connection_call_id,
                r.agent_instrument
                    .as_ref()
                    .or(r.held_connection_device_id.as_ref()),
                None,
            ),
            Message::ClearCallReq(r) => self.call_control(
                now,
                info,
                CallOp::ClearCall,
                r.connection_call_id,
                r.connection_device_id.as_ref(),
                None,
            ),
            Message::ClearConnectionReq(r) => self.call_control(
                now,
                info,
                CallOp::ClearConnection,
                r.connection_call_id,
                r.agent_instrument.as_ref(),
                r.connection_device_id.as_ref(),
            ),
            Message::ClientEventReportReq(_) => ClientEventReportConf::default().into(),
            other => {
                tracing::debug!(request = %other.message_type(), "request not supported");
                failure(StatusCode::FunctionNotAvailable)
            }
        };
        self.reply_at(mark, session, answer, invoke_id);
        self.pump(now);
    }

    /// The agent a request names: by AgentID, else by instrument/extension, else the agent
    /// of an agent-mode session. An agent-mode session may only name its own agent.
    fn find_agent(
        &self,
        info: SessionInfo,
        id: Option<&CtiString>,
        device: Option<&CtiString>,
    ) -> Result<usize, Message> {
        let idx = match (id, device) {
            (Some(id), _) => self
                .agent_by_id(id.as_str())
                .ok_or_else(|| control_failure(ControlFailureCode::InvalidAgentIdSpecified))?,
            (None, Some(dev)) => self
                .agent_by_extension(dev.as_str())
                .ok_or_else(|| control_failure(ControlFailureCode::InvalidLogonDevice))?,
            (None, None) => match info.mode {
                SessionMode::Agent(a) => a,
                _ => return Err(failure(StatusCode::RequiredDataMissing)),
            },
        };
        if let SessionMode::Agent(own) = info.mode {
            if own != idx {
                return Err(failure(StatusCode::InconsistentAgentData));
            }
        }
        Ok(idx)
    }

    fn set_agent_state(
        &mut self,
        now: Instant,
        info: SessionInfo,
        req: &SetAgentStateReq,
    ) -> Message {
        if !info.agent_control {
            return failure(StatusCode::FunctionNotAvailable);
        }
        let id = req.agent_id_long.as_ref().or(req.agent_id.as_ref());
        let idx = match self.find_agent(info, id, req.agent_instrument.as_ref()) {
            Ok(i) => i,
            Err(m) => return m,
        };
        let Some(agent) = self.agents.get(idx) else {
            return failure(StatusCode::InvalidAgentData);
        };
        if let Some(dev) = &req.agent_instrument {
            if dev.as_str() != agent.extension {
                return control_failure(ControlFailureCode::InvalidLogonDevice);
            }
        }
        let rc = req.event_reason_code;
        if req.agent_state == AgentState::Login {
            let password = req.agent_password.as_ref().map(CtiString::as_str);
            if password != Some(agent.password.as_str()) {
                return control_failure(ControlFailureCode::InvalidPasswordSpecified);
            }
            if !agent.logged_in() {
                self.set_state(now, idx, AgentState::NotReady, REASON_LOGON);
            }
            return SetAgentStateConf::default().into();
        }
        if !agent.logged_in() {
            return failure(StatusCode::AgentNotLoggedOn);
        }
        match decide(agent, req.agent_state, rc) {
            StateDecision::Now(state, rc) => {
                self.set_state(now, idx, state, rc);
                SetAgentStateConf::default().into()
            }
            StateDecision::Pending(state, rc) => {
                if let Some(a) = self.agents.get_mut(idx) {
                    a.pending = Some((state, rc));
                }
                self.announce_agent(now, idx);
                SetAgentStateConf::default().into()
            }
            StateDecision::Unchanged => SetAgentStateConf::default().into(),
            StateDecision::Refused => control_failure(ControlFailureCode::InvalidObjectState),
        }
    }

    /// The call a call-control request names: by ConnectionCallID, else the call of the
    /// agent at `device`.
    fn find_call(&self, call_id: u32, device: Option<&CtiString>) -> Option<CallId> {
        if call_id != NULL_CALL_ID {
            return self.by_cti_id.get(&call_id).copied();
        }
        let dev = device?;
        self.agent_by_extension(dev.as_str())
            .and_then(|i| self.agents.get(i))
            .and_then(|a| a.call)
    }

    fn call_control(
        &mut self,
        now: Instant,
        info: SessionInfo,
        op: CallOp,
        call_id: u32,
        device: Option<&CtiString>,
        connection_device: Option<&CtiString>,
    ) -> Message {
        if !info.call_control {
            return failure(StatusCode::FunctionNotAvailable);
        }
        let not_found = match op {
            CallOp::Answer => ControlFailureCode::NoCallToAnswer,
            CallOp::Hold => ControlFailureCode::NoActiveCall,
            CallOp::Retrieve => ControlFailureCode::NoHeldCall,
            CallOp::ClearCall => ControlFailureCode::NoCallToClear,
            CallOp::ClearConnection => ControlFailureCode::NoConnectionToClear,
        };
        let Some(call) = self.find_call(call_id, device.or(connection_device)) else {
            return control_failure(ControlFailureCode::InvalidCstaCallIdentifier);
        };
        let Some(record) = self.calls.get(&call) else {
            return control_failure(ControlFailureCode::InvalidCstaCallIdentifier);
        };
        let caller = record.caller;
        let ani = record.ani.clone();
        let Some(idx) = record.agent else {
            return control_failure(not_found);
        };
        if let SessionMode::Agent(own) = info.mode {
            if own != idx {
                return failure(StatusCode::NotCallParty);
            }
        }
        let Some(agent) = self.agents.get(idx) else {
            return control_failure(not_found);
        };
        if device.is_some_and(|d| d.as_str() != agent.extension && d.as_str() != ani) {
            return control_failure(ControlFailureCode::AgentNotPartyOnCall);
        }
        let terminal = agent.terminal;
        let address = agent.address;
        let p = self.switch.provider();
        let tc = p.terminal_connection_on(call, terminal);
        let tc_state = tc
            .and_then(|t| p.terminal_connection(t))
            .map(|t| t.call_control_state());
        let agent_conn = p.connection_on(call, address);
        let result: Result<(), JtapiError> = match (op, tc, tc_state) {
            (CallOp::Answer, Some(tc), Some(CT::Ringing)) => self.switch.answer(now, tc),
            (CallOp::Hold, Some(tc), Some(CT::Talking)) => {
                self.switch.with_provider(now, |p| p.hold(tc))
            }
            (CallOp::Retrieve, Some(tc), Some(CT::Held)) => {
                self.switch.with_provider(now, |p| p.unhold(tc))
            }
            (CallOp::ClearCall, _, _) => self.switch.with_provider(now, |p| p.drop_call(call)),
            (CallOp::ClearConnection, _, _) => {
                let conn = match connection_device {
                    Some(d) if d.as_str() == ani => Some(caller),
                    _ => agent_conn,
                };
                match conn {
                    Some(c) => self.switch.hang_up(now, c),
                    None => return control_failure(not_found),
                }
            }
            _ => return control_failure(not_found),
        };
        match result {
            Ok(()) => match op {
                CallOp::Answer => AnswerCallConf::default().into(),
                CallOp::Hold => HoldCallConf::default().into(),
                CallOp::Retrieve => RetrieveCallConf::default().into(),
                CallOp::ClearCall => ClearCallConf::default().into(),
                CallOp::ClearConnection => ClearConnectionConf::default().into(),
            },
            Err(e) => {
                tracing::debug!("call control refused by the switch: {e}");
                control_failure(not_found)
            }
        }
    }
}
