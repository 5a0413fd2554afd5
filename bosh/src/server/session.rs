//! One BOSH session inside the connection manager: rid window, held requests, response
//! cache, outgoing queue, timers.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};

use super::config::ServerConfig;
use super::types::{ContentType, RequestId, Response, ServerEvent, SessionId, TerminateReason};
use crate::body::{Body, BodyType, Condition, Version};

/// Where a session writes what it produces.
pub(super) struct Out<'a> {
    pub(super) responses: &'a mut VecDeque<Response>,
    /// Reused serialization buffer: responses are copied out of it into exact-size `Bytes`,
    /// so cached responses hold no slack.
    pub(super) scratch: &'a mut BytesMut,
    pub(super) events: &'a mut VecDeque<ServerEvent>,
    pub(super) config: &'a ServerConfig,
}

impl Out<'_> {
    fn send(&mut self, request: RequestId, status: u16, content_type: &ContentType, body: Bytes) {
        self.responses.push_back(Response {
            request,
            status,
            content_type: content_type.clone(),
            body,
            close_connection: false,
        });
    }
}

/// Whether the session lives on after an input.
#[derive(Debug)]
pub(super) enum Outcome {
    Live,
    Ended(TerminateReason),
}

#[derive(Debug)]
struct Held {
    rid: u64,
    req: RequestId,
    deadline: Instant,
}

#[derive(Debug)]
struct Buffered {
    rid: u64,
    req: RequestId,
    body: Body,
}

#[derive(Debug)]
struct Cached {
    rid: u64,
    bytes: Bytes,
    sent: Instant,
}

/// Negotiated parameters, fixed at creation.
#[derive(Debug)]
pub(super) struct Params {
    pub(super) creation_rid: u64,
    pub(super) wait: u16,
    pub(super) hold: u8,
    pub(super) requests: u8,
    pub(super) inactivity: Option<u16>,
    pub(super) ver: Option<Version>,
    pub(super) acks: bool,
    pub(super) secure: bool,
    pub(super) polling_session: bool,
    pub(super) xmpp: bool,
    pub(super) content: ContentType,
    pub(super) from: Option<Box<str>>,
}

#[derive(Debug)]
pub(super) struct Session {
    pub(super) sid: SessionId,
    params: Params,
    last_rid: u64,
    last_answered_rid: u64,
    creation_answered: bool,
    pause: Option<u16>,
    held: VecDeque<Held>,
    buffered: Vec<Buffered>,
    cache: VecDeque<Cached>,
    outq: VecDeque<Bytes>,
    outq_bytes: usize,
    idle_since: Instant,
    last_new_request: Option<Instant>,
    last_response_empty: bool,
    repeats: u8,
    report: Option<(u64, u32)>,
    terminating: Option<Condition>,
    /// Deadline currently registered in the server's timer heap.
    pub(super) armed: Option<Instant>,
    /// Listed in the server's dirty list (queued payloads to flush on the next poll).
    pub(super) dirty: bool,
}

const TYPE_ERROR_BODY: &[u8] = b"<body xmlns='http://jabber.org/protocol/httpbind' type='error'/>";

impl Session {
    pub(super) fn new(sid: SessionId, params: Params, now: Instant) -> Self {
        let rid = params.creation_rid;
        Session {
            sid,
            last_rid: rid.saturating_sub(1),
            last_answered_rid: rid.saturating_sub(1),
            params,
            creation_answered: false,
            pause: None,
            held: VecDeque::new(),
            buffered: Vec::new(),
            cache: VecDeque::new(),
            outq: VecDeque::new(),
            outq_bytes: 0,
            idle_since: now,
            last_new_request: None,
            last_response_empty: false,
            repeats: 0,
            report: None,
            terminating: None,
            armed: None,
            dirty: false,
        }
    }

    pub(super) fn secure(&self) -> bool {
        self.params.secure
    }

    pub(super) fn held_count(&self) -> usize {
        self.held.len()
    }

    pub(super) fn is_terminating(&self) -> bool {
        self.terminating.is_some()
    }

