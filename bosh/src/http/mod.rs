//! HTTP binding (feature `hyper`): serves a [`BoshServer`] at `/http-bind` over hyper 1,
//! plain or TLS (tokio-rustls), with CORS for browser clients, and plugs the XMPP side in
//! through [`XmppService`].
//!
//! ```no_run
//! use bosh::http::{BoshHttp, HttpConfig, Outbox, StreamHandle, XmppService, XmppStream};
//! use bosh::{ServerConfig, SessionInfo, TerminateReason};
//! use bytes::Bytes;
//!
//! struct Echo;
//! struct EchoStream;
//! impl XmppService for Echo {
//!     type Stream = EchoStream;
//!     fn open(&mut self, _: &SessionInfo, _: StreamHandle, out: &mut Outbox) -> EchoStream {
//!         out.send(Bytes::from_static(b"<stream:features/>"));
//!         EchoStream
//!     }
//! }
//! impl XmppStream for EchoStream {
//!     fn on_stanza(&mut self, stanza: Bytes, out: &mut Outbox) { out.send(stanza) }
//!     fn on_restart(&mut self, out: &mut Outbox) { out.send(Bytes::from_static(b"<stream:features/>")) }
//!     fn on_close(&mut self, _: &TerminateReason, _: Vec<Bytes>) {}
//! }
//!
//! # async fn run() -> std::io::Result<()> {
//! let bosh = BoshHttp::new(ServerConfig::default(), HttpConfig::default(), Echo);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:5280").await?;
//! bosh.serve(listener).await
//! # }
//! ```

mod serve;
mod xmpp;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Instant;

use bytes::Bytes;
use http::{header, HeaderValue, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use tokio::sync::{oneshot, Notify};

use self::xmpp::HandleTarget;
pub use self::xmpp::{Outbox, StreamHandle, XmppService, XmppStream};
use crate::body::{Body, BodyType, Condition};
use crate::error::SendError;
use crate::server::{BoshServer, RequestId, Response, ServerConfig, ServerEvent, SessionId};

/// Settings of the HTTP layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpConfig {
    /// Path of the endpoint. Default `/http-bind` (a trailing `/` is accepted too).
    pub path: String,
    /// `Access-Control-Allow-Origin` value; `None` sends no CORS headers. Default `*`.
    pub cors_origin: Option<String>,
    /// `Access-Control-Max-Age` in seconds. Default 7200 (Prosody).
    pub cors_max_age: u32,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            path: "/http-bind".into(),
            cors_origin: Some("*".into()),
            cors_max_age: 7200,
        }
    }
}

/// An HTTP response as the binding builds it.
pub type HttpResponse = http::Response<Full<Bytes>>;

/// The connection manager behind HTTP: cheap to clone, one per listener or shared.
///
/// Create it inside a tokio runtime: it spawns the task that drives `wait`/inactivity timers.
pub struct BoshHttp<S: XmppService> {
    shared: Arc<Shared<S>>,
}

impl<S: XmppService> Clone for BoshHttp<S> {
    fn clone(&self) -> Self {
        BoshHttp {
            shared: self.shared.clone(),
        }
    }
}

impl<S: XmppService> std::fmt::Debug for BoshHttp<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BoshHttp").finish_non_exhaustive()
    }
}

struct Shared<S: XmppService> {
    inner: Mutex<Inner<S>>,
    timer: Arc<Notify>,
    config: HttpConfig,
    /// `Access-Control-Allow-Origin`, checked once (`None`: no CORS headers).
    cors_origin: Option<HeaderValue>,
    max_body: usize,
    me: Weak<Shared<S>>,
}

struct Inner<S: XmppService> {
    server: BoshServer,
    service: S,
    streams: HashMap<SessionId, S::Stream>,
    waiters: HashMap<RequestId, oneshot::Sender<Response>>,
    /// The instant the timer task sleeps until (or is about to): it is woken only when the
    /// server's next deadline moves before it, not on every request and send.
    timer_at: Option<Instant>,
}

fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

impl<S: XmppService> BoshHttp<S> {
    /// A binding around a new [`BoshServer`] with `config`, plugged to `service`.
    pub fn new(config: ServerConfig, http: HttpConfig, service: S) -> Self {
        Self::with_server(BoshServer::new(config), http, service)
    }

    /// A binding around an existing server (e.g. one with a pinned [`SidSource`](crate::SidSource)).
    pub fn with_server(server: BoshServer, http: HttpConfig, service: S) -> Self {
        let max_body = server.config().limits.max_bytes;
        let timer = Arc::new(Notify::new());
        let shared = Arc::new_cyclic(|me| Shared {
            inner: Mutex::new(Inner {
                server,
                service,
                streams: HashMap::new(),
                waiters: HashMap::new(),
                timer_at: None,
            }),
            timer: timer.clone(),
            cors_origin: http
                .cors_origin
                .as_deref()
                .and_then(|o| HeaderValue::from_str(o).ok()),
            config: http,
            max_body,
            me: me.clone(),
        });
        tokio::spawn(timer_task(Arc::downgrade(&shared), timer));
        BoshHttp { shared }
    }

