//! Core and CallControl operations on calls, connections and terminal connections.

use super::places::Dest;
use super::{invalid_arg, invalid_party, unavailable, CallData, ConnectionData, Provider, TcData};
use crate::arena::{AddressId, CallId, ConnectionId, TerminalConnectionId, TerminalId};
use crate::error::JtapiError;
use crate::event::{Cause, MetaCode};
use crate::state::{
    CallControlConnectionState as CC, CallControlTerminalConnectionState as CT, CallState,
    ConnectionState,
};

pub(crate) fn wrong_state(
    object: &'static str,
    state: u16,
    operation: &'static str,
    expected: &'static str,
) -> JtapiError {
    JtapiError::InvalidState {
        object,
        state,
        operation,
        expected,
    }
}

impl Provider {
    pub(crate) fn call_ref(&self, op: &'static str, call: CallId) -> Result<&CallData, JtapiError> {
        self.calls
            .get(call)
            .ok_or_else(|| invalid_arg(op, "no such call (or it is INVALID)"))
    }

    pub(crate) fn conn_ref(
        &self,
        op: &'static str,
        conn: ConnectionId,
    ) -> Result<&ConnectionData, JtapiError> {
        self.connections
            .get(conn)
            .ok_or_else(|| invalid_arg(op, "no such connection (or it is DISCONNECTED)"))
    }

    pub(crate) fn tc_ref(
        &self,
        op: &'static str,
        tc: TerminalConnectionId,
    ) -> Result<&TcData, JtapiError> {
        self.tcs
            .get(tc)
            .ok_or_else(|| invalid_arg(op, "no such terminal connection (or it is DROPPED)"))
    }

    /// The terminal connection, if it is in `want` (named `expected` in the error).
    fn require_tc_state(
        &self,
        op: &'static str,
        tc: TerminalConnectionId,
        want: CT,
        expected: &'static str,
    ) -> Result<&TcData, JtapiError> {
        let t = self.tc_ref(op, tc)?;
        if t.state != want {
            return Err(wrong_state(
                "terminal connection",
                t.state.value(),
                op,
                expected,
            ));
        }
        Ok(t)
    }

    fn require_call_state(
        &self,
        op: &'static str,
        call: CallId,
        want: CallState,
        expected: &'static str,
    ) -> Result<(), JtapiError> {
        let c = self.call_ref(op, call)?;
        if c.state != want {
            return Err(wrong_state("call", c.state.value(), op, expected));
        }
        Ok(())
    }

    /// `Provider.createCall()`: a new call in IDLE. No event until it becomes ACTIVE.
    pub fn create_call(&mut self) -> Result<CallId, JtapiError> {
        const OP: &str = "create_call";
        self.require_in_service(OP)?;
        self.check_call_room(OP)?;
        self.calls
            .insert(Self::new_call_data())
            .ok_or_else(|| unavailable(OP, "call table full"))
    }

    /// Forgets an IDLE call that will not be used (IDLE → INVALID without events; JTAPI
    /// leaves unused calls to the garbage collector).
    pub fn discard_call(&mut self, call: CallId) -> Result<(), JtapiError> {
        const OP: &str = "discard_call";
        self.require_call_state(OP, call, CallState::Idle, "IDLE")?;
        self.calls.remove(call);
        Ok(())
    }

    /// `Call.connect(origTerminal, origAddress, dialedDigits)`: places a call from
    /// `terminal`/`address` to `digits`. Returns `[originating, destination]`.
    ///
    /// Events (the CUCM basic-call order): CallActive; ConnCreated, ConnConnected,
    /// CallCtlConnInitiated (orig); TermConnCreated, TermConnActive, CallCtlTermConnTalking;
    /// CallCtlConnDialing, CallCtlConnEstablished (orig); then the destination: ConnCreated,
    /// ConnInProgress, CallCtlConnOffered, ConnAlerting, CallCtlConnAlerting and per
    /// terminal TermConnCreated, TermConnRinging, CallCtlTermConnRinging. A busy
    /// destination instead gets ConnFailed + CallCtlConnFailed (cause BUSY) and the call
    /// stays ACTIVE; a route point gets CallCtlConnQueued after OFFERED; the trunk gets
    /// ConnConnected, CallCtlConnNetworkReached, CallCtlConnNetworkAlerting.
    pub fn connect(
        &mut self,
        call: CallId,
        terminal: TerminalId,
        address: AddressId,
        digits: &str,
    ) -> Result<[ConnectionId; 2], JtapiError> {
        const OP: &str = "connect";
        self.require_in_service(OP)?;
        self.require_call_state(OP, call, CallState::Idle, "IDLE")?;
        self.check_origin(OP, address, terminal)?;
        let dest = self.resolve(OP, digits)?;
        self.begin_op(MetaCode::CallStarting, None);
        let (orig, _) = self.originate(OP, call, address, terminal)?;
        let dest = self.dial_from(OP, call, orig, dest)?;
        Ok([orig, dest])
    }

