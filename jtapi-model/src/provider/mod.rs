//! The [`Provider`]: the JTAPI domain (addresses, terminals), its calls, and every
//! operation of the core and CallControl packages.

mod emit;
mod invariants;
mod ops;
mod places;
mod transfer;
mod views;

use std::collections::{HashMap, VecDeque};

use crate::arena::{
    AddressId, Arena, CallId, ConnectionId, ObserverId, TerminalConnectionId, TerminalId,
};
use crate::error::JtapiError;
use crate::event::{Event, MetaCode};
use crate::state::{
    CallControlConnectionState, CallControlTerminalConnectionState, CallState, ProviderState,
};

pub use emit::ObserverTarget;
pub use views::{AddressInfo, CallInfo, ConnectionInfo, TerminalConnectionInfo, TerminalInfo};

/// Limits of a [`Provider`]. Every queue and table is bounded; the defaults suit a large
/// simulated contact center.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProviderConfig {
    /// Events waiting in [`Provider::poll_event`] before operations are refused with
    /// `ResourceUnavailable` (drain the queue to go on). Default 1,048,576.
    pub max_queued_events: usize,
    /// Events waiting for one observer before that observer is ended (it gets a final
    /// `*ObservationEndedEv` with cause RESOURCES_NOT_AVAILABLE). Default 65,536.
    pub max_observer_queue: usize,
    /// Observers at once. Default 4,096.
    pub max_observers: usize,
    /// Live calls at once. Default 1,000,000.
    pub max_calls: usize,
    /// Connections on one call (conference size). Default 32.
    pub max_parties: usize,
    /// Addresses plus terminals in the domain, external numbers included. Default 1,000,000.
    pub max_objects: usize,
    /// Longest dialable string and longest address/terminal name. Default 32.
    pub max_digits: usize,
    /// External addresses (trunk numbers) kept after their last call ended, so the names
    /// in recent events stay resolvable; the oldest unused one is freed beyond this.
    /// Default 4,096.
    pub retired_external_addresses: usize,
    /// Whether events are queued for [`Provider::poll_event`] at all (switch this off when
    /// only observers are used). Default true.
    pub global_events: bool,
}

impl Default for ProviderConfig {
    fn default() -> Self {
        Self {
            max_queued_events: 1 << 20,
            max_observer_queue: 1 << 16,
            max_observers: 4096,
            max_calls: 1_000_000,
            max_parties: 32,
            max_objects: 1_000_000,
            max_digits: 32,
            retired_external_addresses: 4096,
            global_events: true,
        }
    }
}

/// What a terminal is. CUCM device types as UCCX sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TerminalKind {
    /// A phone (an agent's phone): rings, is answered by its user.
    Phone,
    /// A CTI port (`CiscoMediaTerminal`): the application terminates the media (IVR).
    CtiPort,
    /// A CTI route point (`CiscoRouteTerminal`): calls are offered and queued there until
    /// the application routes (redirects) them.
    RoutePoint,
}

/// Whether an address is in the provider's domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AddressKind {
    /// A directory number of the domain (a line, a CTI port's DN or a route point's DN).
    Internal,
    /// A number outside the domain, reached through the trunk. Created on demand and freed
    /// when no call uses it.
    External,
}

#[derive(Debug)]
pub(crate) struct CallData {
    pub(crate) state: CallState,
    pub(crate) connections: Vec<ConnectionId>,
    pub(crate) calling_address: Option<AddressId>,
    pub(crate) calling_terminal: Option<TerminalId>,
    pub(crate) called_address: Option<AddressId>,
    pub(crate) last_redirected: Option<AddressId>,
    pub(crate) consult_of: Option<CallId>,
    pub(crate) transfer_controller: Option<TerminalConnectionId>,
    pub(crate) conference_controller: Option<TerminalConnectionId>,
    pub(crate) observers: Vec<ObserverId>,
}

#[derive(Debug)]
pub(crate) struct AddressData {
    pub(crate) name: Box<str>,
    pub(crate) kind: AddressKind,
    pub(crate) terminals: Vec<TerminalId>,
    pub(crate) connections: Vec<ConnectionId>,
    pub(crate) max_calls: usize,
    pub(crate) busy: bool,
    pub(crate) observers: Vec<ObserverId>,
    /// Listed in `Provider::retired` (external addresses only).
    pub(crate) retired: bool,
}

#[derive(Debug)]
pub(crate) struct TerminalData {
    pub(crate) name: Box<str>,
    pub(crate) kind: TerminalKind,
    pub(crate) in_service: bool,
    pub(crate) addresses: Vec<AddressId>,
    pub(crate) terminal_connections: Vec<TerminalConnectionId>,
    pub(crate) observers: Vec<ObserverId>,
}

