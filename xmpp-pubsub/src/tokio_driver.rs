//! A tokio c2s server around [`C2sSession`] and [`PubSubService`]: a TCP listener, plain or
//! with STARTTLS (rustls), optionally a second listener with direct TLS (XEP-0368, port 5223),
//! routing stanzas between bound sessions and the pubsub service.
//!
//! Sessions carried by another transport (a BOSH connection manager, XEP-0206) join the same
//! routing with [`ServerHandle::attach`]: they then see and are seen by the TCP sessions.
//! [`ServerHandle::set_bind_hook`] runs embedder code when any session binds (Finesse
//! subscribes each agent to their own nodes then).
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
use crate::codec::stanza::{IqKind, Presence, Stanza};
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

/// Embedder code run when a session (TCP or attached) binds a full JID, with the pubsub
/// service at hand, e.g. to subscribe the user to their nodes. It runs under the server's
/// routing lock: keep it short and do not call back into the [`ServerHandle`].
pub type BindHook = Arc<dyn Fn(&Jid, &mut PubSubService) + Send + Sync>;

/// Embedder code run when a bound session broadcasts presence (a `<presence/>` without
/// `to`, e.g. its initial presence): it gets the sender's full JID and the presence and
/// returns stanzas to route (by their `to`), e.g. the presence of an always-available
/// service account. There is no roster here; without a hook broadcast presence goes
/// nowhere. It runs under the server's routing lock: keep it short.
pub type PresenceHook = Arc<dyn Fn(&Jid, &Presence) -> Vec<Stanza> + Send + Sync>;

struct Hub {
    domain: String,
    pubsub: PubSubService,
    /// Bound sessions by bare JID.
    sessions: HashMap<String, Vec<Route>>,
    on_bind: Option<BindHook>,
    on_presence: Option<PresenceHook>,
}

impl Hub {
    /// Adds the route of a newly bound session; an older session with the same full JID is
    /// told to close with `conflict` (RFC 6120 §7.7.2.2: the new session wins).
    fn register(&mut self, route: Route) {
        let jid = route.jid.clone();
        let routes = self.sessions.entry(jid.bare_str().to_owned()).or_default();
        routes.retain(|r| {
            if r.jid == jid {
                r.kick.notify_one();
                false
            } else {
                true
            }
        });
        routes.push(route);
        if let Some(hook) = self.on_bind.clone() {
            hook(&jid, &mut self.pubsub);
            self.drain_pubsub();
        }
    }

    fn unregister(&mut self, jid: &Jid, conn: u64) {
        if let Some(routes) = self.sessions.get_mut(jid.bare_str()) {
            routes.retain(|r| r.conn != conn);
            if routes.is_empty() {
                self.sessions.remove(jid.bare_str());
            }
        }
    }

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
            // Presence broadcast and messages to no one: no roster here; the presence hook
            // may answer a broadcast.
            if let (Stanza::Presence(p), Some(hook)) = (&stanza, self.on_presence.clone()) {
                for s in hook(from, p) {
                    if let Some(to) = s.to().cloned() {
                        self.deliver(&to, s);
                    }
                }
            }
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
    next_conn: Arc<AtomicU64>,
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
    next_conn: Arc<AtomicU64>,
    session_queue: usize,
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

    /// How many sessions are bound (TCP and attached).
    pub fn session_count(&self) -> usize {
        lock(&self.hub).sessions.values().map(Vec::len).sum()
    }

    /// Installs (or with `None` removes) the hook run whenever a session binds.
    pub fn set_bind_hook(&self, hook: Option<BindHook>) {
        lock(&self.hub).on_bind = hook;
    }

    /// Installs (or with `None` removes) the hook run on broadcast presence.
    pub fn set_presence_hook(&self, hook: Option<PresenceHook>) {
        lock(&self.hub).on_presence = hook;
    }

    /// Routes a stanza from the bound full JID `from` as the TCP sessions' stanzas are
    /// routed: to the pubsub service, to the sessions of the addressed user, or nowhere. Its
    /// `from` is set to `from`. Returns the error reply to hand back to the sender, if any.
    pub fn route(&self, from: &Jid, mut stanza: Stanza) -> Option<Stanza> {
        stanza.set_from(Some(from.clone()));
        lock(&self.hub).route(now(), from, stanza)
    }

