//! The telephony core, sans-IO: the `jtapi-model` switch (the CUCM side, used in-process as
//! CCX uses the JTAPI library), the agent table, the router, and the JTAPI → CTI bridge.
//!
//! Inputs are commands taking `now` (CTI sessions opening and closing, CTI requests,
//! customer calls) and [`Core::handle_timeout`]; outputs are messages for sessions
//! ([`Core::poll_output`]) and the next deadline ([`Core::poll_timeout`]). After any input,
//! drain `poll_output` until `None`, then re-read `poll_timeout`.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use cti_proto::{AgentState, Message, OpenAccept, OpenReq, ServiceMask, StatusCode};
use jtapi_model::{
    AddressId, CallId, ConnectionId, NoAnswer, NoAnswerAction, Switch, SwitchConfig,
};

use super::agents::{Agent, REASON_WORK_TIMER};
use super::messages as msg;
use super::router::Router;
use super::types::{AgentSnapshot, CallSnapshot, CcxError, CcxOptions, EngineSnapshot, PlacedCall};
use crate::lab::LabConfig;

/// A CTI session's id in the core.
pub(crate) type SessionId = u64;

/// What a session gets to see (cti.md §4.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SessionMode {
    /// Bridge mode (ALL_EVENTS): every agent and call event.
    Bridge,
    /// Agent mode (CLIENT_EVENTS): events of this agent and its calls.
    Agent(usize),
    /// Neither: its own responses and system events only.
    Plain,
}

/// An open CTI session.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SessionInfo {
    pub(crate) mode: SessionMode,
    /// CLIENT_CONTROL or AGENT_STATE_CONTROL_ONLY granted: may change agent states.
    pub(crate) agent_control: bool,
    /// CLIENT_CONTROL granted: may control calls.
    pub(crate) call_control: bool,
}

/// A message for one session.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Output {
    /// The answer to the session's request (its InvokeID is set).
    Reply {
        /// The session.
        session: SessionId,
        /// The confirmation or failure.
        message: Message,
    },
    /// An unsolicited event (the session filters it by its masks).
    Event {
        /// The session.
        session: SessionId,
        /// The event.
        message: Message,
    },
}

/// A queue (CSQ) and its route point.
#[derive(Debug, Clone)]
pub(crate) struct Queue {
    pub(crate) id: u32,
    pub(crate) route_point: String,
}

/// A customer call the engine knows.
#[derive(Debug, Clone)]
pub(crate) struct CallRecord {
    pub(crate) cti_id: u32,
    pub(crate) queue: usize,
    pub(crate) ani: String,
    pub(crate) caller: ConnectionId,
    pub(crate) rp_conn: Option<ConnectionId>,
    pub(crate) agent: Option<usize>,
    pub(crate) begun: bool,
    pub(crate) arrived: Instant,
    pub(crate) queued_since: Option<Instant>,
    pub(crate) requeue_front: bool,
    pub(crate) talk_time: Option<Duration>,
    pub(crate) hang_up_at: Option<Instant>,
}

/// The engine's state machine.
#[derive(Debug)]
pub(crate) struct Core {
    pub(crate) switch: Switch,
    pub(crate) agents: Vec<Agent>,
    pub(crate) by_address: HashMap<AddressId, usize>,
    /// Agents by id and by extension (the first of each, as a scan finds it): requests
    /// name agents, and thousands of them act at once.
    by_id: HashMap<String, usize>,
    by_extension: HashMap<String, usize>,
    pub(crate) queues: Vec<Queue>,
    pub(crate) router: Router,
    pub(crate) calls: HashMap<CallId, CallRecord>,
    pub(crate) by_cti_id: HashMap<u32, CallId>,
    next_call_id: u32,
    pub(crate) sessions: HashMap<SessionId, SessionInfo>,
    next_session: SessionId,
    pub(crate) options: CcxOptions,
    out: VecDeque<Output>,
}