#[derive(Debug)]
pub(crate) struct ConnectionData {
    pub(crate) call: CallId,
    pub(crate) address: AddressId,
    pub(crate) state: CallControlConnectionState,
    pub(crate) calling: bool,
    pub(crate) terminal_connections: Vec<TerminalConnectionId>,
}

#[derive(Debug)]
pub(crate) struct TcData {
    pub(crate) call: CallId,
    pub(crate) connection: ConnectionId,
    pub(crate) terminal: TerminalId,
    pub(crate) state: CallControlTerminalConnectionState,
}

/// What the simulated switch needs to hear about (filled only when a [`Switch`](crate::Switch)
/// owns the provider).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hook {
    /// A connection started alerting on its terminals.
    Alerting(ConnectionId),
    /// A connection was queued at a route point.
    Queued(ConnectionId),
    /// An outgoing leg reached the network and the far end is alerting.
    NetworkAlerting(ConnectionId),
    /// A connection left ALERTING, QUEUED or a NETWORK_* state (answered, routed,
    /// disconnected…), with the cause of the change.
    Left(ConnectionId, crate::event::Cause),
    /// Transfer/conference recreated a connection on another call.
    Moved(ConnectionId, ConnectionId),
}

/// Per-operation bookkeeping for event stamping.
pub(crate) struct OpCtx {
    pub(crate) batch: u64,
    pub(crate) meta: MetaCode,
    pub(crate) new_meta: bool,
    pub(crate) related_call: Option<CallId>,
}

/// The JTAPI provider: the domain of addresses and terminals, the calls in it, and the
/// operations of the core and CallControl packages.
///
/// JTAPI's objects are named by typed ids ([`CallId`], [`ConnectionId`], …) and every
/// operation is a method here: `Call.connect` is [`Provider::connect`],
/// `TerminalConnection.answer` is [`Provider::answer`], and so on (the table is in the
/// crate docs). An operation checks all its pre-conditions first and either fails with a
/// [`JtapiError`] leaving the model untouched, or applies completely and queues its events.
///
/// **Drain contract**: after any operation, take events with [`poll_event`](Self::poll_event)
/// (all events, in order) and/or [`poll_observer`](Self::poll_observer) (per observer)
/// until they return `None`. Nothing happens on its own: the provider has no clock; the
/// [`Switch`](crate::Switch) adds time.
pub struct Provider {
    pub(crate) config: ProviderConfig,
    pub(crate) state: ProviderState,
    pub(crate) calls: Arena<CallId, CallData>,
    pub(crate) addresses: Arena<AddressId, AddressData>,
    pub(crate) terminals: Arena<TerminalId, TerminalData>,
    pub(crate) connections: Arena<ConnectionId, ConnectionData>,
    pub(crate) tcs: Arena<TerminalConnectionId, TcData>,
    pub(crate) address_names: HashMap<Box<str>, AddressId>,
    pub(crate) terminal_names: HashMap<Box<str>, TerminalId>,
    pub(crate) trunk_prefix: Option<Box<str>>,
    pub(crate) retired: VecDeque<AddressId>,
    pub(crate) events: VecDeque<Event>,
    pub(crate) observers: Arena<ObserverId, emit::ObserverData>,
    pub(crate) provider_observers: Vec<ObserverId>,
    pub(crate) ctx: OpCtx,
    pub(crate) hooks: Option<Vec<Hook>>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider")
            .field("state", &self.state)
            .field("calls", &self.calls.len())
            .field("addresses", &self.addresses.len())
            .field("terminals", &self.terminals.len())
            .field("queued_events", &self.events.len())
            .finish_non_exhaustive()
    }
}

impl Default for Provider {
    fn default() -> Self {
        Self::new(ProviderConfig::default())
    }
}

impl Provider {
    /// A provider with an empty domain, OUT_OF_SERVICE (as CUCM's `getProvider()` returns
    /// it): build the domain, then call [`set_in_service`](Self::set_in_service).
    pub fn new(config: ProviderConfig) -> Self {
        Self {
            config,
            state: ProviderState::OutOfService,
            calls: Arena::new(),
            addresses: Arena::new(),
            terminals: Arena::new(),
            connections: Arena::new(),
            tcs: Arena::new(),
            address_names: HashMap::new(),
            terminal_names: HashMap::new(),
            trunk_prefix: None,
            retired: VecDeque::new(),
            events: VecDeque::new(),
            observers: Arena::new(),
            provider_observers: Vec::new(),
            ctx: OpCtx {
                batch: 0,
                meta: MetaCode::Unknown,
                new_meta: false,
                related_call: None,
            },
            hooks: None,
        }
    }

