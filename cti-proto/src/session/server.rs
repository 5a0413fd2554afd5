//! The server side of a CTI session: open validation, heartbeat answers, the idle timeout,
//! event filtering by the client's masks, and protocol errors answered with FAILURE_CONF.

use std::collections::{HashSet, VecDeque};
use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};

use super::SessionError;
use crate::codec::CtiCodec;
use crate::enums::{
    AgentState, AgentStateMask, CallMsgMask, MessageType, PeripheralType, PgStatus, ServiceMask,
    SessionType, StatusCode,
};
use crate::message::{
    CloseConf, FailureConf, FailureEvent, HeartbeatConf, Message, OpenConf, OpenReq,
};
use crate::version::{CodecConfig, Dialect, ProtocolVersion, VersionedField};
use crate::wire::{CtiString, HEADER_LEN};

/// Which role the server plays in its pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ServerRole {
    /// The active (or only) CTI Server.
    #[default]
    Active,
    /// A v24 standby CTI Server: only v24+ clients with `CTI_SERVICE_ACTIVE_STANDBY` may
    /// open, and only heartbeats and close are served.
    Standby,
    /// A UCCX node that is not the master: every OPEN_REQ gets `E_CTI_SERVER_NOT_MASTER`.
    NotMaster,
}

/// Server-side limits and policies.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The dialect this server speaks.
    pub dialect: Dialect,
    /// The versions it accepts (UCCE 13–25 / UCCX 10–18 by default).
    pub versions: RangeInclusive<u32>,
    /// The smallest IdleTimeout accepted (UCCE: 20 s; below it `E_CTI_INVALID_TIMEOUT`).
    pub min_idle_timeout: Duration,
    /// How long a connection may wait before sending OPEN_REQ.
    pub open_wait: Duration,
    /// The role.
    pub role: ServerRole,
    /// Services the server grants (requested ∩ this).
    pub grantable_services: ServiceMask,
    /// Most requests waiting for the embedder's answer at once.
    pub max_pending: usize,
    /// Most bytes of unparsed input kept.
    pub max_input_buffer: usize,
    /// Most bytes of unsent output kept; beyond it events are dropped and the session fails.
    pub max_output_buffer: usize,
}

impl ServerConfig {
    /// Defaults for `dialect`.
    pub fn new(dialect: Dialect) -> Self {
        let versions = match dialect {
            Dialect::Ucce => ProtocolVersion::UCCE_MIN..=ProtocolVersion::UCCE_MAX,
            Dialect::Uccx => ProtocolVersion::UCCX_MIN..=ProtocolVersion::UCCX_MAX,
        };
        Self {
            dialect,
            versions,
            min_idle_timeout: Duration::from_secs(20),
            open_wait: Duration::from_secs(60),
            role: ServerRole::Active,
            grantable_services: ServiceMask::DEFINED,
            max_pending: 1024,
            max_input_buffer: 1 << 20,
            max_output_buffer: 4 << 20,
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self::new(Dialect::Ucce)
    }
}

/// What the embedder puts in OPEN_CONF when it accepts an open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenAccept {
    /// PGStatus (UCCX: CCXStatus); empty = all up.
    pub pg_status: PgStatus,
    /// ICMCentralControllerTime (seconds since 1970).
    pub central_controller_time: u32,
    /// PeripheralOnline.
    pub peripheral_online: bool,
    /// PeripheralType (UCCX: 21, ACMI_CRS).
    pub peripheral_type: PeripheralType,
    /// The agent's state (CLIENT_EVENTS sessions).
    pub agent_state: AgentState,
    /// MonitorID.
    pub monitor_id: u32,
    /// DepartmentID (v19+).
    pub department_id: i32,
    /// AgentExtension (CLIENT_EVENTS sessions).
    pub agent_extension: Option<CtiString>,
    /// AgentID (CLIENT_EVENTS sessions).
    pub agent_id: Option<CtiString>,
    /// AgentInstrument (CLIENT_EVENTS sessions).
    pub agent_instrument: Option<CtiString>,
}

