//! The notification service: Finesse's Openfire, as the lab runs it.
//!
//! One `xmpp-pubsub` [`PubSubService`] at `pubsub.<xmpp_domain>`, reached by
//!
//! * XMPP c2s on `ports.xmpp` (plain, STARTTLS offered with the dev certificate) and
//!   `ports.xmpps` (direct TLS, Openfire's legacy-TLS port 5223);
//! * BOSH (XEP-0124/XEP-0206) at `/http-bind` on `ports.bosh_http` (HTTP) and
//!   `ports.bosh_https` (HTTPS), and through [`NotifyHandle::http_bind_router`] on any other
//!   origin (the Finesse REST server mounts it so a browser page, the REST API and
//!   `/http-bind` share one origin, as Cisco's desktop library expects).
//!
//! Both transports drive the same `C2sSession` state machine and share one routing table:
//! a bound BOSH session is attached to the c2s server ([`ServerHandle::attach`]), so BOSH and
//! TCP clients see each other and the same pubsub nodes.
//!
//! ```text
//!  TCP 5222/5223 ── C2sSession ─┐                         ┌── NotifyHandle::publish (Finesse)
//!                               ├── c2s routing ── PubSubService
//!  BOSH 7071/7443 ─ C2sSession ─┘   (xmpp-pubsub tokio_driver)
//! ```
//!
//! # Decisions
//!
//! * **Login**: SASL PLAIN only, checked by the lab's [`CredentialCheck`] (the same check,
//!   cache and lockout as the REST API). `Rejected` → `not-authorized`; `Locked` →
//!   `account-disabled` (RFC 6120: "temporarily disabled"); `Unavailable` →
//!   `temporary-auth-failure`. The JID is `<login id>@<xmpp_domain>` with the id as the
//!   directory spells it. PLAIN is allowed without TLS on every port: the lab is a loopback
//!   development stack, like Finesse with `enableInsecureOpenfirePort`.
//! * **Automatic subscriptions** (finesse.md §2.2, "automatic"): when a session binds, the
//!   server subscribes the user's **bare** JID (Finesse's events are addressed to the bare
//!   JID, §2.1) to `/finesse/api/User/<id>`, `/finesse/api/User/<id>/Dialogs` and
//!   `/finesse/api/SystemInfo`, creating the nodes if needed. Subscriptions stay after the
//!   session ends, as Finesse's do (§2.2); they are idempotent.
//! * **Explicit subscriptions** follow the seed: `Team/<id>/Users` for supervisors of that
//!   team; `Queue/<id>` for agents in that queue and for supervisors; another user's User or
//!   Dialogs node for supervisors of that user's team; SystemInfo for everyone. Anything else
//!   is refused with `<forbidden/>` (XEP-0060 §6.1.3); the same rule guards item retrieval.
//! * **Publishing**: only the Finesse server, in process, through
//!   [`NotificationSink::publish`] as `finesse@<xmpp_domain>` (a service admin). Clients have
//!   no publish right on any node (`<forbidden/>`) and may not create nodes.
//! * **Finesse's presence**: every initial presence a client sends is answered with an
//!   available presence from `finesse@<xmpp_domain>/webapp` while the service is up (the
//!   Finesse web application is an XMPP user whose presence tells desktops Finesse is alive,
//!   finesse.md §2.3; the resource `webapp` is an assumption: no capture shows it).
//! * **Payload**: the `<Update>` document travels as escaped text inside
//!   `<notification xmlns='urn:xmpp:push:0'>` (finesse.md §2.1, Finesse 12.5 captures); the
//!   event `<message>` comes from `pubsub.<domain>` to the bare JID without a `type`.
//! * **Nodes**: created at start for every seeded user (User, Dialogs), team
//!   (`Team/<id>/Users`), queue and SystemInfo, so explicit subscriptions succeed before the
//!   first publish; other nodes are created on first publish or login.
//! * **BOSH**: the `bosh` crate's defaults (wait ≤ 120 s, hold ≤ 2, inactivity 30 s); Cisco's
//!   desktop library's creation request (`hold=1 ver=1.9 wait=30 from=<bare JID>`) is
//!   answered with wait 30, hold 1, requests 2 and the SASL features. That library offers
//!   PLAIN only on a "secure" connection (an HTTPS page, or its `unsecureAllowed` option), and
//!   DIGEST-MD5 is not offered here (a [`CredentialCheck`] verifies passwords, it cannot hand
//!   them out), so serve its page over HTTPS. A session counts in
//!   [`NotifyHandle::session_count`] once bound.
//!
//! # Not done
//!
//! Presence-driven forced logout (Finesse logs an agent out 60 s after their presence is
//! lost), the `finesse` user's unavailable presence while Finesse is out of service, and
//! WebSocket (`/ws/`) are not implemented.

