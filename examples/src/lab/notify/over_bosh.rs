//! XMPP over BOSH (XEP-0206): each BOSH session carries one [`C2sSession`] (the same state
//! machine the TCP listener runs), and once bound it joins the c2s server's routing with
//! [`ServerHandle::attach`], so BOSH and TCP clients share one set of sessions and one
//! pubsub service.
//!
//! Locking: the BOSH binding calls [`XmppStream`] methods under its own lock; those take the
//! session's lock, then (routing) the c2s server's. Tasks (the password check, deliveries
//! from the server) take the session's lock, release it, and only then send through the
//! [`StreamHandle`] (which takes the binding's lock). No path takes them the other way round.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use bosh::http::{Outbox, StreamHandle, XmppService, XmppStream};
use bosh::{Condition, SendError, SessionInfo, TerminateReason};
use bytes::{Bytes, BytesMut};
use tokio::task::AbortHandle;
use xmpp_pubsub::tokio_driver::{AttachedSession, ServerHandle, SessionSignal};
use xmpp_pubsub::{
    ns, C2sConfig, C2sEvent, C2sOutput, C2sSession, Element, StreamErrorCondition, StreamHeader,
    TlsPolicy, XmlLimits,
};

use super::login::Login;

fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// The XMPP side of the BOSH binding.
pub(crate) struct BoshXmpp {
    pub(crate) hub: ServerHandle,
    pub(crate) login: Login,
    pub(crate) domain: String,
    pub(crate) disco_items: Vec<xmpp_pubsub::DiscoItem>,
}

/// One BOSH session's XMPP stream.
pub(crate) struct BoshStream {
    ctx: Ctx,
}

#[derive(Clone)]
struct Ctx {
    hub: ServerHandle,
    login: Login,
    handle: StreamHandle,
    state: Arc<Mutex<State>>,
}

struct State {
    c2s: C2sSession,
    /// The task forwarding stanzas routed to this session (once bound).
    forward: Option<AbortHandle>,
    limits: XmlLimits,
}

/// Outputs collected under the session lock, sent after releasing it.
#[derive(Default)]
struct Pending {
    payloads: Vec<Bytes>,
    close: Option<Condition>,
}

impl Pending {
    fn into_outbox(self, out: &mut Outbox) {
        for p in self.payloads {
            out.send(p);
        }
        if let Some(c) = self.close {
            out.close(c);
        }
    }

    /// Sends through the handle; `false` when the BOSH session is gone or closing.
    fn send_via(self, handle: &StreamHandle) -> bool {
        for p in self.payloads {
            match handle.send(p) {
                Ok(()) => {}
                Err(SendError::QueueFull { .. }) => {
                    tracing::warn!(sid = %handle.sid(), "BOSH queue full, closing session");
                    let _ = handle.close(Condition::PolicyViolation);
                    return false;
                }
                Err(_) => return false,
            }
        }
        match self.close {
            Some(c) => {
                let _ = handle.close(c);
                false
            }
            None => true,
        }
    }
}