/// What the server session reports.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ServerEvent {
    /// A valid OPEN_REQ: answer with [`ServerSession::accept_open`] or
    /// [`ServerSession::reject_open`].
    OpenRequested(Box<OpenReq>),
    /// The session is open.
    Opened {
        /// The negotiated version.
        version: ProtocolVersion,
        /// The services granted.
        services: ServiceMask,
    },
    /// A request to answer with [`ServerSession::respond`].
    Request {
        /// Its InvokeID.
        invoke_id: u32,
        /// The request.
        message: Message,
    },
    /// A HEARTBEAT_REQ was answered.
    Heartbeat {
        /// Its InvokeID.
        invoke_id: u32,
    },
    /// A client-to-server message that needs no answer (e.g. CONFIG_REQUEST_EVENT).
    Message(Message),
    /// A malformed message was answered with FAILURE_CONF and skipped.
    Malformed(String),
    /// The client closed the session (CLOSE_CONF was sent); drop the connection after
    /// flushing.
    Closed {
        /// The status the client gave.
        status: StatusCode,
    },
    /// The session failed (idle timeout, unframeable input, output overflow); drop the
    /// connection.
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    AwaitingOpen,
    OpenPending { invoke_id: u32 },
    Open,
    Closed,
    Failed,
}

/// A sans-IO CTI server session (one per client connection).
///
/// ```
/// use std::time::Instant;
/// use bytes::BytesMut;
/// use cti_proto::{encode, CodecConfig, HeartbeatReq, Message, ServerConfig, ServerSession,
///     StatusCode, ProtocolVersion};
///
/// let mut server = ServerSession::new(ServerConfig::default(), Instant::now());
/// // A heartbeat before OPEN_REQ is refused with FAILURE_CONF(E_CTI_SESSION_NOT_OPEN).
/// let mut wire = BytesMut::new();
/// encode(&HeartbeatReq::new(7).into(), &mut wire, &CodecConfig::default())?;
/// server.handle_input(Instant::now(), &wire);
/// let reply = server.poll_transmit().expect("FAILURE_CONF");
/// assert_eq!(&reply[..], &[0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 4]);
/// # Ok::<(), cti_proto::EncodeError>(())
/// ```
#[derive(Debug)]
pub struct ServerSession {
    config: ServerConfig,
    codec: CtiCodec,
    state: State,
    rx: BytesMut,
    tx: BytesMut,
    events: VecDeque<ServerEvent>,
    pending: HashSet<u32>,
    idle_timeout: Option<Duration>,
    idle_deadline: Option<Instant>,
    services: ServiceMask,
    call_msg_mask: CallMsgMask,
    agent_state_mask: AgentStateMask,
    peeked_open_version: Option<u32>,
}

impl ServerSession {
    /// A session for a connection accepted at `now`.
    pub fn new(config: ServerConfig, now: Instant) -> Self {
        let version = ProtocolVersion {
            dialect: config.dialect,
            number: *config.versions.end(),
        };
        let idle_deadline = Some(now + config.open_wait);
        Self {
            codec: CtiCodec::new(CodecConfig::new(version)),
            config,
            state: State::AwaitingOpen,
            rx: BytesMut::new(),
            tx: BytesMut::new(),
            events: VecDeque::new(),
            pending: HashSet::new(),
            idle_timeout: None,
            idle_deadline,
            services: ServiceMask::empty(),
            call_msg_mask: CallMsgMask::empty(),
            agent_state_mask: AgentStateMask::empty(),
            peeked_open_version: None,
        }
    }

    /// The negotiated version (meaningful once open).
    pub fn version(&self) -> ProtocolVersion {
        self.codec.config().version
    }

    /// Whether the session is open.
    pub fn is_open(&self) -> bool {
        self.state == State::Open
    }

    /// Whether the session is over (closed or failed).
    pub fn is_finished(&self) -> bool {
        matches!(self.state, State::Closed | State::Failed)
    }

    /// The services granted.
    pub fn services(&self) -> ServiceMask {
        self.services
    }

    /// Bytes received from the client. Any message resets the idle timer.
    pub fn handle_input(&mut self, now: Instant, bytes: &[u8]) {
        if self.is_finished() {
            return;
        }
        if self.rx.len() + bytes.len() > self.config.max_input_buffer {
            self.fail("input buffer limit exceeded".into());
            return;
        }
        self.rx.extend_from_slice(bytes);
        while !self.is_finished() {
            self.adopt_open_req_version();
            match self.codec.decode(&mut self.rx) {
                Ok(Some(msg)) => {
                    self.touch(now);
                    self.on_message(now, msg);
                }
                Ok(None) => break,
                Err(e) if e.is_fatal() => {
                    // Tell the client why before the connection goes.
                    let reply = FailureConf::new(0, e.status());
                    let _ = self.codec.encode(&reply.into(), &mut self.tx);
                    self.fail(e.to_string());
                }
                Err(e) => {
                    self.touch(now);
                    // An OPEN_REQ of a version we do not speak cannot be framed by us
                    // either: the version is the answer, not the format.
                    let status = match self.peeked_open_version {
                        Some(v)
                            if e.message_type() == Some(MessageType::OpenReq)
                                && !self.config.versions.contains(&v) =>
                        {
                            StatusCode::InvalidVersion
                        }
                        _ => e.status(),
                    };
                    let reply = FailureConf::new(e.invoke_id().unwrap_or(0), status);
                    let _ = self.codec.encode(&reply.into(), &mut self.tx);
                    self.events.push_back(ServerEvent::Malformed(e.to_string()));
                }
            }
        }
    }