    /// The limits this provider was built with.
    pub fn config(&self) -> &ProviderConfig {
        &self.config
    }

    /// The provider state.
    pub fn state(&self) -> ProviderState {
        self.state
    }

    // ----- domain -----

    /// Adds a terminal (a device) named `name` to the domain, in service.
    pub fn add_terminal(
        &mut self,
        name: &str,
        kind: TerminalKind,
    ) -> Result<TerminalId, JtapiError> {
        const OP: &str = "add_terminal";
        self.check_name(OP, name)?;
        if self.terminal_names.contains_key(name) {
            return Err(invalid_arg(OP, "a terminal with this name exists"));
        }
        self.check_object_room(OP)?;
        let id = self
            .terminals
            .insert(TerminalData {
                name: name.into(),
                kind,
                in_service: true,
                addresses: Vec::new(),
                terminal_connections: Vec::new(),
                observers: Vec::new(),
            })
            .ok_or_else(|| unavailable(OP, "terminal table full"))?;
        self.terminal_names.insert(name.into(), id);
        Ok(id)
    }

    /// Adds an internal address (a directory number) to the domain and to the dial plan.
    /// A new address accepts 2 calls at once (call waiting); see
    /// [`set_address_max_calls`](Self::set_address_max_calls).
    pub fn add_address(&mut self, dn: &str) -> Result<AddressId, JtapiError> {
        const OP: &str = "add_address";
        self.check_name(OP, dn)?;
        if self.address_names.contains_key(dn) {
            return Err(invalid_arg(OP, "an address with this number exists"));
        }
        self.check_object_room(OP)?;
        self.insert_address(OP, dn, AddressKind::Internal)
    }

    pub(crate) fn insert_address(
        &mut self,
        op: &'static str,
        name: &str,
        kind: AddressKind,
    ) -> Result<AddressId, JtapiError> {
        let id = self
            .addresses
            .insert(AddressData {
                name: name.into(),
                kind,
                terminals: Vec::new(),
                connections: Vec::new(),
                max_calls: if kind == AddressKind::External {
                    usize::MAX
                } else {
                    2
                },
                busy: false,
                observers: Vec::new(),
                retired: false,
            })
            .ok_or_else(|| unavailable(op, "address table full"))?;
        self.address_names.insert(name.into(), id);
        Ok(id)
    }

    /// Puts `terminal` on `address` (a line appearance). An address on several terminals
    /// is a shared line: all of them ring.
    pub fn associate(
        &mut self,
        address: AddressId,
        terminal: TerminalId,
    ) -> Result<(), JtapiError> {
        const OP: &str = "associate";
        let a = self
            .addresses
            .get(address)
            .ok_or_else(|| invalid_arg(OP, "no such address"))?;
        if a.kind != AddressKind::Internal {
            return Err(invalid_arg(OP, "external addresses have no terminals"));
        }
        let t = self
            .terminals
            .get(terminal)
            .ok_or_else(|| invalid_arg(OP, "no such terminal"))?;
        if t.addresses.contains(&address) {
            return Ok(());
        }
        if t.kind == TerminalKind::RoutePoint && !t.addresses.is_empty() {
            return Err(invalid_arg(OP, "a route point has one address"));
        }
        if let Some(t) = self.terminals.get_mut(terminal) {
            t.addresses.push(address);
        }
        if let Some(a) = self.addresses.get_mut(address) {
            a.terminals.push(terminal);
        }
        Ok(())
    }

    /// How many calls `address` takes at once before further calls find it busy (route
    /// points: the queue size). At least 1.
    pub fn set_address_max_calls(
        &mut self,
        address: AddressId,
        max: usize,
    ) -> Result<(), JtapiError> {
        let a = self
            .addresses
            .get_mut(address)
            .ok_or_else(|| invalid_arg("set_address_max_calls", "no such address"))?;
        a.max_calls = max.max(1);
        Ok(())
    }

    /// Forces `address` busy (like do-not-disturb with busy treatment) or clears that.
    pub fn set_address_busy(&mut self, address: AddressId, busy: bool) -> Result<(), JtapiError> {
        let a = self
            .addresses
            .get_mut(address)
            .ok_or_else(|| invalid_arg("set_address_busy", "no such address"))?;
        a.busy = busy;
        Ok(())
    }

