//! Read-only views of the model's objects.

use super::{AddressKind, Provider, TerminalKind};
use crate::arena::{AddressId, CallId, ConnectionId, TerminalConnectionId, TerminalId};
use crate::state::{
    CallControlConnectionState, CallControlTerminalConnectionState, CallState, ConnectionState,
    TerminalConnectionState,
};

/// A call (`Call` / `CallControlCall`).
#[derive(Debug, Clone, Copy)]
pub struct CallInfo<'a> {
    p: &'a Provider,
    id: CallId,
    d: &'a super::CallData,
}

impl<'a> CallInfo<'a> {
    /// Its id.
    pub fn id(&self) -> CallId {
        self.id
    }
    /// IDLE or ACTIVE (INVALID calls are forgotten).
    pub fn state(&self) -> CallState {
        self.d.state
    }
    /// The connections that are not DISCONNECTED, in creation order.
    pub fn connections(&self) -> &'a [ConnectionId] {
        &self.d.connections
    }
    /// `getCallingAddress()`.
    pub fn calling_address(&self) -> Option<AddressId> {
        self.d.calling_address
    }
    /// `getCallingTerminal()`.
    pub fn calling_terminal(&self) -> Option<TerminalId> {
        self.d.calling_terminal
    }
    /// `getCalledAddress()`.
    pub fn called_address(&self) -> Option<AddressId> {
        self.d.called_address
    }
    /// `getLastRedirectedAddress()`.
    pub fn last_redirected_address(&self) -> Option<AddressId> {
        self.d.last_redirected
    }
    /// For a consultation call: the call it consults from (`CiscoConsultCall`).
    pub fn consult_of(&self) -> Option<CallId> {
        self.d.consult_of
    }
    /// `getTransferController()`.
    pub fn transfer_controller(&self) -> Option<TerminalConnectionId> {
        self.d
            .transfer_controller
            .filter(|t| self.p.tcs.contains(*t))
    }
    /// `getConferenceController()`.
    pub fn conference_controller(&self) -> Option<TerminalConnectionId> {
        self.d
            .conference_controller
            .filter(|t| self.p.tcs.contains(*t))
    }
}

/// A connection (`Connection` / `CallControlConnection`).
#[derive(Debug, Clone, Copy)]
pub struct ConnectionInfo<'a> {
    id: ConnectionId,
    d: &'a super::ConnectionData,
}

impl<'a> ConnectionInfo<'a> {
    /// Its id.
    pub fn id(&self) -> ConnectionId {
        self.id
    }
    /// The core state.
    pub fn state(&self) -> ConnectionState {
        self.d.state.core()
    }
    /// The call-control state.
    pub fn call_control_state(&self) -> CallControlConnectionState {
        self.d.state
    }
    /// `getCall()`.
    pub fn call(&self) -> CallId {
        self.d.call
    }
    /// `getAddress()`.
    pub fn address(&self) -> AddressId {
        self.d.address
    }
    /// Whether this is the calling party's connection.
    pub fn is_calling(&self) -> bool {
        self.d.calling
    }
    /// The terminal connections that are not DROPPED.
    pub fn terminal_connections(&self) -> &'a [TerminalConnectionId] {
        &self.d.terminal_connections
    }
}

/// A terminal connection (`TerminalConnection` / `CallControlTerminalConnection`).
#[derive(Debug, Clone, Copy)]
pub struct TerminalConnectionInfo<'a> {
    id: TerminalConnectionId,
    d: &'a super::TcData,
}

impl TerminalConnectionInfo<'_> {
    /// Its id.
    pub fn id(&self) -> TerminalConnectionId {
        self.id
    }
    /// The core state.
    pub fn state(&self) -> TerminalConnectionState {
        self.d.state.core()
    }
    /// The call-control state.
    pub fn call_control_state(&self) -> CallControlTerminalConnectionState {
        self.d.state
    }
    /// `getConnection()`.
    pub fn connection(&self) -> ConnectionId {
        self.d.connection
    }
    /// `getTerminal()`.
    pub fn terminal(&self) -> TerminalId {
        self.d.terminal
    }
    /// The call of its connection.
    pub fn call(&self) -> CallId {
        self.d.call
    }
}

/// An address.
#[derive(Debug, Clone, Copy)]
pub struct AddressInfo<'a> {
    id: AddressId,
    d: &'a super::AddressData,
}

impl<'a> AddressInfo<'a> {
    /// Its id.
    pub fn id(&self) -> AddressId {
        self.id
    }
    /// `getName()`: the directory number.
    pub fn name(&self) -> &'a str {
        &self.d.name
    }
    /// Internal (in the domain) or external.
    pub fn kind(&self) -> AddressKind {
        self.d.kind
    }
    /// `getTerminals()`.
    pub fn terminals(&self) -> &'a [TerminalId] {
        &self.d.terminals
    }
    /// `getConnections()`: its connections that are not DISCONNECTED.
    pub fn connections(&self) -> &'a [ConnectionId] {
        &self.d.connections
    }
    /// Calls it takes before it is busy.
    pub fn max_calls(&self) -> usize {
        self.d.max_calls
    }
    /// Whether it is forced busy.
    pub fn forced_busy(&self) -> bool {
        self.d.busy
    }
}