    /// DIALING, ESTABLISHED on `orig`, then the destination.
    fn dial_from(
        &mut self,
        op: &'static str,
        call: CallId,
        orig: ConnectionId,
        dest: Dest<'_>,
    ) -> Result<ConnectionId, JtapiError> {
        self.set_conn_state(orig, CC::Dialing, Cause::Normal);
        self.set_conn_state(orig, CC::Established, Cause::Normal);
        self.place_destination(op, call, dest, Cause::Normal)
    }

    /// `CallControlCall.offHook(address, terminal)`: an IDLE call gets one connection in
    /// INITIATED (dial tone); dial with [`add_to_address`](Self::add_to_address).
    pub fn off_hook(
        &mut self,
        call: CallId,
        address: AddressId,
        terminal: TerminalId,
    ) -> Result<ConnectionId, JtapiError> {
        const OP: &str = "off_hook";
        self.require_in_service(OP)?;
        self.require_call_state(OP, call, CallState::Idle, "IDLE")?;
        self.check_origin(OP, address, terminal)?;
        self.begin_op(MetaCode::CallStarting, None);
        Ok(self.originate(OP, call, address, terminal)?.0)
    }

    /// `CallControlConnection.addToAddress(digits)`: dials from a connection in
    /// INITIATED or DIALING (all digits at once): CallCtlConnDialing,
    /// CallCtlConnEstablished, then the destination as in [`connect`](Self::connect).
    pub fn add_to_address(
        &mut self,
        conn: ConnectionId,
        digits: &str,
    ) -> Result<ConnectionId, JtapiError> {
        const OP: &str = "add_to_address";
        self.require_in_service(OP)?;
        let c = self.conn_ref(OP, conn)?;
        if !matches!(c.state, CC::Initiated | CC::Dialing) {
            return Err(wrong_state(
                "connection",
                c.state.value(),
                OP,
                "INITIATED or DIALING",
            ));
        }
        let call = c.call;
        self.check_party_room(OP, call, 1)?;
        let dest = self.resolve(OP, digits)?;
        self.begin_op(MetaCode::CallProgress, None);
        self.dial_from(OP, call, conn, dest)
    }

    /// `CallControlCall.consult(tc, digits)`: puts `tc` (TALKING on another call) on hold
    /// and places a consultation call from its terminal and address on the IDLE `call`.
    /// Returns `[originating, destination]`. The two calls become each other's transfer
    /// and conference partners, with `tc` and the new terminal connection as controllers.
    pub fn consult(
        &mut self,
        call: CallId,
        tc: TerminalConnectionId,
        digits: &str,
    ) -> Result<[ConnectionId; 2], JtapiError> {
        const OP: &str = "consult";
        let (orig_call, terminal, address) = self.check_consult(OP, call, tc)?;
        let dest = self.resolve(OP, digits)?;
        self.begin_op(MetaCode::CallProgress, Some(call));
        self.set_tc_state(tc, CT::Held, Cause::Normal);
        self.set_meta(MetaCode::CallStarting);
        self.ctx.related_call = Some(orig_call);
        let (orig, new_tc) = self.originate(OP, call, address, terminal)?;
        self.link_consult(call, orig_call, tc, new_tc);
        let dest = self.dial_from(OP, call, orig, dest)?;
        Ok([orig, dest])
    }