    /// Live BOSH sessions.
    pub fn session_count(&self) -> usize {
        self.shared.lock().server.session_count()
    }

    /// Runs `f` on the connection manager (e.g. to read its state), then delivers whatever it
    /// produced.
    pub fn with_server_mut<R>(&self, f: impl FnOnce(&mut BoshServer) -> R) -> R {
        let mut inner = self.shared.lock();
        let r = f(&mut inner.server);
        self.shared.drain(&mut inner, now());
        let wake = Shared::timer_moved(&mut inner);
        drop(inner);
        self.shared.wake_timer(wake);
        r
    }

    /// A handle to send to `sid` from anywhere.
    pub fn stream_handle(&self, sid: SessionId) -> StreamHandle {
        self.shared.handle(sid)
    }

    /// Graceful shutdown: every session gets `system-shutdown`; new ones are refused.
    pub fn shutdown(&self) {
        let mut inner = self.shared.lock();
        let now = now();
        inner.server.shutdown(now);
        self.shared.drain(&mut inner, now);
        let wake = Shared::timer_moved(&mut inner);
        drop(inner);
        self.shared.wake_timer(wake);
    }

    /// Serves one HTTP request. `secure` says whether it came over TLS. Mount this in your
    /// own router (axum, tower) if you do not use [`serve`](Self::serve). `Err` means: close
    /// the connection without answering (plain request on a TLS session).
    pub async fn handle<B>(
        &self,
        req: Request<B>,
        secure: bool,
    ) -> Result<HttpResponse, CloseConnection>
    where
        B: hyper::body::Body + Send,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let path = req.uri().path();
        let cfg = &self.shared.config;
        if path != cfg.path && path.strip_suffix('/') != Some(cfg.path.as_str()) {
            return Ok(self.plain(
                StatusCode::NOT_FOUND,
                "text/plain",
                Bytes::from_static(b"not found"),
            ));
        }
        match *req.method() {
            Method::OPTIONS => Ok(self.plain(StatusCode::OK, "text/plain", Bytes::new())),
            Method::GET | Method::HEAD => Ok(self.plain(
                StatusCode::OK,
                "text/html; charset=utf-8",
                Bytes::from_static(
                    b"<html><body><p>BOSH (XEP-0124/XEP-0206) endpoint: POST a &lt;body/&gt; here.</p></body></html>",
                ),
            )),
            Method::POST => self.post(req.into_body(), secure).await,
            _ => Ok(self.plain(StatusCode::METHOD_NOT_ALLOWED, "text/plain", Bytes::new())),
        }
    }

    async fn post<B>(&self, body: B, secure: bool) -> Result<HttpResponse, CloseConnection>
    where
        B: hyper::body::Body + Send,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        // Content-Type is ignored (XEP-0124 §4): browsers may be forced to send anything.
        let bytes = match Limited::new(body, self.shared.max_body).collect().await {
            Ok(c) => c.to_bytes(),
            Err(_) => {
                let b = Body {
                    body_type: Some(BodyType::Terminate),
                    condition: Some(Condition::BadRequest),
                    ..Body::default()
                };
                return Ok(self.plain(StatusCode::OK, "text/xml; charset=utf-8", b.to_bytes()));
            }
        };
        let (tx, rx) = oneshot::channel();
        let wake = {
            let mut inner = self.shared.lock();
            let now = now();
            let id = inner.server.handle_request(now, bytes, secure);
            inner.waiters.insert(id, tx);
            self.shared.drain(&mut inner, now);
            Shared::timer_moved(&mut inner)
        };
        self.shared.wake_timer(wake);
        match rx.await {
            Ok(resp) if resp.close_connection => Err(CloseConnection),
            Ok(resp) => {
                let status = StatusCode::from_u16(resp.status).unwrap_or(StatusCode::OK);
                Ok(self.plain(status, resp.content_type.as_str(), resp.body))
            }
            Err(_) => Ok(self.plain(StatusCode::SERVICE_UNAVAILABLE, "text/plain", Bytes::new())),
        }
    }

    fn plain(&self, status: StatusCode, content_type: &str, body: Bytes) -> HttpResponse {
        let mut resp = http::Response::new(Full::new(body));
        *resp.status_mut() = status;
        let h = resp.headers_mut();
        h.reserve(7);
        let content_type = match content_type {
            // The BOSH answers: no parsing, no allocation.
            "text/xml; charset=utf-8" => Some(HeaderValue::from_static("text/xml; charset=utf-8")),
            other => HeaderValue::from_str(other).ok(),
        };
        if let Some(v) = content_type {
            h.insert(header::CONTENT_TYPE, v);
        }
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(origin) = &self.shared.cors_origin {
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, OPTIONS"),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("Content-Type"),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from(self.shared.config.cors_max_age),
            );
        }
        resp
    }
}

/// Returned by [`BoshHttp::handle`] when the connection must be closed without an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("closing the connection: plain-HTTP request on a session created over TLS")]
pub struct CloseConnection;

