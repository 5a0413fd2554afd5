//! The client side of a CTI session: open, heartbeats, request/confirmation matching,
//! close, and side A / side B failover.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};

use super::invoke::{earliest, InvokeIds};
use super::SessionError;
use crate::codec::CtiCodec;
use crate::enums::{
    AgentStateMask, CallMsgMask, ConfigMsgMask, MessageType, ServiceMask, SessionType, StatusCode,
};
use crate::error::DecodeError;
use crate::message::{
    ActiveMaintenanceResp, CloseReq, ControlFailureConf, FailureConf, HeartbeatReq, Message,
    OpenConf, OpenReq,
};
use crate::version::{CodecConfig, ProtocolVersion};
use crate::wire::CtiString;

/// One side of a duplex CTI Server pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Side A (UCCE default port 42027).
    A,
    /// Side B (UCCE default port 43027).
    B,
}

impl Side {
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }
}

/// How a client session is opened and kept alive.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The version asked for in OPEN_REQ (and the codec's version).
    pub version: ProtocolVersion,
    /// ClientID (required).
    pub client_id: CtiString,
    /// ClientPassword (sent even when empty).
    pub client_password: Bytes,
    /// ClientSignature (defaults to the ClientID on the server).
    pub client_signature: Option<CtiString>,
    /// ServicesRequested.
    pub services: ServiceMask,
    /// CallMsgMask.
    pub call_msg_mask: CallMsgMask,
    /// AgentStateMask.
    pub agent_state_mask: AgentStateMask,
    /// ConfigMsgMask.
    pub config_msg_mask: ConfigMsgMask,
    /// PeripheralID (CLIENT_EVENTS sessions); `0xFFFF_FFFF` otherwise.
    pub peripheral_id: u32,
    /// AgentExtension (CLIENT_EVENTS sessions).
    pub agent_extension: Option<CtiString>,
    /// AgentID (CLIENT_EVENTS sessions); sent in tag 194 for UCCX, tag 5 for UCCE.
    pub agent_id: Option<CtiString>,
    /// AgentInstrument (CLIENT_EVENTS sessions).
    pub agent_instrument: Option<CtiString>,
    /// Heartbeat interval; `None` disables heartbeats (IdleTimeout 0xFFFF_FFFF).
    pub heartbeat_interval: Option<Duration>,
    /// Unconfirmed heartbeats that fail the session (Cisco: 3).
    pub max_missed_heartbeats: u32,
    /// How long to wait for OPEN_CONF (Cisco: allow 30 s, 60 s beyond 500 clients).
    pub open_timeout: Duration,
    /// How long a request may wait for its confirmation before it fails with
    /// [`RequestError::Timeout`].
    pub request_timeout: Duration,
    /// How long to wait for CLOSE_CONF (Cisco: 5 s).
    pub close_timeout: Duration,
    /// Delay before the next connection attempt after a failure while connecting or opening
    /// (a failure of an open session fails over at once).
    pub retry_delay: Duration,
    /// Whether a side B exists; without it, failures retry side A.
    pub duplex: bool,
    /// Most requests waiting for confirmation at once.
    pub max_pending: usize,
    /// Most bytes of unparsed input kept (beyond it the session fails).
    pub max_input_buffer: usize,
    /// Whether to accept an ACTIVE_MAINTENANCE_REQ (v24 graceful switchover).
    pub accept_maintenance: bool,
    /// What to do when OPEN_CONF says the session is on the v24 standby CTI Server: `false`
    /// (default, when duplex) moves to the other side to find the active one; `true` keeps
    /// the standby session (heartbeats only) until STANDBY_ACTIVE_EVENT makes it active.
    pub stay_on_standby: bool,
}

impl ClientConfig {
    /// A bridge-style (ALL_EVENTS) configuration with documented defaults: heartbeat every
    /// 30 s, 3 misses, open timeout 30 s, request timeout 30 s, close timeout 5 s, retry
    /// delay 5 s, duplex.
    pub fn new(version: ProtocolVersion, client_id: CtiString) -> Self {
        Self {
            version,
            client_id,
            client_password: Bytes::new(),
            client_signature: None,
            services: ServiceMask::ALL_EVENTS | ServiceMask::CLIENT_CONTROL,
            call_msg_mask: CallMsgMask::all(),
            agent_state_mask: AgentStateMask::all(),
            config_msg_mask: ConfigMsgMask::empty(),
            peripheral_id: 0xFFFF_FFFF,
            agent_extension: None,
            agent_id: None,
            agent_instrument: None,
            heartbeat_interval: Some(Duration::from_secs(30)),
            max_missed_heartbeats: 3,
            open_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(30),
            close_timeout: Duration::from_secs(5),
            retry_delay: Duration::from_secs(5),
            duplex: true,
            max_pending: 1024,
            max_input_buffer: 1 << 20,
            accept_maintenance: true,
            stay_on_standby: false,
        }
    }