    pub(super) fn queued(&self) -> (usize, usize) {
        (self.outq.len(), self.outq_bytes)
    }

    /// Stanzas still queued, handed back when the session ends.
    pub(super) fn take_undelivered(&mut self) -> Vec<Bytes> {
        self.outq_bytes = 0;
        self.outq.drain(..).collect()
    }

    /// Queues one stanza for the client. The caller checked the limits.
    pub(super) fn queue(&mut self, stanza: Bytes) -> bool {
        self.outq_bytes += stanza.len();
        self.outq.push_back(stanza);
        !self.held.is_empty()
    }

    /// The earliest instant at which [`Session::on_timeout`] has work.
    pub(super) fn deadline(&self) -> Option<Instant> {
        let held = self.held.iter().map(|h| h.deadline).min();
        if !self.held.is_empty() {
            return held;
        }
        let limit = self.pause.or(self.params.inactivity)?;
        Some(self.idle_since + Duration::from_secs(limit.into()))
    }

    /// A request for this session (its body already parsed).
    pub(super) fn on_request(
        &mut self,
        now: Instant,
        req: RequestId,
        body: Body,
        out: &mut Out<'_>,
    ) -> Outcome {
        let Some(rid) = body.rid else {
            return self.fatal(now, req, Condition::BadRequest, out);
        };
        if let Some(cond) = self.terminating.clone() {
            self.held.push_back(Held {
                rid,
                req,
                deadline: now,
            });
            self.answer_terminate(now, out, &cond, false);
            return Outcome::Ended(TerminateReason::Server(cond));
        }
        if rid <= self.last_rid {
            return self.on_repeat(now, req, rid, out);
        }
        if let Some(b) = self.buffered.iter_mut().find(|b| b.rid == rid) {
            let old = std::mem::replace(&mut b.req, req);
            out.send(
                old,
                200,
                &self.params.content,
                Bytes::from_static(TYPE_ERROR_BODY),
            );
            return Outcome::Live;
        }
        let requests = u64::from(self.params.requests);
        let extra = u64::from(body.pause.is_some() || body.is_terminate());
        if rid > self.last_rid + requests + extra {
            return self.fatal(now, req, Condition::ItemNotFound, out);
        }
        let outstanding = (self.held.len() + self.buffered.len() + 1) as u64;
        if out.config.enforce_overactivity {
            if outstanding > requests + extra {
                return self.fatal(now, req, Condition::PolicyViolation, out);
            }
            // "The last one empty" (XEP-0124 §11) is the client's newest request by rid: an
            // empty poll overtaken on the wire by the data request the client sent after it
            // is not overactivity.
            let newest = self.buffered.iter().all(|b| b.rid < rid);
            let plain_empty = extra == 0 && body.is_empty() && !body.xmpp_restart && newest;
            if let (true, Some(prev)) = (plain_empty, self.last_new_request) {
                let too_soon = now.saturating_duration_since(prev)
                    < Duration::from_secs(out.config.polling.into());
                let violation = if self.params.polling_session {
                    self.last_response_empty
                } else {
                    outstanding == requests
                };
                if too_soon && violation {
                    return self.fatal(now, req, Condition::PolicyViolation, out);
                }
            }
        }
        if rid != self.params.creation_rid {
            self.last_new_request = Some(now);
        }
        if rid != self.last_rid + 1 {
            self.buffered.push(Buffered { rid, req, body });
            return Outcome::Live;
        }
        if let Outcome::Ended(r) = self.process(now, req, body, out) {
            return Outcome::Ended(r);
        }
        while let Some(i) = self
            .buffered
            .iter()
            .position(|b| b.rid == self.last_rid + 1)
        {
            let b = self.buffered.swap_remove(i);
            if let Outcome::Ended(r) = self.process(now, b.req, b.body, out) {
                return Outcome::Ended(r);
            }
        }
        self.flush(now, out);
        Outcome::Live
    }

