//! Event stamping and delivery: the global queue, observers, snapshots.

use std::collections::VecDeque;

use super::{invalid_arg, unavailable, Provider};
use crate::arena::{AddressId, CallId, ConnectionId, ObserverId, TerminalConnectionId, TerminalId};
use crate::error::JtapiError;
use crate::event::{Cause, Event, EventKind, MetaCode};
use crate::state::{ConnectionState, ProviderState, TerminalConnectionState};

/// What an observer watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObserverTarget {
    /// `ProviderObserver`: provider state events.
    Provider,
    /// `Address.addCallObserver`: every event of every call that reaches this address,
    /// from the moment it does (with a snapshot of what happened before), until the call
    /// is INVALID.
    Address(AddressId),
    /// `Terminal.addCallObserver`: the same for calls that reach this terminal.
    Terminal(TerminalId),
    /// `Call.addObserver`: every event of one call, starting with a snapshot.
    Call(CallId),
}

#[derive(Debug)]
pub(crate) struct ObserverData {
    pub(crate) target: ObserverTarget,
    pub(crate) queue: VecDeque<Event>,
    pub(crate) ended: bool,
}

pub(crate) fn provider_event_kind(s: ProviderState) -> EventKind {
    match s {
        ProviderState::InService => EventKind::ProvInService,
        ProviderState::OutOfService => EventKind::ProvOutOfService,
        ProviderState::Shutdown => EventKind::ProvShutdown,
    }
}

pub(crate) fn core_connection_event(s: ConnectionState) -> Option<EventKind> {
    Some(match s {
        ConnectionState::Idle => return None,
        ConnectionState::InProgress => EventKind::ConnInProgress,
        ConnectionState::Alerting => EventKind::ConnAlerting,
        ConnectionState::Connected => EventKind::ConnConnected,
        ConnectionState::Disconnected => EventKind::ConnDisconnected,
        ConnectionState::Failed => EventKind::ConnFailed,
        ConnectionState::Unknown => EventKind::ConnUnknown,
    })
}

pub(crate) fn core_tc_event(s: TerminalConnectionState) -> Option<EventKind> {
    Some(match s {
        TerminalConnectionState::Idle => return None,
        TerminalConnectionState::Ringing => EventKind::TermConnRinging,
        TerminalConnectionState::Passive => EventKind::TermConnPassive,
        TerminalConnectionState::Active => EventKind::TermConnActive,
        TerminalConnectionState::Dropped => EventKind::TermConnDropped,
        TerminalConnectionState::Unknown => EventKind::TermConnUnknown,
    })
}

impl Provider {
    /// Starts a new batch whose first meta group is `meta`.
    pub(crate) fn begin_op(&mut self, meta: MetaCode, related_call: Option<CallId>) {
        self.ctx.batch += 1;
        self.ctx.meta = meta;
        self.ctx.new_meta = true;
        self.ctx.related_call = related_call;
    }

    /// Starts a new meta group inside the current batch.
    pub(crate) fn set_meta(&mut self, meta: MetaCode) {
        if self.ctx.meta != meta {
            self.ctx.meta = meta;
            self.ctx.new_meta = true;
        }
    }

    fn stamp(&mut self, mut ev: Event) -> Event {
        ev.meta = self.ctx.meta;
        ev.new_meta = std::mem::take(&mut self.ctx.new_meta);
        ev.batch = self.ctx.batch;
        if ev.related_call.is_none() {
            ev.related_call = self.ctx.related_call;
        }
        ev
    }

    fn publish(&mut self, ev: Event) {
        if self.observers.len() > 0 {
            self.route(&ev);
        }
        if self.config.global_events {
            self.events.push_back(ev);
        }
    }

    pub(crate) fn emit_provider(&mut self, kind: EventKind) {
        let ev = self.stamp(Event::bare(kind, Cause::Normal));
        self.publish(ev);
    }