    /// Joins a session bound over another transport (a BOSH connection manager) to the
    /// routing, as if it were a TCP session that bound `jid`: the bind hook runs, stanzas for
    /// `jid` (or its bare JID) come out of [`AttachedSession::next`], and an older session
    /// with the same full JID is closed with `conflict`. Dropping the returned value removes
    /// the route. At most [`ServerConfig::session_queue`] stanzas wait for it.
    pub fn attach(&self, jid: Jid) -> AttachedSession {
        let conn = self.next_conn.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = mpsc::channel(self.session_queue.max(1));
        let kick = Arc::new(Notify::new());
        let overflow = Arc::new(Notify::new());
        lock(&self.hub).register(Route {
            jid: jid.clone(),
            tx,
            kick: kick.clone(),
            overflow: overflow.clone(),
            conn,
        });
        AttachedSession {
            hub: self.hub.clone(),
            shutdown: self.shutdown.clone(),
            jid,
            conn,
            rx,
            kick,
            overflow,
        }
    }

    /// Stops accepting and closes every session with `system-shutdown`.
    pub fn shutdown(&self) {
        self.shutdown.flag.store(true, Ordering::SeqCst);
        self.shutdown.notify.notify_waiters();
    }
}

/// What an [`AttachedSession`] must act on next.
#[allow(clippy::large_enum_variant)] // one per stanza, moved once
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionSignal {
    /// A stanza routed to the session: hand it to its [`C2sSession::deliver`].
    Stanza(Stanza),
    /// The server wants the session closed with this stream error: `conflict` (the same full
    /// JID bound again elsewhere), `resource-constraint` (its queue overflowed) or
    /// `system-shutdown`.
    Close(StreamErrorCondition),
}

/// A session carried by another transport, joined to a [`Server`]'s routing by
/// [`ServerHandle::attach`]. Dropping it removes the route.
pub struct AttachedSession {
    hub: Arc<Mutex<Hub>>,
    shutdown: Arc<ShutdownSignal>,
    jid: Jid,
    conn: u64,
    rx: mpsc::Receiver<Stanza>,
    kick: Arc<Notify>,
    overflow: Arc<Notify>,
}

impl std::fmt::Debug for AttachedSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachedSession")
            .field("jid", &self.jid)
            .finish_non_exhaustive()
    }
}

impl AttachedSession {
    /// The full JID the session bound.
    pub fn jid(&self) -> &Jid {
        &self.jid
    }

    /// Routes a stanza from this session (see [`ServerHandle::route`]); returns the error
    /// reply for the client, if any.
    pub fn route(&self, mut stanza: Stanza) -> Option<Stanza> {
        stanza.set_from(Some(self.jid.clone()));
        lock(&self.hub).route(now(), &self.jid, stanza)
    }

    /// A stanza routed to this session without waiting, if one is queued.
    pub fn try_next(&mut self) -> Option<Stanza> {
        self.rx.try_recv().ok()
    }

    /// Waits for the next stanza for this session, or for the server to want it closed.
    pub async fn next(&mut self) -> SessionSignal {
        let shutdown = self.shutdown.notify.notified();
        if self.shutdown.flag.load(Ordering::SeqCst) {
            return SessionSignal::Close(StreamErrorCondition::SystemShutdown);
        }
        tokio::select! {
            biased;
            _ = self.kick.notified() => SessionSignal::Close(StreamErrorCondition::Conflict),
            _ = self.overflow.notified() => {
                SessionSignal::Close(StreamErrorCondition::ResourceConstraint)
            }
            _ = shutdown => SessionSignal::Close(StreamErrorCondition::SystemShutdown),
            s = self.rx.recv() => match s {
                Some(s) => SessionSignal::Stanza(s),
                // Unreachable while `self` holds the route's sender alive in the hub; a
                // removed route means someone else took the JID.
                None => SessionSignal::Close(StreamErrorCondition::Conflict),
            },
        }
    }
}

impl Drop for AttachedSession {
    fn drop(&mut self) {
        lock(&self.hub).unregister(&self.jid, self.conn);
    }
}

