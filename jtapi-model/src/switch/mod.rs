//! [`Switch`]: a simulated CUCM around a [`Provider`]: dial plan, phones, CTI ports,
//! route points with queues, an external trunk, and the timers (ring-no-answer, CTI port
//! auto-answer, far-end answer) driven by `step(now)`.

mod notice;
mod timers;

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::arena::{AddressId, CallId, ConnectionId, IdMap, TerminalConnectionId, TerminalId};
use crate::error::JtapiError;
use crate::event::{Cause, Event};
use crate::provider::{Hook, Provider, ProviderConfig, TerminalKind};
use crate::state::{CallControlConnectionState as CC, CallControlTerminalConnectionState as CT};

pub use notice::{DequeueReason, SwitchNotice};
use timers::{TimerKind, Timers};

/// What happens when a phone or CTI port rings too long.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoAnswerAction {
    /// The ringing party is disconnected (cause CALL_NOT_ANSWERED); a caller left alone is
    /// cleared too.
    Disconnect,
    /// The call is redirected to these digits (call forward no answer), e.g. back to the
    /// route point's queue.
    Forward(String),
    /// Only a [`SwitchNotice::RingNoAnswer`]; it keeps ringing (the embedder decides, as
    /// UCCX's RONA handling does).
    Notify,
}

/// Ring-no-answer treatment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoAnswer {
    /// How long it rings.
    pub after: Duration,
    /// Then what.
    pub action: NoAnswerAction,
}

/// Switch-wide settings and limits.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SwitchConfig {
    /// The provider's limits.
    pub provider: ProviderConfig,
    /// Ring-no-answer for phones without their own setting. Default: 12 s, then
    /// [`NoAnswerAction::Notify`].
    pub ring_no_answer: Option<NoAnswer>,
    /// CTI ports answer by themselves after this long (as an IVR application would).
    /// Default `Some(0 s)`: at the next `step`.
    pub cti_port_answer_after: Option<Duration>,
    /// The far end of an outgoing trunk call answers after this long. Default 3 s;
    /// `None` leaves it to [`Provider::network_answer`].
    pub network_answer_after: Option<Duration>,
    /// Calls a route point holds in its queue before callers get busy. Default 1,000.
    pub route_point_queue: usize,
    /// Notices waiting in [`Switch::poll_notice`]; beyond it new notices are counted in
    /// [`Switch::dropped_notices`] and dropped. Default 1,048,576.
    pub max_notices: usize,
}

impl Default for SwitchConfig {
    fn default() -> Self {
        Self {
            provider: ProviderConfig::default(),
            ring_no_answer: Some(NoAnswer {
                after: Duration::from_secs(12),
                action: NoAnswerAction::Notify,
            }),
            cti_port_answer_after: Some(Duration::ZERO),
            network_answer_after: Some(Duration::from_secs(3)),
            route_point_queue: 1000,
            max_notices: 1 << 20,
        }
    }
}

/// A simulated Cisco Unified CM: a [`Provider`] plus the behaviour of the devices in it.
///
/// * **Dial plan**: [`add_phone`](Self::add_phone) (an agent's phone; the same DN on
///   two phones is a shared line), [`add_cti_port`](Self::add_cti_port),
///   [`add_route_point`](Self::add_route_point), [`set_trunk`](Self::set_trunk).
/// * **Calls**: [`incoming_call`](Self::incoming_call) (a customer on the trunk),
///   [`dial`](Self::dial), [`answer`](Self::answer), [`hang_up`](Self::hang_up),
///   [`route`](Self::route) / [`route_next`](Self::route_next) from a route point's
///   queue, and every JTAPI operation through [`with_provider`](Self::with_provider).
/// * **Outcomes**: busy (an address at its call limit or forced busy), ring-no-answer
///   ([`NoAnswer`]), caller abandon (the caller hangs up while queued or ringing).
///
/// Nothing reads a clock. **Run loop**: after each command (all take `now`) or
/// [`step`](Self::step), drain [`poll_event`](Self::poll_event) and
/// [`poll_notice`](Self::poll_notice), then call `step` again at
/// [`poll_timeout`](Self::poll_timeout). Time must not go backwards (an earlier `now` is
/// treated as the latest one seen); spurious `step` calls are harmless.
#[derive(Debug)]
pub struct Switch {
    provider: Provider,
    config: SwitchConfig,
    now: Option<Instant>,
    no_answer: IdMap<AddressId, Option<NoAnswer>>,
    queues: IdMap<AddressId, VecDeque<ConnectionId>>,
    queued_at: IdMap<ConnectionId, (AddressId, CallId)>,
    timers: Timers,
    notices: VecDeque<SwitchNotice>,
    dropped_notices: u64,
    hooks: Vec<Hook>,
}