    /// Registers or unregisters a terminal. An out-of-service terminal does not ring and
    /// cannot originate; an address with no terminal in service fails incoming calls with
    /// DEST_NOT_OBTAINABLE.
    pub fn set_terminal_in_service(
        &mut self,
        terminal: TerminalId,
        in_service: bool,
    ) -> Result<(), JtapiError> {
        let t = self
            .terminals
            .get_mut(terminal)
            .ok_or_else(|| invalid_arg("set_terminal_in_service", "no such terminal"))?;
        t.in_service = in_service;
        Ok(())
    }

    /// Routes dialed strings that match no internal address and start with `prefix` to
    /// the external trunk (`Some("")` sends every unknown number out; `None`, the
    /// default, makes unknown numbers an `InvalidParty` error).
    pub fn set_trunk_prefix(&mut self, prefix: Option<&str>) {
        self.trunk_prefix = prefix.map(Into::into);
    }

    // ----- provider life cycle -----

    /// OUT_OF_SERVICE → IN_SERVICE (`ProvInServiceEv`).
    pub fn set_in_service(&mut self) -> Result<(), JtapiError> {
        self.change_provider_state(ProviderState::InService)
    }

    /// IN_SERVICE → OUT_OF_SERVICE (`ProvOutOfServiceEv`). Calls stay, operations are refused.
    pub fn set_out_of_service(&mut self) -> Result<(), JtapiError> {
        self.change_provider_state(ProviderState::OutOfService)
    }

    /// Any → SHUTDOWN (`ProvShutdownEv`), permanently; provider observers are ended.
    pub fn shutdown(&mut self) -> Result<(), JtapiError> {
        self.change_provider_state(ProviderState::Shutdown)
    }

    fn change_provider_state(&mut self, to: ProviderState) -> Result<(), JtapiError> {
        const OP: &str = "provider state change";
        if self.state == ProviderState::Shutdown {
            return Err(JtapiError::InvalidState {
                object: "provider",
                state: self.state.value(),
                operation: OP,
                expected: "IN_SERVICE or OUT_OF_SERVICE",
            });
        }
        if self.state == to {
            return Ok(());
        }
        self.check_event_room(OP)?;
        self.state = to;
        self.begin_op(MetaCode::Unknown, None);
        let kind = emit::provider_event_kind(to);
        self.emit_provider(kind);
        if to == ProviderState::Shutdown {
            self.end_provider_observers();
        }
        Ok(())
    }

    // ----- events -----

    /// The next event, in the order the model produced them.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// How many events wait in [`poll_event`](Self::poll_event).
    pub fn queued_events(&self) -> usize {
        self.events.len()
    }

    // ----- helpers shared by the operation modules -----

    fn check_name(&self, op: &'static str, name: &str) -> Result<(), JtapiError> {
        if name.is_empty() || name.len() > self.config.max_digits {
            return Err(invalid_arg(op, "name empty or longer than max_digits"));
        }
        if !name.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(invalid_arg(
                op,
                "name must be printable ASCII without spaces",
            ));
        }
        Ok(())
    }

    fn check_object_room(&self, op: &'static str) -> Result<(), JtapiError> {
        if self.addresses.len() + self.terminals.len() >= self.config.max_objects {
            return Err(unavailable(op, "max_objects reached"));
        }
        Ok(())
    }

    pub(crate) fn check_event_room(&self, op: &'static str) -> Result<(), JtapiError> {
        if self.config.global_events && self.events.len() >= self.config.max_queued_events {
            return Err(unavailable(op, "event queue full: drain poll_event"));
        }
        Ok(())
    }

    pub(crate) fn require_in_service(&self, op: &'static str) -> Result<(), JtapiError> {
        if self.state != ProviderState::InService {
            return Err(JtapiError::InvalidState {
                object: "provider",
                state: self.state.value(),
                operation: op,
                expected: "IN_SERVICE",
            });
        }
        self.check_event_room(op)
    }

    pub(crate) fn push_hook(&mut self, hook: Hook) {
        if let Some(h) = self.hooks.as_mut() {
            h.push(hook);
        }
    }

    pub(crate) fn enable_hooks(&mut self) {
        self.hooks = Some(Vec::new());
    }

    pub(crate) fn take_hooks(&mut self, into: &mut Vec<Hook>) {
        if let Some(h) = self.hooks.as_mut() {
            into.append(h);
        }
    }
}

pub(crate) fn invalid_arg(operation: &'static str, reason: &'static str) -> JtapiError {
    JtapiError::InvalidArgument { operation, reason }
}

pub(crate) fn unavailable(operation: &'static str, reason: &'static str) -> JtapiError {
    JtapiError::ResourceUnavailable { operation, reason }
}

pub(crate) fn invalid_party(operation: &'static str, reason: &'static str) -> JtapiError {
    JtapiError::InvalidParty { operation, reason }
}