impl Core {
    /// Builds the switch from the seed: a phone per agent and supervisor, a route point per
    /// queue, the trunk for customers; the provider is put in service.
    pub(crate) fn new(
        config: &LabConfig,
        options: CcxOptions,
        now: Instant,
    ) -> Result<Self, String> {
        let seed = &config.seed;
        let mut sc = SwitchConfig::default();
        sc.ring_no_answer = Some(NoAnswer {
            after: options.ring_no_answer,
            action: NoAnswerAction::Notify,
        });
        sc.route_point_queue = options.max_calls.max(1);
        let mut switch = Switch::new(sc);
        let mut agents = Vec::new();
        let mut by_address = HashMap::new();
        let mut by_id = HashMap::new();
        let mut by_extension = HashMap::new();
        for a in &seed.agents {
            by_id.entry(a.id.clone()).or_insert(agents.len());
            by_extension
                .entry(a.extension.clone())
                .or_insert(agents.len());
            let device = format!("SEP{:0>12}", a.extension);
            let (t, addr) = switch
                .add_phone(&device, &a.extension)
                .map_err(|e| format!("phone for {}: {e}", a.id))?;
            by_address.insert(addr, agents.len());
            agents.push(Agent::new(a, t, addr, now));
        }
        let mut queues = Vec::new();
        for q in &seed.queues {
            let rp = switch
                .add_route_point(&format!("RP_{}", q.id), &q.route_point)
                .map_err(|e| format!("route point {}: {e}", q.route_point))?;
            switch.set_no_answer(rp, None);
            queues.push(Queue {
                id: q.id,
                route_point: q.route_point.clone(),
            });
        }
        switch.set_trunk("");
        switch.start().map_err(|e| format!("provider: {e}"))?;
        while switch.poll_event().is_some() {}
        Ok(Self {
            switch,
            agents,
            by_address,
            by_id,
            by_extension,
            router: Router::new(queues.len()),
            queues,
            calls: HashMap::new(),
            by_cti_id: HashMap::new(),
            next_call_id: 1_000_001,
            sessions: HashMap::new(),
            next_session: 1,
            options,
            out: VecDeque::new(),
        })
    }

    /// The agent with id `id`.
    pub(crate) fn agent_by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The agent whose phone is `extension`.
    pub(crate) fn agent_by_extension(&self, extension: &str) -> Option<usize> {
        self.by_extension.get(extension).copied()
    }

    // ----- outputs -----

