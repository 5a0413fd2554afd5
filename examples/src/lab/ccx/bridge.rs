//! The switch → CTI bridge: JTAPI events from the `jtapi-model` switch become CTI call
//! events (via `jtapi_model::cti_events`, fact sheet axl-jtapi.md §5) for calls at agents,
//! and move the agents' states along with their calls.

use std::time::Instant;

use cti_proto::{AgentState, EventCause};
use jtapi_model::{cti_events, CallId, CtiEventKind, Event, EventKind};

use super::agents::after_call;
use super::core::Core;
use super::messages::{self as msg, CallFacts};

impl Core {
    /// Drains the switch (JTAPI events, notices) and routes waiting calls until nothing
    /// more happens.
    pub(crate) fn pump(&mut self, now: Instant) {
        for _ in 0..10_000 {
            let mut busy = false;
            while let Some(ev) = self.switch.poll_event() {
                busy = true;
                self.on_jtapi(now, &ev);
            }
            while let Some(n) = self.switch.poll_notice() {
                busy = true;
                self.on_notice(now, n);
            }
            if self.dispatch(now) {
                busy = true;
            }
            if !busy {
                return;
            }
        }
        tracing::warn!("the switch did not settle");
    }

    fn facts(&self, call: CallId) -> Option<(usize, CallFacts<'_>)> {
        let r = self.calls.get(&call)?;
        let idx = r.agent?;
        let agent = self.agents.get(idx)?;
        let q = self.queues.get(r.queue)?;
        Some((
            idx,
            CallFacts {
                call_id: r.cti_id,
                agent_ext: &agent.extension,
                ani: &r.ani,
                dnis: &q.route_point,
                csq: q.id,
            },
        ))
    }

    /// One JTAPI event: the CTI events it stands for (`cti_events`), for calls at agents;
    /// the agent's state follows the call.
    pub(crate) fn on_jtapi(&mut self, now: Instant, ev: &Event) {
        let Some(call) = ev.call else { return };
        let at_agent = ev.address.and_then(|a| self.by_address.get(&a).copied());
        for cti in cti_events(ev) {
            let cause = EventCause::from_value(cti.cause);
            let Some((idx, f)) = self.facts(call) else {
                continue;
            };
            let mine = at_agent == Some(idx);
            match cti.kind {
                CtiEventKind::CallDelivered if mine => {
                    let begun = self.calls.get(&call).is_some_and(|r| r.begun);
                    let mut msgs = Vec::with_capacity(2);
                    if !begun {
                        msgs.push(msg::begin_call(&f));
                    }
                    msgs.push(msg::delivered(&f, cause));
                    if let Some(r) = self.calls.get_mut(&call) {
                        r.begun = true;
                    }
                    for m in msgs {
                        self.fan_out(Some(idx), m);
                    }
                }
                CtiEventKind::CallEstablished if mine => {
                    let m = msg::established(&f, cause);
                    self.fan_out(Some(idx), m);
                    if let Some(r) = self.calls.get_mut(&call) {
                        if r.hang_up_at.is_none() {
                            r.hang_up_at = r.talk_time.map(|d| now + d);
                        }
                    }
                    if let Some(a) = self.agents.get_mut(idx) {
                        a.talked = true;
                    }
                    self.set_state(now, idx, AgentState::Talking, 0);
                }
                CtiEventKind::CallHeld if mine => {
                    let m = msg::held(&f, cause);
                    self.fan_out(Some(idx), m);
                    self.set_state(now, idx, AgentState::Hold, 0);
                }
                CtiEventKind::CallRetrieved if mine => {
                    let m = msg::retrieved(&f, cause);
                    self.fan_out(Some(idx), m);
                    self.set_state(now, idx, AgentState::Talking, 0);
                }
                CtiEventKind::CallDiverted if mine => {
                    let msgs = [msg::diverted(&f, cause), msg::end_call(&f)];
                    if let Some(r) = self.calls.get_mut(&call) {
                        r.agent = None;
                        r.begun = false;
                    }
                    for m in msgs {
                        self.fan_out(Some(idx), m);
                    }
                }
                CtiEventKind::CallConnectionCleared => {
                    let begun = self.calls.get(&call).is_some_and(|r| r.begun);
                    let releasing = ev
                        .address
                        .and_then(|a| self.switch.provider().address(a))
                        .map(|a| a.name().to_owned());
                    if let (true, Some(releasing)) = (begun, releasing) {
                        let m = msg::connection_cleared(&f, &releasing, cause);
                        self.fan_out(Some(idx), m);
                    }
                }
                CtiEventKind::CallCleared | CtiEventKind::EndCall
                    if self.calls.get(&call).is_some_and(|r| r.begun) =>
                {
                    let m = if cti.kind == CtiEventKind::CallCleared {
                        msg::cleared(&f, cause)
                    } else {
                        msg::end_call(&f)
                    };
                    self.fan_out(Some(idx), m);
                }
                _ => {}
            }
        }
        if ev.kind == EventKind::CallInvalid {
            self.finish_call(now, call);
        }
    }

    /// The call is over: forget it; its agent goes to wrap-up, the pending state or READY.
    fn finish_call(&mut self, now: Instant, call: CallId) {
        let Some(r) = self.calls.remove(&call) else {
            return;
        };
        self.by_cti_id.remove(&r.cti_id);
        self.router.remove(call);
        let Some(idx) = r.agent else { return };
        let Some(agent) = self.agents.get_mut(idx) else {
            return;
        };
        if agent.call != Some(call) {
            return;
        }
        let (state, rc) = after_call(agent);
        agent.pending = None;
        agent.call = None;
        agent.talked = false;
        self.set_state(now, idx, state, rc);
        if matches!(state, AgentState::WorkReady | AgentState::WorkNotReady) {
            let until = self.options.wrap_up_time.map(|d| now + d);
            if let Some(a) = self.agents.get_mut(idx) {
                a.wrap_up_until = until;
            }
        }
    }
}
