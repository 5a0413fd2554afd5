//! Transfer (consult and blind) and conference: moving parties between calls, bracketed
//! by Cisco's start/end events.

use super::ops::wrong_state;
use super::places::Dest;
use super::{invalid_arg, invalid_party, unavailable, Hook, Provider};
use crate::arena::{CallId, ConnectionId, TerminalConnectionId};
use crate::error::JtapiError;
use crate::event::{Cause, EventKind, MetaCode};
use crate::state::{
    CallControlConnectionState as CC, CallControlTerminalConnectionState as CT, CallState,
};

impl Provider {
    /// `CallControlCall.transfer(otherCall)`: the consult transfer. The parties of `other`
    /// (all but the controller) are recreated on `call` (ConnCreated/TermConnCreated and
    /// their states, cause TRANSFER) and removed from `other`; the controller is dropped
    /// from both calls and `other` becomes INVALID. The batch (meta CALL_TRANSFERRING) is
    /// bracketed by CiscoTransferStart/CiscoTransferEnd.
    ///
    /// The controller is the transfer controller set on `call` (by
    /// [`consult`](Self::consult) or [`set_transfer_controller`](Self::set_transfer_controller)),
    /// else the first terminal TALKING or HELD on both calls.
    pub fn transfer(&mut self, call: CallId, other: CallId) -> Result<(), JtapiError> {
        const OP: &str = "transfer";
        let (tc_this, tc_other) = self.check_merge(OP, call, other, false)?;
        self.begin_op(MetaCode::CallTransferring, Some(other));
        self.emit_bracket(
            EventKind::CiscoTransferStart,
            Cause::Transfer,
            call,
            Some(other),
        );
        let ctl_other = self.tcs.get(tc_other).map(|t| t.connection);
        self.move_parties(call, other, ctl_other, Cause::Transfer);
        if let Some(c) = ctl_other {
            self.disconnect_conn(c, Cause::Transfer);
        }
        self.end_call_if_empty(other, Cause::Transfer);
        if let Some(c) = self.tcs.get(tc_this).map(|t| t.connection) {
            self.disconnect_conn(c, Cause::Transfer);
        }
        self.teardown_if_alone(call, Cause::Transfer);
        self.emit_bracket(
            EventKind::CiscoTransferEnd,
            Cause::Transfer,
            call,
            Some(other),
        );
        Ok(())
    }

    /// `CallControlCall.transfer(digits)`: single-step (blind) transfer. The transfer
    /// controller (TALKING) leaves and a new party for `digits` is placed on the call
    /// (cause TRANSFER, bracketed by CiscoTransferStart/End). A busy internal destination
    /// is refused with `ResourceUnavailable` and nothing changes.
    pub fn transfer_blind(
        &mut self,
        call: CallId,
        digits: &str,
    ) -> Result<ConnectionId, JtapiError> {
        const OP: &str = "transfer_blind";
        self.require_in_service(OP)?;
        let cd = self.call_ref(OP, call)?;
        if cd.state != CallState::Active {
            return Err(wrong_state("call", cd.state.value(), OP, "ACTIVE"));
        }
        let controller = cd
            .transfer_controller
            .filter(|tc| {
                self.tcs
                    .get(*tc)
                    .is_some_and(|t| t.call == call && t.state == CT::Talking)
            })
            .or_else(|| {
                cd.connections.iter().find_map(|c| {
                    self.connections
                        .get(*c)?
                        .terminal_connections
                        .iter()
                        .copied()
                        .find(|tc| self.tcs.get(*tc).is_some_and(|t| t.state == CT::Talking))
                })
            })
            .ok_or_else(|| {
                wrong_state(
                    "call",
                    CallState::Active.value(),
                    OP,
                    "a transfer controller TALKING",
                )
            })?;
        let ctl_conn = self.tc_ref(OP, controller)?.connection;
        let ctl_addr = self.conn_ref(OP, ctl_conn)?.address;
        let others = cd
            .connections
            .iter()
            .filter(|c| {
                **c != ctl_conn
                    && self
                        .connections
                        .get(**c)
                        .is_some_and(|c| c.state != CC::Failed)
            })
            .count();
        if others == 0 {
            return Err(invalid_party(OP, "nobody else is on the call"));
        }
        let dest = self.resolve(OP, digits)?;
        if let Dest::Internal(a) = dest {
            if a == ctl_addr {
                return Err(invalid_party(
                    OP,
                    "transfer to the controller's own address",
                ));
            }
            if self.is_busy(a) {
                return Err(unavailable(OP, "the destination is busy"));
            }
        }
        self.check_party_room(OP, call, 1)?;
        self.begin_op(MetaCode::CallTransferring, None);
        self.emit_bracket(EventKind::CiscoTransferStart, Cause::Transfer, call, None);
        let new = self.place_destination(OP, call, dest, Cause::Transfer)?;
        self.disconnect_conn(ctl_conn, Cause::Transfer);
        self.emit_bracket(EventKind::CiscoTransferEnd, Cause::Transfer, call, None);
        Ok(new)
    }