    fn on_repeat(&mut self, now: Instant, req: RequestId, rid: u64, out: &mut Out<'_>) -> Outcome {
        self.repeats = self.repeats.saturating_add(1);
        if self.repeats > out.config.max_repeats {
            return self.fatal(now, req, Condition::PolicyViolation, out);
        }
        if let Some(c) = self.cache.iter().find(|c| c.rid == rid) {
            out.send(req, 200, &self.params.content, c.bytes.clone());
            self.idle_since = self.idle_since.max(now);
            return Outcome::Live;
        }
        if let Some(h) = self.held.iter_mut().find(|h| h.rid == rid) {
            let old = std::mem::replace(&mut h.req, req);
            out.send(
                old,
                200,
                &self.params.content,
                Bytes::from_static(TYPE_ERROR_BODY),
            );
            return Outcome::Live;
        }
        self.fatal(now, req, Condition::ItemNotFound, out)
    }

    /// Handles the request with the next rid in order.
    fn process(&mut self, now: Instant, req: RequestId, body: Body, out: &mut Out<'_>) -> Outcome {
        let rid = body.rid.unwrap_or(self.last_rid + 1);
        self.last_rid = rid;
        self.pause = None;
        self.repeats = 0;
        if let (true, Some(ack)) = (self.params.acks, body.ack) {
            while self.cache.front().is_some_and(|c| c.rid <= ack) {
                self.cache.pop_front();
            }
            if ack < self.last_answered_rid {
                if let Some(c) = self.cache.front() {
                    let age = now.saturating_duration_since(c.sent);
                    if age >= out.config.report_after {
                        let ms = u32::try_from(age.as_millis()).unwrap_or(u32::MAX);
                        self.report = Some((c.rid, ms));
                    }
                }
            }
        }
        if body.is_terminate() {
            self.forward(&body, out);
            self.held.push_back(Held {
                rid,
                req,
                deadline: now,
            });
            // Acknowledged on the oldest held request, empty bodies to the others; what is
            // still queued goes back to the XMPP side as undelivered.
            self.answer_terminate(now, out, &Condition::Other(String::new()), true);
            return Outcome::Ended(TerminateReason::Client);
        }
        if let (Some(p), Some(max)) = (body.pause, out.config.maxpause) {
            self.pause = Some(p.min(max));
            self.held.push_back(Held {
                rid,
                req,
                deadline: now,
            });
            while let Some(h) = self.held.pop_front() {
                self.answer(now, out, h, false);
            }
            // Queued payloads wait for the next request.
            return Outcome::Live;
        }
        if body.xmpp_restart {
            out.events.push_back(ServerEvent::Restart { sid: self.sid });
        } else {
            self.forward(&body, out);
        }
        if self.held.capacity() == 0 {
            self.held.reserve_exact(usize::from(self.params.hold) + 1);
        }
        self.held.push_back(Held {
            rid,
            req,
            deadline: now + Duration::from_secs(self.params.wait.into()),
        });
        Outcome::Live
    }

    fn forward(&self, body: &Body, out: &mut Out<'_>) {
        for p in &body.payloads {
            out.events.push_back(ServerEvent::Stanza {
                sid: self.sid,
                stanza: p.clone(),
            });
        }
    }

    /// Answers held requests as hold/payload rules require.
    pub(super) fn flush(&mut self, now: Instant, out: &mut Out<'_>) {
        while !self.held.is_empty() {
            let must = !self.outq.is_empty()
                || self.report.is_some()
                || self.held.len() > usize::from(self.params.hold);
            if !must {
                break;
            }
            if let Some(h) = self.held.pop_front() {
                self.answer(now, out, h, true);
            }
        }
    }