    /// `CallControlCall.consult(tc)`: like [`consult`](Self::consult) but the consultation
    /// call stops at INITIATED; dial with [`add_to_address`](Self::add_to_address).
    pub fn consult_initiate(
        &mut self,
        call: CallId,
        tc: TerminalConnectionId,
    ) -> Result<ConnectionId, JtapiError> {
        const OP: &str = "consult_initiate";
        let (orig_call, terminal, address) = self.check_consult(OP, call, tc)?;
        self.begin_op(MetaCode::CallProgress, Some(call));
        self.set_tc_state(tc, CT::Held, Cause::Normal);
        self.set_meta(MetaCode::CallStarting);
        self.ctx.related_call = Some(orig_call);
        let (orig, new_tc) = self.originate(OP, call, address, terminal)?;
        self.link_consult(call, orig_call, tc, new_tc);
        Ok(orig)
    }

    fn check_consult(
        &self,
        op: &'static str,
        call: CallId,
        tc: TerminalConnectionId,
    ) -> Result<(CallId, TerminalId, AddressId), JtapiError> {
        self.require_in_service(op)?;
        self.require_call_state(op, call, CallState::Idle, "IDLE")?;
        self.check_call_room(op)?;
        let t = self.require_tc_state(op, tc, CT::Talking, "TALKING")?;
        let address = self.conn_ref(op, t.connection)?.address;
        let orig_call = t.call;
        let terminal = t.terminal;
        self.require_call_state(op, orig_call, CallState::Active, "ACTIVE")?;
        let term = self
            .terminals
            .get(terminal)
            .ok_or_else(|| invalid_arg(op, "no such terminal"))?;
        if !term.in_service {
            return Err(unavailable(op, "the terminal is out of service"));
        }
        Ok((orig_call, terminal, address))
    }

    fn link_consult(
        &mut self,
        call: CallId,
        orig_call: CallId,
        held: TerminalConnectionId,
        new_tc: TerminalConnectionId,
    ) {
        if let Some(c) = self.calls.get_mut(call) {
            c.consult_of = Some(orig_call);
            c.transfer_controller = Some(new_tc);
            c.conference_controller = Some(new_tc);
        }
        if let Some(c) = self.calls.get_mut(orig_call) {
            c.transfer_controller = Some(held);
            c.conference_controller = Some(held);
        }
    }

    /// A call arriving from the network on the trunk (not a JTAPI method: what the switch
    /// does when a customer calls). Events: CallActive; ConnCreated, ConnConnected,
    /// CallCtlConnEstablished for the external caller; then the destination as in
    /// [`connect`](Self::connect). Returns the call and `[caller, destination]`.
    pub fn incoming_call(
        &mut self,
        from: &str,
        to: &str,
    ) -> Result<(CallId, [ConnectionId; 2]), JtapiError> {
        const OP: &str = "incoming_call";
        self.require_in_service(OP)?;
        self.check_call_room(OP)?;
        self.validate_digits(OP, from)?;
        let known = self.address_names.get(from).copied();
        if let Some(a) = known {
            if self
                .addresses
                .get(a)
                .is_some_and(|a| a.kind == super::AddressKind::Internal)
            {
                return Err(invalid_party(OP, "the caller is an internal number"));
            }
        }
        let dest = self.resolve(OP, to)?;
        if matches!(dest, Dest::External(_)) {
            return Err(invalid_party(
                OP,
                "an incoming call must reach an internal number",
            ));
        }
        let ext = match known {
            Some(a) => a,
            None => self.external_address(OP, from)?,
        };
        let call = self
            .calls
            .insert(Self::new_call_data())
            .ok_or_else(|| unavailable(OP, "call table full"))?;
        if let Some(cd) = self.calls.get_mut(call) {
            cd.calling_address = Some(ext);
        }
        self.begin_op(MetaCode::CallStarting, None);
        self.activate_call(call, Cause::Normal);
        let caller = self
            .new_connection(call, ext, true, Cause::Normal)
            .ok_or_else(|| unavailable(OP, "connection table full"))?;
        self.set_conn_state(caller, CC::Established, Cause::Normal);
        let dest = self.place_destination(OP, call, dest, Cause::Normal)?;
        Ok((call, [caller, dest]))
    }