mod login;
mod over_bosh;
mod policy;

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::response::IntoResponse;
use bosh::http::{BoshHttp, HttpConfig};
use tokio::task::JoinHandle;
use xmpp_pubsub::tokio_driver::{Server, ServerConfig, ServerHandle};
use xmpp_pubsub::{
    AccessCheck, CreatePolicy, DiscoItem, FinesseNotification, Item, Jid, NodeConfig, Presence,
    PubSubService, Stanza,
};

use self::login::Login;
use self::over_bosh::BoshXmpp;
use self::policy::{auto_nodes, may_access};
use super::{CredentialCheck, DevCert, LabConfig, NotificationSink, Seed};

fn io_error(what: &str, e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("{what}: {e}"))
}

/// A marker request extension: insert it on requests that came over HTTPS before they reach
/// [`NotifyHandle::http_bind_router`], so BOSH sessions created there are marked secure
/// (XEP-0124 §20.1). Without it a request counts as secure only if its URI says `https`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TlsConnection;

/// The running notification service. Cheap to clone; [`shutdown`](Self::shutdown) stops it.
#[derive(Clone)]
pub struct NotifyHandle {
    inner: Arc<Inner>,
}

struct Inner {
    xmpp: ServerHandle,
    bosh: BoshHttp<BoshXmpp>,
    finesse: Jid,
    up: Arc<AtomicBool>,
    xmpp_addr: SocketAddr,
    xmpps_addr: SocketAddr,
    bosh_http_addr: SocketAddr,
    bosh_https_addr: SocketAddr,
    tasks: Mutex<Vec<JoinHandle<()>>>,
}

impl std::fmt::Debug for NotifyHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotifyHandle")
            .field("xmpp", &self.inner.xmpp_addr)
            .field("xmpps", &self.inner.xmpps_addr)
            .field("bosh_http", &self.inner.bosh_http_addr)
            .field("bosh_https", &self.inner.bosh_https_addr)
            .finish_non_exhaustive()
    }
}

fn finesse_node_config() -> NodeConfig {
    NodeConfig::default()
}

fn ensure_node(ps: &mut PubSubService, node: &str, owner: &Jid) {
    if ps.node_config(node).is_none() {
        if let Err(e) = ps.create_node(node, Some(owner), finesse_node_config()) {
            tracing::warn!(node, error = %e, "cannot create pubsub node");
        }
    }
}

/// Every node a seed user, team or queue has.
fn seed_nodes(seed: &Seed) -> Vec<String> {
    let mut nodes = vec!["/finesse/api/SystemInfo".to_owned()];
    for a in &seed.agents {
        nodes.push(format!("/finesse/api/User/{}", a.id));
        nodes.push(format!("/finesse/api/User/{}/Dialogs", a.id));
    }
    for t in &seed.teams {
        nodes.push(format!("/finesse/api/Team/{}/Users", t.id));
    }
    for q in &seed.queues {
        nodes.push(format!("/finesse/api/Queue/{}", q.id));
    }
    nodes
}

/// A per-start prefix for item and message ids (Finesse's ids are unique across restarts).
fn id_prefix() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    format!("{:016x}-", h.finish())
}