    /// OPEN_REQ's floating part is framed per the version it carries: peek at it before
    /// decoding (only until the session is open).
    fn adopt_open_req_version(&mut self) {
        if self.state != State::AwaitingOpen {
            return;
        }
        let peek = |at: usize| {
            self.rx
                .get(at..at + 4)
                .and_then(|b| b.try_into().ok())
                .map(u32::from_be_bytes)
        };
        if peek(4) == Some(MessageType::OpenReq.value()) {
            self.peeked_open_version = peek(HEADER_LEN + 4);
            if let Some(number) = self.peeked_open_version {
                self.codec.set_version(ProtocolVersion {
                    dialect: self.config.dialect,
                    number,
                });
            }
        }
    }

    fn touch(&mut self, now: Instant) {
        if self.state == State::Open {
            self.idle_deadline = self.idle_timeout.map(|t| now + t);
        }
    }

    fn reply(&mut self, msg: Message) {
        if self.tx.len() > self.config.max_output_buffer {
            self.fail("output buffer limit exceeded".into());
            return;
        }
        if let Err(e) = self.codec.encode(&msg, &mut self.tx) {
            self.events.push_back(ServerEvent::Malformed(e.to_string()));
        }
    }

    fn on_message(&mut self, now: Instant, msg: Message) {
        let mt = msg.message_type();
        match (self.state, msg) {
            (State::AwaitingOpen, Message::OpenReq(req)) => self.on_open_req(now, *req),
            (State::AwaitingOpen | State::OpenPending { .. }, m) => {
                if let Some(id) = m.invoke_id().filter(|_| mt.is_client_to_server()) {
                    let status = if mt == MessageType::OpenReq {
                        StatusCode::SessionAlreadyOpen
                    } else {
                        StatusCode::SessionNotOpen
                    };
                    self.reply(FailureConf::new(id, status).into());
                }
            }
            (State::Open, Message::OpenReq(req)) => {
                self.reply(FailureConf::new(req.invoke_id, StatusCode::SessionAlreadyOpen).into())
            }
            (State::Open, Message::HeartbeatReq(hb)) => {
                self.reply(
                    HeartbeatConf {
                        invoke_id: hb.invoke_id,
                        ..HeartbeatConf::default()
                    }
                    .into(),
                );
                self.events.push_back(ServerEvent::Heartbeat {
                    invoke_id: hb.invoke_id,
                });
            }
            (State::Open, Message::CloseReq(req)) => {
                self.reply(
                    CloseConf {
                        invoke_id: req.invoke_id,
                        ..CloseConf::default()
                    }
                    .into(),
                );
                self.state = State::Closed;
                self.idle_deadline = None;
                self.events
                    .push_back(ServerEvent::Closed { status: req.status });
            }
            (State::Open, m) => self.on_request(m),
            (State::Closed | State::Failed, _) => {}
        }
    }

    fn on_request(&mut self, msg: Message) {
        let mt = msg.message_type();
        let Some(invoke_id) = msg.invoke_id().filter(|_| mt.is_client_to_server()) else {
            self.events.push_back(ServerEvent::Message(msg));
            return;
        };
        if self.config.role == ServerRole::Standby {
            self.reply(FailureConf::new(invoke_id, StatusCode::CtiServerOffline).into());
            return;
        }
        if self.pending.len() >= self.config.max_pending {
            self.reply(FailureConf::new(invoke_id, StatusCode::UnspecifiedFailure).into());
            return;
        }
        self.pending.insert(invoke_id);
        self.events.push_back(ServerEvent::Request {
            invoke_id,
            message: msg,
        });
    }

    fn on_open_req(&mut self, now: Instant, req: OpenReq) {
        let version = ProtocolVersion {
            dialect: self.config.dialect,
            number: req.version_number,
        };
        let status = self.validate_open(&req, version);
        if let Some(status) = status {
            self.reply(FailureConf::new(req.invoke_id, status).into());
            return;
        }
        let _ = now;
        self.codec.set_version(version);
        self.services = req.services_requested & self.config.grantable_services;
        self.call_msg_mask = req.call_msg_mask;
        self.agent_state_mask = req.agent_state_mask;
        self.idle_timeout = (req.idle_timeout != u32::MAX)
            .then(|| Duration::from_secs(u64::from(req.idle_timeout)));
        self.state = State::OpenPending {
            invoke_id: req.invoke_id,
        };
        self.events
            .push_back(ServerEvent::OpenRequested(Box::new(req)));
    }

