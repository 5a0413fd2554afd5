//! The AXL server: the seeded directory behind `axl-soap`'s dispatcher, over TLS.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axl_soap::server::{router, serve, Dispatcher, MemoryDirectory, ServerConfig};
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::directory;
use crate::lab::{DevCert, LabConfig};

/// Settings of the CUCM simulator that are not ports or seed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CucmConfig {
    /// The AXL application user (HTTP Basic), with read/write AXL access. Default
    /// `administrator`, as on Cisco's DevNet CUCM sandbox.
    pub app_user: String,
    /// Its password. Default `ciscopsdt`, as on the DevNet sandbox.
    pub app_password: String,
    /// What `getCCMVersion` reports. Default `12.5.1.11900(146)`.
    pub ccm_version: String,
    /// The device pool of every device. Default `Default`.
    pub device_pool: String,
    /// Product and model of agents' phones. Default `Cisco 8841`.
    pub phone_product: String,
}

impl Default for CucmConfig {
    fn default() -> Self {
        Self {
            app_user: "administrator".into(),
            app_password: "ciscopsdt".into(),
            ccm_version: "12.5.1.11900(146)".into(),
            device_pool: "Default".into(),
            phone_product: "Cisco 8841".into(),
        }
    }
}

/// The running AXL server; [`CucmHandle::shutdown`] stops it.
#[derive(Debug)]
pub struct CucmHandle {
    addr: SocketAddr,
    url: String,
    directory: Arc<MemoryDirectory>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
}

/// Starts the AXL server on `config.addr(config.ports.axl_https)` over TLS with `cert`,
/// serving the directory built from `config.seed` (see the [module docs](super)).
///
/// # Errors
/// The port cannot be bound, or the certificate cannot make a TLS configuration.
pub async fn start(
    config: &LabConfig,
    cucm: &CucmConfig,
    cert: &DevCert,
) -> io::Result<CucmHandle> {
    let tls = cert
        .server_config(&[b"http/1.1"])
        .map_err(|e| io::Error::other(e.to_string()))?;
    let directory = Arc::new(directory::build(&config.seed, cucm, &config.xmpp_domain));
    let dispatcher = Arc::new(Dispatcher::new(
        Arc::clone(&directory),
        ServerConfig::default(),
    ));
    let listener = crate::lab::listen::bind(config.addr(config.ports.axl_https))?;
    let addr = listener.local_addr()?;
    let url = format!("https://{}/axl/", url_authority(addr, &config.host_name));
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(dispatcher);
    let task = tokio::spawn(serve(listener, Some(tls), app, async move {
        let _ = stopped.await;
    }));
    tracing::info!(%addr, %url, users = config.seed.agents.len(), "CUCM AXL server listening");
    Ok(CucmHandle {
        addr,
        url,
        directory,
        stop: Some(stop),
        task,
    })
}

/// The AXL URL clients of a simulator listening at `addr` should use (what
/// [`CucmHandle::axl_url`] returns), e.g. for a Finesse started apart from the simulator.
pub fn axl_url_for(addr: SocketAddr, host_name: &str) -> String {
    format!("https://{}/axl/", url_authority(addr, host_name))
}

/// `host:port` for clients: the bound IP when it is loopback (it is in the development
/// certificate), 127.0.0.1 when bound to every interface, else the configured host name
/// (the other name the certificate carries).
fn url_authority(addr: SocketAddr, host_name: &str) -> String {
    let port = addr.port();
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("{}:{port}", Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[{}]:{port}", Ipv6Addr::LOCALHOST),
        ip if ip.is_loopback() => SocketAddr::new(ip, port).to_string(),
        _ => format!("{host_name}:{port}"),
    }
}

impl CucmHandle {
    /// The address the AXL server is bound to.
    pub fn axl_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The AXL endpoint, e.g. `https://127.0.0.1:8443/axl/`.
    pub fn axl_url(&self) -> String {
        self.url.clone()
    }

    /// The directory the server answers from (changes through AXL writes show here).
    pub fn directory(&self) -> &Arc<MemoryDirectory> {
        &self.directory
    }

    /// Stops accepting connections and waits until the open ones have finished their
    /// exchange in progress and are closed (at most `axl_soap::server::SHUTDOWN_GRACE`):
    /// afterwards no AXL request is answered, even on a connection a client kept.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match (&mut self.task).await {
            Ok(Ok(())) => tracing::info!(addr = %self.addr, "CUCM AXL server stopped"),
            Ok(Err(e)) => tracing::warn!(error = %e, "CUCM AXL server ended with an error"),
            Err(e) => tracing::warn!(error = %e, "CUCM AXL server task failed"),
        }
    }
}

impl Drop for CucmHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_what_the_certificate_covers() {
        let a = |s: &str| s.parse::<SocketAddr>().unwrap();
        assert_eq!(url_authority(a("127.0.0.1:8443"), "lab"), "127.0.0.1:8443");
        assert_eq!(url_authority(a("0.0.0.0:8443"), "lab"), "127.0.0.1:8443");
        assert_eq!(url_authority(a("[::]:8443"), "lab"), "[::1]:8443");
        assert_eq!(
            url_authority(a("10.1.2.3:8443"), "lab.example"),
            "lab.example:8443"
        );
    }
}
