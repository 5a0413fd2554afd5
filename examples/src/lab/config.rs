//! The lab's configuration: every port, the data directory and the seed, with defaults that
//! work on loopback with no file at all. A TOML file overrides any subset of it.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::cucm::CucmConfig;
use super::seed::Seed;

/// Where each service listens. Port 0 asks the OS for a free port (what tests use).
///
/// Defaults follow Cisco's port guides: CUCM AXL 8443 (HTTPS); the UCCX CTI Server 12028
/// (UCCX port utilization guide; a project note names 12018, which no Cisco source does, so it
/// is only reachable by configuration); Finesse REST 8445 (HTTPS) and 8082 (HTTP); the
/// notification service's XMPP c2s 5222 (and 5223 direct TLS) and BOSH `/http-bind` on 7443
/// (HTTPS) and 7071 (HTTP).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ports {
    /// AXL SOAP over HTTPS (CUCM simulator).
    pub axl_https: u16,
    /// CTI Server (CCX engine).
    pub cti: u16,
    /// Finesse REST API over HTTPS (also serves `/http-bind`, one origin for browsers).
    pub rest_https: u16,
    /// Finesse REST API over plain HTTP.
    pub rest_http: u16,
    /// XMPP client-to-server, plain/STARTTLS.
    pub xmpp: u16,
    /// XMPP client-to-server, direct TLS.
    pub xmpps: u16,
    /// BOSH `/http-bind` over HTTPS.
    pub bosh_https: u16,
    /// BOSH `/http-bind` over plain HTTP.
    pub bosh_http: u16,
    /// Lab administration (call generator, health) over plain HTTP.
    pub admin: u16,
}

impl Default for Ports {
    fn default() -> Self {
        Self {
            axl_https: 8443,
            cti: 12028,
            rest_https: 8445,
            rest_http: 8082,
            xmpp: 5222,
            xmpps: 5223,
            bosh_https: 7443,
            bosh_http: 7071,
            admin: 8099,
        }
    }
}

impl Ports {
    /// Every port 0: each listener takes a free port from the OS.
    pub fn ephemeral() -> Self {
        Self {
            axl_https: 0,
            cti: 0,
            rest_https: 0,
            rest_http: 0,
            xmpp: 0,
            xmpps: 0,
            bosh_https: 0,
            bosh_http: 0,
            admin: 0,
        }
    }
}

/// The whole lab configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LabConfig {
    /// The address every service binds (loopback by default).
    pub bind: IpAddr,
    /// The host name clients use; it goes into the certificate and into SystemInfo.
    pub host_name: String,
    /// The XMPP domain (Finesse uses the node's FQDN).
    pub xmpp_domain: String,
    /// Where generated certificates and other state are kept.
    pub data_dir: PathBuf,
    /// Listening ports.
    pub ports: Ports,
    /// Users, teams, queues and codes the lab starts with.
    pub seed: Seed,
    /// The CUCM simulator: AXL application user and what its directory reports.
    pub cucm: CucmConfig,
}

impl Default for LabConfig {
    fn default() -> Self {
        Self {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            host_name: "localhost".to_owned(),
            xmpp_domain: "localhost".to_owned(),
            data_dir: default_data_dir(),
            ports: Ports::default(),
            seed: Seed::default(),
            cucm: CucmConfig::default(),
        }
    }
}

/// `$FINESSE_LAB_DATA`, else `$XDG_DATA_HOME/finesse-lab`, else `$HOME/.local/share/finesse-lab`,
/// else `./finesse-lab-data`.
fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("FINESSE_LAB_DATA") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(dir).join("finesse-lab");
    }
    if let Some(home) = std::env::var_os("HOME") {
        return PathBuf::from(home).join(".local/share/finesse-lab");
    }
    PathBuf::from("finesse-lab-data")
}

/// A configuration file could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML for [`LabConfig`] (the message names line and key).
    #[error("{path}: {source}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// Why, with the location.
        source: Box<toml::de::Error>,
    },
    /// The configuration is well-formed but inconsistent.
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl LabConfig {
    /// Parses TOML text; any key left out keeps its default.
    pub fn from_toml(text: &str, origin: &Path) -> Result<Self, ConfigError> {
        let config: Self = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: origin.to_owned(),
            source: Box::new(e),
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Reads and parses a TOML file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_toml(&text, path)
    }

    /// The configuration as TOML (what `finesse-lab config` prints as a starting point).
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// The socket address for `port` on the bind address.
    pub fn addr(&self, port: u16) -> SocketAddr {
        SocketAddr::new(self.bind, port)
    }

    /// Checks what serde cannot: the seed's cross references and duplicate ids.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.seed.validate().map_err(ConfigError::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_cisco_ports_on_loopback() {
        let c = LabConfig::default();
        assert_eq!(c.addr(c.ports.cti).to_string(), "127.0.0.1:12028");
        assert_eq!(c.ports.bosh_https, 7443);
        assert_eq!(c.ports.axl_https, 8443);
        assert!(c.validate().is_ok());
    }

    #[test]
    fn a_partial_file_overrides_only_what_it_names() {
        let c = LabConfig::from_toml("[ports]\ncti = 12018\n", Path::new("lab.toml")).unwrap();
        assert_eq!(c.ports.cti, 12018);
        assert_eq!(c.ports.rest_https, 8445);
        assert_eq!(c.seed, Seed::default());
    }

    #[test]
    fn the_default_round_trips_through_toml() {
        let c = LabConfig::default();
        let back = LabConfig::from_toml(&c.to_toml(), Path::new("x.toml")).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn unknown_keys_are_refused_with_their_location() {
        let e = LabConfig::from_toml("[ports]\nctii = 1\n", Path::new("lab.toml")).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("lab.toml") && text.contains("ctii"), "{text}");
    }
}
