//! A tokio c2s server around [`C2sSession`] and [`PubSubService`]: a TCP listener, plain or
//! with STARTTLS (rustls), routing stanzas between bound sessions and the pubsub service.
//!
//! ```no_run
//! use xmpp_pubsub::tokio_driver::{Server, ServerConfig, StaticUsers};
//!
//! # async fn run() -> std::io::Result<()> {
//! let users = StaticUsers::new([("1001", "secret"), ("finesse", "admin-secret")]);
//! let mut config = ServerConfig::new("finesse.example.com").expect("valid domain");
//! config.allow_plain_insecure = true; // loopback only
//! let server = Server::bind("127.0.0.1:5222".parse().unwrap(), config, users).await?;
//! let handle = server.handle(); // publish from the embedder with handle.with_pubsub(..)
//! server.run().await
//! # }
//! ```

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::BytesMut;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Notify};

use crate::codec::disco::DiscoItem;
use crate::codec::jid::{Jid, JidError};
use crate::codec::limits::XmlLimits;
use crate::codec::sasl::{PlainCredentials, SaslCondition};
use crate::codec::stanza::{IqKind, Stanza};
use crate::codec::stanza_error::{DefinedCondition, ErrorType, StanzaError};
use crate::codec::stream_error::StreamErrorCondition;
use crate::session::c2s::{C2sConfig, C2sEvent, C2sSession, TlsPolicy};
use crate::session::service::{PubSubService, ServiceConfig};

/// Checks SASL PLAIN credentials. The reference stack implements it over AXL.
pub trait Authenticator: Send + Sync + 'static {
    /// `Ok(localpart)` of the authenticated user, or the SASL condition to report
    /// (`not-authorized` for a bad password, `temporary-auth-failure` when the backend is down).
    fn authenticate(
        &self,
        credentials: PlainCredentials,
    ) -> impl Future<Output = Result<String, SaslCondition>> + Send;
}

/// An [`Authenticator`] over a fixed user → password table (tests, demos).
#[derive(Debug, Clone, Default)]
pub struct StaticUsers {
    users: HashMap<String, String>,
}

impl StaticUsers {
    /// A table from `(user, password)` pairs.
    pub fn new<'a>(users: impl IntoIterator<Item = (&'a str, &'a str)>) -> StaticUsers {
        StaticUsers {
            users: users
                .into_iter()
                .map(|(u, p)| (u.to_lowercase(), p.to_owned()))
                .collect(),
        }
    }
}

impl Authenticator for StaticUsers {
    fn authenticate(
        &self,
        c: PlainCredentials,
    ) -> impl Future<Output = Result<String, SaslCondition>> + Send {
        let user = c.authcid.to_lowercase();
        let ok = self.users.get(&user).is_some_and(|p| *p == c.password)
            && (c.authzid.is_empty() || c.authzid.starts_with(&format!("{user}@")));
        std::future::ready(if ok {
            Ok(user)
        } else {
            Err(SaslCondition::NotAuthorized)
        })
    }
}

/// Server configuration.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The XMPP domain of the users.
    pub domain: String,
    /// The pubsub service (its JID defaults to `pubsub.<domain>`).
    pub pubsub: ServiceConfig,
    /// A rustls configuration enables STARTTLS.
    pub tls: Option<Arc<rustls::ServerConfig>>,
    /// Require STARTTLS before SASL (only with `tls`).
    pub tls_required: bool,
    /// Offer SASL PLAIN without TLS (loopback and tests only) (default false).
    pub allow_plain_insecure: bool,
    /// Stream parser limits.
    pub limits: XmlLimits,
    /// Idle timeout of a session (default 5 minutes).
    pub idle_timeout: Option<Duration>,
    /// Time to bind after connecting (default 60 s).
    pub login_timeout: Duration,
    /// Stanzas queued for one session before it is closed as too slow (default 4,096).
    pub session_queue: usize,
    /// Most simultaneous connections (default 10,000).
    pub max_connections: usize,
}

impl ServerConfig {
    /// Defaults for `domain`; fails if `pubsub.<domain>` is not a valid JID.
    pub fn new(domain: &str) -> Result<ServerConfig, JidError> {
        let pubsub_jid = Jid::new(&format!("pubsub.{domain}"))?;
        Ok(ServerConfig {
            domain: domain.to_owned(),
            pubsub: ServiceConfig::new(pubsub_jid),
            tls: None,
            tls_required: false,
            allow_plain_insecure: false,
            limits: XmlLimits::default(),
            idle_timeout: Some(Duration::from_secs(300)),
            login_timeout: Duration::from_secs(60),
            session_queue: 4096,
            max_connections: 10_000,
        })
    }
}

