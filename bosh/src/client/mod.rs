//! The sans-IO BOSH client session.

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::body::{parse_body, Body, BodyLimits, BodyType, Condition, Version};
use crate::error::ClientError;

/// Settings of a [`BoshClient`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// `to`: the XMPP domain.
    pub to: String,
    /// `from`: the user's bare JID (Cisco's desktop library sends it).
    pub from: Option<String>,
    /// `xml:lang`. Default `en`.
    pub lang: Option<String>,
    /// `wait` asked for, in seconds. Default 60 (strophe.js).
    pub wait: u16,
    /// `hold` asked for. Default 1.
    pub hold: u8,
    /// `ver` announced. Default 1.11.
    pub ver: Version,
    /// Ask for acknowledgements (`ack='1'` on the creation request). Default true.
    pub ack: bool,
    /// First request id. Must be unpredictable: pass a random number below 2^32.
    pub initial_rid: u64,
    /// A request unanswered this long after `wait` is sent again with the same rid.
    /// Default: `wait / 10` (strophe.js resends after 1.1 × wait).
    pub retry_margin: Option<Duration>,
    /// Send attempts per request before giving up. Default 5 (strophe.js).
    pub max_attempts: u8,
    /// Most stanzas waiting to be sent. Default 1,024.
    pub max_queued: usize,
    /// Most payloads in one request. Default 64.
    pub max_per_request: usize,
    /// Parser limits for responses.
    pub limits: BodyLimits,
}

impl ClientConfig {
    /// Defaults for the domain `to`, first rid `initial_rid`.
    pub fn new(to: impl Into<String>, initial_rid: u64) -> Self {
        ClientConfig {
            to: to.into(),
            from: None,
            lang: Some("en".into()),
            wait: 60,
            hold: 1,
            ver: Version::V1_11,
            ack: true,
            initial_rid,
            retry_margin: None,
            max_attempts: 5,
            max_queued: 1024,
            max_per_request: 64,
            limits: BodyLimits::default(),
        }
    }
}

/// One HTTP POST the driver must send (or send again: a retry carries the same rid and the
/// byte-identical body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingRequest {
    /// The request id; hand it back with the response.
    pub rid: u64,
    /// The `<body/>` to POST.
    pub body: Bytes,
}

/// What the client session reports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientEvent {
    /// The creation response arrived.
    Connected {
        /// Session id.
        sid: String,
        /// Granted `wait`.
        wait: u16,
        /// Granted `hold`.
        hold: u8,
        /// Granted `requests`.
        requests: u8,
    },
    /// A payload from the manager, in order.
    Stanza(Bytes),
    /// The session ended (`condition` is `None` after our own terminate or when retries ran out).
    Terminated {
        /// The manager's terminal condition.
        condition: Option<Condition>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    Connecting,
    Connected,
    Terminating,
    Done,
}

#[derive(Debug)]
struct InFlight {
    body: Bytes,
    sent: Instant,
    attempts: u8,
}

/// The client half of a BOSH session: keeps up to `hold` empty polls in flight plus one more
/// when it has something to send (`hold + 1` = `requests`), resends a request whose response
/// was lost with the same rid and bytes, processes responses in rid order, and honours the
/// manager's `ack`/`report`.
///
/// Drain contract: after any `handle_*` call or command, drain
/// [`poll_request`](Self::poll_request) and [`poll_event`](Self::poll_event) until `None`, then
/// arm a timer for [`poll_timeout`](Self::poll_timeout).
///
/// ```
/// use std::time::Instant;
/// use bosh::{BoshClient, BoshServer, ClientConfig, ClientEvent, ServerConfig, ServerEvent};
/// use bytes::Bytes;
///
/// # #[allow(clippy::disallowed_methods)]
/// let now = Instant::now();
/// let mut server = BoshServer::new(ServerConfig::default());
/// let mut client = BoshClient::new(ClientConfig::new("example.com", 4242));
/// client.connect(now);
/// let create = client.poll_request().unwrap();
/// let id = server.handle_request(now, create.body, false);
/// let Some(ServerEvent::SessionCreated(info)) = server.poll_event() else { panic!() };
/// server.send(now, info.sid, Bytes::from_static(b"<stream:features/>")).unwrap();
/// let resp = server.poll_response().unwrap();
/// assert_eq!(resp.request, id);
/// client.handle_response(now, create.rid, &resp.body);
/// assert!(matches!(client.poll_event(), Some(ClientEvent::Connected { .. })));
/// assert_eq!(client.poll_event(), Some(ClientEvent::Stanza(Bytes::from_static(b"<stream:features/>"))));
/// ```
#[derive(Debug)]
pub struct BoshClient {
    config: ClientConfig,
    state: State,
    sid: Option<String>,
    wait: u16,
    hold: u8,
    requests: u8,
    server_acks: bool,
    next_rid: u64,
    last_processed: u64,
    in_flight: BTreeMap<u64, InFlight>,
    received: BTreeMap<u64, Body>,
    outq: VecDeque<Bytes>,
    restart: bool,
    terminate: bool,
    pause: Option<u16>,
    maxpause: Option<u16>,
    requests_out: VecDeque<OutgoingRequest>,
    events: VecDeque<ClientEvent>,
}