    fn validate_open(&self, req: &OpenReq, version: ProtocolVersion) -> Option<StatusCode> {
        let s = req.services_requested;
        let client_events = s.contains(ServiceMask::CLIENT_EVENTS);
        let has_agent = req.agent_extension.is_some()
            || req.agent_id.is_some()
            || req.agent_id_long.is_some()
            || req.agent_instrument.is_some();
        let idle = req.idle_timeout;
        Some(if self.config.role == ServerRole::NotMaster {
            StatusCode::ServerNotMaster
        } else if !self.config.versions.contains(&req.version_number) {
            StatusCode::InvalidVersion
        } else if self.config.role == ServerRole::Standby
            && (version.number < 24 || !s.contains(ServiceMask::ACTIVE_STANDBY))
        {
            StatusCode::CtiServerOffline
        } else if req.reserved1 != 0 || req.reserved2 != 0 || req.reserved3 != 0 {
            StatusCode::InvalidReservedField
        } else if !(s & !ServiceMask::DEFINED).is_empty()
            || (self.config.dialect == Dialect::Uccx
                && client_events
                && s.contains(ServiceMask::ALL_EVENTS))
        {
            StatusCode::InvalidServiceMask
        } else if idle != u32::MAX && u64::from(idle) < self.config.min_idle_timeout.as_secs() {
            StatusCode::InvalidTimeout
        } else if req.client_id.is_none()
            || req.client_password.is_none()
            || (client_events && (!has_agent || req.peripheral_id == u32::MAX))
        {
            StatusCode::RequiredDataMissing
        } else {
            return None;
        })
    }

    /// Accepts the pending open: sends OPEN_CONF and starts the idle timer.
    pub fn accept_open(&mut self, now: Instant, accept: OpenAccept) -> Result<(), SessionError> {
        let State::OpenPending { invoke_id } = self.state else {
            return Err(SessionError::NotOpen);
        };
        let version = self.codec.config().version;
        // The pending OPEN_REQ's masks were validated; keep what was granted.
        let conf = OpenConf {
            invoke_id,
            services_granted: self.services,
            monitor_id: accept.monitor_id,
            pg_status: accept.pg_status,
            icm_central_controller_time: accept.central_controller_time,
            peripheral_online: accept.peripheral_online,
            peripheral_type: accept.peripheral_type,
            agent_state: accept.agent_state,
            department_id: if version.has(VersionedField::DepartmentId) {
                accept.department_id
            } else {
                0
            },
            session_type: match self.config.role {
                ServerRole::Standby => SessionType::Standby,
                _ => SessionType::Active,
            },
            agent_extension: accept.agent_extension,
            agent_id: accept
                .agent_id
                .clone()
                .filter(|_| version.dialect == Dialect::Ucce),
            agent_id_long: accept.agent_id.filter(|_| version.dialect == Dialect::Uccx),
            agent_instrument: accept.agent_instrument,
            ..OpenConf::default()
        };
        self.reply(conf.into());
        self.state = State::Open;
        self.idle_deadline = self.idle_timeout.map(|t| now + t);
        self.events.push_back(ServerEvent::Opened {
            version,
            services: self.services,
        });
        Ok(())
    }

    /// Rejects the pending open with FAILURE_CONF (e.g. `E_CTI_INVALID_PASSWORD`).
    pub fn reject_open(&mut self, _now: Instant, status: StatusCode) -> Result<(), SessionError> {
        let State::OpenPending { invoke_id } = self.state else {
            return Err(SessionError::NotOpen);
        };
        self.reply(FailureConf::new(invoke_id, status).into());
        self.state = State::AwaitingOpen;
        Ok(())
    }

    /// Answers a request with its confirmation (or FAILURE_CONF / CONTROL_FAILURE_CONF);
    /// the InvokeID must be that of a pending request.
    pub fn respond(&mut self, _now: Instant, msg: impl Into<Message>) -> Result<(), SessionError> {
        let msg = msg.into();
        let id = msg
            .invoke_id()
            .ok_or(SessionError::WrongKind(msg.message_type()))?;
        if !self.pending.remove(&id) {
            return Err(SessionError::UnknownInvokeId(id));
        }
        if self.services.contains(ServiceMask::IGNORE_CONF)
            && !matches!(
                msg,
                Message::FailureConf(_) | Message::ControlFailureConf(_)
            )
        {
            return Ok(());
        }
        self.reply(msg);
        Ok(())
    }