impl Ctx {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Serialises one output for a `<body/>` (whose `xmlns:stream` the binding declares).
fn write_output(o: &C2sOutput, pending: &mut Pending) {
    match o {
        // The BOSH session creation response stands for the stream header.
        C2sOutput::StreamHeader(_) => {}
        C2sOutput::Element(e) if e.ns() == ns::STREAM => {
            let mut b = BytesMut::new();
            o.write_to(&mut b);
            pending.payloads.push(b.freeze());
        }
        // Stanzas and other elements declare their namespace: the body's default is httpbind.
        C2sOutput::Element(e) => pending.payloads.push(e.to_bytes()),
        C2sOutput::Stanza(s) => pending.payloads.push(s.to_bytes()),
        C2sOutput::StreamError(_) => {
            let mut b = BytesMut::new();
            o.write_to(&mut b);
            pending.payloads.push(b.freeze());
            pending.close = Some(Condition::RemoteStreamError);
        }
        // A close without a stream error: the session ends with the stream.
        C2sOutput::StreamClose => {
            if pending.close.is_none() {
                pending.close = Some(Condition::UndefinedCondition);
            }
        }
    }
}

/// Drains the session: outputs into `pending`, events acted on. Called with the state locked.
fn pump(ctx: &Ctx, st: &mut State, pending: &mut Pending) {
    loop {
        while let Some(o) = st.c2s.poll_output() {
            write_output(&o, pending);
        }
        let Some(ev) = st.c2s.poll_event() else {
            return;
        };
        match ev {
            // Never offered over BOSH (TLS is the HTTP layer's business, XEP-0206 §4).
            C2sEvent::StartTls => {}
            C2sEvent::Authenticate(creds) => {
                let ctx = ctx.clone();
                tokio::spawn(async move {
                    let result = ctx.login.verify(creds).await;
                    let mut pending = Pending::default();
                    {
                        let mut st = ctx.lock();
                        st.c2s.complete_auth(now(), result);
                        pump(&ctx, &mut st, &mut pending);
                    }
                    pending.send_via(&ctx.handle);
                });
            }
            C2sEvent::Bound(jid) => {
                tracing::debug!(%jid, sid = %ctx.handle.sid(), "BOSH session bound");
                let attached = ctx.hub.attach(jid);
                let task = tokio::spawn(forward(ctx.clone(), attached));
                if let Some(old) = st.forward.replace(task.abort_handle()) {
                    old.abort();
                }
            }
            C2sEvent::Stanza(stanza) => {
                let Some(from) = st.c2s.jid().cloned() else {
                    continue;
                };
                if let Some(bounce) = ctx.hub.route(&from, stanza) {
                    let _ = st.c2s.deliver(bounce);
                }
            }
            C2sEvent::Closed { .. } => {}
        }
    }
}

/// Moves stanzas the server routes to this session into it, until either side closes.
async fn forward(ctx: Ctx, mut attached: AttachedSession) {
    loop {
        let signal = attached.next().await;
        let mut pending = Pending::default();
        {
            let mut st = ctx.lock();
            match signal {
                SessionSignal::Stanza(s) => {
                    let mut next = Some(s);
                    while let Some(s) = next {
                        if st.c2s.deliver(s).is_err() {
                            st.c2s.close(Some(StreamErrorCondition::ResourceConstraint));
                            break;
                        }
                        next = attached.try_next();
                    }
                }
                SessionSignal::Close(c) => st.c2s.close(Some(c)),
                _ => {}
            }
            pump(&ctx, &mut st, &mut pending);
        }
        if !pending.send_via(&ctx.handle) {
            return;
        }
    }
}

/// Parses one payload; a stanza without `xmlns` is read as `jabber:client` (many BOSH
/// clients omit it, XEP-0206 §5).
fn parse_payload(raw: &[u8], limits: &XmlLimits) -> Option<Element> {
    let e = Element::parse_with(raw, limits).ok()?;
    if !e.ns().is_empty() {
        return Some(e);
    }
    let name_len = e.name().len();
    let mut fixed = Vec::with_capacity(raw.len() + 24);
    let start = raw.iter().position(|b| *b == b'<')?;
    let split = start + 1 + name_len;
    fixed.extend_from_slice(raw.get(..split)?);
    fixed.extend_from_slice(b" xmlns='jabber:client'");
    fixed.extend_from_slice(raw.get(split..)?);
    Element::parse_with(&fixed, limits).ok()
}

impl XmppService for BoshXmpp {
    type Stream = BoshStream;