    pub(crate) fn emit_call(&mut self, kind: EventKind, cause: Cause, call: CallId) {
        let mut ev = Event::bare(kind, cause);
        ev.call = Some(call);
        let ev = self.stamp(ev);
        self.publish(ev);
    }

    pub(crate) fn emit_conn(&mut self, kind: EventKind, cause: Cause, conn: ConnectionId) {
        let Some(c) = self.connections.get(conn) else {
            return;
        };
        let mut ev = Event::bare(kind, cause);
        ev.call = Some(c.call);
        ev.connection = Some(conn);
        ev.address = Some(c.address);
        ev.calling = c.calling;
        let ev = self.stamp(ev);
        self.publish(ev);
    }

    pub(crate) fn emit_tc(&mut self, kind: EventKind, cause: Cause, tc: TerminalConnectionId) {
        let Some(t) = self.tcs.get(tc) else {
            return;
        };
        let mut ev = Event::bare(kind, cause);
        ev.call = Some(t.call);
        ev.connection = Some(t.connection);
        ev.terminal_connection = Some(tc);
        ev.terminal = Some(t.terminal);
        if let Some(c) = self.connections.get(t.connection) {
            ev.address = Some(c.address);
            ev.calling = c.calling;
        }
        let ev = self.stamp(ev);
        self.publish(ev);
    }

    /// A Cisco bracket event on `call` referring to `other`.
    pub(crate) fn emit_bracket(
        &mut self,
        kind: EventKind,
        cause: Cause,
        call: CallId,
        other: Option<CallId>,
    ) {
        let mut ev = Event::bare(kind, cause);
        ev.call = Some(call);
        ev.related_call = other;
        let ev = self.stamp(ev);
        self.publish(ev);
    }

    // ----- observers -----

    /// Registers an observer. An observer added while things are under way first gets a
    /// snapshot batch (meta SNAPSHOT, cause SNAPSHOT) with the fewest events that bring it
    /// to the current state: the provider state, or per call the call, its connections and
    /// terminal connections with their core and call-control states.
    pub fn add_observer(&mut self, target: ObserverTarget) -> Result<ObserverId, JtapiError> {
        const OP: &str = "add_observer";
        if self.observers.len() >= self.config.max_observers {
            return Err(unavailable(OP, "max_observers reached"));
        }
        let calls: Vec<CallId> = match target {
            ObserverTarget::Provider => Vec::new(),
            ObserverTarget::Call(c) => {
                if !self.calls.contains(c) {
                    return Err(invalid_arg(OP, "no such call"));
                }
                vec![c]
            }
            ObserverTarget::Address(a) => {
                let ad = self
                    .addresses
                    .get(a)
                    .ok_or_else(|| invalid_arg(OP, "no such address"))?;
                let mut v: Vec<CallId> = ad
                    .connections
                    .iter()
                    .filter_map(|c| self.connections.get(*c).map(|c| c.call))
                    .collect();
                v.dedup();
                v
            }
            ObserverTarget::Terminal(t) => {
                let td = self
                    .terminals
                    .get(t)
                    .ok_or_else(|| invalid_arg(OP, "no such terminal"))?;
                let mut v: Vec<CallId> = td
                    .terminal_connections
                    .iter()
                    .filter_map(|tc| self.tcs.get(*tc).map(|t| t.call))
                    .collect();
                v.dedup();
                v
            }
        };
        let id = self
            .observers
            .insert(ObserverData {
                target,
                queue: VecDeque::new(),
                ended: false,
            })
            .ok_or_else(|| unavailable(OP, "observer table full"))?;
        match target {
            ObserverTarget::Provider => {
                self.provider_observers.push(id);
                let mut ev = Event::bare(provider_event_kind(self.state), Cause::Snapshot);
                ev.meta = MetaCode::Snapshot;
                ev.new_meta = true;
                ev.batch = self.ctx.batch;
                self.deliver(id, ev);
            }
            ObserverTarget::Address(a) => {
                if let Some(ad) = self.addresses.get_mut(a) {
                    ad.observers.push(id);
                }
            }
            ObserverTarget::Terminal(t) => {
                if let Some(td) = self.terminals.get_mut(t) {
                    td.observers.push(id);
                }
            }
            ObserverTarget::Call(_) => {}
        }
        for call in calls {
            self.attach(call, id, None, None);
        }
        Ok(id)
    }