    /// Sends an unsolicited event if the client's masks ask for it; returns whether it was
    /// sent.
    pub fn send_event(
        &mut self,
        _now: Instant,
        msg: impl Into<Message>,
    ) -> Result<bool, SessionError> {
        if self.state != State::Open {
            return Err(SessionError::NotOpen);
        }
        let msg = msg.into();
        if !self.wants(&msg) {
            return Ok(false);
        }
        if self.config.role == ServerRole::Standby
            && msg.message_type() != MessageType::StandbyActiveEvent
        {
            return Ok(false);
        }
        self.reply(msg);
        Ok(!self.is_finished())
    }

    /// Tells the client this server no longer serves it (FAILURE_EVENT
    /// `E_CTI_CTI_SERVER_OFFLINE`); the client is expected to close and fail over.
    pub fn go_offline(&mut self, _now: Instant) {
        if self.state == State::Open {
            let ev = FailureEvent {
                status: StatusCode::CtiServerOffline,
                ..FailureEvent::default()
            };
            self.reply(ev.into());
        }
    }

    fn wants(&self, msg: &Message) -> bool {
        let mt = msg.message_type();
        if let Message::AgentStateEvent(ev) = msg {
            return ev
                .agent_state
                .mask_bit()
                .is_none_or(|bit| self.agent_state_mask.intersects(bit));
        }
        match call_event_bit(mt) {
            Some(bit) => self.call_msg_mask.contains(bit),
            None => true,
        }
    }

    /// Fires the idle timeout.
    pub fn handle_timeout(&mut self, now: Instant) {
        if let Some(at) = self.idle_deadline {
            if now >= at && !self.is_finished() {
                self.fail("idle timeout: no message from the client".into());
            }
        }
    }

    /// The next instant `handle_timeout` must be called.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.is_finished() {
            None
        } else {
            self.idle_deadline
        }
    }

    /// Bytes to write to the connection.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Bytes> {
        (!self.tx.is_empty()).then(|| self.tx.split().freeze())
    }

    /// The next event.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<ServerEvent> {
        self.events.pop_front()
    }

    fn fail(&mut self, why: String) {
        self.state = State::Failed;
        self.idle_deadline = None;
        self.events.push_back(ServerEvent::Failed(why));
    }
}

/// The CallMsgMask bit of a call event type.
fn call_event_bit(mt: MessageType) -> Option<CallMsgMask> {
    Some(match mt {
        MessageType::CallDeliveredEvent => CallMsgMask::DELIVERED,
        MessageType::CallQueuedEvent => CallMsgMask::QUEUED,
        MessageType::CallEstablishedEvent => CallMsgMask::ESTABLISHED,
        MessageType::CallHeldEvent => CallMsgMask::HELD,
        MessageType::CallRetrievedEvent => CallMsgMask::RETRIEVED,
        MessageType::CallClearedEvent => CallMsgMask::CLEARED,
        MessageType::CallConnectionClearedEvent => CallMsgMask::CONNECTION_CLEARED,
        MessageType::CallOriginatedEvent => CallMsgMask::ORIGINATED,
        MessageType::CallConferencedEvent => CallMsgMask::CONFERENCED,
        MessageType::CallTransferredEvent => CallMsgMask::TRANSFERRED,
        MessageType::CallDivertedEvent => CallMsgMask::DIVERTED,
        MessageType::CallServiceInitiatedEvent => CallMsgMask::SERVICE_INITIATED,
        MessageType::CallTranslationRouteEvent => CallMsgMask::TRANSLATION_ROUTE,
        MessageType::BeginCallEvent => CallMsgMask::BEGIN_CALL,
        MessageType::EndCallEvent => CallMsgMask::END_CALL,
        MessageType::CallDataUpdateEvent => CallMsgMask::DATA_UPDATE,
        MessageType::CallFailedEvent => CallMsgMask::FAILED,
        MessageType::CallReachedNetworkEvent => CallMsgMask::REACHED_NETWORK,
        MessageType::CallDequeuedEvent => CallMsgMask::DEQUEUED,
        MessageType::AgentPreCallEvent => CallMsgMask::AGENT_PRE_CALL,
        MessageType::AgentPreCallAbortEvent => CallMsgMask::AGENT_PRE_CALL_ABORT,
        MessageType::RtpStartedEvent => CallMsgMask::RTP_STARTED,
        MessageType::RtpStoppedEvent => CallMsgMask::RTP_STOPPED,
        _ => return None,
    })
}
