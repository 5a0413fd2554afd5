//! `SystemInfo` (`/finesse/api/SystemInfo`).

use serde::{Deserialize, Serialize};

use crate::enums::{DeploymentType, SystemStatus};
use crate::xml::{resource, wrapped_list};

wrapped_list!(cti_server_list, "ctiServer", CtiServer);

/// Finesse system information: service status, deployment type, nodes and XMPP domains.
///
/// Field order is the 12.6 documentation's; 12.5 has the subset without the maintenance
/// mode and `ctiServers` fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SystemInfo {
    /// Server time (`YYYY-MM-DDThh:MM:ss.SSZ`, GMT), as text.
    #[serde(
        rename = "currentTimestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub current_timestamp: Option<String>,
    /// UCCX or UCCE.
    #[serde(
        rename = "deploymentType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deployment_type: Option<DeploymentType>,
    /// `success` or `failure`.
    #[serde(
        rename = "lastCTIHeartbeatStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_cti_heartbeat_status: Option<String>,
    /// Time of the last successful CTI heartbeat.
    #[serde(
        rename = "lastSuccessCTIHeartbeatTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_success_cti_heartbeat_time: Option<String>,
    /// CTI protocol version.
    #[serde(
        rename = "ctiVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cti_version: Option<String>,
    /// CTI heartbeat interval.
    #[serde(
        rename = "ctiHeartbeatInterval",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cti_heartbeat_interval: Option<String>,
    /// CTI maintenance mode (12.6, UCCE).
    #[serde(rename = "ctiMMode", default, skip_serializing_if = "Option::is_none")]
    pub cti_m_mode: Option<String>,
    /// Time in CTI maintenance mode.
    #[serde(
        rename = "ctiTimeInMMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cti_time_in_m_mode: Option<String>,
    /// Finesse maintenance mode (12.6, UCCE).
    #[serde(
        rename = "finesseMMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub finesse_m_mode: Option<String>,
    /// Time in Finesse maintenance mode.
    #[serde(
        rename = "finesseTimeInMMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub finesse_time_in_m_mode: Option<String>,
    /// License.
    #[serde(rename = "license", default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Peripheral id.
    #[serde(
        rename = "peripheralId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub peripheral_id: Option<String>,
    /// The primary node.
    #[serde(
        rename = "primaryNode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub primary_node: Option<NodeInfo>,
    /// The secondary node (absent on a single-node deployment).
    #[serde(
        rename = "secondaryNode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secondary_node: Option<NodeInfo>,
    /// IN_SERVICE / OUT_OF_SERVICE.
    #[serde(rename = "status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SystemStatus>,
    /// Why the status is what it is.
    #[serde(
        rename = "statusReason",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub status_reason: Option<String>,
    /// Authentication mode (`NON_SSO`, `SSO`, `HYBRID`).
    #[serde(
        rename = "systemAuthMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub system_auth_mode: Option<String>,
    /// Offset of the server's time zone.
    #[serde(
        rename = "timezoneOffset",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub timezone_offset: Option<String>,
    /// URI (`/finesse/api/SystemInfo`).
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// XMPP domain: the FQDN of the node that answered.
    #[serde(
        rename = "xmppDomain",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub xmpp_domain: Option<String>,
    /// PubSub service domain (`pubsub.` + xmppDomain).
    #[serde(
        rename = "xmppPubSubDomain",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub xmpp_pub_sub_domain: Option<String>,
    /// CTI servers (12.6).
    #[serde(
        rename = "ctiServers",
        default,
        with = "cti_server_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub cti_servers: Option<Vec<CtiServer>>,
}
resource!(SystemInfo, "SystemInfo", "SystemInfo");

impl SystemInfo {
    /// The other node's host, as finesse.js `getAlternateHost()` computes it: if
    /// `xmppDomain` is the primary host, the secondary's host, otherwise the primary's.
    /// `None` on a single-node deployment.
    pub fn alternate_host(&self) -> Option<&str> {
        let primary = self.primary_node.as_ref()?.host.as_deref()?;
        let secondary = self.secondary_node.as_ref()?.host.as_deref()?;
        if self.xmpp_domain.as_deref() == Some(primary) {
            Some(secondary)
        } else {
            Some(primary)
        }
    }
}

/// `SystemInfo/primaryNode` and `secondaryNode`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NodeInfo {
    /// Host name.
    #[serde(rename = "host", default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// HTTPS port (12.6).
    #[serde(rename = "httpsPort", default, skip_serializing_if = "Option::is_none")]
    pub https_port: Option<u16>,
    /// XMPP port (12.6).
    #[serde(rename = "xmppPort", default, skip_serializing_if = "Option::is_none")]
    pub xmpp_port: Option<u16>,
    /// XMPP TLS port (12.6).
    #[serde(
        rename = "xmppSecurePort",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub xmpp_secure_port: Option<u16>,
}

impl NodeInfo {
    /// A node with only its host (the 12.5 shape).
    pub fn host(host: impl Into<String>) -> Self {
        Self {
            host: Some(host.into()),
            ..Self::default()
        }
    }
}

/// `SystemInfo/ctiServers/ctiServer`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CtiServer {
    /// Host.
    #[serde(rename = "host", default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// How long the connection has been up.
    #[serde(
        rename = "connectedDuration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub connected_duration: Option<String>,
    /// Whether this is the active server.
    #[serde(rename = "active", default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}