struct Route {
    jid: Jid,
    tx: mpsc::Sender<Stanza>,
    /// Closes the session with `conflict` (its full JID was bound again).
    kick: Arc<Notify>,
    /// Closes the session with `resource-constraint` (it does not read fast enough).
    overflow: Arc<Notify>,
    conn: u64,
}

struct Hub {
    domain: String,
    pubsub: PubSubService,
    /// Bound sessions by bare JID.
    sessions: HashMap<String, Vec<Route>>,
}

impl Hub {
    fn drain_pubsub(&mut self) {
        while let Some((to, stanza)) = self.pubsub.poll_outgoing() {
            self.deliver(&to, stanza);
        }
    }

    /// Delivers to the session(s) of `to`; returns whether anyone got it.
    fn deliver(&mut self, to: &Jid, stanza: Stanza) -> bool {
        let Some(routes) = self.sessions.get(to.bare_str()) else {
            return false;
        };
        let mut delivered = false;
        for r in routes {
            if to.is_bare() || r.jid == *to {
                match r.tx.try_send(stanza.clone()) {
                    Ok(()) => delivered = true,
                    Err(_) => r.overflow.notify_one(),
                }
            }
        }
        delivered
    }

    fn route(&mut self, now: std::time::Instant, from: &Jid, stanza: Stanza) -> Option<Stanza> {
        let Some(to) = stanza.to().cloned() else {
            // Presence broadcast and messages to no one: no roster here, nothing to do.
            return None;
        };
        if to == *self.pubsub.jid() {
            self.pubsub.handle_stanza(now, from, stanza);
            self.drain_pubsub();
            return None;
        }
        let error = if to.domain() == self.domain {
            if self.deliver(&to, stanza.clone()) {
                return None;
            }
            DefinedCondition::ServiceUnavailable
        } else {
            DefinedCondition::RemoteServerNotFound
        };
        match &stanza {
            Stanza::Iq(iq) if matches!(iq.kind, IqKind::Get(_) | IqKind::Set(_)) => {}
            Stanza::Message(_) => {}
            _ => return None,
        }
        stanza.error_reply(StanzaError::new(ErrorType::Cancel, error))
    }
}

struct Shared<A> {
    config: ServerConfig,
    auth: A,
    hub: Arc<Mutex<Hub>>,
    next_conn: AtomicU64,
    connections: AtomicU64,
    shutdown: Arc<ShutdownSignal>,
}

#[derive(Default)]
struct ShutdownSignal {
    flag: AtomicBool,
    notify: Notify,
}

fn lock(hub: &Mutex<Hub>) -> MutexGuard<'_, Hub> {
    hub.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A handle on a running server: act on the pubsub service, stop the server.
#[derive(Clone)]
pub struct ServerHandle {
    hub: Arc<Mutex<Hub>>,
    shutdown: Arc<ShutdownSignal>,
}

impl std::fmt::Debug for ServerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerHandle").finish_non_exhaustive()
    }
}

impl ServerHandle {
    /// Runs `f` on the pubsub service (e.g. create nodes, subscribe agents, publish), then
    /// delivers whatever it queued.
    pub fn with_pubsub<R>(&self, f: impl FnOnce(&mut PubSubService) -> R) -> R {
        let mut hub = lock(&self.hub);
        let r = f(&mut hub.pubsub);
        hub.drain_pubsub();
        r
    }

    /// The full JIDs currently bound.
    pub fn bound_jids(&self) -> Vec<Jid> {
        let hub = lock(&self.hub);
        let mut v: Vec<Jid> = hub
            .sessions
            .values()
            .flat_map(|r| r.iter().map(|r| r.jid.clone()))
            .collect();
        v.sort();
        v
    }

    /// Stops accepting and closes every session with `system-shutdown`.
    pub fn shutdown(&self) {
        self.shutdown.flag.store(true, Ordering::SeqCst);
        self.shutdown.notify.notify_waiters();
    }
}

/// The c2s server.
pub struct Server<A> {
    listener: TcpListener,
    shared: Arc<Shared<A>>,
}

impl<A> std::fmt::Debug for Server<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("local_addr", &self.listener.local_addr().ok())
            .finish_non_exhaustive()
    }
}

fn now() -> std::time::Instant {
    tokio::time::Instant::now().into_std()
}