impl<S: XmppService> Shared<S> {
    fn lock(&self) -> MutexGuard<'_, Inner<S>> {
        // A panic in an embedder callback poisons the lock; the state itself stays usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the server's next deadline is now earlier than the one the timer task sleeps
    /// until (then it must be woken to sleep less). Call with the lock held, wake after.
    fn timer_moved(inner: &mut Inner<S>) -> bool {
        match inner.server.poll_timeout() {
            Some(at) if inner.timer_at.is_none_or(|t| at < t) => {
                inner.timer_at = Some(at);
                true
            }
            _ => false,
        }
    }

    fn wake_timer(&self, wake: bool) {
        if wake {
            self.timer.notify_one();
        }
    }

    fn handle(&self, sid: SessionId) -> StreamHandle {
        let target: Weak<dyn HandleTarget> = self.me.clone();
        StreamHandle { sid, target }
    }

    /// Delivers events to the XMPP side and responses to waiting HTTP requests until the
    /// server has nothing more to say.
    fn drain(&self, inner: &mut Inner<S>, now: Instant) {
        loop {
            let mut progress = false;
            while let Some(ev) = inner.server.poll_event() {
                progress = true;
                let mut out = Outbox::default();
                let sid = match ev {
                    ServerEvent::SessionCreated(info) => {
                        let handle = self.handle(info.sid);
                        let stream = inner.service.open(&info, handle, &mut out);
                        inner.streams.insert(info.sid, stream);
                        info.sid
                    }
                    ServerEvent::Stanza { sid, stanza } => {
                        if let Some(s) = inner.streams.get_mut(&sid) {
                            s.on_stanza(stanza, &mut out);
                        }
                        sid
                    }
                    ServerEvent::Restart { sid } => {
                        if let Some(s) = inner.streams.get_mut(&sid) {
                            s.on_restart(&mut out);
                        }
                        sid
                    }
                    ServerEvent::Terminated {
                        sid,
                        reason,
                        undelivered,
                    } => {
                        if let Some(mut s) = inner.streams.remove(&sid) {
                            s.on_close(&reason, undelivered);
                        }
                        continue;
                    }
                };
                apply(&mut inner.server, now, sid, out);
            }
            while let Some(resp) = inner.server.poll_response() {
                progress = true;
                if let Some(tx) = inner.waiters.remove(&resp.request) {
                    // The HTTP client may have gone; the response stays cached for a retry.
                    let _ = tx.send(resp);
                }
            }
            if !progress {
                break;
            }
        }
    }
}

/// Applies a callback's outbox. A full queue ends the session (`policy-violation`): the XMPP
/// side is producing faster than the client reads, and dropping stanzas silently is not an
/// option; the stanzas come back through `on_close`.
fn apply(server: &mut BoshServer, now: Instant, sid: SessionId, out: Outbox) {
    for stanza in out.stanzas {
        if let Err(SendError::QueueFull { .. }) = server.send(now, sid, stanza) {
            tracing::warn!(%sid, "BOSH queue full, closing session");
            let _ = server.terminate(now, sid, Condition::PolicyViolation);
            return;
        }
    }
    if let Some(cond) = out.close {
        let _ = server.terminate(now, sid, cond);
    }
}

impl<S: XmppService> HandleTarget for Shared<S> {
    fn send(&self, sid: SessionId, stanza: Bytes) -> Result<(), SendError> {
        let mut inner = self.lock();
        let now = now();
        let r = inner.server.send(now, sid, stanza);
        self.drain(&mut inner, now);
        let wake = Self::timer_moved(&mut inner);
        drop(inner);
        self.wake_timer(wake);
        r
    }

    fn close(&self, sid: SessionId, condition: Condition) -> Result<(), SendError> {
        let mut inner = self.lock();
        let now = now();
        let r = inner.server.terminate(now, sid, condition);
        self.drain(&mut inner, now);
        let wake = Self::timer_moved(&mut inner);
        drop(inner);
        self.wake_timer(wake);
        r
    }
}

/// Sleeps until the server's next deadline (or until woken because it may have moved), then
/// calls `handle_timeout`. Ends when the binding is dropped.
async fn timer_task<S: XmppService>(shared: Weak<Shared<S>>, timer: Arc<Notify>) {
    loop {
        let sleep_until = {
            let Some(s) = shared.upgrade() else { return };
            let mut inner = s.lock();
            let at = inner.server.poll_timeout().unwrap_or_else(|| {
                // Nothing due: look again in a minute (or when woken).
                now() + std::time::Duration::from_secs(60)
            });
            inner.timer_at = Some(at);
            at
        };
        tokio::select! {
            _ = tokio::time::sleep_until(tokio::time::Instant::from_std(sleep_until)) => {
                let Some(s) = shared.upgrade() else { return };
                let mut inner = s.lock();
                let now = now();
                inner.server.handle_timeout(now);
                s.drain(&mut inner, now);
            }
            _ = timer.notified() => {}
        }
    }
}
