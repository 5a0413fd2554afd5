//! The building blocks every operation is made of: create and move connections and
//! terminal connections (emitting core then call-control events), resolve dialed digits,
//! place a destination, and end calls.

use super::{
    invalid_arg, invalid_party, unavailable, AddressData, AddressKind, CallData, ConnectionData,
    Hook, Provider, TcData, TerminalKind,
};
use crate::arena::{AddressId, CallId, ConnectionId, TerminalConnectionId, TerminalId};
use crate::error::JtapiError;
use crate::event::{Cause, EventKind, MetaCode};
use crate::provider::emit::{core_connection_event, core_tc_event};
use crate::state::{
    CallControlConnectionState as CC, CallControlTerminalConnectionState as CT, CallState,
};

/// Where dialed digits lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dest<'a> {
    Internal(AddressId),
    External(&'a str),
}

impl Provider {
    pub(crate) fn validate_digits(&self, op: &'static str, digits: &str) -> Result<(), JtapiError> {
        if digits.is_empty() || digits.len() > self.config.max_digits {
            return Err(invalid_arg(
                op,
                "dialed digits empty or longer than max_digits",
            ));
        }
        if !digits.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(invalid_arg(
                op,
                "dialed digits must be printable ASCII without spaces",
            ));
        }
        Ok(())
    }

    /// Resolves `digits` through the dial plan, then the trunk.
    pub(crate) fn resolve<'a>(
        &self,
        op: &'static str,
        digits: &'a str,
    ) -> Result<Dest<'a>, JtapiError> {
        self.validate_digits(op, digits)?;
        if let Some(&a) = self.address_names.get(digits) {
            if let Some(ad) = self.addresses.get(a) {
                if ad.kind == AddressKind::Internal {
                    return Ok(Dest::Internal(a));
                }
            }
        }
        match &self.trunk_prefix {
            Some(p) if digits.starts_with(&**p) => Ok(Dest::External(digits)),
            _ => Err(invalid_party(
                op,
                "number not in the dial plan and no trunk matches",
            )),
        }
    }

    pub(crate) fn live_calls_at(&self, a: &AddressData) -> usize {
        a.connections
            .iter()
            .filter(|c| {
                self.connections
                    .get(**c)
                    .is_some_and(|c| c.state != CC::Failed)
            })
            .count()
    }

    pub(crate) fn is_busy(&self, address: AddressId) -> bool {
        self.addresses
            .get(address)
            .is_some_and(|a| a.busy || self.live_calls_at(a) >= a.max_calls)
    }

    pub(crate) fn is_route_point(&self, address: AddressId) -> bool {
        self.addresses.get(address).is_some_and(|a| {
            a.terminals.iter().any(|t| {
                self.terminals
                    .get(*t)
                    .is_some_and(|t| t.kind == TerminalKind::RoutePoint)
            })
        })
    }

    pub(crate) fn check_call_room(&self, op: &'static str) -> Result<(), JtapiError> {
        if self.calls.len() >= self.config.max_calls {
            return Err(unavailable(op, "max_calls reached"));
        }
        Ok(())
    }

    pub(crate) fn check_party_room(
        &self,
        op: &'static str,
        call: CallId,
        extra: usize,
    ) -> Result<(), JtapiError> {
        let n = self.calls.get(call).map_or(0, |c| c.connections.len());
        if n + extra > self.config.max_parties {
            return Err(unavailable(op, "max_parties reached on this call"));
        }
        Ok(())
    }

    pub(crate) fn new_call_data() -> CallData {
        CallData {
            state: CallState::Idle,
            connections: Vec::new(),
            calling_address: None,
            calling_terminal: None,
            called_address: None,
            last_redirected: None,
            consult_of: None,
            transfer_controller: None,
            conference_controller: None,
            observers: Vec::new(),
        }
    }

    /// IDLE → ACTIVE with `CallActiveEv`.
    pub(crate) fn activate_call(&mut self, call: CallId, cause: Cause) {
        if let Some(c) = self.calls.get_mut(call) {
            c.state = CallState::Active;
        }
        self.emit_call(EventKind::CallActive, cause, call);
    }

    /// Gets or creates the external address for `number`.
    pub(crate) fn external_address(
        &mut self,
        op: &'static str,
        number: &str,
    ) -> Result<AddressId, JtapiError> {
        if let Some(&a) = self.address_names.get(number) {
            return Ok(a);
        }
        if self.addresses.len() + self.terminals.len() >= self.config.max_objects {
            return Err(unavailable(op, "max_objects reached"));
        }
        self.insert_address(op, number, AddressKind::External)
    }

    /// Creates a connection in IDLE and reports `ConnCreatedEv`.
    pub(crate) fn new_connection(
        &mut self,
        call: CallId,
        address: AddressId,
        calling: bool,
        cause: Cause,
    ) -> Option<ConnectionId> {
        let conn = self.connections.insert(ConnectionData {
            call,
            address,
            state: CC::Idle,
            calling,
            terminal_connections: Vec::new(),
        })?;
        if let Some(c) = self.calls.get_mut(call) {
            c.connections.push(conn);
        }
        if let Some(a) = self.addresses.get_mut(address) {
            a.connections.push(conn);
        }
        self.emit_conn(EventKind::ConnCreated, cause, conn);
        Some(conn)
    }

    /// Moves a connection to `to`, reporting the core event (if the core state changes)
    /// then the call-control event.
    pub(crate) fn set_conn_state(&mut self, conn: ConnectionId, to: CC, cause: Cause) {
        let Some(c) = self.connections.get_mut(conn) else {
            return;
        };
        let from = c.state;
        if from == to {
            return;
        }
        debug_assert!(from.can_transition_to(to), "{from:?} -> {to:?}");
        c.state = to;
        if matches!(
            from,
            CC::Alerting | CC::Queued | CC::NetworkReached | CC::NetworkAlerting
        ) {
            self.push_hook(Hook::Left(conn, cause));
        }
        if from.core() != to.core() {
            if let Some(k) = core_connection_event(to.core()) {
                self.emit_conn(k, cause, conn);
            }
        }
        self.emit_conn(EventKind::for_cc_connection(to), cause, conn);
    }

    /// Creates a terminal connection in IDLE and reports `TermConnCreatedEv`.
    pub(crate) fn new_tc(
        &mut self,
        conn: ConnectionId,
        terminal: TerminalId,
        cause: Cause,
    ) -> Option<TerminalConnectionId> {
        let call = self.connections.get(conn)?.call;
        let tc = self.tcs.insert(TcData {
            call,
            connection: conn,
            terminal,
            state: CT::Idle,
        })?;
        if let Some(c) = self.connections.get_mut(conn) {
            c.terminal_connections.push(tc);
        }
        if let Some(t) = self.terminals.get_mut(terminal) {
            t.terminal_connections.push(tc);
        }
        self.emit_tc(EventKind::TermConnCreated, cause, tc);
        Some(tc)
    }

    /// Moves a terminal connection to `to` (core event first when the core state changes).
    pub(crate) fn set_tc_state(&mut self, tc: TerminalConnectionId, to: CT, cause: Cause) {
        let Some(t) = self.tcs.get_mut(tc) else {
            return;
        };
        let from = t.state;
        if from == to {
            return;
        }
        debug_assert!(from.can_transition_to(to), "{from:?} -> {to:?}");
        t.state = to;
        if from.core() != to.core() {
            if let Some(k) = core_tc_event(to.core()) {
                self.emit_tc(k, cause, tc);
            }
        }
        self.emit_tc(EventKind::for_cc_terminal_connection(to), cause, tc);
    }

    /// DROPPED, then forgotten.
    pub(crate) fn drop_tc(&mut self, tc: TerminalConnectionId, cause: Cause) {
        self.set_tc_state(tc, CT::Dropped, cause);
        if let Some(t) = self.tcs.remove(tc) {
            if let Some(c) = self.connections.get_mut(t.connection) {
                c.terminal_connections.retain(|x| *x != tc);
            }
            if let Some(term) = self.terminals.get_mut(t.terminal) {
                term.terminal_connections.retain(|x| *x != tc);
            }
        }
    }

    /// Drops the connection's terminal connections, then DISCONNECTED, then forgotten.
    pub(crate) fn disconnect_conn(&mut self, conn: ConnectionId, cause: Cause) {
        let Some(c) = self.connections.get(conn) else {
            return;
        };
        let _ = c;
        // drop_tc unlists each one, so this walks the list in order without a copy.
        while let Some(&tc) = self
            .connections
            .get(conn)
            .and_then(|c| c.terminal_connections.first())
        {
            self.drop_tc(tc, cause);
        }
        self.set_conn_state(conn, CC::Disconnected, cause);
        if let Some(c) = self.connections.remove(conn) {
            if let Some(cd) = self.calls.get_mut(c.call) {
                cd.connections.retain(|x| *x != conn);
            }
            let mut retire = false;
            if let Some(a) = self.addresses.get_mut(c.address) {
                a.connections.retain(|x| *x != conn);
                retire = a.kind == AddressKind::External && a.connections.is_empty();
            }
            if retire {
                self.retire_external(c.address);
            }
        }
    }

    /// Keeps an unused external address for a while, freeing the oldest unused ones
    /// beyond `retired_external_addresses`.
    fn retire_external(&mut self, address: AddressId) {
        match self.addresses.get_mut(address) {
            Some(a) if !a.retired => a.retired = true,
            _ => return,
        }
        self.retired.push_back(address);
        while self.retired.len() > self.config.retired_external_addresses {
            let Some(old) = self.retired.pop_front() else {
                break;
            };
            let Some(a) = self.addresses.get_mut(old) else {
                continue;
            };
            a.retired = false;
            if a.connections.is_empty() && a.observers.is_empty() {
                if let Some(a) = self.addresses.remove(old) {
                    self.address_names.remove(&a.name);
                }
            }
        }
    }

    /// Switches to meta CALL_ENDING unless a transfer or conference batch is under way.
    pub(crate) fn enter_ending(&mut self) {
        if !matches!(
            self.ctx.meta,
            MetaCode::CallTransferring | MetaCode::CallMerging
        ) {
            self.set_meta(MetaCode::CallEnding);
        }
    }

    /// A call with no connections left becomes INVALID (`CallInvalidEv`) and is forgotten.
    pub(crate) fn end_call_if_empty(&mut self, call: CallId, cause: Cause) {
        let Some(cd) = self.calls.get_mut(call) else {
            return;
        };
        if !cd.connections.is_empty() || cd.state != CallState::Active {
            return;
        }
        cd.state = CallState::Invalid;
        self.enter_ending();
        self.emit_call(EventKind::CallInvalid, cause, call);
        self.calls.remove(call);
    }

    /// The switch's two-party rule: when fewer than two parties that are not FAILED are
    /// left after someone left, the call ends: everyone else is disconnected.
    pub(crate) fn teardown_if_alone(&mut self, call: CallId, cause: Cause) {
        let Some(cd) = self.calls.get(call) else {
            return;
        };
        let live = cd
            .connections
            .iter()
            .filter(|c| {
                self.connections
                    .get(**c)
                    .is_some_and(|c| c.state != CC::Failed)
            })
            .count();
        if live < 2 {
            if !cd.connections.is_empty() {
                self.enter_ending();
            }
            // disconnect_conn unlists each one.
            while let Some(&c) = self.calls.get(call).and_then(|cd| cd.connections.first()) {
                self.disconnect_conn(c, cause);
            }
        }
        self.end_call_if_empty(call, cause);
    }

    /// Creates the destination connection for `dest` on `call` and moves it as far as the
    /// switch takes it on its own: FAILED (busy / no device), QUEUED (route point),
    /// ALERTING with ringing terminals (a line), or NETWORK_ALERTING (the trunk).
    pub(crate) fn place_destination(
        &mut self,
        op: &'static str,
        call: CallId,
        dest: Dest<'_>,
        cause: Cause,
    ) -> Result<ConnectionId, JtapiError> {
        match dest {
            Dest::External(number) => {
                let a = self.external_address(op, number)?;
                let conn = self
                    .new_connection(call, a, false, cause)
                    .ok_or_else(|| unavailable(op, "connection table full"))?;
                self.note_called(call, a);
                self.set_conn_state(conn, CC::NetworkReached, cause);
                self.set_conn_state(conn, CC::NetworkAlerting, cause);
                self.push_hook(Hook::NetworkAlerting(conn));
                Ok(conn)
            }
            Dest::Internal(a) => {
                let on_call = self.calls.get(call).is_some_and(|cd| {
                    cd.connections
                        .iter()
                        .any(|c| self.connections.get(*c).is_some_and(|c| c.address == a))
                });
                let busy = on_call || self.is_busy(a);
                let conn = self
                    .new_connection(call, a, false, cause)
                    .ok_or_else(|| unavailable(op, "connection table full"))?;
                self.note_called(call, a);
                if busy {
                    self.set_conn_state(conn, CC::Failed, Cause::Busy);
                    return Ok(conn);
                }
                if self.ringable_terminals(a) == 0 {
                    self.set_conn_state(conn, CC::Failed, Cause::DestNotObtainable);
                    return Ok(conn);
                }
                self.set_conn_state(conn, CC::Offered, cause);
                if self.is_route_point(a) {
                    self.set_conn_state(conn, CC::Queued, cause);
                    self.push_hook(Hook::Queued(conn));
                    return Ok(conn);
                }
                self.alert(conn, cause);
                Ok(conn)
            }
        }
    }

    /// How many terminals of `address` are in service.
    pub(crate) fn ringable_terminals(&self, address: AddressId) -> usize {
        self.addresses.get(address).map_or(0, |a| {
            a.terminals
                .iter()
                .filter(|t| self.terminals.get(**t).is_some_and(|t| t.in_service))
                .count()
        })
    }

    /// OFFERED/QUEUED → ALERTING, every in-service terminal of its address ringing.
    pub(crate) fn alert(&mut self, conn: ConnectionId, cause: Cause) {
        self.set_conn_state(conn, CC::Alerting, cause);
        let Some(address) = self.connections.get(conn).map(|c| c.address) else {
            return;
        };
        let count = self.addresses.get(address).map_or(0, |a| a.terminals.len());
        for i in 0..count {
            let Some(t) = self
                .addresses
                .get(address)
                .and_then(|a| a.terminals.get(i).copied())
            else {
                break;
            };
            if !self.terminals.get(t).is_some_and(|t| t.in_service) {
                continue;
            }
            if let Some(tc) = self.new_tc(conn, t, cause) {
                self.set_tc_state(tc, CT::Ringing, cause);
            }
        }
        self.push_hook(Hook::Alerting(conn));
    }

    fn note_called(&mut self, call: CallId, a: AddressId) {
        if let Some(cd) = self.calls.get_mut(call) {
            if cd.called_address.is_none() {
                cd.called_address = Some(a);
            }
        }
    }

    /// Puts every TALKING terminal connection of `terminal` except `except` on hold (a
    /// phone has one active line: it holds the others when its user answers, resumes,
    /// joins or dials).
    pub(crate) fn hold_others_on(
        &mut self,
        terminal: TerminalId,
        except: Option<TerminalConnectionId>,
    ) {
        let Some(t) = self.terminals.get(terminal) else {
            return;
        };
        let talking: Vec<TerminalConnectionId> = t
            .terminal_connections
            .iter()
            .copied()
            .filter(|tc| {
                Some(*tc) != except && self.tcs.get(*tc).is_some_and(|d| d.state == CT::Talking)
            })
            .collect();
        for tc in talking {
            self.set_tc_state(tc, CT::Held, Cause::Normal);
        }
    }

    /// The origin side of a new call (the first nine events of the CUCM basic call):
    /// CallActive, the originating connection CONNECTED/INITIATED with its terminal
    /// connection ACTIVE/TALKING.
    pub(crate) fn originate(
        &mut self,
        op: &'static str,
        call: CallId,
        address: AddressId,
        terminal: TerminalId,
    ) -> Result<(ConnectionId, TerminalConnectionId), JtapiError> {
        if let Some(cd) = self.calls.get_mut(call) {
            cd.calling_address = Some(address);
            cd.calling_terminal = Some(terminal);
        }
        self.activate_call(call, Cause::Normal);
        self.hold_others_on(terminal, None);
        let conn = self
            .new_connection(call, address, true, Cause::Normal)
            .ok_or_else(|| unavailable(op, "connection table full"))?;
        self.set_conn_state(conn, CC::Initiated, Cause::Normal);
        let tc = self
            .new_tc(conn, terminal, Cause::Normal)
            .ok_or_else(|| unavailable(op, "terminal connection table full"))?;
        self.set_tc_state(tc, CT::Talking, Cause::Normal);
        Ok((conn, tc))
    }

    /// Checks that `terminal` may originate on `address`.
    pub(crate) fn check_origin(
        &self,
        op: &'static str,
        address: AddressId,
        terminal: TerminalId,
    ) -> Result<(), JtapiError> {
        let a = self
            .addresses
            .get(address)
            .ok_or_else(|| invalid_arg(op, "no such address"))?;
        let t = self
            .terminals
            .get(terminal)
            .ok_or_else(|| invalid_arg(op, "no such terminal"))?;
        if a.kind != AddressKind::Internal {
            return Err(JtapiError::PrivilegeViolation {
                operation: op,
                reason: "the originating address is outside the domain",
            });
        }
        if !t.addresses.contains(&address) {
            return Err(invalid_arg(
                op,
                "terminal and address do not reference each other",
            ));
        }
        if t.kind == TerminalKind::RoutePoint {
            return Err(JtapiError::MethodNotSupported {
                operation: op,
                reason: "a route point cannot originate calls",
            });
        }
        if !t.in_service {
            return Err(JtapiError::ResourceUnavailable {
                operation: op,
                reason: "the originating terminal is out of service",
            });
        }
        if self.is_busy(address) {
            return Err(unavailable(op, "the originating address has no free line"));
        }
        Ok(())
    }
}