impl<A: Authenticator> Server<A> {
    /// Binds the listener.
    pub async fn bind(addr: SocketAddr, config: ServerConfig, auth: A) -> io::Result<Server<A>> {
        let listener = TcpListener::bind(addr).await?;
        let hub = Hub {
            domain: config.domain.clone(),
            pubsub: PubSubService::new(config.pubsub.clone()),
            sessions: HashMap::new(),
        };
        Ok(Server {
            listener,
            shared: Arc::new(Shared {
                config,
                auth,
                hub: Arc::new(Mutex::new(hub)),
                next_conn: AtomicU64::new(1),
                connections: AtomicU64::new(0),
                shutdown: Arc::new(ShutdownSignal::default()),
            }),
        })
    }

    /// The bound address.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// A handle for the embedder.
    pub fn handle(&self) -> ServerHandle {
        ServerHandle {
            hub: self.shared.hub.clone(),
            shutdown: self.shared.shutdown.clone(),
        }
    }

    /// Accepts connections until [`ServerHandle::shutdown`]; each runs in its own task.
    pub async fn run(self) -> io::Result<()> {
        let shared = self.shared;
        loop {
            let notified = shared.shutdown.notify.notified();
            if shared.shutdown.flag.load(Ordering::SeqCst) {
                return Ok(());
            }
            tokio::select! {
                r = self.listener.accept() => {
                    let (tcp, _peer) = match r {
                        Ok(x) => x,
                        // Per-connection accept errors (e.g. EMFILE) must not stop the server.
                        Err(_) => {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    };
                    if shared.connections.load(Ordering::SeqCst) as usize >= shared.config.max_connections {
                        drop(tcp);
                        continue;
                    }
                    let _ = tcp.set_nodelay(true);
                    shared.connections.fetch_add(1, Ordering::SeqCst);
                    let s = shared.clone();
                    tokio::spawn(async move {
                        connection(tcp, &s).await;
                        s.connections.fetch_sub(1, Ordering::SeqCst);
                    });
                }
                _ = notified => return Ok(()),
            }
        }
    }
}

enum Outcome {
    Closed,
    StartTls,
}

struct Conn<'a, A> {
    shared: &'a Shared<A>,
    id: u64,
    tx: mpsc::Sender<Stanza>,
    rx: mpsc::Receiver<Stanza>,
    kick: Arc<Notify>,
    overflow: Arc<Notify>,
    bound: Option<Jid>,
}

impl<A> Conn<'_, A> {
    fn register(&mut self, jid: Jid) {
        let mut hub = lock(&self.shared.hub);
        let routes = hub.sessions.entry(jid.bare_str().to_owned()).or_default();
        // RFC 6120 §7.7.2.2: the new session wins; the old one is closed with `conflict`.
        routes.retain(|r| {
            if r.jid == jid {
                r.kick.notify_one();
                false
            } else {
                true
            }
        });
        routes.push(Route {
            jid: jid.clone(),
            tx: self.tx.clone(),
            kick: self.kick.clone(),
            overflow: self.overflow.clone(),
            conn: self.id,
        });
        self.bound = Some(jid);
    }

    fn unregister(&mut self) {
        let Some(jid) = self.bound.take() else {
            return;
        };
        let mut hub = lock(&self.shared.hub);
        if let Some(routes) = hub.sessions.get_mut(jid.bare_str()) {
            routes.retain(|r| r.conn != self.id);
            if routes.is_empty() {
                hub.sessions.remove(jid.bare_str());
            }
        }
    }
}

fn stream_id(conn: u64) -> String {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(conn);
    format!("{:016x}{conn}", h.finish())
}

