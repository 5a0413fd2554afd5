//! The sans-IO c2s session: stream open, features, STARTTLS, SASL PLAIN, restart, bind,
//! established — over bytes (TCP) or over elements (BOSH, XEP-0206).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use bytes::BytesMut;

use crate::codec::bind::{is_ping, is_session, Bind};
use crate::codec::disco::{DiscoInfo, DiscoItem, DiscoItems, Identity};
use crate::codec::element::Element;
use crate::codec::jid::Jid;
use crate::codec::limits::XmlLimits;
use crate::codec::ns;
use crate::codec::payload::PayloadError;
use crate::codec::sasl::{PlainCredentials, Sasl, SaslCondition};
use crate::codec::stanza::{IqKind, Stanza};
use crate::codec::stanza_error::{DefinedCondition, ErrorType, StanzaError};
use crate::codec::stream::{StreamEvent, StreamHeader, StreamParser};
use crate::codec::stream_error::{StreamError, StreamErrorCondition};

/// Whether the session offers STARTTLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsPolicy {
    /// Not offered (direct TLS, BOSH over HTTPS, or plain loopback).
    Unavailable,
    /// Offered; the client may skip it.
    Optional,
    /// Offered and required before SASL.
    Required,
}

/// Configuration of one c2s session.
#[derive(Debug, Clone)]
pub struct C2sConfig {
    /// The domain served (the JID domainpart of its users).
    pub domain: String,
    /// The stream id sent in the stream header (make it unpredictable per connection).
    pub stream_id: String,
    /// Stream parser limits.
    pub limits: XmlLimits,
    /// STARTTLS offer.
    pub tls: TlsPolicy,
    /// Offer SASL PLAIN on a stream that is not encrypted (RFC 6120 forbids it on the open
    /// Internet; fine on loopback and for tests) (default false).
    pub allow_plain_insecure: bool,
    /// Close a session that sends nothing for this long (`connection-timeout`)
    /// (default 5 minutes; Finesse clients ping every 10 s).
    pub idle_timeout: Option<Duration>,
    /// Close a session that is not bound this long after it connected (default 60 s).
    pub login_timeout: Duration,
    /// Most failed SASL attempts before the stream is closed (default 3).
    pub max_auth_attempts: u32,
    /// Most outputs queued and not yet polled; [`C2sSession::deliver`] refuses beyond it
    /// (default 1,024).
    pub max_queued_outputs: usize,
    /// Extra disco#items of the server domain (e.g. the pubsub service).
    pub disco_items: Vec<DiscoItem>,
}

impl C2sConfig {
    /// Defaults for `domain` with stream id `stream_id`.
    pub fn new(domain: impl Into<String>, stream_id: impl Into<String>) -> C2sConfig {
        C2sConfig {
            domain: domain.into(),
            stream_id: stream_id.into(),
            limits: XmlLimits::default(),
            tls: TlsPolicy::Unavailable,
            allow_plain_insecure: false,
            idle_timeout: Some(Duration::from_secs(300)),
            login_timeout: Duration::from_secs(60),
            max_auth_attempts: 3,
            max_queued_outputs: 1024,
            disco_items: Vec::new(),
        }
    }
}

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum C2sState {
    /// Waiting for the client's stream header.
    AwaitHeader,
    /// Features sent; waiting for `<starttls/>` or `<auth/>`.
    AwaitAuth,
    /// `<proceed/>` sent; the embedder runs the TLS handshake.
    TlsHandshake,
    /// Credentials handed to the embedder ([`C2sEvent::Authenticate`]).
    Authenticating,
    /// `<success/>` sent; waiting for the restarted stream header.
    AwaitRestart,
    /// Post-auth features sent; waiting for resource binding.
    AwaitBind,
    /// Bound: stanzas flow.
    Established,
    /// Closed (by either side or by an error).
    Closed,
}