impl BoshClient {
    /// A client that has not connected yet.
    pub fn new(config: ClientConfig) -> Self {
        let rid = config.initial_rid.clamp(1, crate::MAX_RID / 2);
        BoshClient {
            wait: config.wait,
            hold: config.hold,
            requests: config.hold.saturating_add(1),
            config,
            state: State::Idle,
            sid: None,
            server_acks: false,
            next_rid: rid,
            last_processed: rid - 1,
            in_flight: BTreeMap::new(),
            received: BTreeMap::new(),
            outq: VecDeque::new(),
            restart: false,
            terminate: false,
            pause: None,
            maxpause: None,
            requests_out: VecDeque::new(),
            events: VecDeque::new(),
        }
    }

    /// The session id, once connected.
    pub fn sid(&self) -> Option<&str> {
        self.sid.as_deref()
    }

    /// True between the creation response and the end of the session.
    pub fn is_connected(&self) -> bool {
        self.state == State::Connected
    }

    /// Requests sent and not yet answered.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// Sends the creation request.
    pub fn connect(&mut self, now: Instant) {
        if self.state != State::Idle {
            return;
        }
        self.state = State::Connecting;
        let c = &self.config;
        let body = Body {
            to: Some(c.to.clone()),
            from: c.from.clone(),
            lang: c.lang.clone(),
            wait: Some(c.wait),
            hold: Some(c.hold),
            ver: Some(c.ver),
            ack: c.ack.then_some(1),
            xmpp_version: Some("1.0".into()),
            ..Body::default()
        };
        self.emit(now, body);
    }

    /// Queues a stanza (a complete element) for the manager.
    pub fn send(&mut self, now: Instant, stanza: Bytes) -> Result<(), ClientError> {
        if matches!(self.state, State::Terminating | State::Done | State::Idle) {
            return Err(ClientError::NotConnected);
        }
        if self.outq.len() >= self.config.max_queued {
            return Err(ClientError::QueueFull);
        }
        self.outq.push_back(stanza);
        self.pump(now);
        Ok(())
    }

    /// XEP-0206 stream restart (after SASL success).
    pub fn restart(&mut self, now: Instant) -> Result<(), ClientError> {
        if self.state != State::Connected {
            return Err(ClientError::NotConnected);
        }
        self.restart = true;
        self.pump(now);
        Ok(())
    }

    /// Asks the manager to pause the session for `secs` seconds.
    pub fn pause(&mut self, now: Instant, secs: u16) -> Result<(), ClientError> {
        if self.state != State::Connected {
            return Err(ClientError::NotConnected);
        }
        match self.maxpause {
            Some(max) if secs <= max => {}
            _ => return Err(ClientError::PauseNotAllowed),
        }
        self.pause = Some(secs);
        self.pump(now);
        Ok(())
    }

    /// Ends the session, sending what is still queued on the terminate request.
    pub fn terminate(&mut self, now: Instant) {
        if matches!(self.state, State::Connected | State::Connecting) {
            self.terminate = true;
            self.pump(now);
        }
    }

    /// The HTTP response to request `rid` arrived with this body.
    pub fn handle_response(&mut self, now: Instant, rid: u64, body: &[u8]) {
        if !self.in_flight.contains_key(&rid) || self.state == State::Done {
            return; // a duplicate, or an answer we no longer wait for
        }
        let parsed = match parse_body(Bytes::copy_from_slice(body), &self.config.limits) {
            Ok(b) => b,
            Err(_) => return self.handle_failure(now, rid, None),
        };
        if parsed.body_type == Some(BodyType::Error) {
            // Recoverable: resend this request and every earlier unanswered one.
            let rids: Vec<u64> = self.in_flight.range(..=rid).map(|(r, _)| *r).collect();
            for r in rids {
                self.resend(now, r);
            }
            return;
        }
        self.in_flight.remove(&rid);
        if parsed.is_terminate() {
            self.finish(parsed.condition);
            return;
        }
        self.received.insert(rid, parsed);
        while let Some(b) = self.received.remove(&(self.last_processed + 1)) {
            self.last_processed += 1;
            self.process(now, b);
        }
        self.pump(now);
    }

    /// Request `rid` failed at the HTTP level (`status` if a response came, `None` for a
    /// lost connection). 4xx ends the session (legacy binding errors); anything else resends
    /// the same request until `max_attempts`.
    pub fn handle_failure(&mut self, now: Instant, rid: u64, status: Option<u16>) {
        if !self.in_flight.contains_key(&rid) {
            return;
        }
        if let Some(s @ 400..=499) = status {
            let condition = match s {
                400 => Condition::BadRequest,
                403 => Condition::PolicyViolation,
                404 => Condition::ItemNotFound,
                _ => Condition::UndefinedCondition,
            };
            self.finish(Some(condition));
            return;
        }
        self.resend(now, rid);
    }