impl Switch {
    /// An empty switch; its provider is OUT_OF_SERVICE until [`start`](Self::start).
    pub fn new(config: SwitchConfig) -> Self {
        let mut provider = Provider::new(config.provider.clone());
        provider.enable_hooks();
        Self {
            provider,
            config,
            now: None,
            no_answer: IdMap::default(),
            queues: IdMap::default(),
            queued_at: IdMap::default(),
            timers: Timers::default(),
            notices: VecDeque::new(),
            dropped_notices: 0,
            hooks: Vec::new(),
        }
    }

    /// The settings.
    pub fn config(&self) -> &SwitchConfig {
        &self.config
    }

    /// The call model, for queries.
    pub fn provider(&self) -> &Provider {
        &self.provider
    }

    /// Runs `f` on the provider (any JTAPI operation) at time `now`, then lets the switch
    /// react (queue, arm timers) to what changed.
    pub fn with_provider<R>(&mut self, now: Instant, f: impl FnOnce(&mut Provider) -> R) -> R {
        let now = self.advance(now);
        let r = f(&mut self.provider);
        self.react(now);
        r
    }

    /// Runs `f` on the provider at the latest time seen (for set-up that starts no timers).
    pub(crate) fn with_provider_now<R>(&mut self, f: impl FnOnce(&mut Provider) -> R) -> R {
        f(&mut self.provider)
    }

    /// Whether `address` is one of this switch's route points.
    pub fn is_route_point(&self, address: AddressId) -> bool {
        self.queues.contains_key(&address)
    }

    /// Puts the provider IN_SERVICE (`ProvInServiceEv`).
    pub fn start(&mut self) -> Result<(), JtapiError> {
        self.provider.set_in_service()
    }

    // ----- dial plan -----

    /// Adds a phone `device` (e.g. `SEP0011223344`) with line `dn`. A `dn` that exists
    /// already becomes a shared line. Returns the terminal and address.
    pub fn add_phone(
        &mut self,
        device: &str,
        dn: &str,
    ) -> Result<(TerminalId, AddressId), JtapiError> {
        self.add_device(device, dn, TerminalKind::Phone)
    }

    /// Adds a CTI port (a `CiscoMediaTerminal`, for IVR) with its own `dn`; it takes one
    /// call at a time and answers by itself after
    /// [`SwitchConfig::cti_port_answer_after`].
    pub fn add_cti_port(
        &mut self,
        device: &str,
        dn: &str,
    ) -> Result<(TerminalId, AddressId), JtapiError> {
        let (t, a) = self.add_device(device, dn, TerminalKind::CtiPort)?;
        self.provider.set_address_max_calls(a, 1)?;
        Ok((t, a))
    }

    /// Adds a CTI route point with `dn`: calls to it are OFFERED then QUEUED, a
    /// [`SwitchNotice::CallQueued`] goes out, and they wait until routed with
    /// [`route`](Self::route) / [`route_next`](Self::route_next) (or accepted, rejected,
    /// abandoned).
    pub fn add_route_point(&mut self, device: &str, dn: &str) -> Result<AddressId, JtapiError> {
        if self.provider.address_by_name(dn).is_some() {
            return Err(JtapiError::InvalidArgument {
                operation: "add_route_point",
                reason: "a route point needs a DN of its own",
            });
        }
        let (_, a) = self.add_device(device, dn, TerminalKind::RoutePoint)?;
        self.provider
            .set_address_max_calls(a, self.config.route_point_queue)?;
        self.queues.insert(a, VecDeque::new());
        Ok(a)
    }