/// What the embedder must act on.
#[allow(clippy::large_enum_variant)] // one per stanza, moved once
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum C2sEvent {
    /// Run the TLS handshake on the transport, then call [`C2sSession::tls_established`].
    StartTls,
    /// Check these credentials, then call [`C2sSession::complete_auth`].
    Authenticate(PlainCredentials),
    /// The client bound this full JID. Route stanzas for it to [`C2sSession::deliver`].
    Bound(Jid),
    /// A stanza from the bound client (with `from` stamped) that the session does not answer
    /// itself: route it (to the pubsub service, another user, …).
    Stanza(Stanza),
    /// The stream is closed; flush the outputs and drop the transport.
    Closed {
        /// The stream error, if the close was an error.
        error: Option<StreamErrorCondition>,
    },
}

/// What to send to the client, in order. Over TCP use [`C2sOutput::write_to`] (or
/// [`C2sSession::poll_transmit`]); a BOSH connection manager sends the elements inside
/// `<body/>`s, skips the stream header (it has its own session creation response), and turns
/// [`C2sOutput::StreamError`] / [`C2sOutput::StreamClose`] into a terminate body.
#[allow(clippy::large_enum_variant)] // one per stanza, moved once
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum C2sOutput {
    /// The server's stream header.
    StreamHeader(StreamHeader),
    /// A non-stanza top-level element (features, SASL, TLS).
    Element(Element),
    /// A stanza.
    Stanza(Stanza),
    /// A stream error (followed by [`C2sOutput::StreamClose`]).
    StreamError(StreamError),
    /// `</stream:stream>`.
    StreamClose,
}

impl C2sOutput {
    /// Serialises for a TCP stream.
    pub fn write_to(&self, out: &mut BytesMut) {
        match self {
            C2sOutput::StreamHeader(h) => out.extend_from_slice(&h.to_bytes()),
            C2sOutput::Element(e) => write_top(e, out),
            C2sOutput::Stanza(s) => s.write_to(out),
            C2sOutput::StreamError(e) => write_top(&e.to_element(), out),
            C2sOutput::StreamClose => out.extend_from_slice(b"</stream:stream>"),
        }
    }
}

/// Writes a top-level element; `stream:` elements use the stream prefix.
fn write_top(e: &Element, out: &mut BytesMut) {
    if e.ns() == ns::STREAM {
        // <stream:features> / <stream:error>: children declare their own namespaces.
        out.extend_from_slice(b"<stream:");
        out.extend_from_slice(e.name().as_bytes());
        out.extend_from_slice(b">");
        for c in e.children() {
            c.write_to(out);
        }
        out.extend_from_slice(b"</stream:");
        out.extend_from_slice(e.name().as_bytes());
        out.extend_from_slice(b">");
    } else {
        e.write_in_ns(out, ns::CLIENT);
    }
}

/// Why [`C2sSession::deliver`] refused a stanza.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeliverError {
    /// The session is not established (or already closed).
    #[error("session not established")]
    NotEstablished,
    /// The output queue is full ([`C2sConfig::max_queued_outputs`]): a slow client.
    #[error("output queue full")]
    QueueFull,
}

