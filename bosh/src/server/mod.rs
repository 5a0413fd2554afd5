//! The sans-IO connection manager.

mod config;
mod session;
mod sid;
mod types;

#[cfg(test)]
mod tests;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::sync::Arc;
use std::time::Instant;

use std::hash::{BuildHasherDefault, Hasher};

use bytes::{Bytes, BytesMut};

pub use config::ServerConfig;
pub use sid::{RandomSids, SequentialSids, SidSource};
pub use types::{
    ContentType, RequestId, Response, ServerEvent, SessionId, SessionInfo, TerminateReason,
};

use self::session::{terminal_body, Out, Outcome, Params, Session};
use crate::body::{parse_body, Body, Condition};
use crate::error::SendError;

/// Hasher for the session table. Its keys are session ids drawn from the [`SidSource`]
/// (random by default), so folding their bits is enough; lookups with client-chosen ids only
/// probe, they never insert, so they cannot flood the table.
#[derive(Default)]
struct SidHasher(u64);

impl Hasher for SidHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The BOSH connection manager: every session's state, driven by HTTP request bodies, calls
/// from the XMPP side and the clock. It does no I/O and reads no clock.
///
/// # Drain contract
///
/// After any `handle_*` call or command ([`send`](Self::send),
/// [`terminate`](Self::terminate), [`shutdown`](Self::shutdown)), drain
/// [`poll_response`](Self::poll_response) (answers for HTTP requests, in any order, each
/// naming its [`RequestId`]) and [`poll_event`](Self::poll_event) (work for the XMPP side)
/// until both return `None`, then arm a timer for [`poll_timeout`](Self::poll_timeout) and
/// call [`handle_timeout`](Self::handle_timeout) when it fires. Time must not go backwards;
/// spurious `handle_timeout` calls are harmless.
///
/// ```
/// use std::time::{Duration, Instant};
/// use bosh::{BoshServer, ServerConfig, ServerEvent};
/// use bytes::Bytes;
///
/// # #[allow(clippy::disallowed_methods)]
/// let now = Instant::now();
/// let mut server = BoshServer::new(ServerConfig::default());
/// let create = Bytes::from_static(b"<body xmlns='http://jabber.org/protocol/httpbind' \
///     rid='1000' to='example.com' wait='60' hold='1' ver='1.6'/>");
/// let req = server.handle_request(now, create, false);
///
/// // The XMPP side opens a stream and sends its features on the creation response.
/// let Some(ServerEvent::SessionCreated(info)) = server.poll_event() else { panic!() };
/// server.send(now, info.sid, Bytes::from_static(b"<stream:features/>"))?;
/// let resp = server.poll_response().unwrap();
/// assert_eq!(resp.request, req);
/// assert!(resp.body.starts_with(b"<body xmlns='http://jabber.org/protocol/httpbind' xmlns:stream="));
///
/// // The next request is held until `wait` (60 s) expires, then answered empty.
/// let sid = info.sid.to_string();
/// let next = format!("<body xmlns='http://jabber.org/protocol/httpbind' rid='1001' sid='{sid}'/>");
/// let req = server.handle_request(now, Bytes::from(next), false);
/// assert_eq!(server.poll_response(), None);
/// assert_eq!(server.poll_timeout(), Some(now + Duration::from_secs(60)));
/// server.handle_timeout(now + Duration::from_secs(60));
/// assert_eq!(server.poll_response().unwrap().request, req);
/// # Ok::<(), bosh::SendError>(())
/// ```
pub struct BoshServer {
    config: ServerConfig,
    sids: Box<dyn SidSource>,
    sessions: HashMap<SessionId, Box<Session>, BuildHasherDefault<SidHasher>>,
    scratch: BytesMut,
    responses: VecDeque<Response>,
    events: VecDeque<ServerEvent>,
    timers: BinaryHeap<Reverse<(Instant, SessionId)>>,
    dirty: Vec<SessionId>,
    next_request: u64,
    shutting_down: bool,
    /// Latest `now` seen in a `send`, used when the queued payloads are flushed.
    last_now: Option<Instant>,
}