    /// Removes an observer and drops its undelivered events.
    pub fn remove_observer(&mut self, id: ObserverId) -> Result<(), JtapiError> {
        let data = self
            .observers
            .remove(id)
            .ok_or_else(|| invalid_arg("remove_observer", "no such observer"))?;
        match data.target {
            ObserverTarget::Provider => self.provider_observers.retain(|o| *o != id),
            ObserverTarget::Address(a) => {
                if let Some(ad) = self.addresses.get_mut(a) {
                    ad.observers.retain(|o| *o != id);
                }
            }
            ObserverTarget::Terminal(t) => {
                if let Some(td) = self.terminals.get_mut(t) {
                    td.observers.retain(|o| *o != id);
                }
            }
            ObserverTarget::Call(_) => {}
        }
        Ok(())
    }

    /// The next event for observer `id` (`None` when its queue is empty or it is gone).
    #[must_use]
    pub fn poll_observer(&mut self, id: ObserverId) -> Option<Event> {
        self.observers.get_mut(id)?.queue.pop_front()
    }

    /// Whether observer `id` has ended (its object went away, or it fell behind by more
    /// than `max_observer_queue` events). Ended observers stay until removed so their last
    /// events can be read.
    pub fn observer_ended(&self, id: ObserverId) -> Option<bool> {
        self.observers.get(id).map(|o| o.ended)
    }

    fn deliver(&mut self, id: ObserverId, ev: Event) {
        let limit = self.config.max_observer_queue;
        let Some(o) = self.observers.get_mut(id) else {
            return;
        };
        if o.ended {
            return;
        }
        if o.queue.len() + 1 >= limit {
            o.queue.clear();
            let kind = match o.target {
                ObserverTarget::Provider => EventKind::ProvObservationEnded,
                ObserverTarget::Address(_) => EventKind::AddrObservationEnded,
                ObserverTarget::Terminal(_) => EventKind::TermObservationEnded,
                ObserverTarget::Call(_) => EventKind::CallObservationEnded,
            };
            let mut end = Event::bare(kind, Cause::ResourcesNotAvailable);
            end.batch = ev.batch;
            o.queue.push_back(end);
            o.ended = true;
            return;
        }
        o.queue.push_back(ev);
    }