    fn open(&mut self, info: &SessionInfo, handle: StreamHandle, out: &mut Outbox) -> BoshStream {
        let mut cfg = C2sConfig::new(self.domain.clone(), info.sid.to_string());
        // PLAIN on plain HTTP: the lab runs on loopback, as Finesse's 7071 does when enabled.
        cfg.allow_plain_insecure = true;
        cfg.tls = TlsPolicy::Unavailable;
        // BOSH's own inactivity timeout ends dead sessions; the c2s timers are not driven.
        cfg.idle_timeout = None;
        cfg.disco_items = self.disco_items.clone();
        let limits = cfg.limits;
        let mut c2s = C2sSession::new(cfg, info.secure, now());
        c2s.handle_stream_open(
            now(),
            StreamHeader {
                to: info.to.clone(),
                from: None,
                id: None,
                // Legacy clients may leave `xmpp:version` out; they still get features.
                version: Some(info.xmpp_version.clone().unwrap_or_else(|| "1.0".into())),
                lang: info.lang.clone(),
            },
        );
        let ctx = Ctx {
            hub: self.hub.clone(),
            login: self.login.clone(),
            handle,
            state: Arc::new(Mutex::new(State {
                c2s,
                forward: None,
                limits,
            })),
        };
        let mut pending = Pending::default();
        {
            let mut st = ctx.lock();
            pump(&ctx, &mut st, &mut pending);
        }
        pending.into_outbox(out);
        BoshStream { ctx }
    }
}

impl XmppStream for BoshStream {
    fn on_stanza(&mut self, stanza: Bytes, out: &mut Outbox) {
        let ctx = self.ctx.clone();
        let mut pending = Pending::default();
        {
            let mut st = ctx.lock();
            match parse_payload(&stanza, &st.limits) {
                Some(e) => st.c2s.handle_element(now(), e),
                None => st.c2s.close(Some(StreamErrorCondition::NotWellFormed)),
            }
            pump(&ctx, &mut st, &mut pending);
        }
        pending.into_outbox(out);
    }

    fn on_restart(&mut self, out: &mut Outbox) {
        let ctx = self.ctx.clone();
        let mut pending = Pending::default();
        {
            let mut st = ctx.lock();
            st.c2s.handle_stream_open(
                now(),
                StreamHeader {
                    to: None,
                    from: None,
                    id: None,
                    version: Some("1.0".into()),
                    lang: None,
                },
            );
            pump(&ctx, &mut st, &mut pending);
        }
        pending.into_outbox(out);
    }

    fn on_close(&mut self, reason: &TerminateReason, undelivered: Vec<Bytes>) {
        let mut st = self.ctx.lock();
        if let Some(task) = st.forward.take() {
            task.abort();
        }
        st.c2s.handle_stream_close(now());
        while st.c2s.poll_output().is_some() {}
        while st.c2s.poll_event().is_some() {}
        tracing::debug!(
            sid = %self.ctx.handle.sid(),
            ?reason,
            undelivered = undelivered.len(),
            "BOSH session closed"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_without_a_namespace_are_read_as_jabber_client() {
        let limits = XmlLimits::default();
        let e = parse_payload(b"<presence/>", &limits).unwrap();
        assert!(e.is("presence", ns::CLIENT));
        let e = parse_payload(
            b"<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>",
            &limits,
        )
        .unwrap();
        assert!(e.is("iq", ns::CLIENT));
        assert_eq!(e.get_attr("id"), Some("1"));
        let e = parse_payload(
            b"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AA==</auth>",
            &limits,
        )
        .unwrap();
        assert!(e.is("auth", ns::SASL));
        assert!(parse_payload(b"<open", &limits).is_none());
        assert!(parse_payload(b"", &limits).is_none());
    }

    #[test]
    fn outputs_are_written_with_their_namespaces_for_a_body() {
        let mut p = Pending::default();
        let features = Element::new("features", ns::STREAM).child(Element::new("bind", ns::BIND));
        write_output(&C2sOutput::Element(features), &mut p);
        write_output(
            &C2sOutput::Element(Element::new("success", ns::SASL)),
            &mut p,
        );
        write_output(
            &C2sOutput::StreamError(xmpp_pubsub::StreamError::new(
                StreamErrorCondition::Conflict,
            )),
            &mut p,
        );
        let text: Vec<String> = p
            .payloads
            .iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        assert_eq!(
            text[0],
            "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"
        );
        assert_eq!(
            text[1],
            "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"
        );
        assert!(
            text[2].starts_with("<stream:error><conflict"),
            "{}",
            text[2]
        );
        assert_eq!(p.close, Some(Condition::RemoteStreamError));
    }
}