    pub(super) fn on_timeout(&mut self, now: Instant, out: &mut Out<'_>) -> Outcome {
        while self.held.front().is_some_and(|h| h.deadline <= now) {
            if let Some(h) = self.held.pop_front() {
                self.answer(now, out, h, true);
            }
        }
        if self.held.is_empty() {
            if let Some(limit) = self.pause.or(self.params.inactivity) {
                if now >= self.idle_since + Duration::from_secs(limit.into()) {
                    // Silent: nothing is held. Out-of-order requests whose gap never filled
                    // are told the session is gone.
                    for b in std::mem::take(&mut self.buffered) {
                        self.send_terminal(out, b.req, &Condition::ItemNotFound);
                    }
                    return Outcome::Ended(match self.terminating.take() {
                        Some(c) => TerminateReason::Server(c),
                        None => TerminateReason::Inactivity,
                    });
                }
            }
        }
        Outcome::Live
    }

    /// The embedder ends the session. Returns true if it ended at once (a request was held).
    pub(super) fn terminate(&mut self, now: Instant, cond: Condition, out: &mut Out<'_>) -> bool {
        if self.held.is_empty() {
            self.terminating = Some(cond);
            return false;
        }
        self.answer_terminate(now, out, &cond, false);
        true
    }

    /// Answers every held request: the oldest with `type='terminate'` (+ queued payloads
    /// unless `client_ack`), the rest empty. An empty-string `Other` condition means none.
    fn answer_terminate(
        &mut self,
        now: Instant,
        out: &mut Out<'_>,
        cond: &Condition,
        client_ack: bool,
    ) {
        let Some(first) = self.held.pop_front() else {
            return;
        };
        let mut head = self.head(first.rid);
        head.body_type = Some(BodyType::Terminate);
        if !matches!(cond, Condition::Other(s) if s.is_empty()) {
            head.condition = Some(cond.clone());
        }
        if let (None, Some(code)) = (self.params.ver, cond.legacy_http_status()) {
            out.send(first.req, code, &self.params.content, Bytes::new());
        } else {
            let bytes = if client_ack {
                write(&head, &VecDeque::new())
            } else {
                head.stream_ns = any_stream(&self.outq);
                let b = write(&head, &self.outq);
                self.outq.clear();
                self.outq_bytes = 0;
                b
            };
            out.send(first.req, 200, &self.params.content, bytes);
        }
        while let Some(h) = self.held.pop_front() {
            let head = self.head(h.rid);
            out.send(
                h.req,
                200,
                &self.params.content,
                write(&head, &VecDeque::new()),
            );
        }
        for b in std::mem::take(&mut self.buffered) {
            out.send(
                b.req,
                200,
                &self.params.content,
                write(&self.head(b.rid), &VecDeque::new()),
            );
        }
        self.idle_since = now;
    }

    /// Ends the session for a protocol violation seen on request `req`: `req` gets the
    /// condition, every other pending request `other-request`.
    fn fatal(
        &mut self,
        now: Instant,
        req: RequestId,
        cond: Condition,
        out: &mut Out<'_>,
    ) -> Outcome {
        self.send_terminal(out, req, &cond);
        for h in std::mem::take(&mut self.held) {
            self.send_terminal(out, h.req, &Condition::OtherRequest);
        }
        for b in std::mem::take(&mut self.buffered) {
            self.send_terminal(out, b.req, &Condition::OtherRequest);
        }
        self.idle_since = now;
        Outcome::Ended(TerminateReason::Protocol(cond))
    }

    fn send_terminal(&self, out: &mut Out<'_>, req: RequestId, cond: &Condition) {
        match (self.params.ver, cond.legacy_http_status()) {
            (None, Some(code)) => out.send(req, code, &self.params.content, Bytes::new()),
            _ => out.send(req, 200, &self.params.content, terminal_body(cond)),
        }
    }

    /// The attributes of a response to `rid`.
    fn head(&self, rid: u64) -> Body {
        let mut head = Body::default();
        if self.params.acks && self.last_rid != rid {
            head.ack = Some(self.last_rid);
        }
        head
    }