async fn connection<A: Authenticator>(mut tcp: TcpStream, shared: &Shared<A>) {
    let id = shared.next_conn.fetch_add(1, Ordering::SeqCst);
    let cfg = &shared.config;
    let mut c2s = C2sConfig::new(cfg.domain.clone(), stream_id(id));
    c2s.limits = cfg.limits;
    c2s.allow_plain_insecure = cfg.allow_plain_insecure;
    c2s.idle_timeout = cfg.idle_timeout;
    c2s.login_timeout = cfg.login_timeout;
    c2s.max_queued_outputs = cfg.session_queue;
    c2s.tls = match (&cfg.tls, cfg.tls_required) {
        (None, _) => TlsPolicy::Unavailable,
        (Some(_), false) => TlsPolicy::Optional,
        (Some(_), true) => TlsPolicy::Required,
    };
    c2s.disco_items = vec![DiscoItem {
        jid: cfg.pubsub.jid.clone(),
        node: None,
        name: Some("Publish-Subscribe service".to_owned()),
    }];
    let mut session = C2sSession::new(c2s, false, now());
    let (tx, rx) = mpsc::channel(cfg.session_queue.max(1));
    let mut conn = Conn {
        shared,
        id,
        tx,
        rx,
        kick: Arc::new(Notify::new()),
        overflow: Arc::new(Notify::new()),
        bound: None,
    };
    let outcome = drive(&mut tcp, &mut session, &mut conn).await;
    if let (Ok(Outcome::StartTls), Some(tls)) = (&outcome, cfg.tls.clone()) {
        let acceptor = tokio_rustls::TlsAcceptor::from(tls);
        let handshake = tokio::time::timeout(cfg.login_timeout, acceptor.accept(tcp)).await;
        match handshake {
            Ok(Ok(mut stream)) => {
                session.tls_established(now());
                if let Err(e) = drive(&mut stream, &mut session, &mut conn).await {
                    tracing::debug!(conn = id, error = %e, "c2s transport error");
                }
            }
            Ok(Err(e)) => tracing::debug!(conn = id, error = %e, "TLS handshake failed"),
            Err(_) => tracing::debug!(conn = id, "TLS handshake timed out"),
        }
    } else if let Err(e) = outcome {
        tracing::debug!(conn = id, error = %e, "c2s transport error");
    }
    tracing::debug!(conn = id, jid = ?conn.bound, "c2s connection closed");
    conn.unregister();
}

async fn flush<S: AsyncWrite + Unpin>(
    io: &mut S,
    session: &mut C2sSession,
    buf: &mut BytesMut,
) -> io::Result<()> {
    buf.clear();
    if session.poll_transmit(buf) {
        io.write_all(buf).await?;
        io.flush().await?;
    }
    Ok(())
}

async fn drive<S, A>(
    io: &mut S,
    session: &mut C2sSession,
    conn: &mut Conn<'_, A>,
) -> io::Result<Outcome>
where
    S: AsyncRead + AsyncWrite + Unpin,
    A: Authenticator,
{
    let mut rbuf = vec![0u8; 16 * 1024];
    let mut wbuf = BytesMut::with_capacity(16 * 1024);
    loop {
        loop {
            flush(io, session, &mut wbuf).await?;
            let Some(ev) = session.poll_event() else {
                break;
            };
            match ev {
                C2sEvent::StartTls => {
                    flush(io, session, &mut wbuf).await?;
                    return Ok(Outcome::StartTls);
                }
                C2sEvent::Authenticate(creds) => {
                    let r = conn.shared.auth.authenticate(creds).await;
                    session.complete_auth(now(), r);
                }
                C2sEvent::Bound(jid) => conn.register(jid),
                C2sEvent::Stanza(stanza) => {
                    let Some(from) = session.jid().cloned() else {
                        continue;
                    };
                    let bounce = lock(&conn.shared.hub).route(now(), &from, stanza);
                    if let Some(b) = bounce {
                        let _ = session.deliver(b);
                    }
                }
                C2sEvent::Closed { .. } => {
                    flush(io, session, &mut wbuf).await?;
                    let _ = io.shutdown().await;
                    return Ok(Outcome::Closed);
                }
            }
        }
        let deadline = session.poll_timeout();
        let sleep = async {
            match deadline {
                Some(d) => tokio::time::sleep_until(tokio::time::Instant::from_std(d)).await,
                None => std::future::pending().await,
            }
        };
        let shutdown = conn.shared.shutdown.notify.notified();
        if conn.shared.shutdown.flag.load(Ordering::SeqCst) {
            session.close(Some(StreamErrorCondition::SystemShutdown));
            continue;
        }
        tokio::select! {
            r = io.read(&mut rbuf) => {
                let n = r?;
                if n == 0 {
                    session.handle_stream_close(now());
                } else {
                    session.handle_input(now(), &rbuf[..n]);
                }
            }
            Some(stanza) = conn.rx.recv() => {
                let mut next = Some(stanza);
                while let Some(s) = next {
                    if session.deliver(s).is_err() {
                        session.close(Some(StreamErrorCondition::ResourceConstraint));
                        break;
                    }
                    next = conn.rx.try_recv().ok();
                }
            }
            _ = conn.kick.notified() => session.close(Some(StreamErrorCondition::Conflict)),
            _ = conn.overflow.notified() => {
                session.close(Some(StreamErrorCondition::ResourceConstraint))
            }
            _ = sleep => session.handle_timeout(now()),
            _ = shutdown => session.close(Some(StreamErrorCondition::SystemShutdown)),
        }
    }
}