    fn add_device(
        &mut self,
        device: &str,
        dn: &str,
        kind: TerminalKind,
    ) -> Result<(TerminalId, AddressId), JtapiError> {
        let existing = self.provider.address_by_name(dn);
        if let Some(a) = existing {
            if self.queues.contains_key(&a) || kind != TerminalKind::Phone {
                return Err(JtapiError::InvalidArgument {
                    operation: "add_device",
                    reason: "only phones share a DN",
                });
            }
        }
        // Validate both names before creating either.
        if self.provider.terminal_by_name(device).is_some() {
            return Err(JtapiError::InvalidArgument {
                operation: "add_device",
                reason: "a terminal with this name exists",
            });
        }
        let a = match existing {
            Some(a) => a,
            None => self.provider.add_address(dn)?,
        };
        let t = self.provider.add_terminal(device, kind)?;
        self.provider.associate(a, t)?;
        Ok((t, a))
    }

    /// Sends numbers that are not in the dial plan and start with `prefix` out on the
    /// trunk (`""`: every unknown number). Without a trunk they are `InvalidParty`.
    pub fn set_trunk(&mut self, prefix: &str) {
        self.provider.set_trunk_prefix(Some(prefix));
    }

    /// Overrides ring-no-answer for one address (`None`: rings until answered).
    pub fn set_no_answer(&mut self, address: AddressId, treatment: Option<NoAnswer>) {
        self.no_answer.insert(address, treatment);
    }

    // ----- commands -----

    /// A customer call from `from` (any number outside the dial plan) arriving on the
    /// trunk for `to`. See [`Provider::incoming_call`].
    pub fn incoming_call(
        &mut self,
        now: Instant,
        from: &str,
        to: &str,
    ) -> Result<(CallId, [ConnectionId; 2]), JtapiError> {
        self.with_provider(now, |p| p.incoming_call(from, to))
    }

    /// `device` dials `digits` (create_call + connect on the device's first line).
    pub fn dial(
        &mut self,
        now: Instant,
        device: TerminalId,
        digits: &str,
    ) -> Result<(CallId, [ConnectionId; 2]), JtapiError> {
        self.with_provider(now, |p| {
            let address = p
                .terminal(device)
                .and_then(|t| t.addresses().first().copied())
                .ok_or(JtapiError::InvalidArgument {
                    operation: "dial",
                    reason: "no such terminal, or it has no line",
                })?;
            let call = p.create_call()?;
            match p.connect(call, device, address, digits) {
                Ok(conns) => Ok((call, conns)),
                Err(e) => {
                    let _ = p.discard_call(call);
                    Err(e)
                }
            }
        })
    }

    /// Answers the ringing terminal connection `tc`.
    pub fn answer(&mut self, now: Instant, tc: TerminalConnectionId) -> Result<(), JtapiError> {
        self.with_provider(now, |p| p.answer(tc))
    }

    /// The terminal connection ringing on `terminal` (the oldest, if several).
    pub fn ringing_on(&self, terminal: TerminalId) -> Option<TerminalConnectionId> {
        let t = self.provider.terminal(terminal)?;
        t.terminal_connections().iter().copied().find(|tc| {
            self.provider
                .terminal_connection(*tc)
                .is_some_and(|t| t.call_control_state() == CT::Ringing)
        })
    }

    /// Disconnects `conn` (a party hangs up).
    pub fn hang_up(&mut self, now: Instant, conn: ConnectionId) -> Result<(), JtapiError> {
        self.with_provider(now, |p| p.disconnect(conn))
    }

    /// Routes the queued (or offered/alerting) `conn` to `digits`: a redirect. Returns
    /// the new connection.
    pub fn route(
        &mut self,
        now: Instant,
        conn: ConnectionId,
        digits: &str,
    ) -> Result<ConnectionId, JtapiError> {
        self.with_provider(now, |p| p.redirect(conn, digits))
    }

    /// Routes the oldest call waiting in `route_point`'s queue to `digits`. `Ok(None)`
    /// when the queue is empty; on error the call stays first in the queue.
    pub fn route_next(
        &mut self,
        now: Instant,
        route_point: AddressId,
        digits: &str,
    ) -> Result<Option<ConnectionId>, JtapiError> {
        let Some(&conn) = self.queues.get(&route_point).and_then(|q| q.front()) else {
            return Ok(None);
        };
        self.route(now, conn, digits).map(Some)
    }