/// A terminal.
#[derive(Debug, Clone, Copy)]
pub struct TerminalInfo<'a> {
    id: TerminalId,
    d: &'a super::TerminalData,
}

impl<'a> TerminalInfo<'a> {
    /// Its id.
    pub fn id(&self) -> TerminalId {
        self.id
    }
    /// `getName()`: the device name.
    pub fn name(&self) -> &'a str {
        &self.d.name
    }
    /// Phone, CTI port or route point.
    pub fn kind(&self) -> TerminalKind {
        self.d.kind
    }
    /// Registered.
    pub fn in_service(&self) -> bool {
        self.d.in_service
    }
    /// `getAddresses()`.
    pub fn addresses(&self) -> &'a [AddressId] {
        &self.d.addresses
    }
    /// `getTerminalConnections()`: those not DROPPED.
    pub fn terminal_connections(&self) -> &'a [TerminalConnectionId] {
        &self.d.terminal_connections
    }
}

impl Provider {
    /// The call `id`, if it is IDLE or ACTIVE.
    pub fn call(&self, id: CallId) -> Option<CallInfo<'_>> {
        Some(CallInfo {
            p: self,
            id,
            d: self.calls.get(id)?,
        })
    }
    /// The connection `id`, until it is DISCONNECTED.
    pub fn connection(&self, id: ConnectionId) -> Option<ConnectionInfo<'_>> {
        Some(ConnectionInfo {
            id,
            d: self.connections.get(id)?,
        })
    }
    /// The terminal connection `id`, until it is DROPPED.
    pub fn terminal_connection(
        &self,
        id: TerminalConnectionId,
    ) -> Option<TerminalConnectionInfo<'_>> {
        Some(TerminalConnectionInfo {
            id,
            d: self.tcs.get(id)?,
        })
    }
    /// The address `id`.
    pub fn address(&self, id: AddressId) -> Option<AddressInfo<'_>> {
        Some(AddressInfo {
            id,
            d: self.addresses.get(id)?,
        })
    }
    /// The terminal `id`.
    pub fn terminal(&self, id: TerminalId) -> Option<TerminalInfo<'_>> {
        Some(TerminalInfo {
            id,
            d: self.terminals.get(id)?,
        })
    }
    /// `getAddress(number)`: an internal or (while in use) external address by number.
    pub fn address_by_name(&self, number: &str) -> Option<AddressId> {
        self.address_names.get(number).copied()
    }
    /// `getTerminal(name)`.
    pub fn terminal_by_name(&self, name: &str) -> Option<TerminalId> {
        self.terminal_names.get(name).copied()
    }
    /// `getCalls()`: the calls that are IDLE or ACTIVE.
    pub fn calls(&self) -> impl Iterator<Item = CallId> + '_ {
        self.calls.keys()
    }
    /// `getAddresses()`: internal and in-use external addresses.
    pub fn addresses(&self) -> impl Iterator<Item = AddressId> + '_ {
        self.addresses.keys()
    }
    /// `getTerminals()`.
    pub fn terminals(&self) -> impl Iterator<Item = TerminalId> + '_ {
        self.terminals.keys()
    }
    /// How many calls are IDLE or ACTIVE.
    pub fn call_count(&self) -> usize {
        self.calls.len()
    }
    /// The terminal connection of `terminal` on `call`, if any.
    pub fn terminal_connection_on(
        &self,
        call: CallId,
        terminal: TerminalId,
    ) -> Option<TerminalConnectionId> {
        self.terminals
            .get(terminal)?
            .terminal_connections
            .iter()
            .copied()
            .find(|tc| self.tcs.get(*tc).is_some_and(|t| t.call == call))
    }
    /// The connection of `address` on `call`, if any.
    pub fn connection_on(&self, call: CallId, address: AddressId) -> Option<ConnectionId> {
        self.addresses
            .get(address)?
            .connections
            .iter()
            .copied()
            .find(|c| self.connections.get(*c).is_some_and(|d| d.call == call))
    }
    /// A short label for an event, naming addresses and terminals while they exist:
    /// `ConnCreatedEv(1000)`, `TermConnRingingEv(SEP2000)`, `CallActiveEv`.
    pub fn describe(&self, ev: &crate::Event) -> String {
        let name = if ev.terminal_connection.is_some() {
            ev.terminal
                .and_then(|t| self.terminals.get(t))
                .map(|t| t.name.to_string())
        } else if ev.connection.is_some() {
            ev.address
                .and_then(|a| self.addresses.get(a))
                .map(|a| a.name.to_string())
        } else {
            None
        };
        match name {
            Some(n) => format!("{}({n})", ev.kind.name()),
            None if ev.terminal_connection.is_some() => {
                format!("{}({:?})", ev.kind.name(), ev.terminal)
            }
            None if ev.connection.is_some() => format!("{}({:?})", ev.kind.name(), ev.address),
            None => ev.kind.name().to_string(),
        }
    }
}