    /// The IdleTimeout sent in OPEN_REQ: 4 × the heartbeat interval (at least 20 s), or
    /// 0xFFFF_FFFF without heartbeats.
    pub fn idle_timeout_secs(&self) -> u32 {
        match self.heartbeat_interval {
            Some(i) => u32::try_from(i.as_secs().saturating_mul(4))
                .unwrap_or(u32::MAX - 1)
                .max(20),
            None => u32::MAX,
        }
    }

    fn open_req(&self, invoke_id: u32) -> OpenReq {
        let uccx = self.version.dialect == crate::Dialect::Uccx;
        OpenReq {
            invoke_id,
            version_number: self.version.number,
            idle_timeout: self.idle_timeout_secs(),
            peripheral_id: self.peripheral_id,
            services_requested: self.services,
            call_msg_mask: self.call_msg_mask,
            agent_state_mask: self.agent_state_mask,
            config_msg_mask: self.config_msg_mask,
            client_id: Some(self.client_id.clone()),
            client_password: Some(self.client_password.clone()),
            client_signature: self.client_signature.clone(),
            agent_extension: self.agent_extension.clone(),
            agent_id: if uccx { None } else { self.agent_id.clone() },
            agent_id_long: if uccx { self.agent_id.clone() } else { None },
            agent_instrument: self.agent_instrument.clone(),
            ..OpenReq::default()
        }
    }
}

/// Why a connection to a side was given up.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureReason {
    /// The driver could not connect.
    ConnectFailed,
    /// The connection closed or broke.
    ConnectionLost,
    /// OPEN_REQ was answered with FAILURE_CONF.
    OpenRejected(StatusCode),
    /// No OPEN_CONF within the open timeout.
    OpenTimeout,
    /// Too many heartbeats went unconfirmed.
    HeartbeatTimeout,
    /// The server said it is offline (FAILURE_EVENT, or FAILURE_CONF to a heartbeat).
    ServerOffline,
    /// The server is not the master node (UCCX HA, `E_CTI_SERVER_NOT_MASTER`).
    NotMaster,
    /// The active side is entering maintenance (v24 graceful switchover).
    Maintenance,
    /// The side opened as the v24 standby CTI Server; the active one is the other side.
    Standby,
    /// The server sent bytes that cannot be framed.
    Protocol(String),
}

/// Why a request got no confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// FAILURE_CONF.
    Failure(FailureConf),
    /// CONTROL_FAILURE_CONF.
    ControlFailure(ControlFailureConf),
    /// No answer within the request timeout.
    Timeout,
    /// The session failed or closed before the answer arrived.
    SessionLost,
}

/// What the client session reports.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ClientEvent {
    /// The driver must (re)connect to this side, then call
    /// [`ClientSession::handle_connected`] or [`ClientSession::handle_connect_failed`].
    Connect(Side),
    /// The driver must drop the current connection (Cisco: reset it, SO_LINGER 0).
    Disconnect,
    /// The session is open.
    Opened {
        /// The side it is open on.
        side: Side,
        /// The server's OPEN_CONF.
        conf: Box<OpenConf>,
    },
    /// The session gave up `from` and moves to `to`; it will replay its OPEN_REQ there.
    Failover {
        /// The side given up.
        from: Side,
        /// The side tried next.
        to: Side,
        /// Why.
        reason: FailureReason,
    },
    /// A standby session became active (STANDBY_ACTIVE_EVENT).
    BecameActive,
    /// The answer to a request sent with [`ClientSession::send_request`].
    Response {
        /// The request's InvokeID.
        invoke_id: u32,
        /// Its confirmation, or why there is none.
        result: Result<Message, RequestError>,
    },
    /// An unsolicited message (call, agent, system and config events; late confirmations).
    Message(Message),
    /// The server sent a malformed message; it was skipped.
    Malformed(String),
    /// The session is closed (after [`ClientSession::close`]); nothing more happens.
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    Connecting(Side),
    Opening {
        side: Side,
        invoke_id: u32,
        deadline: Instant,
    },
    Open {
        side: Side,
        standby: bool,
    },
    Closing {
        side: Side,
        invoke_id: u32,
        deadline: Instant,
    },
    Backoff {
        next: Side,
        until: Instant,
    },
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PendingKind {
    Heartbeat,
    Request,
}