/// Starts the notification service on the ports of `config` (0 = any free port).
///
/// `cert` serves STARTTLS, direct TLS and HTTPS; `auth` checks every login.
pub async fn start(
    config: &LabConfig,
    cert: &DevCert,
    auth: Arc<dyn CredentialCheck>,
) -> io::Result<NotifyHandle> {
    let domain = config.xmpp_domain.clone();
    let finesse =
        Jid::from_parts(Some("finesse"), &domain, None).map_err(|e| io_error("xmpp_domain", e))?;
    let xmpp_tls = cert.server_config(&[]).map_err(|e| io_error("TLS", e))?;
    let https = cert
        .server_config(&[b"http/1.1"])
        .map_err(|e| io_error("TLS", e))?;

    let mut sc = ServerConfig::new(&domain).map_err(|e| io_error("xmpp_domain", e))?;
    sc.pubsub.create_policy = CreatePolicy::Admins;
    sc.pubsub.admins = vec![finesse.clone()];
    sc.pubsub.id_prefix = id_prefix();
    sc.pubsub.default_node = finesse_node_config();
    sc.tls = Some(xmpp_tls.clone());
    sc.tls_required = false;
    sc.allow_plain_insecure = true;
    let pubsub_jid = sc.pubsub.jid.clone();
    let login = Login::new(auth, &domain);

    let mut server = Server::bind(config.addr(config.ports.xmpp), sc, login.clone()).await?;
    let xmpp_addr = server.local_addr()?;
    let xmpps_addr = server
        .listen_direct_tls(config.addr(config.ports.xmpps), xmpp_tls)
        .await?;
    let xmpp = server.handle();

    let seed = Arc::new(config.seed.clone());
    xmpp.with_pubsub(|ps| {
        let rules = seed.clone();
        ps.set_access_check(Some(AccessCheck::new(move |who, node, _access| {
            who.local()
                .is_some_and(|user| may_access(&rules, user, node))
        })));
        for node in seed_nodes(&seed) {
            ensure_node(ps, &node, &finesse);
        }
    });
    let owner = finesse.clone();
    xmpp.set_bind_hook(Some(Arc::new(move |jid: &Jid, ps: &mut PubSubService| {
        let Some(user) = jid.local() else { return };
        let bare = jid.to_bare();
        for node in auto_nodes(user) {
            ensure_node(ps, &node, &owner);
            if let Err(e) = ps.subscribe(&node, &bare) {
                tracing::warn!(%jid, node, error = %e, "automatic subscription failed");
            }
        }
    })));

    // The Finesse web application is itself an XMPP user whose presence tells desktops that
    // Finesse is alive (finesse.md §2.3; EventTunnel waits for it): answer every initial
    // presence with it while the service is up.
    let up = Arc::new(AtomicBool::new(true));
    let finesse_app = finesse
        .with_resource("webapp")
        .map_err(|e| io_error("xmpp_domain", e))?;
    let alive = up.clone();
    xmpp.set_presence_hook(Some(Arc::new(move |from: &Jid, p: &Presence| {
        if p.presence_type.is_some() || !alive.load(Ordering::SeqCst) {
            return Vec::new();
        }
        vec![Stanza::Presence(Presence {
            from: Some(finesse_app.clone()),
            to: Some(from.clone()),
            ..Presence::default()
        })]
    })));

    let bosh = BoshHttp::new(
        bosh::ServerConfig::default(),
        HttpConfig::default(),
        BoshXmpp {
            hub: xmpp.clone(),
            login,
            domain: domain.clone(),
            disco_items: vec![DiscoItem {
                jid: pubsub_jid,
                node: None,
                name: Some("Publish-Subscribe service".to_owned()),
            }],
        },
    );
    let http_listener = crate::lab::listen::bind(config.addr(config.ports.bosh_http))?;
    let https_listener = crate::lab::listen::bind(config.addr(config.ports.bosh_https))?;
    let bosh_http_addr = http_listener.local_addr()?;
    let bosh_https_addr = https_listener.local_addr()?;

    let mut tasks = Vec::new();
    tasks.push(tokio::spawn(async move {
        if let Err(e) = server.run().await {
            tracing::error!(error = %e, "XMPP listener failed");
        }
    }));
    let b = bosh.clone();
    tasks.push(tokio::spawn(async move {
        if let Err(e) = b.serve(http_listener).await {
            tracing::error!(error = %e, "BOSH HTTP listener failed");
        }
    }));
    let b = bosh.clone();
    tasks.push(tokio::spawn(async move {
        if let Err(e) = b.serve_tls(https_listener, https).await {
            tracing::error!(error = %e, "BOSH HTTPS listener failed");
        }
    }));
    tracing::info!(
        %xmpp_addr, %xmpps_addr, %bosh_http_addr, %bosh_https_addr, domain,
        "notification service up"
    );
    Ok(NotifyHandle {
        inner: Arc::new(Inner {
            xmpp,
            bosh,
            finesse,
            up,
            xmpp_addr,
            xmpps_addr,
            bosh_http_addr,
            bosh_https_addr,
            tasks: Mutex::new(tasks),
        }),
    })
}