    /// `CallControlCall.conference(otherCall)`: the parties of `other` (all but the
    /// conference controller) are recreated on `call` and removed from `other`, which
    /// becomes INVALID; the controller's leg on `other` is dropped and, if held on
    /// `call`, it talks again (cause CONFERENCE). Meta CALL_MERGING, bracketed by
    /// CiscoConferenceStart/CiscoConferenceEnd.
    pub fn conference(&mut self, call: CallId, other: CallId) -> Result<(), JtapiError> {
        const OP: &str = "conference";
        let (tc_this, tc_other) = self.check_merge(OP, call, other, true)?;
        self.begin_op(MetaCode::CallMerging, Some(other));
        self.emit_bracket(
            EventKind::CiscoConferenceStart,
            Cause::Conference,
            call,
            Some(other),
        );
        let ctl_other = self.tcs.get(tc_other).map(|t| t.connection);
        self.move_parties(call, other, ctl_other, Cause::Conference);
        if let Some(c) = ctl_other {
            self.disconnect_conn(c, Cause::Conference);
        }
        self.end_call_if_empty(other, Cause::Conference);
        if let Some(t) = self.tcs.get(tc_this).filter(|t| t.state == CT::Held) {
            let terminal = t.terminal;
            self.hold_others_on(terminal, Some(tc_this));
            self.set_tc_state(tc_this, CT::Talking, Cause::Conference);
        }
        self.emit_bracket(
            EventKind::CiscoConferenceEnd,
            Cause::Conference,
            call,
            Some(other),
        );
        Ok(())
    }