impl std::fmt::Debug for BoshServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BoshServer")
            .field("sessions", &self.sessions.len())
            .field("responses", &self.responses.len())
            .field("events", &self.events.len())
            .finish_non_exhaustive()
    }
}

impl BoshServer {
    /// A connection manager with random session ids ([`RandomSids`]).
    pub fn new(config: ServerConfig) -> Self {
        Self::with_sid_source(config, Box::new(RandomSids::default()))
    }

    /// A connection manager taking session ids from `sids` (tests pin them with
    /// [`SequentialSids`]).
    pub fn with_sid_source(config: ServerConfig, sids: Box<dyn SidSource>) -> Self {
        BoshServer {
            config,
            sids,
            sessions: HashMap::default(),
            scratch: BytesMut::new(),
            responses: VecDeque::new(),
            events: VecDeque::new(),
            timers: BinaryHeap::new(),
            dirty: Vec::new(),
            next_request: 0,
            shutting_down: false,
            last_now: None,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// Number of live sessions.
    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// True if `sid` names a live session.
    pub fn has_session(&self, sid: SessionId) -> bool {
        self.sessions.contains_key(&sid)
    }

    /// Requests currently held for `sid` (0 if the session does not exist).
    pub fn held_requests(&self, sid: SessionId) -> usize {
        self.sessions.get(&sid).map_or(0, |s| s.held_count())
    }

    /// One HTTP POST body arrived (`secure`: over TLS). Returns the handle its
    /// [`Response`] will carry; the response may come at once or much later (held).
    /// Content-Type headers are to be ignored by the caller (XEP-0124 §4).
    pub fn handle_request(&mut self, now: Instant, body: Bytes, secure: bool) -> RequestId {
        self.next_request += 1;
        let req = RequestId(self.next_request);
        let body = match parse_body(body, &self.config.limits) {
            Ok(b) => b,
            Err(e) => {
                self.respond_terminal(req, &e.condition());
                return req;
            }
        };
        match body.sid.as_deref() {
            None => self.create(now, req, body, secure),
            Some(s) => match SessionId::parse(s) {
                Some(sid) if self.sessions.contains_key(&sid) => {
                    self.on_session_request(now, req, sid, body, secure)
                }
                _ => self.respond_terminal(req, &Condition::ItemNotFound),
            },
        }
        req
    }

    /// Queues a stanza (a complete XML element, e.g. `<message xmlns='jabber:client'>…`)
    /// for the client. It goes out on the next response; stanzas sent between two drains
    /// share one response.
    pub fn send(&mut self, now: Instant, sid: SessionId, stanza: Bytes) -> Result<(), SendError> {
        self.last_now = self.last_now.max(Some(now));
        let Some(s) = self.sessions.get_mut(&sid) else {
            return Err(SendError::NoSession);
        };
        if s.is_terminating() {
            return Err(SendError::Terminating);
        }
        let (stanzas, bytes) = s.queued();
        if stanzas >= self.config.max_queued_stanzas
            || bytes.saturating_add(stanza.len()) > self.config.max_queued_bytes
        {
            return Err(SendError::QueueFull { stanzas, bytes });
        }
        if s.queue(stanza) && !s.dirty {
            s.dirty = true;
            self.dirty.push(sid);
        }
        Ok(())
    }

    /// Ends a session with `condition` (e.g. [`Condition::RemoteStreamError`] with the
    /// `<stream:error/>` sent just before, [`Condition::HostUnknown`], `SeeOtherUri`). The
    /// oldest held request gets `type='terminate'` with any queued payloads; if none is held,
    /// the next request does.
    pub fn terminate(
        &mut self,
        now: Instant,
        sid: SessionId,
        condition: Condition,
    ) -> Result<(), SendError> {
        let Some(s) = self.sessions.get_mut(&sid) else {
            return Err(SendError::NoSession);
        };
        let mut out = Out {
            responses: &mut self.responses,
            scratch: &mut self.scratch,
            events: &mut self.events,
            config: &self.config,
        };
        if s.terminate(now, condition.clone(), &mut out) {
            self.end(sid, TerminateReason::Server(condition));
        } else {
            self.rearm(sid);
        }
        Ok(())
    }

    /// Graceful shutdown: every session gets `system-shutdown`, new sessions are refused.
    pub fn shutdown(&mut self, now: Instant) {
        self.shutting_down = true;
        let sids: Vec<SessionId> = self.sessions.keys().copied().collect();
        for sid in sids {
            let _ = self.terminate(now, sid, Condition::SystemShutdown);
        }
    }

    /// Time passed: answers held requests whose `wait` expired and ends inactive sessions.
    pub fn handle_timeout(&mut self, now: Instant) {
        while let Some(Reverse((at, sid))) = self.timers.peek().copied() {
            if at > now {
                break;
            }
            self.timers.pop();
            let Some(s) = self.sessions.get_mut(&sid) else {
                continue;
            };
            if s.armed != Some(at) {
                continue;
            }
            s.armed = None;
            let mut out = Out {
                responses: &mut self.responses,
                scratch: &mut self.scratch,
                events: &mut self.events,
                config: &self.config,
            };
            match s.on_timeout(now, &mut out) {
                Outcome::Live => self.rearm(sid),
                Outcome::Ended(reason) => self.end(sid, reason),
            }
        }
    }

    /// The next HTTP response to send.
    #[must_use]
    pub fn poll_response(&mut self) -> Option<Response> {
        if self.responses.is_empty() {
            self.flush_dirty();
        }
        self.responses.pop_front()
    }

    /// The next event for the XMPP side.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<ServerEvent> {
        self.events.pop_front()
    }

    /// When to call [`handle_timeout`](Self::handle_timeout) next.
    #[must_use]
    pub fn poll_timeout(&mut self) -> Option<Instant> {
        while let Some(Reverse((at, sid))) = self.timers.peek().copied() {
            match self.sessions.get(&sid) {
                Some(s) if s.armed == Some(at) => return Some(at),
                _ => {
                    self.timers.pop();
                }
            }
        }
        None
    }

    fn flush_dirty(&mut self) {
        let now_list = std::mem::take(&mut self.dirty);
        for sid in &now_list {
            if let Some(s) = self.sessions.get_mut(sid) {
                s.dirty = false;
                let mut out = Out {
                    responses: &mut self.responses,
                    scratch: &mut self.scratch,
                    events: &mut self.events,
                    config: &self.config,
                };
                if let Some(now) = self.last_now {
                    s.flush(now, &mut out);
                }
            }
            self.rearm(*sid);
        }
        self.dirty = now_list;
        self.dirty.clear();
    }

    fn create(&mut self, now: Instant, req: RequestId, body: Body, secure: bool) {
        let Some(rid) = body.rid else {
            self.respond_terminal_legacy(req, &Condition::BadRequest, body.ver.is_none());
            return;
        };
        if self.shutting_down {
            self.respond_terminal(req, &Condition::SystemShutdown);
            return;
        }
        if self.sessions.len() >= self.config.max_sessions {
            self.respond_terminal_legacy(req, &Condition::PolicyViolation, body.ver.is_none());
            return;
        }
        let c = &self.config;
        let wait = body.wait.unwrap_or(c.default_wait).min(c.max_wait);
        let hold = body.hold.unwrap_or(1).min(c.max_hold);
        let polling_session = wait == 0 || hold == 0;
        let inactivity = if polling_session {
            c.inactivity.map(|i| i.max(c.polling_inactivity))
        } else {
            c.inactivity
        };
        let content = match body.content.as_deref() {
            Some(ct)
                if !ct.is_empty()
                    && ct.len() <= 128
                    && ct.bytes().all(|b| (0x20..0x7f).contains(&b)) =>
            {
                ContentType::Custom(Arc::from(ct))
            }
            _ => ContentType::TextXml,
        };
        let params = Params {
            creation_rid: rid,
            wait,
            hold,
            requests: hold.saturating_add(1),
            inactivity,
            ver: body.ver.map(|v| v.min(c.ver)),
            acks: body.ack == Some(1),
            secure,
            polling_session,
            xmpp: body.xmpp_version.is_some(),
            content,
            from: c.from.as_deref().or(body.to.as_deref()).map(Box::from),
        };
        let mut sid = SessionId::from_bytes(self.sids.next_sid());
        while self.sessions.contains_key(&sid) {
            sid = SessionId::from_bytes(self.sids.next_sid());
        }
        let info = SessionInfo {
            sid,
            to: body.to.clone(),
            from: body.from.clone(),
            lang: body.lang.clone(),
            route: body.route.clone(),
            xmpp_version: body.xmpp_version.clone(),
            ver: params.ver,
            wait,
            hold,
            secure,
        };
        self.events
            .push_back(ServerEvent::SessionCreated(Box::new(info)));
        self.sessions
            .insert(sid, Box::new(Session::new(sid, params, now)));
        self.on_session_request(now, req, sid, body, secure);
    }

    fn on_session_request(
        &mut self,
        now: Instant,
        req: RequestId,
        sid: SessionId,
        body: Body,
        secure: bool,
    ) {
        let Some(s) = self.sessions.get_mut(&sid) else {
            return;
        };
        if s.secure() && !secure {
            // XEP-0124 §20.1: close the connection, do not terminate the session.
            self.responses.push_back(Response {
                request: req,
                status: 0,
                content_type: ContentType::TextXml,
                body: Bytes::new(),
                close_connection: true,
            });
            return;
        }
        let mut out = Out {
            responses: &mut self.responses,
            scratch: &mut self.scratch,
            events: &mut self.events,
            config: &self.config,
        };
        match s.on_request(now, req, body, &mut out) {
            Outcome::Live => self.rearm(sid),
            Outcome::Ended(reason) => self.end(sid, reason),
        }
    }

    fn end(&mut self, sid: SessionId, reason: TerminateReason) {
        if let Some(mut s) = self.sessions.remove(&sid) {
            let undelivered = s.take_undelivered();
            self.events.push_back(ServerEvent::Terminated {
                sid,
                reason,
                undelivered,
            });
        }
    }

    /// Registers the session's current deadline in the timer heap (lazy deletion: stale
    /// entries are skipped when they surface; the heap is rebuilt when they pile up).
    fn rearm(&mut self, sid: SessionId) {
        let Some(s) = self.sessions.get_mut(&sid) else {
            return;
        };
        let d = s.deadline();
        if d == s.armed {
            return;
        }
        s.armed = d;
        if let Some(at) = d {
            self.timers.push(Reverse((at, sid)));
        }
        if self.timers.len() > self.sessions.len() + self.sessions.len() / 2 + 1024 {
            // Drop the stale entries, keeping the heap's allocation.
            let mut live = std::mem::take(&mut self.timers).into_vec();
            live.clear();
            live.extend(
                self.sessions
                    .iter()
                    .filter_map(|(sid, s)| s.armed.map(|at| Reverse((at, *sid)))),
            );
            self.timers = BinaryHeap::from(live);
        }
    }

    fn respond_terminal(&mut self, req: RequestId, cond: &Condition) {
        self.respond_terminal_legacy(req, cond, false);
    }

    fn respond_terminal_legacy(&mut self, req: RequestId, cond: &Condition, legacy: bool) {
        let (status, body) = match (legacy, cond.legacy_http_status()) {
            (true, Some(code)) => (code, Bytes::new()),
            _ => (200, terminal_body(cond)),
        };
        self.responses.push_back(Response {
            request: req,
            status,
            content_type: ContentType::TextXml,
            body,
            close_connection: false,
        });
    }
}