/// One client-to-server XMPP session as a state machine.
///
/// Inputs: [`handle_input`](Self::handle_input) (bytes from a TCP stream) — or, for BOSH,
/// [`handle_stream_open`](Self::handle_stream_open) (session creation and each XEP-0206
/// restart), [`handle_element`](Self::handle_element) (each child of a `<body/>`) and
/// [`handle_stream_close`](Self::handle_stream_close) — plus
/// [`complete_auth`](Self::complete_auth), [`tls_established`](Self::tls_established),
/// [`deliver`](Self::deliver) (stanzas routed to this client), [`close`](Self::close) and
/// [`handle_timeout`](Self::handle_timeout).
///
/// **Drain contract**: after any of these, drain [`poll_output`](Self::poll_output) (or
/// [`poll_transmit`](Self::poll_transmit)) and [`poll_event`](Self::poll_event) until `None`,
/// then re-arm a timer for [`poll_timeout`](Self::poll_timeout). Time only moves through the
/// `now` arguments, which must not go backwards.
///
/// ```
/// use std::time::Instant;
/// use bytes::BytesMut;
/// use xmpp_pubsub::*;
///
/// # #[allow(clippy::disallowed_methods)]
/// let now = Instant::now();
/// let mut cfg = C2sConfig::new("example.com", "s1");
/// cfg.allow_plain_insecure = true;
/// let mut s = C2sSession::new(cfg, false, now);
/// let open = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";
/// s.handle_input(now, open.as_bytes());
/// let mut wire = BytesMut::new();
/// s.poll_transmit(&mut wire);
/// assert!(std::str::from_utf8(&wire)?.contains("<mechanism>PLAIN</mechanism>"));
///
/// // "\0agent1\0secret"
/// s.handle_input(now, b"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFnZW50MQBzZWNyZXQ=</auth>");
/// let Some(C2sEvent::Authenticate(creds)) = s.poll_event() else { panic!() };
/// assert_eq!(creds.authcid, "agent1");
/// s.complete_auth(now, Ok(creds.authcid.clone())); // the embedder checked the password
/// s.handle_input(now, open.as_bytes()); // restart
/// s.handle_input(now, b"<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>desk</resource></bind></iq>");
/// assert_eq!(s.poll_event(), Some(C2sEvent::Bound(Jid::new("agent1@example.com/desk")?)));
/// assert_eq!(s.state(), C2sState::Established);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct C2sSession {
    config: C2sConfig,
    state: C2sState,
    parser: StreamParser,
    secure: bool,
    header_sent: bool,
    user: Option<Jid>,
    jid: Option<Jid>,
    auth_failures: u32,
    out: VecDeque<C2sOutput>,
    events: VecDeque<C2sEvent>,
    started: Instant,
    last_input: Instant,
    resource_counter: u32,
}

impl C2sSession {
    /// A session on a new transport. `secure` says whether the transport is already
    /// encrypted (direct TLS on 5223, BOSH over HTTPS).
    pub fn new(config: C2sConfig, secure: bool, now: Instant) -> C2sSession {
        C2sSession {
            parser: StreamParser::new(config.limits),
            config,
            state: C2sState::AwaitHeader,
            secure,
            header_sent: false,
            user: None,
            jid: None,
            auth_failures: 0,
            out: VecDeque::new(),
            events: VecDeque::new(),
            started: now,
            last_input: now,
            resource_counter: 0,
        }
    }

    /// The current state.
    pub fn state(&self) -> C2sState {
        self.state
    }

    /// The bound full JID.
    pub fn jid(&self) -> Option<&Jid> {
        self.jid.as_ref()
    }

    /// Whether the session is closed.
    pub fn is_closed(&self) -> bool {
        self.state == C2sState::Closed
    }

    /// Whether the transport is encrypted.
    pub fn is_secure(&self) -> bool {
        self.secure
    }

    /// The next output for the client.
    #[must_use]
    pub fn poll_output(&mut self) -> Option<C2sOutput> {
        self.out.pop_front()
    }

    /// Serialises every queued output into `out`; returns whether anything was written.
    #[must_use]
    pub fn poll_transmit(&mut self, out: &mut BytesMut) -> bool {
        let mut any = false;
        while let Some(o) = self.out.pop_front() {
            o.write_to(out);
            any = true;
        }
        any
    }