    /// The far end of an outgoing trunk call answers: NETWORK_REACHED/NETWORK_ALERTING →
    /// ESTABLISHED (not a JTAPI method: the network's doing).
    pub fn network_answer(&mut self, conn: ConnectionId) -> Result<(), JtapiError> {
        const OP: &str = "network_answer";
        self.require_in_service(OP)?;
        let c = self.conn_ref(OP, conn)?;
        if !matches!(c.state, CC::NetworkReached | CC::NetworkAlerting) {
            return Err(wrong_state(
                "connection",
                c.state.value(),
                OP,
                "NETWORK_REACHED or NETWORK_ALERTING",
            ));
        }
        self.begin_op(MetaCode::CallProgress, None);
        self.set_conn_state(conn, CC::Established, Cause::Normal);
        Ok(())
    }

    /// `TerminalConnection.answer()`: RINGING → TALKING, the connection ALERTING →
    /// ESTABLISHED. Events: ConnConnected, CallCtlConnEstablished, TermConnActive,
    /// CallCtlTermConnTalking; other ringing terminals of a shared line go BRIDGED
    /// (TermConnPassive, CallCtlTermConnBridged). A call talking on the same terminal is
    /// put on hold first (CallCtlTermConnHeld), as a phone does.
    pub fn answer(&mut self, tc: TerminalConnectionId) -> Result<(), JtapiError> {
        const OP: &str = "answer";
        self.require_in_service(OP)?;
        let t = self.require_tc_state(OP, tc, CT::Ringing, "RINGING")?;
        let conn = t.connection;
        let terminal = t.terminal;
        let c = self.conn_ref(OP, conn)?;
        if c.state != CC::Alerting {
            return Err(wrong_state("connection", c.state.value(), OP, "ALERTING"));
        }
        let others: Vec<TerminalConnectionId> = c
            .terminal_connections
            .iter()
            .copied()
            .filter(|x| *x != tc)
            .collect();
        self.begin_op(MetaCode::CallProgress, None);
        self.hold_others_on(terminal, Some(tc));
        self.set_conn_state(conn, CC::Established, Cause::Normal);
        self.set_tc_state(tc, CT::Talking, Cause::Normal);
        for o in others {
            self.set_tc_state(o, CT::Bridged, Cause::Normal);
        }
        Ok(())
    }

    /// `CallControlTerminalConnection.hold()`: TALKING → HELD (CallCtlTermConnHeld).
    pub fn hold(&mut self, tc: TerminalConnectionId) -> Result<(), JtapiError> {
        const OP: &str = "hold";
        self.require_in_service(OP)?;
        self.require_tc_state(OP, tc, CT::Talking, "TALKING")?;
        self.begin_op(MetaCode::CallProgress, None);
        self.set_tc_state(tc, CT::Held, Cause::Normal);
        Ok(())
    }

    /// `CallControlTerminalConnection.unhold()`: HELD → TALKING (CallCtlTermConnTalking,
    /// cause UNHOLD). A call talking on the same terminal is held first.
    pub fn unhold(&mut self, tc: TerminalConnectionId) -> Result<(), JtapiError> {
        const OP: &str = "unhold";
        self.require_in_service(OP)?;
        let t = self.require_tc_state(OP, tc, CT::Held, "HELD")?;
        let terminal = t.terminal;
        self.begin_op(MetaCode::CallProgress, None);
        self.hold_others_on(terminal, Some(tc));
        self.set_tc_state(tc, CT::Talking, Cause::Unhold);
        Ok(())
    }

    /// `CallControlTerminalConnection.join()`: BRIDGED → TALKING (TermConnActive,
    /// CallCtlTermConnTalking).
    pub fn join(&mut self, tc: TerminalConnectionId) -> Result<(), JtapiError> {
        const OP: &str = "join";
        self.require_in_service(OP)?;
        let t = self.require_tc_state(OP, tc, CT::Bridged, "BRIDGED")?;
        let terminal = t.terminal;
        self.begin_op(MetaCode::CallProgress, None);
        self.hold_others_on(terminal, Some(tc));
        self.set_tc_state(tc, CT::Talking, Cause::Normal);
        Ok(())
    }

