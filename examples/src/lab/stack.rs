//! The whole lab in one process: the CUCM simulator (AXL), the CCX engine (JTAPI switch,
//! router, CTI Server), the notification service (XMPP + BOSH) and the Finesse server (REST,
//! CTI client), plus the admin endpoint with the call generator.
//!
//! The parts talk to each other as they do in a real deployment: Finesse is a CTI client of
//! the CCX engine over TCP, and authenticates agents against the CUCM simulator over AXL
//! (HTTPS). Finesse publishes into the notification service in-process, through the
//! [`NotificationSink`] trait, straight into the real pubsub service.

use std::net::SocketAddr;
use std::sync::Arc;

use super::admin::{self, AdminHandle};
use super::ccx::{CcxEngine, CcxHandle};
use super::cucm::{self, AxlCredentialCheck, CucmHandle, LockoutPolicy};
use super::finesse::{self, FinesseHandle};
use super::notify::{self, NotifyHandle};
use super::{CertError, CredentialCheck, DevCert, LabConfig, NotificationSink};

/// The stack could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StackError {
    /// The development certificate could not be loaded or generated.
    #[error("certificate: {0}")]
    Cert(#[from] CertError),
    /// A part could not start (usually: its port is taken).
    #[error("{part} could not start: {source}")]
    Part {
        /// Which part.
        part: &'static str,
        /// Why.
        source: std::io::Error,
    },
}

fn part(part: &'static str) -> impl FnOnce(std::io::Error) -> StackError {
    move |source| StackError::Part { part, source }
}

/// Where a running stack can be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// CUCM AXL over HTTPS (`https://…/axl/`).
    pub axl_url: String,
    /// The CCX engine's CTI Server.
    pub cti: SocketAddr,
    /// Finesse REST over HTTPS; `/http-bind` is served here too (one origin).
    pub rest_https: SocketAddr,
    /// Finesse REST over plain HTTP.
    pub rest_http: SocketAddr,
    /// XMPP c2s (plain, STARTTLS).
    pub xmpp: SocketAddr,
    /// XMPP c2s, direct TLS.
    pub xmpps: SocketAddr,
    /// BOSH over HTTPS.
    pub bosh_https: SocketAddr,
    /// BOSH over plain HTTP.
    pub bosh_http: SocketAddr,
    /// The admin endpoint (call generator, status).
    pub admin: SocketAddr,
}

impl Endpoints {
    /// A human-readable table of the endpoints, printed at start.
    pub fn table(&self, host: &str) -> String {
        let url = |scheme: &str, addr: &SocketAddr, path: &str| {
            format!("{scheme}://{host}:{}{path}", addr.port())
        };
        [
            (
                "Finesse REST (HTTPS)",
                url("https", &self.rest_https, "/finesse/api/SystemInfo"),
            ),
            (
                "Finesse REST (HTTP)",
                url("http", &self.rest_http, "/finesse/api/SystemInfo"),
            ),
            (
                "BOSH, same origin",
                url("https", &self.rest_https, "/http-bind"),
            ),
            ("BOSH (HTTPS)", url("https", &self.bosh_https, "/http-bind")),
            ("BOSH (HTTP)", url("http", &self.bosh_http, "/http-bind")),
            (
                "XMPP c2s / STARTTLS",
                format!("{host}:{}", self.xmpp.port()),
            ),
            ("XMPP direct TLS", format!("{host}:{}", self.xmpps.port())),
            ("CTI Server", format!("{host}:{}", self.cti.port())),
            ("CUCM AXL", self.axl_url.clone()),
            ("Admin / call generator", url("http", &self.admin, "/")),
        ]
        .iter()
        .map(|(name, at)| format!("  {name:<24} {at}\n"))
        .collect()
    }
}

/// A running lab; [`RunningStack::shutdown`] stops every part.
pub struct RunningStack {
    cucm: CucmHandle,
    ccx: CcxHandle,
    notify: NotifyHandle,
    finesse: FinesseHandle,
    admin: AdminHandle,
    endpoints: Endpoints,
    cert: DevCert,
}

impl std::fmt::Debug for RunningStack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningStack")
            .field("endpoints", &self.endpoints)
            .finish_non_exhaustive()
    }
}

impl RunningStack {
    /// Starts every part on `config` (certificates are generated on first run under
    /// `config.data_dir`). Ports 0 take free ports; [`RunningStack::endpoints`] tells which.
    pub async fn start(config: &LabConfig) -> Result<RunningStack, StackError> {
        let cert = DevCert::load_or_generate(&config.data_dir, &config.host_name)?;
        if cert.generated {
            tracing::info!(path = %cert.cert_path.display(), "generated a self-signed certificate");
        }
        let cucm_config = &config.cucm;
        let cucm = cucm::start(config, cucm_config, &cert)
            .await
            .map_err(part("CUCM AXL server"))?;
        let auth: Arc<dyn CredentialCheck> = Arc::new(AxlCredentialCheck::new(
            cucm.axl_url(),
            cucm_config.app_user.clone(),
            cucm_config.app_password.clone(),
            cert.client_config()?,
            LockoutPolicy::default(),
        ));
        let ccx = CcxEngine::start(config).await.map_err(part("CCX engine"))?;
        let notify = notify::start(config, &cert, auth.clone())
            .await
            .map_err(part("notification service"))?;
        let sink: Arc<dyn NotificationSink> = Arc::new(notify.clone());
        let finesse = finesse::start(
            config,
            &cert,
            auth,
            sink,
            ccx.cti_addr(),
            notify.http_bind_router(),
        )
        .await
        .map_err(part("Finesse server"))?;
        let admin = admin::start(config, ccx.clone())
            .await
            .map_err(part("admin endpoint"))?;
        let endpoints = Endpoints {
            axl_url: cucm.axl_url(),
            cti: ccx.cti_addr(),
            rest_https: finesse.rest_https_addr(),
            rest_http: finesse.rest_http_addr(),
            xmpp: notify.xmpp_addr(),
            xmpps: notify.xmpps_addr(),
            bosh_https: notify.bosh_https_addr(),
            bosh_http: notify.bosh_http_addr(),
            admin: admin.addr(),
        };
        Ok(RunningStack {
            cucm,
            ccx,
            notify,
            finesse,
            admin,
            endpoints,
            cert,
        })
    }

    /// Where each part listens.
    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    /// The development certificate the TLS listeners use (tests trust it).
    pub fn cert(&self) -> &DevCert {
        &self.cert
    }

    /// The CCX engine (to place calls, read agent states).
    pub fn ccx(&self) -> &CcxHandle {
        &self.ccx
    }

    /// The notification service.
    pub fn notify(&self) -> &NotifyHandle {
        &self.notify
    }

    /// Stops every part, front to back: admin, Finesse, notification service, CCX, CUCM.
    pub async fn shutdown(self) {
        self.admin.shutdown().await;
        self.finesse.shutdown().await;
        self.notify.shutdown().await;
        self.ccx.shutdown().await;
        self.cucm.shutdown().await;
    }
}