    /// The calls waiting at `route_point`, oldest first.
    pub fn queue(&self, route_point: AddressId) -> impl Iterator<Item = ConnectionId> + '_ {
        self.queues.get(&route_point).into_iter().flatten().copied()
    }

    // ----- time and output -----

    /// Fires every timer due at or before `now`, in deadline order.
    pub fn step(&mut self, now: Instant) {
        let now = self.advance(now);
        self.react(now);
        while let Some((due, timer)) = self.timers.pop_due(now) {
            self.fire(due, timer);
            self.react(due);
        }
    }

    /// When [`step`](Self::step) next has work to do.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.timers.next_deadline()
    }

    /// The next JTAPI event (see [`Provider::poll_event`]).
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.provider.poll_event()
    }

    /// Registers an observer (see [`Provider::add_observer`]).
    pub fn add_observer(
        &mut self,
        target: crate::ObserverTarget,
    ) -> Result<crate::ObserverId, JtapiError> {
        self.provider.add_observer(target)
    }

    /// The next event for observer `id` (see [`Provider::poll_observer`]).
    #[must_use]
    pub fn poll_observer(&mut self, id: crate::ObserverId) -> Option<Event> {
        self.provider.poll_observer(id)
    }

    /// The next switch notice (queueing, ring-no-answer).
    #[must_use]
    pub fn poll_notice(&mut self) -> Option<SwitchNotice> {
        self.notices.pop_front()
    }

    /// Notices dropped because [`SwitchConfig::max_notices`] were waiting.
    pub fn dropped_notices(&self) -> u64 {
        self.dropped_notices
    }

    /// The provider's invariants plus the switch's: every queued connection is alive,
    /// QUEUED and at that route point, and listed once.
    pub fn check_invariants(&self) -> Result<(), crate::InvariantViolation> {
        self.provider.check_invariants()?;
        let mut n = 0;
        for (rp, q) in &self.queues {
            for c in q {
                n += 1;
                let ok =
                    self.provider.connection(*c).is_some_and(|d| {
                        d.call_control_state() == CC::Queued && d.address() == *rp
                    }) && self.queued_at.get(c).map(|q| q.0) == Some(*rp);
                if !ok {
                    return Err(crate::InvariantViolation(format!(
                        "queue of {rp:?} holds {c:?} which is not queued there"
                    )));
                }
            }
        }
        if n != self.queued_at.len() {
            return Err(crate::InvariantViolation("queue index out of step".into()));
        }
        Ok(())
    }

    fn advance(&mut self, now: Instant) -> Instant {
        let now = match self.now {
            Some(prev) if prev > now => prev,
            _ => now,
        };
        self.now = Some(now);
        now
    }

    fn notify(&mut self, n: SwitchNotice) {
        if self.notices.len() >= self.config.max_notices {
            self.dropped_notices += 1;
        } else {
            self.notices.push_back(n);
        }
    }

    fn no_answer_for(&self, address: AddressId) -> Option<&NoAnswer> {
        match self.no_answer.get(&address) {
            Some(t) => t.as_ref(),
            None => self.config.ring_no_answer.as_ref(),
        }
    }

    /// Handles what the provider reported since the last call.
    fn react(&mut self, now: Instant) {
        self.provider.take_hooks(&mut self.hooks);
        if self.hooks.is_empty() {
            return;
        }
        let hooks = std::mem::take(&mut self.hooks);
        for h in &hooks {
            match *h {
                Hook::Alerting(c) => self.on_alerting(now, c),
                Hook::Queued(c) => self.on_queued(c),
                Hook::NetworkAlerting(c) => {
                    if let Some(d) = self.config.network_answer_after {
                        self.timers.arm(c, now + d, TimerKind::FarEnd);
                    }
                }
                Hook::Left(c, cause) => self.on_left(c, cause),
                Hook::Moved(from, to) => self.on_moved(now, from, to),
            }
        }
        self.hooks = hooks;
        self.hooks.clear();
    }

    fn on_alerting(&mut self, now: Instant, c: ConnectionId) {
        let Some(conn) = self.provider.connection(c) else {
            return;
        };
        let address = conn.address();
        let port = conn.terminal_connections().iter().any(|tc| {
            self.provider
                .terminal_connection(*tc)
                .and_then(|t| self.provider.terminal(t.terminal()))
                .is_some_and(|t| t.kind() == TerminalKind::CtiPort)
        });
        if port {
            if let Some(d) = self.config.cti_port_answer_after {
                self.timers.arm(c, now + d, TimerKind::PortPickup);
                return;
            }
        }
        if let Some(na) = self.no_answer_for(address) {
            let due = now + na.after;
            self.timers.arm(c, due, TimerKind::RingTimeout);
        }
    }

    fn on_queued(&mut self, c: ConnectionId) {
        let Some(conn) = self.provider.connection(c) else {
            return;
        };
        let (rp, call) = (conn.address(), conn.call());
        let caller = self.provider.call(call).and_then(|d| d.calling_address());
        let Some(q) = self.queues.get_mut(&rp) else {
            return;
        };
        q.push_back(c);
        let position = q.len();
        self.queued_at.insert(c, (rp, call));
        self.notify(SwitchNotice::CallQueued {
            route_point: rp,
            call,
            connection: c,
            caller,
            position,
        });
    }

    fn on_left(&mut self, c: ConnectionId, cause: Cause) {
        self.timers.cancel(c);
        let Some((rp, call)) = self.queued_at.remove(&c) else {
            return;
        };
        if let Some(q) = self.queues.get_mut(&rp) {
            q.retain(|x| *x != c);
        }
        if cause == Cause::Transfer || cause == Cause::Conference {
            return; // moved to another call: `Moved` re-queues it
        }
        let alive = self.provider.connection(c).is_some();
        let reason = match cause {
            Cause::Redirected => DequeueReason::Routed,
            Cause::Busy => DequeueReason::Rejected,
            _ if alive => DequeueReason::Accepted,
            _ => DequeueReason::Abandoned,
        };
        self.notify(SwitchNotice::CallDequeued {
            route_point: rp,
            call,
            connection: c,
            reason,
        });
    }

    fn on_moved(&mut self, now: Instant, from: ConnectionId, to: ConnectionId) {
        let _ = from;
        let Some(conn) = self.provider.connection(to) else {
            return;
        };
        match conn.call_control_state() {
            CC::Queued => {
                let (rp, call) = (conn.address(), conn.call());
                if let Some(q) = self.queues.get_mut(&rp) {
                    q.push_back(to);
                    self.queued_at.insert(to, (rp, call));
                }
            }
            CC::Alerting => self.on_alerting(now, to),
            CC::NetworkReached | CC::NetworkAlerting => {
                if let Some(d) = self.config.network_answer_after {
                    self.timers.arm(to, now + d, TimerKind::FarEnd);
                }
            }
            _ => {}
        }
    }

    fn fire(&mut self, _due: Instant, (conn, kind): (ConnectionId, TimerKind)) {
        let Some(c) = self.provider.connection(conn) else {
            return;
        };
        let state = c.call_control_state();
        let (call, address) = (c.call(), c.address());
        let first_tc = c.terminal_connections().first().copied();
        match kind {
            TimerKind::FarEnd => {
                let _ = self.provider.network_answer(conn);
            }
            TimerKind::PortPickup => {
                if let (CC::Alerting, Some(tc)) = (state, first_tc) {
                    let _ = self.provider.answer(tc);
                }
            }
            TimerKind::RingTimeout => {
                if state != CC::Alerting {
                    return;
                }
                self.notify(SwitchNotice::RingNoAnswer {
                    call,
                    connection: conn,
                    address,
                });
                let action = self.no_answer_for(address).map(|n| n.action.clone());
                match action {
                    Some(NoAnswerAction::Disconnect) => {
                        let _ = self
                            .provider
                            .disconnect_with_cause(conn, Cause::CallNotAnswered);
                    }
                    Some(NoAnswerAction::Forward(digits)) => {
                        let _ = self.provider.redirect(conn, &digits);
                    }
                    Some(NoAnswerAction::Notify) | None => {}
                }
            }
        }
    }
}