    /// The next message for a session.
    #[must_use]
    pub(crate) fn poll_output(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    /// When [`handle_timeout`](Self::handle_timeout) next has work.
    #[must_use]
    pub(crate) fn poll_timeout(&self) -> Option<Instant> {
        let agents = self.agents.iter().filter_map(|a| a.wrap_up_until);
        let calls = self.calls.values().filter_map(|c| c.hang_up_at);
        self.switch
            .poll_timeout()
            .into_iter()
            .chain(agents)
            .chain(calls)
            .min()
    }

    /// How many outputs wait (a position for [`reply_at`](Self::reply_at)).
    pub(crate) fn out_len(&self) -> usize {
        self.out.len()
    }

    /// Queues `session`'s answer at position `at` of the output queue.
    pub(crate) fn reply_at(
        &mut self,
        at: usize,
        session: SessionId,
        mut message: Message,
        invoke_id: u32,
    ) {
        message.set_invoke_id(invoke_id);
        let at = at.min(self.out.len());
        self.out.insert(at, Output::Reply { session, message });
    }

    /// Sends `message` to every session that sees `agent`'s events (bridge sessions and the
    /// agent's own); `None`: to every session.
    pub(crate) fn fan_out(&mut self, agent: Option<usize>, message: Message) {
        let mut ids: Vec<SessionId> = self
            .sessions
            .iter()
            .filter(|(_, s)| match (s.mode, agent) {
                (_, None) | (SessionMode::Bridge, _) => true,
                (SessionMode::Agent(a), Some(b)) => a == b,
                (SessionMode::Plain, Some(_)) => false,
            })
            .map(|(id, _)| *id)
            .collect();
        ids.sort_unstable();
        for session in ids {
            self.out.push_back(Output::Event {
                session,
                message: message.clone(),
            });
        }
    }

    /// Sends `message` to every session (tests of the delivery glue).
    #[cfg(test)]
    pub(crate) fn fan_out_for_test(&mut self, message: Message) {
        self.fan_out(None, message);
    }

    // ----- sessions -----

    /// Decides an OPEN_REQ that passed the protocol checks; `granted` are the services
    /// the session will have. Agent mode needs a known agent whose id, extension and
    /// instrument (those given) agree.
    pub(crate) fn open_session(
        &mut self,
        wall_secs: u32,
        granted: ServiceMask,
        req: &OpenReq,
    ) -> Result<(SessionId, OpenAccept), StatusCode> {
        if self.sessions.len() >= self.options.max_sessions {
            return Err(StatusCode::UnspecifiedFailure);
        }
        let mut accept = OpenAccept {
            central_controller_time: wall_secs,
            peripheral_online: true,
            peripheral_type: msg::PERIPHERAL_TYPE,
            ..OpenAccept::default()
        };
        let mode = if granted.contains(ServiceMask::CLIENT_EVENTS) {
            let id = req.agent_id_long.as_ref().or(req.agent_id.as_ref());
            let mut found = None;
            for (given, by_id) in [
                (id, true),
                (req.agent_extension.as_ref(), false),
                (req.agent_instrument.as_ref(), false),
            ] {
                let Some(given) = given else { continue };
                let idx = if by_id {
                    self.agent_by_id(given.as_str())
                } else {
                    self.agent_by_extension(given.as_str())
                };
                match (idx, found) {
                    (None, _) => return Err(StatusCode::InvalidAgentData),
                    (Some(i), Some(f)) if i != f => return Err(StatusCode::InconsistentAgentData),
                    (Some(i), _) => found = Some(i),
                }
            }
            let idx = found.ok_or(StatusCode::RequiredDataMissing)?;
            if let Some(a) = self.agents.get(idx) {
                accept.agent_state = a.state;
                accept.agent_extension = msg::s(&a.extension);
                accept.agent_instrument = msg::s(&a.extension);
                accept.agent_id = msg::s(&a.id);
            }
            SessionMode::Agent(idx)
        } else if granted.contains(ServiceMask::ALL_EVENTS) {
            SessionMode::Bridge
        } else {
            SessionMode::Plain
        };
        let id = self.next_session;
        self.next_session += 1;
        self.sessions.insert(
            id,
            SessionInfo {
                mode,
                agent_control: granted.intersects(
                    ServiceMask::CLIENT_CONTROL | ServiceMask::AGENT_STATE_CONTROL_ONLY,
                ),
                call_control: granted.contains(ServiceMask::CLIENT_CONTROL),
            },
        );
        // SYSTEM_EVENTs go to every client; after OPEN_CONF a new one learns the
        // peripheral's status.
        self.out.push_back(Output::Event {
            session: id,
            message: msg::ccx_online(wall_secs),
        });
        Ok((id, accept))
    }

    /// A session ended (closed, failed, or dropped for being slow).
    pub(crate) fn close_session(&mut self, session: SessionId) {
        self.sessions.remove(&session);
        self.out.retain(|o| match o {
            Output::Reply { session: s, .. } | Output::Event { session: s, .. } => *s != session,
        });
    }

    // ----- customer calls -----

    /// A customer call from `ani` into queue `queue_id`; it hangs up by itself
    /// `talk_time` after an agent answers, if given.
    pub(crate) fn place_call(
        &mut self,
        now: Instant,
        queue_id: u32,
        ani: &str,
        talk_time: Option<Duration>,
    ) -> Result<PlacedCall, CcxError> {
        let q = self
            .queues
            .iter()
            .position(|q| q.id == queue_id)
            .ok_or(CcxError::UnknownQueue(queue_id))?;
        let internal = self.agent_by_extension(ani).is_some()
            || self.queues.iter().any(|q| q.route_point == ani);
        if ani.is_empty()
            || ani.len() > 32
            || !ani.bytes().all(|b| b.is_ascii_graphic())
            || internal
        {
            return Err(CcxError::InvalidAni(ani.to_owned()));
        }
        if self.calls.len() >= self.options.max_calls {
            return Err(CcxError::TooManyCalls);
        }
        let dnis = self
            .queues
            .get(q)
            .map(|q| q.route_point.clone())
            .unwrap_or_default();
        let (call, [caller, _]) = self
            .switch
            .incoming_call(now, ani, &dnis)
            .map_err(|e| CcxError::Switch(e.to_string()))?;
        let cti_id = self.allocate_call_id();
        self.by_cti_id.insert(cti_id, call);
        self.calls.insert(
            call,
            CallRecord {
                cti_id,
                queue: q,
                ani: ani.to_owned(),
                caller,
                rp_conn: None,
                agent: None,
                begun: false,
                arrived: now,
                queued_since: None,
                requeue_front: false,
                talk_time,
                hang_up_at: None,
            },
        );
        tracing::debug!(call_id = cti_id, queue_id, "customer call placed");
        self.pump(now);
        Ok(PlacedCall {
            call_id: cti_id,
            queue_id,
            ani: ani.to_owned(),
            dnis,
        })
    }

    fn allocate_call_id(&mut self) -> u32 {
        loop {
            let id = self.next_call_id;
            self.next_call_id = match self.next_call_id.wrapping_add(1) {
                u32::MAX | 0 => 1,
                n => n,
            };
            if !self.by_cti_id.contains_key(&id) {
                return id;
            }
        }
    }

    // ----- time -----

    /// Fires what is due at `now`: switch timers (ring-no-answer), wrap-up ends, customer
    /// hang-ups.
    pub(crate) fn handle_timeout(&mut self, now: Instant) {
        self.switch.step(now);
        for idx in 0..self.agents.len() {
            let Some(agent) = self.agents.get(idx) else {
                continue;
            };
            if agent.wrap_up_until.is_some_and(|t| t <= now) {
                let next = match agent.state {
                    AgentState::WorkReady => Some((AgentState::Available, 0)),
                    AgentState::WorkNotReady => Some((
                        AgentState::NotReady,
                        if agent.reason_code == 0 {
                            REASON_WORK_TIMER
                        } else {
                            agent.reason_code
                        },
                    )),
                    _ => None,
                };
                if let Some(a) = self.agents.get_mut(idx) {
                    a.wrap_up_until = None;
                }
                if let Some((state, rc)) = next {
                    self.set_state(now, idx, state, rc);
                }
            }
        }
        let due: Vec<(CallId, ConnectionId)> = self
            .calls
            .iter_mut()
            .filter(|(_, c)| c.hang_up_at.is_some_and(|t| t <= now))
            .map(|(id, c)| {
                c.hang_up_at = None;
                (*id, c.caller)
            })
            .collect();
        for (call, caller) in due {
            if let Err(e) = self.switch.hang_up(now, caller) {
                tracing::debug!(?call, "customer hang-up refused: {e}");
            }
        }
        self.pump(now);
    }

    // ----- agent state -----

    /// Moves agent `idx` to `state`; on a change, every session that sees the agent gets
    /// AGENT_STATE_EVENT.
    pub(crate) fn set_state(&mut self, now: Instant, idx: usize, state: AgentState, rc: u16) {
        let Some(agent) = self.agents.get_mut(idx) else {
            return;
        };
        if agent.enter(now, state, rc) {
            tracing::debug!(agent = %agent.id, state = %state, reason = rc, "agent state");
            self.announce_agent(now, idx);
        }
    }

    /// Sends the agent's current state to every session that sees it.
    pub(crate) fn announce_agent(&mut self, now: Instant, idx: usize) {
        let Some(agent) = self.agents.get(idx) else {
            return;
        };
        let csq = agent
            .call
            .and_then(|c| self.calls.get(&c))
            .and_then(|r| self.queues.get(r.queue))
            .map(|q| q.id);
        let mut m = msg::agent_state_event(agent, csq, now);
        if let (Message::AgentStateEvent(ev), Some((next, _))) = (&mut m, agent.pending) {
            ev.next_agent_state = Some(next);
        }
        self.fan_out(Some(idx), m);
    }

    // ----- snapshot -----

    /// Agents, queued and connected calls, sessions.
    pub(crate) fn snapshot(&self, now: Instant) -> EngineSnapshot {
        let call_snap = |call: CallId| {
            let r = self.calls.get(&call)?;
            Some(CallSnapshot {
                call_id: r.cti_id,
                queue_id: self.queues.get(r.queue).map_or(0, |q| q.id),
                ani: r.ani.clone(),
                agent: r
                    .agent
                    .and_then(|i| self.agents.get(i))
                    .map(|a| a.id.clone()),
                age: now.saturating_duration_since(r.arrived),
            })
        };
        let queued = (0..self.queues.len())
            .flat_map(|q| self.router.waiting(q).map(|w| w.call).collect::<Vec<_>>())
            .filter_map(call_snap)
            .collect();
        let mut connected: Vec<CallSnapshot> = self
            .calls
            .iter()
            .filter(|(_, r)| r.agent.is_some())
            .filter_map(|(c, _)| call_snap(*c))
            .collect();
        connected.sort_by_key(|c| c.call_id);
        EngineSnapshot {
            agents: self
                .agents
                .iter()
                .map(|a| AgentSnapshot {
                    id: a.id.clone(),
                    extension: a.extension.clone(),
                    state: a.state,
                    reason_code: a.reason_code,
                    state_duration: a.state_duration(now),
                    queues: a.queues.clone(),
                    pending_state: a.pending.map(|p| p.0),
                    call_id: a.call.and_then(|c| self.calls.get(&c)).map(|r| r.cti_id),
                })
                .collect(),
            queued,
            connected,
            sessions: self.sessions.len(),
        }
    }
}

#[cfg(test)]
#[path = "core_tests.rs"]
mod tests;