    /// `CallControlTerminalConnection.leave()`: TALKING or HELD → BRIDGED when another
    /// terminal shares the connection; otherwise the terminal connection is DROPPED and
    /// its connection DISCONNECTED, as [`disconnect`](Self::disconnect) does.
    pub fn leave(&mut self, tc: TerminalConnectionId) -> Result<(), JtapiError> {
        const OP: &str = "leave";
        self.require_in_service(OP)?;
        let t = self.tc_ref(OP, tc)?;
        if !matches!(t.state, CT::Talking | CT::Held) {
            return Err(wrong_state(
                "terminal connection",
                t.state.value(),
                OP,
                "TALKING or HELD",
            ));
        }
        let conn = t.connection;
        let shared = self.conn_ref(OP, conn)?.terminal_connections.len() > 1;
        if shared {
            self.begin_op(MetaCode::CallProgress, None);
            self.set_tc_state(tc, CT::Bridged, Cause::Normal);
            Ok(())
        } else {
            self.disconnect(conn)
        }
    }

    /// `Connection.disconnect()`: from CONNECTED, ALERTING, INPROGRESS or FAILED. Events:
    /// per terminal connection TermConnDropped, CallCtlTermConnDropped; then
    /// ConnDisconnected, CallCtlConnDisconnected. When fewer than two parties that are not
    /// FAILED remain, the switch clears the others (meta CALL_ENDING) and the call becomes
    /// INVALID (CallInvalidEv).
    pub fn disconnect(&mut self, conn: ConnectionId) -> Result<(), JtapiError> {
        self.disconnect_with_cause(conn, Cause::Normal)
    }

    /// [`disconnect`](Self::disconnect) reporting `cause` on the leaving party (e.g.
    /// CALL_NOT_ANSWERED for a ring-no-answer, CALL_CANCELLED); the others are cleared
    /// with cause NORMAL.
    pub fn disconnect_with_cause(
        &mut self,
        conn: ConnectionId,
        cause: Cause,
    ) -> Result<(), JtapiError> {
        const OP: &str = "disconnect";
        self.require_in_service(OP)?;
        let c = self.conn_ref(OP, conn)?;
        let core = c.state.core();
        if !matches!(
            core,
            ConnectionState::Connected
                | ConnectionState::Alerting
                | ConnectionState::InProgress
                | ConnectionState::Failed
        ) {
            return Err(wrong_state(
                "connection",
                core.value(),
                OP,
                "CONNECTED, ALERTING, INPROGRESS or FAILED",
            ));
        }
        let call = c.call;
        self.begin_op(MetaCode::CallRemovingParty, None);
        self.disconnect_conn(conn, cause);
        self.teardown_if_alone(call, Cause::Normal);
        Ok(())
    }

    /// `CallControlCall.drop()`: disconnects every connection (meta CALL_ENDING); the call
    /// becomes INVALID.
    pub fn drop_call(&mut self, call: CallId) -> Result<(), JtapiError> {
        const OP: &str = "drop";
        self.require_in_service(OP)?;
        self.require_call_state(OP, call, CallState::Active, "ACTIVE")?;
        let conns = self.call_ref(OP, call)?.connections.clone();
        self.begin_op(MetaCode::CallEnding, None);
        for c in conns {
            self.disconnect_conn(c, Cause::Normal);
        }
        self.end_call_if_empty(call, Cause::Normal);
        Ok(())
    }

    /// `CallControlConnection.accept()`: OFFERED (or QUEUED at a route point) → ALERTING
    /// with its terminals ringing.
    pub fn accept(&mut self, conn: ConnectionId) -> Result<(), JtapiError> {
        const OP: &str = "accept";
        self.require_in_service(OP)?;
        let c = self.conn_ref(OP, conn)?;
        if !matches!(c.state, CC::Offered | CC::Queued) {
            return Err(wrong_state(
                "connection",
                c.state.value(),
                OP,
                "OFFERED or QUEUED",
            ));
        }
        if self.ringable_terminals(c.address) == 0 {
            return Err(unavailable(OP, "no terminal of the address is in service"));
        }
        self.begin_op(MetaCode::CallProgress, None);
        self.alert(conn, Cause::Normal);
        Ok(())
    }

    /// `CallControlConnection.reject()`: OFFERED or QUEUED → DISCONNECTED (cause
    /// BUSY, as CUCM reports a rejected offer); the caller is then cleared.
    pub fn reject(&mut self, conn: ConnectionId) -> Result<(), JtapiError> {
        const OP: &str = "reject";
        self.require_in_service(OP)?;
        let c = self.conn_ref(OP, conn)?;
        if !matches!(c.state, CC::Offered | CC::Queued) {
            return Err(wrong_state(
                "connection",
                c.state.value(),
                OP,
                "OFFERED or QUEUED",
            ));
        }
        let call = c.call;
        self.begin_op(MetaCode::CallRemovingParty, None);
        self.disconnect_conn(conn, Cause::Busy);
        self.teardown_if_alone(call, Cause::Normal);
        Ok(())
    }