impl NotifyHandle {
    /// XMPP c2s (plain, STARTTLS offered).
    pub fn xmpp_addr(&self) -> SocketAddr {
        self.inner.xmpp_addr
    }

    /// XMPP c2s with direct TLS.
    pub fn xmpps_addr(&self) -> SocketAddr {
        self.inner.xmpps_addr
    }

    /// BOSH `/http-bind` over plain HTTP.
    pub fn bosh_http_addr(&self) -> SocketAddr {
        self.inner.bosh_http_addr
    }

    /// BOSH `/http-bind` over HTTPS.
    pub fn bosh_https_addr(&self) -> SocketAddr {
        self.inner.bosh_https_addr
    }

    /// `/http-bind` (and `/http-bind/`): POST for BOSH, OPTIONS for CORS preflights, GET for a
    /// short page, served by the same connection manager as the BOSH ports. Merge it into the
    /// Finesse REST router (a `Router<()>`: merge after `with_state`); mark HTTPS requests
    /// with [`TlsConnection`].
    pub fn http_bind_router(&self) -> axum::Router {
        let bosh = self.inner.bosh.clone();
        let handler = move |req: axum::extract::Request| {
            let bosh = bosh.clone();
            async move {
                let secure = req.extensions().get::<TlsConnection>().is_some()
                    || req.uri().scheme_str() == Some("https");
                match bosh.handle(req, secure).await {
                    Ok(resp) => resp.map(axum::body::Body::new).into_response(),
                    // A plain request on a session created over TLS (XEP-0124 §20.1): axum
                    // cannot drop the connection from here, so refuse and ask to close it.
                    Err(_) => (
                        http::StatusCode::FORBIDDEN,
                        [(http::header::CONNECTION, "close")],
                    )
                        .into_response(),
                }
            }
        };
        axum::Router::new()
            .route("/http-bind", axum::routing::any(handler.clone()))
            .route("/http-bind/", axum::routing::any(handler))
    }

    /// Bound XMPP sessions, over TCP and BOSH.
    pub fn session_count(&self) -> usize {
        self.inner.xmpp.session_count()
    }

    /// Stops listening, closes every session (`system-shutdown`) and waits for the listener
    /// tasks to end.
    pub async fn shutdown(self) {
        self.inner.up.store(false, Ordering::SeqCst);
        self.inner.bosh.shutdown();
        self.inner.xmpp.shutdown();
        let tasks: Vec<JoinHandle<()>> = self
            .inner
            .tasks
            .lock()
            .map(|mut t| t.drain(..).collect())
            .unwrap_or_default();
        for t in tasks {
            t.abort();
            let _ = t.await;
        }
        tracing::info!("notification service stopped");
    }
}

impl NotificationSink for NotifyHandle {
    /// Publishes `update_xml` as one item on `node` (created on demand), as
    /// `finesse@<xmpp_domain>`: subscribers receive it as escaped text inside
    /// `<notification xmlns='urn:xmpp:push:0'>`, as Finesse 12.5 sends it.
    fn publish(&self, node: &str, update_xml: &str) {
        if !self.is_up() {
            return;
        }
        let finesse = &self.inner.finesse;
        let payload = FinesseNotification::new(update_xml).to_raw();
        let now = tokio::time::Instant::now().into_std();
        self.inner.xmpp.with_pubsub(|ps| {
            ensure_node(ps, node, finesse);
            if let Err(e) = ps.publish(now, finesse, node, Item::new(None, Some(payload))) {
                tracing::warn!(node, error = %e, "publish failed");
            }
        });
    }

    fn is_up(&self) -> bool {
        self.inner.up.load(Ordering::SeqCst)
    }
}