    /// Checks both calls and finds the controllers (same terminal, TALKING or HELD).
    fn check_merge(
        &self,
        op: &'static str,
        call: CallId,
        other: CallId,
        conference: bool,
    ) -> Result<(TerminalConnectionId, TerminalConnectionId), JtapiError> {
        self.require_in_service(op)?;
        if call == other {
            return Err(invalid_arg(op, "a call cannot be merged with itself"));
        }
        for c in [call, other] {
            let cd = self.call_ref(op, c)?;
            if cd.state != CallState::Active {
                return Err(wrong_state("call", cd.state.value(), op, "ACTIVE"));
            }
        }
        let usable = |tc: TerminalConnectionId, on: CallId| {
            self.tcs
                .get(tc)
                .is_some_and(|t| t.call == on && matches!(t.state, CT::Talking | CT::Held))
        };
        let cd = self.call_ref(op, call)?;
        let od = self.call_ref(op, other)?;
        let preferred = if conference {
            cd.conference_controller
        } else {
            cd.transfer_controller
        };
        let mut candidates: Vec<TerminalConnectionId> = preferred.into_iter().collect();
        for c in &cd.connections {
            if let Some(cn) = self.connections.get(*c) {
                candidates.extend(cn.terminal_connections.iter().copied());
            }
        }
        let mut found = None;
        'outer: for tc in candidates {
            if !usable(tc, call) {
                continue;
            }
            let Some(term) = self.tcs.get(tc).map(|t| t.terminal) else {
                continue;
            };
            for oc in &od.connections {
                if let Some(on) = self.connections.get(*oc) {
                    for otc in &on.terminal_connections {
                        if usable(*otc, other)
                            && self.tcs.get(*otc).is_some_and(|t| t.terminal == term)
                        {
                            found = Some((tc, *otc));
                            break 'outer;
                        }
                    }
                }
            }
        }
        let (tc_this, tc_other) = found.ok_or_else(|| {
            invalid_arg(op, "the calls share no terminal that is TALKING or HELD")
        })?;
        let ctl_here = self.tc_ref(op, tc_this)?.connection;
        if !conference
            && !cd.connections.iter().any(|c| {
                *c != ctl_here
                    && self
                        .connections
                        .get(*c)
                        .is_some_and(|c| c.state != CC::Failed)
            })
        {
            return Err(invalid_party(
                op,
                "nobody is left on this call to transfer to",
            ));
        }
        let ctl_conn = self.tc_ref(op, tc_other)?.connection;
        let movers: Vec<ConnectionId> = od
            .connections
            .iter()
            .copied()
            .filter(|c| *c != ctl_conn)
            .collect();
        let here: Vec<crate::arena::AddressId> = cd
            .connections
            .iter()
            .filter_map(|c| self.connections.get(*c).map(|c| c.address))
            .collect();
        if movers.iter().any(|c| {
            self.connections
                .get(*c)
                .is_some_and(|c| here.contains(&c.address))
        }) {
            return Err(invalid_party(
                op,
                "a party of the other call is already on this call",
            ));
        }
        if !movers.iter().any(|c| {
            self.connections
                .get(*c)
                .is_some_and(|c| c.state != CC::Failed)
        }) {
            return Err(invalid_party(
                op,
                "the other call has no live party to move",
            ));
        }
        self.check_party_room(op, call, movers.len())?;
        Ok((tc_this, tc_other))
    }

    /// Recreates every connection of `other` except `skip` on `call`, then removes it
    /// from `other`.
    fn move_parties(
        &mut self,
        call: CallId,
        other: CallId,
        skip: Option<ConnectionId>,
        cause: Cause,
    ) {
        let movers: Vec<ConnectionId> = self
            .calls
            .get(other)
            .map(|o| {
                o.connections
                    .iter()
                    .copied()
                    .filter(|c| Some(*c) != skip)
                    .collect()
            })
            .unwrap_or_default();
        for p in movers {
            let Some(pd) = self.connections.get(p) else {
                continue;
            };
            let (address, state) = (pd.address, pd.state);
            let tcs: Vec<(crate::arena::TerminalId, CT)> = pd
                .terminal_connections
                .iter()
                .filter_map(|tc| self.tcs.get(*tc).map(|t| (t.terminal, t.state)))
                .collect();
            if let Some(q) = self.new_connection(call, address, false, cause) {
                match state {
                    CC::NetworkAlerting => self.set_conn_state(q, CC::NetworkReached, cause),
                    CC::Dialing => self.set_conn_state(q, CC::Initiated, cause),
                    _ => {}
                }
                self.set_conn_state(q, state, cause);
                for (term, st) in tcs {
                    if let Some(qtc) = self.new_tc(q, term, cause) {
                        self.set_tc_state(qtc, st, cause);
                    }
                }
                if matches!(
                    state,
                    CC::Alerting | CC::Queued | CC::NetworkAlerting | CC::NetworkReached
                ) {
                    self.push_hook(Hook::Moved(p, q));
                }
            }
            self.disconnect_conn(p, cause);
        }
    }
}