    /// `CallControlConnection.redirect(digits)`: moves an OFFERED, QUEUED or ALERTING
    /// connection to another destination (route a queued call to an agent). The new
    /// connection is created first (cause REDIRECTED), then the old one is DISCONNECTED
    /// (cause REDIRECTED). A busy internal destination is refused with
    /// `ResourceUnavailable` and nothing changes.
    pub fn redirect(
        &mut self,
        conn: ConnectionId,
        digits: &str,
    ) -> Result<ConnectionId, JtapiError> {
        const OP: &str = "redirect";
        self.require_in_service(OP)?;
        let c = self.conn_ref(OP, conn)?;
        if !matches!(c.state, CC::Offered | CC::Queued | CC::Alerting) {
            return Err(wrong_state(
                "connection",
                c.state.value(),
                OP,
                "OFFERED, QUEUED or ALERTING",
            ));
        }
        let (call, from) = (c.call, c.address);
        let dest = self.resolve(OP, digits)?;
        if let Dest::Internal(a) = dest {
            if a == from {
                return Err(invalid_party(OP, "redirect to the same address"));
            }
            if self.is_busy(a) {
                return Err(unavailable(OP, "the destination is busy"));
            }
        }
        self.check_party_room(OP, call, 1)?;
        self.begin_op(MetaCode::CallProgress, None);
        let new = self.place_destination(OP, call, dest, Cause::Redirected)?;
        if let Some(cd) = self.calls.get_mut(call) {
            cd.last_redirected = Some(from);
        }
        self.disconnect_conn(conn, Cause::Redirected);
        Ok(new)
    }

    /// `CallControlCall.addParty(digits)`: a new party on an ACTIVE call with at least two
    /// connections (meta CALL_ADDITIONAL_PARTY); it alerts like a connect destination.
    pub fn add_party(&mut self, call: CallId, digits: &str) -> Result<ConnectionId, JtapiError> {
        const OP: &str = "add_party";
        self.require_in_service(OP)?;
        self.require_call_state(OP, call, CallState::Active, "ACTIVE")?;
        if self.call_ref(OP, call)?.connections.len() < 2 {
            return Err(wrong_state(
                "call",
                CallState::Active.value(),
                OP,
                "ACTIVE with two or more connections",
            ));
        }
        self.check_party_room(OP, call, 1)?;
        let dest = self.resolve(OP, digits)?;
        self.begin_op(MetaCode::CallAdditionalParty, None);
        self.place_destination(OP, call, dest, Cause::Normal)
    }

    /// `CallControlCall.setTransferController(tc)`.
    pub fn set_transfer_controller(
        &mut self,
        call: CallId,
        tc: TerminalConnectionId,
    ) -> Result<(), JtapiError> {
        const OP: &str = "set_transfer_controller";
        self.check_controller(OP, call, tc)?;
        if let Some(c) = self.calls.get_mut(call) {
            c.transfer_controller = Some(tc);
        }
        Ok(())
    }

    /// `CallControlCall.setConferenceController(tc)`.
    pub fn set_conference_controller(
        &mut self,
        call: CallId,
        tc: TerminalConnectionId,
    ) -> Result<(), JtapiError> {
        const OP: &str = "set_conference_controller";
        self.check_controller(OP, call, tc)?;
        if let Some(c) = self.calls.get_mut(call) {
            c.conference_controller = Some(tc);
        }
        Ok(())
    }

    fn check_controller(
        &self,
        op: &'static str,
        call: CallId,
        tc: TerminalConnectionId,
    ) -> Result<(), JtapiError> {
        self.require_call_state(op, call, CallState::Active, "ACTIVE")?;
        let t = self.tc_ref(op, tc)?;
        if t.call != call {
            return Err(invalid_arg(
                op,
                "the terminal connection is not on this call",
            ));
        }
        if !matches!(t.state, CT::Talking | CT::Held) {
            return Err(wrong_state(
                "terminal connection",
                t.state.value(),
                op,
                "TALKING or HELD",
            ));
        }
        Ok(())
    }
}