#[derive(Debug, Clone, Copy)]
struct Pending {
    kind: PendingKind,
    deadline: Instant,
}

/// A sans-IO CTI client session.
///
/// Drive it like this (the `tokio` feature's driver does exactly this over a `TcpStream`):
///
/// ```
/// use std::time::{Duration, Instant};
/// use cti_proto::{ClientConfig, ClientEvent, ClientSession, CtiString, ProtocolVersion, Side};
///
/// let cfg = ClientConfig::new(ProtocolVersion::ucce(24), CtiString::from_static("finesse"));
/// let mut client = ClientSession::new(cfg);
/// let now = Instant::now();
/// client.start(now);
/// assert_eq!(client.poll_event(), Some(ClientEvent::Connect(Side::A)));
/// // ... the driver connects to side A ...
/// client.handle_connected(now);
/// let open_req = client.poll_transmit().expect("OPEN_REQ");
/// assert_eq!(&open_req[4..8], &[0, 0, 0, 3]); // MessageType OPEN_REQ
/// // Write the bytes, feed what the server sends to `handle_input`, drain `poll_event`,
/// // and call `handle_timeout` at `poll_timeout`.
/// assert!(client.poll_timeout().is_some()); // the open timeout
/// ```
#[derive(Debug)]
pub struct ClientSession {
    config: ClientConfig,
    codec: CtiCodec,
    state: State,
    invoke_ids: InvokeIds,
    pending: HashMap<u32, Pending>,
    rx: BytesMut,
    tx: BytesMut,
    events: VecDeque<ClientEvent>,
    next_heartbeat: Option<Instant>,
    unconfirmed_heartbeats: u32,
}