    /// Resends requests whose response is overdue.
    pub fn handle_timeout(&mut self, now: Instant) {
        let limit = self.retry_limit();
        let due: Vec<u64> = self
            .in_flight
            .iter()
            .filter(|(_, f)| now >= f.sent + limit)
            .map(|(r, _)| *r)
            .collect();
        for rid in due {
            self.resend(now, rid);
        }
    }

    /// The next request to POST.
    #[must_use]
    pub fn poll_request(&mut self) -> Option<OutgoingRequest> {
        self.requests_out.pop_front()
    }

    /// The next event.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<ClientEvent> {
        self.events.pop_front()
    }

    /// When to call [`handle_timeout`](Self::handle_timeout).
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        let limit = self.retry_limit();
        self.in_flight.values().map(|f| f.sent + limit).min()
    }

    fn retry_limit(&self) -> Duration {
        let wait = Duration::from_secs(self.wait.into());
        wait + self
            .config
            .retry_margin
            .unwrap_or(wait / 10)
            .max(Duration::from_millis(500))
    }

    fn resend(&mut self, now: Instant, rid: u64) {
        let Some(f) = self.in_flight.get_mut(&rid) else {
            return;
        };
        if f.attempts >= self.config.max_attempts {
            self.finish(None);
            return;
        }
        f.attempts += 1;
        f.sent = now;
        self.requests_out.push_back(OutgoingRequest {
            rid,
            body: f.body.clone(),
        });
    }

    fn finish(&mut self, condition: Option<Condition>) {
        if self.state == State::Done {
            return;
        }
        self.state = State::Done;
        self.in_flight.clear();
        self.requests_out.clear();
        self.events.push_back(ClientEvent::Terminated { condition });
    }

    fn process(&mut self, now: Instant, b: Body) {
        if self.state == State::Connecting {
            let Some(sid) = b.sid.clone() else {
                self.finish(Some(Condition::BadRequest));
                return;
            };
            self.wait = b.wait.unwrap_or(self.wait);
            self.hold = b.hold.unwrap_or(self.hold);
            self.requests = b.requests.unwrap_or(self.hold.saturating_add(1)).max(1);
            self.server_acks = b.ack.is_some();
            self.maxpause = b.maxpause;
            self.sid = Some(sid.clone());
            self.state = State::Connected;
            self.events.push_back(ClientEvent::Connected {
                sid,
                wait: self.wait,
                hold: self.hold,
                requests: self.requests,
            });
        }
        if let Some(report) = b.report {
            self.resend(now, report);
        }
        for p in b.payloads {
            self.events.push_back(ClientEvent::Stanza(p));
        }
    }

    /// Sends what the state and the in-flight budget allow.
    fn pump(&mut self, now: Instant) {
        if self.state == State::Terminating && self.in_flight.is_empty() {
            self.finish(None);
            return;
        }
        if self.state != State::Connected {
            return;
        }
        loop {
            // Requests beyond the last in-order response: the client's side of the window.
            let n = usize::try_from(self.next_rid - 1 - self.last_processed).unwrap_or(usize::MAX);
            // pause and terminate may exceed `requests` by one (XEP-0124 §10, §11).
            let budget = usize::from(self.requests);
            if self.terminate && n <= budget {
                let mut body = self.base();
                body.body_type = Some(BodyType::Terminate);
                body.payloads = self.outq.drain(..).collect();
                self.terminate = false;
                self.state = State::Terminating;
                self.emit(now, body);
                return;
            }
            if let Some(p) = self.pause.take() {
                let mut body = self.base();
                body.pause = Some(p);
                self.emit(now, body);
                continue;
            }
            if n >= budget {
                return;
            }
            if self.restart {
                self.restart = false;
                let mut body = self.base();
                body.to = Some(self.config.to.clone());
                body.lang = self.config.lang.clone();
                body.xmpp_restart = true;
                self.emit(now, body);
            } else if !self.outq.is_empty() {
                let mut body = self.base();
                let k = self.outq.len().min(self.config.max_per_request);
                body.payloads = self.outq.drain(..k).collect();
                self.emit(now, body);
            } else if n < usize::from(self.hold.max(1)) {
                let body = self.base();
                self.emit(now, body);
            } else {
                return;
            }
        }
    }

    fn base(&self) -> Body {
        let rid = self.next_rid;
        Body {
            sid: self.sid.clone(),
            ack: (self.server_acks && self.last_processed + 1 != rid)
                .then_some(self.last_processed),
            ..Body::default()
        }
    }

    fn emit(&mut self, now: Instant, mut body: Body) {
        let rid = self.next_rid;
        self.next_rid += 1;
        body.rid = Some(rid);
        let bytes = body.to_bytes();
        self.in_flight.insert(
            rid,
            InFlight {
                body: bytes.clone(),
                sent: now,
                attempts: 1,
            },
        );
        self.requests_out
            .push_back(OutgoingRequest { rid, body: bytes });
    }
}

#[cfg(test)]
mod tests;