    fn route(&mut self, ev: &Event) {
        if ev.kind.is_provider_event() {
            for i in 0..self.provider_observers.len() {
                let id = self.provider_observers[i];
                self.deliver(id, *ev);
            }
            return;
        }
        let Some(call) = ev.call else {
            return;
        };
        // Auto-attach address and terminal call observers when the call reaches them.
        let joiners: Vec<ObserverId> = match ev.kind {
            EventKind::CallActive => {
                let cd = self.calls.get(call);
                let mut v: Vec<ObserverId> = cd
                    .and_then(|c| c.calling_address)
                    .and_then(|a| self.addresses.get(a))
                    .map(|a| a.observers.clone())
                    .unwrap_or_default();
                if let Some(t) = cd
                    .and_then(|c| c.calling_terminal)
                    .and_then(|t| self.terminals.get(t))
                {
                    v.extend(t.observers.iter().copied());
                }
                v
            }
            EventKind::ConnCreated => ev
                .address
                .and_then(|a| self.addresses.get(a))
                .map(|a| a.observers.clone())
                .unwrap_or_default(),
            EventKind::TermConnCreated => ev
                .terminal
                .and_then(|t| self.terminals.get(t))
                .map(|t| t.observers.clone())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        for obs in joiners {
            self.attach(
                call,
                obs,
                ev.connection.filter(|_| ev.kind == EventKind::ConnCreated),
                ev.terminal_connection,
            );
        }
        let Some(cd) = self.calls.get(call) else {
            return;
        };
        if cd.observers.is_empty() {
            return;
        }
        let list = cd.observers.clone();
        for id in &list {
            self.deliver(*id, *ev);
        }
        if ev.kind == EventKind::CallInvalid {
            for id in list {
                let mut end = Event::bare(EventKind::CallObservationEnded, Cause::Normal);
                end.call = Some(call);
                end.batch = ev.batch;
                end.meta = ev.meta;
                self.deliver(id, end);
                if let Some(o) = self.observers.get_mut(id) {
                    if matches!(o.target, ObserverTarget::Call(_)) {
                        o.ended = true;
                    }
                }
            }
        }
    }

    /// Attaches observer `obs` to `call`, first delivering a snapshot of the call without
    /// `skip_conn`/`skip_tc` (the object whose creation is being reported right now).
    fn attach(
        &mut self,
        call: CallId,
        obs: ObserverId,
        skip_conn: Option<ConnectionId>,
        skip_tc: Option<TerminalConnectionId>,
    ) {
        let Some(cd) = self.calls.get_mut(call) else {
            return;
        };
        if cd.observers.contains(&obs) {
            return;
        }
        cd.observers.push(obs);
        let snapshot = self.snapshot(call, skip_conn, skip_tc);
        for ev in snapshot {
            self.deliver(obs, ev);
        }
    }

    /// The snapshot batch of `call`.
    pub(crate) fn snapshot(
        &self,
        call: CallId,
        skip_conn: Option<ConnectionId>,
        skip_tc: Option<TerminalConnectionId>,
    ) -> Vec<Event> {
        let mut out = Vec::new();
        let Some(cd) = self.calls.get(call) else {
            return out;
        };
        if cd.state != crate::state::CallState::Active {
            return out;
        }
        let has_other = cd.connections.iter().any(|c| Some(*c) != skip_conn);
        if !has_other {
            return out;
        }
        let base = |kind: EventKind| {
            let mut ev = Event::bare(kind, Cause::Snapshot);
            ev.meta = MetaCode::Snapshot;
            ev.batch = self.ctx.batch;
            ev.call = Some(call);
            ev
        };
        let mut first = base(EventKind::CallActive);
        first.new_meta = true;
        out.push(first);
        for &conn in &cd.connections {
            if Some(conn) == skip_conn {
                continue;
            }
            let Some(c) = self.connections.get(conn) else {
                continue;
            };
            let with_conn = |kind| {
                let mut ev = base(kind);
                ev.connection = Some(conn);
                ev.address = Some(c.address);
                ev.calling = c.calling;
                ev
            };
            out.push(with_conn(EventKind::ConnCreated));
            if let Some(k) = core_connection_event(c.state.core()) {
                out.push(with_conn(k));
            }
            if c.state != crate::state::CallControlConnectionState::Idle {
                out.push(with_conn(EventKind::for_cc_connection(c.state)));
            }
            for &tc in &c.terminal_connections {
                if Some(tc) == skip_tc {
                    continue;
                }
                let Some(t) = self.tcs.get(tc) else {
                    continue;
                };
                let with_tc = |kind| {
                    let mut ev = with_conn(kind);
                    ev.terminal_connection = Some(tc);
                    ev.terminal = Some(t.terminal);
                    ev
                };
                out.push(with_tc(EventKind::TermConnCreated));
                if let Some(k) = core_tc_event(t.state.core()) {
                    out.push(with_tc(k));
                }
                if t.state != crate::state::CallControlTerminalConnectionState::Idle {
                    out.push(with_tc(EventKind::for_cc_terminal_connection(t.state)));
                }
            }
        }
        out
    }

    pub(crate) fn end_provider_observers(&mut self) {
        let list = std::mem::take(&mut self.provider_observers);
        for id in list {
            let mut end = Event::bare(EventKind::ProvObservationEnded, Cause::Normal);
            end.batch = self.ctx.batch;
            self.deliver(id, end);
            if let Some(o) = self.observers.get_mut(id) {
                o.ended = true;
            }
        }
    }
}