    /// The next event for the embedder.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<C2sEvent> {
        self.events.pop_front()
    }

    /// When [`handle_timeout`](Self::handle_timeout) must next be called.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        if self.is_closed() {
            return None;
        }
        let login =
            (self.state != C2sState::Established).then(|| self.started + self.config.login_timeout);
        let idle = self.config.idle_timeout.map(|d| self.last_input + d);
        match (login, idle) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Closes the session when a deadline has passed; otherwise does nothing.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.is_closed() {
            return;
        }
        let login_expired =
            self.state != C2sState::Established && now >= self.started + self.config.login_timeout;
        let idle_expired = self
            .config
            .idle_timeout
            .is_some_and(|d| now >= self.last_input + d);
        if login_expired || idle_expired {
            self.fail(StreamErrorCondition::ConnectionTimeout);
        }
    }

    /// Bytes received from a TCP (or TLS) transport. An empty slice is not end-of-stream;
    /// call [`handle_stream_close`](Self::handle_stream_close) on EOF.
    pub fn handle_input(&mut self, now: Instant, data: &[u8]) {
        if self.is_closed() {
            return;
        }
        self.last_input = now;
        self.parser.push(data);
        self.pump(now);
    }

    fn pump(&mut self, now: Instant) {
        loop {
            if matches!(
                self.state,
                C2sState::Closed | C2sState::Authenticating | C2sState::TlsHandshake
            ) {
                return;
            }
            match self.parser.next_event() {
                Ok(None) => return,
                Ok(Some(StreamEvent::Header(h))) => self.on_header(h),
                Ok(Some(StreamEvent::Element(e))) => self.on_element(now, e),
                Ok(Some(StreamEvent::Close)) => self.on_close(),
                Err(e) => {
                    let condition = e.condition();
                    self.fail_with(StreamError {
                        condition,
                        text: Some(e.to_string()),
                    });
                }
            }
        }
    }

    /// The client opened (or restarted) its stream — BOSH: session creation or
    /// `xmpp:restart='true'`.
    pub fn handle_stream_open(&mut self, now: Instant, header: StreamHeader) {
        if self.is_closed() {
            return;
        }
        self.last_input = now;
        self.on_header(header);
    }

    /// One top-level element from the client — BOSH: each child of a `<body/>`.
    pub fn handle_element(&mut self, now: Instant, element: Element) {
        if self.is_closed() {
            return;
        }
        self.last_input = now;
        self.on_element(now, element);
    }

    /// The client closed its stream (`</stream:stream>`, transport EOF, BOSH terminate).
    pub fn handle_stream_close(&mut self, _now: Instant) {
        if !self.is_closed() {
            self.on_close();
        }
    }

    /// Closes the stream from the server side, with an error condition or cleanly.
    pub fn close(&mut self, error: Option<StreamErrorCondition>) {
        if self.is_closed() {
            return;
        }
        match error {
            Some(c) => self.fail(c),
            None => {
                self.out.push_back(C2sOutput::StreamClose);
                self.state = C2sState::Closed;
                self.events.push_back(C2sEvent::Closed { error: None });
            }
        }
    }

    /// The TLS handshake finished: the stream restarts, encrypted.
    pub fn tls_established(&mut self, now: Instant) {
        if self.state != C2sState::TlsHandshake {
            return;
        }
        self.secure = true;
        self.parser = StreamParser::new(self.config.limits);
        self.header_sent = false;
        self.state = C2sState::AwaitHeader;
        self.last_input = now;
    }

    /// The result of checking [`C2sEvent::Authenticate`]: `Ok(localpart)` of the
    /// authenticated user, or the SASL failure to report.
    pub fn complete_auth(&mut self, now: Instant, result: Result<String, SaslCondition>) {
        if self.state != C2sState::Authenticating {
            return;
        }
        let jid = result.and_then(|local| {
            Jid::from_parts(Some(&local), &self.config.domain, None)
                .map_err(|_| SaslCondition::InvalidAuthzid)
        });
        match jid {
            Ok(jid) => {
                self.user = Some(jid);
                self.out
                    .push_back(C2sOutput::Element(Sasl::Success(Vec::new()).to_element()));
                self.state = C2sState::AwaitRestart;
                self.parser.restart();
            }
            Err(condition) => {
                self.auth_failures += 1;
                self.out.push_back(C2sOutput::Element(
                    Sasl::Failure {
                        condition,
                        text: None,
                    }
                    .to_element(),
                ));
                self.state = C2sState::AwaitAuth;
                if self.auth_failures >= self.config.max_auth_attempts {
                    self.fail(StreamErrorCondition::PolicyViolation);
                }
            }
        }
        self.pump(now);
    }

    /// Queues a stanza routed to this client (a pubsub event, a reply). `to` is kept as is.
    pub fn deliver(&mut self, stanza: Stanza) -> Result<(), DeliverError> {
        if self.state != C2sState::Established {
            return Err(DeliverError::NotEstablished);
        }
        if self.out.len() >= self.config.max_queued_outputs {
            return Err(DeliverError::QueueFull);
        }
        self.out.push_back(C2sOutput::Stanza(stanza));
        Ok(())
    }

    // ----- internals -----

    fn fail(&mut self, condition: StreamErrorCondition) {
        self.fail_with(StreamError::new(condition));
    }

    fn fail_with(&mut self, error: StreamError) {
        if self.is_closed() {
            return;
        }
        if !self.header_sent {
            self.send_header(None);
        }
        let condition = error.condition;
        self.out.push_back(C2sOutput::StreamError(error));
        self.out.push_back(C2sOutput::StreamClose);
        self.state = C2sState::Closed;
        self.events.push_back(C2sEvent::Closed {
            error: Some(condition),
        });
    }

    fn on_close(&mut self) {
        self.out.push_back(C2sOutput::StreamClose);
        self.state = C2sState::Closed;
        self.events.push_back(C2sEvent::Closed { error: None });
    }

    fn send_header(&mut self, to: Option<String>) {
        self.out.push_back(C2sOutput::StreamHeader(StreamHeader {
            to,
            from: Some(self.config.domain.clone()),
            id: Some(self.config.stream_id.clone()),
            version: Some("1.0".to_owned()),
            lang: Some("en".to_owned()),
        }));
        self.header_sent = true;
    }

    fn plain_allowed(&self) -> bool {
        self.secure || self.config.allow_plain_insecure
    }

    fn on_header(&mut self, h: StreamHeader) {
        let to_ok =
            h.to.as_deref()
                .is_none_or(|t| t.eq_ignore_ascii_case(&self.config.domain));
        self.send_header(h.from.clone());
        if !to_ok {
            return self.fail(StreamErrorCondition::HostUnknown);
        }
        if h.version.as_deref() != Some("1.0") {
            return self.fail(StreamErrorCondition::UnsupportedVersion);
        }
        let mut features = Element::new("features", ns::STREAM);
        match self.state {
            C2sState::AwaitHeader | C2sState::AwaitAuth => {
                if !self.secure && self.config.tls != TlsPolicy::Unavailable {
                    let mut tls = Element::new("starttls", ns::TLS);
                    if self.config.tls == TlsPolicy::Required {
                        tls.push_child(Element::new("required", ns::TLS));
                    }
                    features.push_child(tls);
                }
                let tls_required = !self.secure && self.config.tls == TlsPolicy::Required;
                if self.plain_allowed() && !tls_required {
                    features.push_child(
                        Element::new("mechanisms", ns::SASL)
                            .child(Element::new("mechanism", ns::SASL).text("PLAIN")),
                    );
                }
                self.state = C2sState::AwaitAuth;
            }
            C2sState::AwaitRestart | C2sState::AwaitBind => {
                features.push_child(Element::new("bind", ns::BIND));
                features.push_child(
                    Element::new("session", ns::SESSION)
                        .child(Element::new("optional", ns::SESSION)),
                );
                self.state = C2sState::AwaitBind;
            }
            _ => return self.fail(StreamErrorCondition::Conflict),
        }
        self.out.push_back(C2sOutput::Element(features));
    }

    fn on_element(&mut self, now: Instant, e: Element) {
        let _ = now;
        match self.state {
            C2sState::AwaitHeader | C2sState::AwaitRestart => {
                self.fail(StreamErrorCondition::NotAuthorized)
            }
            C2sState::AwaitAuth => self.on_pre_auth(e),
            C2sState::AwaitBind | C2sState::Established => {
                if !Stanza::is_stanza(&e) {
                    return self.fail(StreamErrorCondition::UnsupportedStanzaType);
                }
                self.on_stanza(e)
            }
            C2sState::Authenticating | C2sState::TlsHandshake | C2sState::Closed => {}
        }
    }

    fn on_pre_auth(&mut self, e: Element) {
        if e.is("starttls", ns::TLS) {
            if self.secure || self.config.tls == TlsPolicy::Unavailable {
                self.out
                    .push_back(C2sOutput::Element(Element::new("failure", ns::TLS)));
                self.out.push_back(C2sOutput::StreamClose);
                self.state = C2sState::Closed;
                self.events.push_back(C2sEvent::Closed { error: None });
                return;
            }
            self.out
                .push_back(C2sOutput::Element(Element::new("proceed", ns::TLS)));
            self.state = C2sState::TlsHandshake;
            self.events.push_back(C2sEvent::StartTls);
            return;
        }
        if e.ns() != ns::SASL {
            return self.fail(StreamErrorCondition::NotAuthorized);
        }
        let failure = |condition| {
            C2sOutput::Element(
                Sasl::Failure {
                    condition,
                    text: None,
                }
                .to_element(),
            )
        };
        if e.name() == "auth" && e.get_attr("mechanism").is_some_and(|m| m != "PLAIN") {
            self.out.push_back(failure(SaslCondition::InvalidMechanism));
            return;
        }
        match Sasl::from_element(&e) {
            Ok(Sasl::Auth { mechanism, initial }) => {
                if mechanism != "PLAIN" {
                    self.out.push_back(failure(SaslCondition::InvalidMechanism));
                } else if !self.plain_allowed()
                    || (!self.secure && self.config.tls == TlsPolicy::Required)
                {
                    self.out
                        .push_back(failure(SaslCondition::EncryptionRequired));
                } else {
                    match PlainCredentials::parse(&initial) {
                        Ok(c) => {
                            self.state = C2sState::Authenticating;
                            self.events.push_back(C2sEvent::Authenticate(c));
                        }
                        Err(c) => self.out.push_back(failure(c)),
                    }
                }
            }
            Ok(Sasl::Abort) => self.out.push_back(failure(SaslCondition::Aborted)),
            Ok(_) => self.out.push_back(failure(SaslCondition::MalformedRequest)),
            Err(_) => self
                .out
                .push_back(failure(SaslCondition::IncorrectEncoding)),
        }
    }

    fn on_stanza(&mut self, e: Element) {
        // Keep what is needed for an error reply before the element is consumed.
        let id = e.get_attr("id").map(str::to_owned);
        let name = e.name().to_owned();
        let ty = e.get_attr("type").map(str::to_owned);
        let stanza = match Stanza::from_element(e) {
            Ok(s) => s,
            Err(err) => return self.reply_malformed(&name, id, ty.as_deref(), &err),
        };
        let Some(user) = self.user.clone() else {
            return self.fail(StreamErrorCondition::NotAuthorized);
        };
        if self.state == C2sState::AwaitBind {
            return self.on_bind_phase(&user, stanza);
        }
        let Some(jid) = self.jid.clone() else {
            return self.fail(StreamErrorCondition::NotAuthorized);
        };
        if let Some(from) = stanza.from() {
            if from != &jid && from.as_str() != jid.bare_str() {
                return self.fail(StreamErrorCondition::InvalidFrom);
            }
        }
        let mut stanza = stanza;
        stanza.set_from(Some(jid.clone()));
        let for_server = match stanza.to() {
            None => true,
            Some(to) => to.as_str() == self.config.domain || to.as_str() == jid.bare_str(),
        };
        if for_server {
            if let Stanza::Iq(iq) = &stanza {
                if let Some(reply) = self.answer_server_iq(iq) {
                    self.out.push_back(C2sOutput::Stanza(reply));
                    return;
                }
                if !iq.is_request() {
                    return;
                }
            }
        }
        self.events.push_back(C2sEvent::Stanza(stanza));
    }

    fn reply_malformed(
        &mut self,
        name: &str,
        id: Option<String>,
        ty: Option<&str>,
        err: &PayloadError,
    ) {
        if ty == Some("error") || name != "iq" {
            // Messages and presences with bad attributes are dropped (never bounce errors).
            return;
        }
        let mut reply = Element::new("iq", ns::CLIENT)
            .attr("type", "error")
            .child(err.to_stanza_error().to_element());
        if let Some(id) = id {
            reply.set_attr("id", id);
        }
        self.out.push_back(C2sOutput::Element(reply));
    }

    fn on_bind_phase(&mut self, user: &Jid, stanza: Stanza) {
        let Stanza::Iq(iq) = &stanza else {
            return self.fail(StreamErrorCondition::NotAuthorized);
        };
        let IqKind::Set(payload) = &iq.kind else {
            let err = StanzaError::new(ErrorType::Auth, DefinedCondition::NotAuthorized);
            self.out
                .push_back(C2sOutput::Stanza(Stanza::Iq(iq.error(err))));
            return;
        };
        match Bind::from_element(payload) {
            Ok(Bind::Request { resource }) => {
                let resource = resource.unwrap_or_else(|| {
                    self.resource_counter += 1;
                    format!("{}-{}", self.config.stream_id, self.resource_counter)
                });
                match user.with_resource(&resource) {
                    Ok(full) => {
                        let mut reply = iq.result(Some(Bind::Result(full.clone()).to_element()));
                        reply.from = None;
                        reply.to = None;
                        self.out.push_back(C2sOutput::Stanza(Stanza::Iq(reply)));
                        self.jid = Some(full.clone());
                        self.state = C2sState::Established;
                        self.events.push_back(C2sEvent::Bound(full));
                    }
                    Err(_) => {
                        let err = StanzaError::new(ErrorType::Modify, DefinedCondition::BadRequest);
                        self.out
                            .push_back(C2sOutput::Stanza(Stanza::Iq(iq.error(err))));
                    }
                }
            }
            _ => {
                let err = StanzaError::new(ErrorType::Auth, DefinedCondition::NotAuthorized);
                self.out
                    .push_back(C2sOutput::Stanza(Stanza::Iq(iq.error(err))));
            }
        }
    }

    /// Answers IQs addressed to the server or the user's own account; `None` for the rest.
    fn answer_server_iq(&self, iq: &crate::codec::stanza::Iq) -> Option<Stanza> {
        let payload = iq.request_payload()?;
        let to_domain = iq
            .to
            .as_ref()
            .is_none_or(|t| t.as_str() == self.config.domain);
        let reply = if is_ping(payload) || is_session(payload) {
            iq.result(None)
        } else if payload.is("query", ns::DISCO_INFO) && matches!(iq.kind, IqKind::Get(_)) {
            let mut info = DiscoInfo {
                node: payload.get_attr("node").map(str::to_owned),
                ..DiscoInfo::default()
            };
            if to_domain {
                info.identities.push(Identity::new("server", "im"));
                info.features = [ns::DISCO_INFO, ns::DISCO_ITEMS, ns::PING]
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect();
            } else {
                info.identities.push(Identity::new("account", "registered"));
                info.features = vec![ns::DISCO_INFO.to_owned()];
            }
            iq.result(Some(info.to_element()))
        } else if payload.is("query", ns::DISCO_ITEMS) && matches!(iq.kind, IqKind::Get(_)) {
            let items = DiscoItems {
                node: payload.get_attr("node").map(str::to_owned),
                items: if to_domain {
                    self.config.disco_items.clone()
                } else {
                    Vec::new()
                },
            };
            iq.result(Some(items.to_element()))
        } else if payload.is("query", "jabber:iq:roster") && matches!(iq.kind, IqKind::Get(_)) {
            // No roster storage: an empty roster (Finesse clients do not use one).
            iq.result(Some(Element::new("query", "jabber:iq:roster")))
        } else if payload.is("bind", ns::BIND) {
            iq.error(StanzaError::new(
                ErrorType::Cancel,
                DefinedCondition::NotAllowed,
            ))
        } else {
            iq.error(StanzaError::new(
                ErrorType::Cancel,
                DefinedCondition::ServiceUnavailable,
            ))
        };
        let mut reply = reply;
        reply.from = iq.to.clone();
        Some(Stanza::Iq(reply))
    }
}