impl ClientSession {
    /// A session that will connect to side A first.
    pub fn new(config: ClientConfig) -> Self {
        let codec = CtiCodec::new(CodecConfig::new(config.version));
        Self {
            config,
            codec,
            state: State::Idle,
            invoke_ids: InvokeIds::new(),
            pending: HashMap::new(),
            rx: BytesMut::new(),
            tx: BytesMut::new(),
            events: VecDeque::new(),
            next_heartbeat: None,
            unconfirmed_heartbeats: 0,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The side currently connected, opening or open.
    pub fn side(&self) -> Option<Side> {
        match self.state {
            State::Connecting(s) => Some(s),
            State::Opening { side, .. }
            | State::Open { side, .. }
            | State::Closing { side, .. } => Some(side),
            State::Idle | State::Backoff { .. } | State::Closed => None,
        }
    }

    /// Whether the session is open (active or standby).
    pub fn is_open(&self) -> bool {
        matches!(self.state, State::Open { .. })
    }

    /// Whether the session is closed for good.
    pub fn is_closed(&self) -> bool {
        self.state == State::Closed
    }

    /// Starts: asks the driver to connect to side A.
    pub fn start(&mut self, _now: Instant) {
        if self.state == State::Idle {
            self.connect(Side::A);
        }
    }

    /// The driver connected to the side it was asked for: sends OPEN_REQ.
    pub fn handle_connected(&mut self, now: Instant) {
        let State::Connecting(side) = self.state else {
            return;
        };
        self.rx.clear();
        self.tx.clear();
        self.codec.set_version(self.config.version);
        let invoke_id = self.invoke_ids.allocate(&self.pending);
        let req = self.config.open_req(invoke_id);
        if let Err(e) = self.codec.encode(&req.into(), &mut self.tx) {
            // Only an over-long configured string can fail here.
            self.events.push_back(ClientEvent::Malformed(e.to_string()));
        }
        self.state = State::Opening {
            side,
            invoke_id,
            deadline: now + self.config.open_timeout,
        };
    }

    /// The driver could not connect.
    pub fn handle_connect_failed(&mut self, now: Instant) {
        if matches!(self.state, State::Connecting(_)) {
            self.fail(now, FailureReason::ConnectFailed);
        }
    }

    /// The connection closed or broke.
    pub fn handle_disconnected(&mut self, now: Instant) {
        match self.state {
            State::Closing { .. } => self.finish_close(),
            State::Opening { .. } | State::Open { .. } | State::Connecting(_) => {
                self.fail(now, FailureReason::ConnectionLost)
            }
            State::Idle | State::Backoff { .. } | State::Closed => {}
        }
    }

    /// Bytes received from the server.
    pub fn handle_input(&mut self, now: Instant, bytes: &[u8]) {
        if !matches!(
            self.state,
            State::Opening { .. } | State::Open { .. } | State::Closing { .. }
        ) {
            return;
        }
        if self.rx.len() + bytes.len() > self.config.max_input_buffer {
            self.fail(now, FailureReason::Protocol("input buffer limit".into()));
            return;
        }
        self.rx.extend_from_slice(bytes);
        loop {
            match self.codec.decode(&mut self.rx) {
                Ok(Some(msg)) => self.on_message(now, msg),
                Ok(None) => break,
                Err(e) if e.is_fatal() => {
                    self.fail(now, FailureReason::Protocol(e.to_string()));
                    break;
                }
                Err(e) => self.on_malformed(e),
            }
            if !matches!(
                self.state,
                State::Opening { .. } | State::Open { .. } | State::Closing { .. }
            ) {
                break;
            }
        }
    }

    /// Sends a request (any `_REQ` message); its InvokeID is assigned here and returned. The
    /// answer arrives as [`ClientEvent::Response`].
    pub fn send_request(
        &mut self,
        now: Instant,
        request: impl Into<Message>,
    ) -> Result<u32, SessionError> {
        let mut msg = request.into();
        let mt = msg.message_type();
        if !mt.is_client_to_server() || !mt.carries_invoke_id() {
            return Err(SessionError::WrongKind(mt));
        }
        match self.state {
            State::Open { standby: false, .. } => {}
            State::Open { standby: true, .. } => return Err(SessionError::Standby),
            _ => return Err(SessionError::NotOpen),
        }
        if self.pending.len() >= self.config.max_pending {
            return Err(SessionError::TooManyPending(self.pending.len()));
        }
        let invoke_id = self.invoke_ids.allocate(&self.pending);
        msg.set_invoke_id(invoke_id);
        self.codec.encode(&msg, &mut self.tx)?;
        self.pending.insert(
            invoke_id,
            Pending {
                kind: PendingKind::Request,
                deadline: now + self.config.request_timeout,
            },
        );
        Ok(invoke_id)
    }

    /// Sends a message that expects no confirmation (client-to-server events such as
    /// CONFIG_REQUEST_EVENT).
    pub fn send_message(
        &mut self,
        _now: Instant,
        msg: impl Into<Message>,
    ) -> Result<(), SessionError> {
        let msg = msg.into();
        if !matches!(self.state, State::Open { .. }) {
            return Err(SessionError::NotOpen);
        }
        self.codec.encode(&msg, &mut self.tx)?;
        Ok(())
    }

    /// Closes: sends CLOSE_REQ (NO_ERROR) and waits up to the close timeout for CLOSE_CONF.
    pub fn close(&mut self, now: Instant) {
        match self.state {
            State::Open { side, .. } | State::Opening { side, .. } => {
                let invoke_id = self.invoke_ids.allocate(&self.pending);
                let req = CloseReq {
                    invoke_id,
                    status: StatusCode::NoError,
                    ..CloseReq::default()
                };
                let _ = self.codec.encode(&req.into(), &mut self.tx);
                self.fail_all_pending(RequestError::SessionLost);
                self.next_heartbeat = None;
                self.state = State::Closing {
                    side,
                    invoke_id,
                    deadline: now + self.config.close_timeout,
                };
            }
            State::Closing { .. } | State::Closed => {}
            State::Idle | State::Connecting(_) | State::Backoff { .. } => {
                if matches!(self.state, State::Connecting(_)) {
                    self.events.push_back(ClientEvent::Disconnect);
                }
                self.finish_close();
            }
        }
    }

    /// Advances timers: heartbeats, open/close/request timeouts, retry delays.
    pub fn handle_timeout(&mut self, now: Instant) {
        match self.state {
            State::Opening { deadline, .. } if now >= deadline => {
                self.fail(now, FailureReason::OpenTimeout);
                return;
            }
            State::Closing { deadline, .. } if now >= deadline => {
                self.events.push_back(ClientEvent::Disconnect);
                self.finish_close();
                return;
            }
            State::Backoff { next, until } if now >= until => {
                self.connect(next);
                return;
            }
            _ => {}
        }
        let expired: Vec<u32> = self
            .pending
            .iter()
            .filter(|(_, p)| p.kind == PendingKind::Request && p.deadline <= now)
            .map(|(id, _)| *id)
            .collect();
        for invoke_id in expired {
            self.pending.remove(&invoke_id);
            self.events.push_back(ClientEvent::Response {
                invoke_id,
                result: Err(RequestError::Timeout),
            });
        }
        if let (Some(at), State::Open { .. }) = (self.next_heartbeat, self.state) {
            if now >= at {
                if self.unconfirmed_heartbeats >= self.config.max_missed_heartbeats {
                    self.fail(now, FailureReason::HeartbeatTimeout);
                    return;
                }
                self.send_heartbeat(now);
            }
        }
    }

    /// The next instant `handle_timeout` must be called.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        let state_deadline = match self.state {
            State::Opening { deadline, .. } | State::Closing { deadline, .. } => Some(deadline),
            State::Backoff { until, .. } => Some(until),
            _ => None,
        };
        let requests = earliest(
            self.pending
                .values()
                .filter(|p| p.kind == PendingKind::Request),
            |p| p.deadline,
        );
        [state_deadline, requests, self.next_heartbeat]
            .into_iter()
            .flatten()
            .min()
    }