/// The c2s server.
pub struct Server<A> {
    listener: TcpListener,
    direct_tls: Option<(TcpListener, tokio_rustls::TlsAcceptor)>,
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
            on_bind: None,
            on_presence: None,
        };
        Ok(Server {
            listener,
            direct_tls: None,
            shared: Arc::new(Shared {
                config,
                auth,
                hub: Arc::new(Mutex::new(hub)),
                next_conn: Arc::new(AtomicU64::new(1)),
                connections: AtomicU64::new(0),
                shutdown: Arc::new(ShutdownSignal::default()),
            }),
        })
    }

    /// The bound address.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Also listens on `addr` for direct-TLS c2s connections (XEP-0368; Openfire's legacy
    /// port 5223): the TLS handshake with `tls` comes first, then the stream, already secure
    /// (no STARTTLS offered). Returns the bound address. Call before [`run`](Self::run).
    pub async fn listen_direct_tls(
        &mut self,
        addr: SocketAddr,
        tls: Arc<rustls::ServerConfig>,
    ) -> io::Result<SocketAddr> {
        let listener = TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        self.direct_tls = Some((listener, tokio_rustls::TlsAcceptor::from(tls)));
        Ok(local)
    }

    /// A handle for the embedder.
    pub fn handle(&self) -> ServerHandle {
        ServerHandle {
            hub: self.shared.hub.clone(),
            shutdown: self.shared.shutdown.clone(),
            next_conn: self.shared.next_conn.clone(),
            session_queue: self.shared.config.session_queue,
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
            let direct = async {
                match &self.direct_tls {
                    Some((l, acceptor)) => (l.accept().await, acceptor.clone()),
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                (r, acceptor) = direct => {
                    let Ok((tcp, _peer)) = r else {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    };
                    if shared.connections.load(Ordering::SeqCst) as usize >= shared.config.max_connections {
                        drop(tcp);
                        continue;
                    }
                    let _ = tcp.set_nodelay(true);
                    shared.connections.fetch_add(1, Ordering::SeqCst);
                    let s = shared.clone();
                    tokio::spawn(async move {
                        direct_tls_connection(tcp, acceptor, &s).await;
                        s.connections.fetch_sub(1, Ordering::SeqCst);
                    });
                }
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
        lock(&self.shared.hub).register(Route {
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
        lock(&self.shared.hub).unregister(&jid, self.id);
    }
}

fn stream_id(conn: u64) -> String {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(conn);
    format!("{:016x}{conn}", h.finish())
}

fn c2s_config(cfg: &ServerConfig, id: u64) -> C2sConfig {
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
    c2s
}

/// A direct-TLS connection: handshake first, then a stream that is secure from the start.
async fn direct_tls_connection<A: Authenticator>(
    tcp: TcpStream,
    acceptor: tokio_rustls::TlsAcceptor,
    shared: &Shared<A>,
) {
    let id = shared.next_conn.fetch_add(1, Ordering::SeqCst);
    let cfg = &shared.config;
    let mut stream = match tokio::time::timeout(cfg.login_timeout, acceptor.accept(tcp)).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            tracing::debug!(conn = id, error = %e, "direct TLS handshake failed");
            return;
        }
        Err(_) => {
            tracing::debug!(conn = id, "direct TLS handshake timed out");
            return;
        }
    };
    let mut c2s = c2s_config(cfg, id);
    c2s.tls = TlsPolicy::Unavailable;
    let mut session = C2sSession::new(c2s, true, now());
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
    if let Err(e) = drive(&mut stream, &mut session, &mut conn).await {
        tracing::debug!(conn = id, error = %e, "c2s transport error");
    }
    tracing::debug!(conn = id, jid = ?conn.bound, "c2s connection closed");
    conn.unregister();
}

async fn connection<A: Authenticator>(mut tcp: TcpStream, shared: &Shared<A>) {
    let id = shared.next_conn.fetch_add(1, Ordering::SeqCst);
    let cfg = &shared.config;
    let c2s = c2s_config(cfg, id);
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
        // Events first, then the bytes they leave: the route of a bound session exists
        // before its bind result can reach the client, so nothing addressed to the new JID
        // in between misses it.
        while let Some(ev) = session.poll_event() {
            match ev {
                C2sEvent::StartTls => {
                    flush(io, session, &mut wbuf).await?;
                    return Ok(Outcome::StartTls);
                }
                C2sEvent::Authenticate(creds) => {
                    // What is queued goes out before the (possibly slow) check.
                    flush(io, session, &mut wbuf).await?;
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
        flush(io, session, &mut wbuf).await?;
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
