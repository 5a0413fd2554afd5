//! The router's side of the core: calls queued at route points, offers to the
//! longest-available READY agent, and ring-no-answer requeues.

use std::time::Instant;

use cti_proto::AgentState;
use jtapi_model::{AddressId, CallId, ConnectionId, SwitchNotice};

use super::agents::longest_available;
use super::core::Core;
use super::router::Waiting;

/// CCX failure reason code (CCX_FAILURE): the switch refused to deliver a routed call.
const REASON_CCX_FAILURE: u16 = 32764;

impl Core {
    pub(crate) fn on_notice(&mut self, now: Instant, notice: SwitchNotice) {
        match notice {
            SwitchNotice::CallQueued {
                call, connection, ..
            } => {
                let Some(r) = self.calls.get_mut(&call) else {
                    return;
                };
                r.rp_conn = Some(connection);
                let since = *r.queued_since.get_or_insert(now);
                let w = Waiting { call, since };
                let q = r.queue;
                if std::mem::take(&mut r.requeue_front) {
                    self.router.push_front(q, w);
                } else {
                    self.router.push_back(q, w);
                }
            }
            SwitchNotice::RingNoAnswer {
                call,
                connection,
                address,
            } => self.ring_no_answer(now, call, connection, address),
            _ => {}
        }
    }

    /// Ring-no-answer (UCCX RONA): the call goes back to the head of its queue, the agent
    /// to NOT_READY with reason AGT_RNA (or LOGOUT, if it asked for that meanwhile).
    fn ring_no_answer(
        &mut self,
        now: Instant,
        call: CallId,
        connection: ConnectionId,
        address: AddressId,
    ) {
        let Some(idx) = self.by_address.get(&address).copied() else {
            return;
        };
        let Some(r) = self.calls.get_mut(&call) else {
            return;
        };
        if r.agent != Some(idx) {
            return;
        }
        r.requeue_front = true;
        let Some(rp) = self.queues.get(r.queue).map(|q| q.route_point.clone()) else {
            return;
        };
        if let Err(e) = self.switch.route(now, connection, &rp) {
            tracing::warn!("ring-no-answer requeue failed: {e}");
            if let Some(r) = self.calls.get_mut(&call) {
                r.requeue_front = false;
            }
            return;
        }
        let mut next = (AgentState::NotReady, super::agents::REASON_RNA);
        if let Some(a) = self.agents.get_mut(idx) {
            a.call = None;
            a.talked = false;
            // A LOGOUT asked for while the call rang still happens.
            if let Some((AgentState::Logout, rc)) = a.pending.take() {
                next = (AgentState::Logout, rc);
            }
        }
        // The divert's CTI events (CALL_DIVERTED, END_CALL) come from the switch's
        // events; drain them first so the agent's NOT_READY follows them.
        while let Some(ev) = self.switch.poll_event() {
            self.on_jtapi(now, &ev);
        }
        self.set_state(now, idx, next.0, next.1);
    }

    /// Offers waiting calls to the longest-available READY agents; returns whether any
    /// call was offered.
    pub(crate) fn dispatch(&mut self, now: Instant) -> bool {
        let mut offered = false;
        'again: loop {
            for q in self.router.heads_by_age() {
                let Some(queue_id) = self.queues.get(q).map(|q| q.id) else {
                    continue;
                };
                let Some(idx) = longest_available(self.agents.iter().enumerate(), queue_id) else {
                    continue;
                };
                let Some(w) = self.router.pop(q) else {
                    continue;
                };
                self.offer(now, q, w, idx);
                offered = true;
                continue 'again;
            }
            return offered;
        }
    }

    /// Reserves agent `idx` for the call and routes it to the agent's extension.
    fn offer(&mut self, now: Instant, q: usize, w: Waiting, idx: usize) {
        let Some(r) = self.calls.get_mut(&w.call) else {
            return;
        };
        let Some(rp_conn) = r.rp_conn else {
            return;
        };
        r.agent = Some(idx);
        r.begun = false;
        let Some(agent) = self.agents.get_mut(idx) else {
            return;
        };
        agent.call = Some(w.call);
        agent.talked = false;
        agent.pending = None;
        let ext = agent.extension.clone();
        self.set_state(now, idx, AgentState::Reserved, 0);
        if let Err(e) = self.switch.route(now, rp_conn, &ext) {
            tracing::warn!(agent = %ext, "routing failed: {e}");
            if let Some(r) = self.calls.get_mut(&w.call) {
                r.agent = None;
            }
            if let Some(a) = self.agents.get_mut(idx) {
                a.call = None;
            }
            self.router.push_front(q, w);
            self.set_state(now, idx, AgentState::NotReady, REASON_CCX_FAILURE);
        }
    }
}