    /// Answers one held request, with the queued payloads if `payloads`.
    fn answer(&mut self, now: Instant, out: &mut Out<'_>, h: Held, payloads: bool) {
        let empty = VecDeque::new();
        let queue = if payloads { &self.outq } else { &empty };
        let stream_ns = any_stream(queue);
        out.scratch.clear();
        let creation = h.rid == self.params.creation_rid && !self.creation_answered;
        if creation || self.report.is_some() {
            let mut head = self.head(h.rid);
            if creation {
                self.creation_answered = true;
                self.creation_head(&mut head, out.config);
            }
            if let Some((report, time)) = self.report.take() {
                head.report = Some(report);
                head.time = Some(time);
            }
            head.stream_ns |= stream_ns;
            head.write_with_payloads(out.scratch, queue);
        } else {
            // The common case, written without building a `Body`.
            let ack = (self.params.acks && self.last_rid != h.rid).then_some(self.last_rid);
            write_plain(out.scratch, stream_ns, ack, queue);
        }
        let bytes = Bytes::copy_from_slice(out.scratch);
        self.last_response_empty = queue.is_empty();
        if payloads {
            self.outq.clear();
            self.outq_bytes = 0;
        }
        let keep = if self.params.acks {
            out.config
                .max_cached_responses
                .max(usize::from(self.params.requests))
        } else {
            usize::from(self.params.requests)
        };
        while self.cache.len() >= keep {
            self.cache.pop_front();
        }
        if self.cache.capacity() == 0 {
            self.cache.reserve_exact(keep);
        }
        self.cache.push_back(Cached {
            rid: h.rid,
            bytes: bytes.clone(),
            sent: now,
        });
        self.last_answered_rid = self.last_answered_rid.max(h.rid);
        self.idle_since = now;
        out.send(h.req, 200, &self.params.content, bytes);
    }

    fn creation_head(&self, head: &mut Body, config: &ServerConfig) {
        let p = &self.params;
        head.sid = Some(self.sid.to_string());
        head.authid = head.sid.clone();
        head.wait = Some(p.wait);
        head.hold = Some(p.hold);
        head.requests = Some(p.requests);
        head.polling = Some(config.polling);
        head.inactivity = p.inactivity;
        head.maxpause = config.maxpause;
        head.ver = p.ver;
        head.from = p.from.as_deref().map(str::to_owned);
        if p.acks {
            head.ack = Some(p.creation_rid);
        }
        if p.xmpp {
            head.xmpp_version = Some("1.0".into());
        }
        head.xmpp_restartlogic = true;
        head.stream_ns = true;
        if p.secure {
            head.secure = Some(true);
        }
    }
}

fn any_stream(queue: &VecDeque<Bytes>) -> bool {
    queue.iter().any(|p| p.starts_with(b"<stream:"))
}

/// `<body xmlns='…'[ xmlns:stream='…'][ ack='N']>payloads</body>`.
fn write_plain(out: &mut BytesMut, stream_ns: bool, ack: Option<u64>, payloads: &VecDeque<Bytes>) {
    use bytes::BufMut;
    let len: usize = payloads.iter().map(Bytes::len).sum();
    out.reserve(128 + len);
    out.put_slice(b"<body xmlns='http://jabber.org/protocol/httpbind'");
    if stream_ns {
        out.put_slice(b" xmlns:stream='http://etherx.jabber.org/streams'");
    }
    if let Some(ack) = ack {
        out.put_slice(b" ack='");
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut n = ack;
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        out.put_slice(&buf[i..]);
        out.put_u8(b'\'');
    }
    if payloads.is_empty() {
        out.put_slice(b"/>");
    } else {
        out.put_u8(b'>');
        for p in payloads {
            out.put_slice(p);
        }
        out.put_slice(b"</body>");
    }
}

fn write(head: &Body, payloads: &VecDeque<Bytes>) -> Bytes {
    let len: usize = payloads.iter().map(Bytes::len).sum();
    let mut buf = BytesMut::with_capacity(160 + len);
    head.write_with_payloads(&mut buf, payloads);
    buf.freeze()
}

/// `<body type='terminate' condition='…'/>`.
pub(super) fn terminal_body(cond: &Condition) -> Bytes {
    let head = Body {
        body_type: Some(BodyType::Terminate),
        condition: Some(cond.clone()),
        ..Body::default()
    };
    head.to_bytes()
}