    /// Bytes to write to the connection.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Bytes> {
        (!self.tx.is_empty()).then(|| self.tx.split().freeze())
    }

    /// The next event.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<ClientEvent> {
        self.events.pop_front()
    }

    /// Whether events are queued (drivers loop until none are).
    #[cfg(feature = "tokio")]
    pub(crate) fn events_pending(&self) -> bool {
        !self.events.is_empty()
    }

    fn connect(&mut self, side: Side) {
        self.state = State::Connecting(side);
        self.events.push_back(ClientEvent::Connect(side));
    }

    fn send_heartbeat(&mut self, now: Instant) {
        let Some(interval) = self.config.heartbeat_interval else {
            return;
        };
        let invoke_id = self.invoke_ids.allocate(&self.pending);
        if self
            .codec
            .encode(&HeartbeatReq::new(invoke_id).into(), &mut self.tx)
            .is_ok()
        {
            self.pending.insert(
                invoke_id,
                Pending {
                    kind: PendingKind::Heartbeat,
                    deadline: now + interval,
                },
            );
            self.unconfirmed_heartbeats += 1;
        }
        self.next_heartbeat = Some(now + interval);
    }

    fn on_malformed(&mut self, e: DecodeError) {
        // A malformed confirmation still answers its request.
        if let Some(id) = e.invoke_id() {
            if let Some(p) = self.pending.remove(&id) {
                if p.kind == PendingKind::Request {
                    self.events.push_back(ClientEvent::Response {
                        invoke_id: id,
                        result: Err(RequestError::Failure(FailureConf::new(id, e.status()))),
                    });
                }
            }
        }
        self.events.push_back(ClientEvent::Malformed(e.to_string()));
    }

    fn on_message(&mut self, now: Instant, msg: Message) {
        match self.state {
            State::Opening {
                side, invoke_id, ..
            } => self.on_opening(now, side, invoke_id, msg),
            State::Closing { invoke_id, .. } => {
                if matches!(&msg, Message::CloseConf(c) if c.invoke_id == invoke_id) {
                    self.events.push_back(ClientEvent::Disconnect);
                    self.finish_close();
                }
            }
            State::Open { side, standby } => self.on_open(now, side, standby, msg),
            State::Idle | State::Connecting(_) | State::Backoff { .. } | State::Closed => {}
        }
    }

    fn on_opening(&mut self, now: Instant, side: Side, open_id: u32, msg: Message) {
        match msg {
            Message::OpenConf(conf) if conf.invoke_id == open_id => {
                let standby = conf.session_type == SessionType::Standby;
                if standby && self.config.duplex && !self.config.stay_on_standby {
                    // Not the side that serves requests: try the other after the retry
                    // delay (both sides may report standby during a switchover).
                    self.fail(now, FailureReason::Standby);
                    return;
                }
                self.state = State::Open { side, standby };
                self.unconfirmed_heartbeats = 0;
                self.next_heartbeat = self.config.heartbeat_interval.map(|i| now + i);
                self.events.push_back(ClientEvent::Opened { side, conf });
            }
            Message::FailureConf(f) if f.invoke_id == open_id => {
                let reason = match f.status {
                    StatusCode::ServerNotMaster => FailureReason::NotMaster,
                    status => FailureReason::OpenRejected(status),
                };
                self.fail(now, reason);
            }
            other => self.events.push_back(ClientEvent::Message(other)),
        }
    }

    fn on_open(&mut self, now: Instant, side: Side, standby: bool, msg: Message) {
        let _ = side;
        if let Some(id) = msg.invoke_id() {
            if is_answer(msg.message_type()) {
                if let Some(p) = self.pending.remove(&id) {
                    self.on_answer(now, id, p, msg);
                    return;
                }
            }
        }
        match msg {
            Message::FailureEvent(f) if f.status == StatusCode::CtiServerOffline => {
                self.fail(now, FailureReason::ServerOffline)
            }
            Message::ActiveMaintenanceReq(req) => {
                let resp = ActiveMaintenanceResp {
                    invoke_id: req.invoke_id,
                    accepted: self.config.accept_maintenance,
                    ..ActiveMaintenanceResp::default()
                };
                let _ = self.codec.encode(&resp.into(), &mut self.tx);
            }
            Message::ActiveMaintenanceEvent(ev) if ev.proceed && self.config.accept_maintenance => {
                self.fail(now, FailureReason::Maintenance)
            }
            Message::Raw(raw) if raw.message_type == MessageType::StandbyActiveEvent && standby => {
                self.state = State::Open {
                    side,
                    standby: false,
                };
                self.events.push_back(ClientEvent::BecameActive);
            }
            other => self.events.push_back(ClientEvent::Message(other)),
        }
    }

    fn on_answer(&mut self, now: Instant, invoke_id: u32, pending: Pending, msg: Message) {
        match pending.kind {
            PendingKind::Heartbeat => match msg {
                Message::HeartbeatConf(_) => self.unconfirmed_heartbeats = 0,
                // A FAILURE_CONF to a heartbeat means the server is offline.
                _ => self.fail(now, FailureReason::ServerOffline),
            },
            PendingKind::Request => {
                let result = match msg {
                    Message::FailureConf(f) => Err(RequestError::Failure(*f)),
                    Message::ControlFailureConf(f) => Err(RequestError::ControlFailure(*f)),
                    other => Ok(other),
                };
                self.events
                    .push_back(ClientEvent::Response { invoke_id, result });
            }
        }
    }

    fn fail_all_pending(&mut self, error: RequestError) {
        let mut ids: Vec<(u32, Pending)> = self.pending.drain().collect();
        ids.sort_by_key(|(id, _)| *id);
        for (invoke_id, p) in ids {
            if p.kind == PendingKind::Request {
                self.events.push_back(ClientEvent::Response {
                    invoke_id,
                    result: Err(error.clone()),
                });
            }
        }
    }

    /// Gives up the current side and schedules the next attempt.
    fn fail(&mut self, now: Instant, reason: FailureReason) {
        let (from, was_open) = match self.state {
            State::Connecting(s) => (s, false),
            State::Opening { side, .. } => (side, false),
            State::Open { side, .. } => (side, true),
            State::Closing { .. } => {
                self.events.push_back(ClientEvent::Disconnect);
                self.finish_close();
                return;
            }
            State::Idle | State::Backoff { .. } | State::Closed => return,
        };
        if !matches!(reason, FailureReason::ConnectFailed) {
            self.events.push_back(ClientEvent::Disconnect);
        }
        self.fail_all_pending(RequestError::SessionLost);
        self.next_heartbeat = None;
        self.unconfirmed_heartbeats = 0;
        self.rx.clear();
        self.tx.clear();
        let to = if self.config.duplex {
            from.other()
        } else {
            from
        };
        self.events.push_back(ClientEvent::Failover {
            from,
            to,
            reason: reason.clone(),
        });
        // An open session moves at once; so does a non-master rejection (the peer is the
        // master). Failures while connecting or opening wait the retry delay.
        let immediate = matches!(
            reason,
            FailureReason::NotMaster | FailureReason::Maintenance
        );
        if was_open || immediate {
            self.connect(to);
        } else {
            self.state = State::Backoff {
                next: to,
                until: now + self.config.retry_delay,
            };
        }
    }

    fn finish_close(&mut self) {
        self.fail_all_pending(RequestError::SessionLost);
        self.next_heartbeat = None;
        self.state = State::Closed;
        self.events.push_back(ClientEvent::Closed);
    }
}

/// Whether a message type answers a request.
fn is_answer(mt: MessageType) -> bool {
    mt.carries_invoke_id() && !mt.is_client_to_server()
}
