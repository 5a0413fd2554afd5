//! Terminal binding conditions (XEP-0124 §17.2) and their legacy HTTP codes.

use std::fmt;

/// The `condition` attribute of a `type='terminate'` body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Condition {
    /// `bad-request`: malformed HTTP header or binding element.
    BadRequest,
    /// `host-gone`: the target domain is no longer served.
    HostGone,
    /// `host-unknown`: the target domain is unknown.
    HostUnknown,
    /// `improper-addressing`: `to` or `route` missing or empty but required.
    ImproperAddressing,
    /// `internal-server-error`: the connection manager failed.
    InternalServerError,
    /// `item-not-found`: bad sid, bad stream, rid outside the window, response not re-sendable.
    ItemNotFound,
    /// `other-request`: another concurrent request caused the termination.
    OtherRequest,
    /// `policy-violation`: overactivity, polling too often, too many repeats.
    PolicyViolation,
    /// `remote-connection-failed`: the backend server cannot be reached or was lost.
    RemoteConnectionFailed,
    /// `remote-stream-error`: the body carries the backend's `<stream:error/>`.
    RemoteStreamError,
    /// `see-other-uri`: use the URI in the `<uri/>` child.
    SeeOtherUri,
    /// `system-shutdown`: the connection manager is shutting down.
    SystemShutdown,
    /// `undefined-condition`: anything else.
    UndefinedCondition,
    /// A condition this crate does not know, kept verbatim.
    Other(String),
}

impl Condition {
    /// The attribute value.
    pub fn as_str(&self) -> &str {
        match self {
            Condition::BadRequest => "bad-request",
            Condition::HostGone => "host-gone",
            Condition::HostUnknown => "host-unknown",
            Condition::ImproperAddressing => "improper-addressing",
            Condition::InternalServerError => "internal-server-error",
            Condition::ItemNotFound => "item-not-found",
            Condition::OtherRequest => "other-request",
            Condition::PolicyViolation => "policy-violation",
            Condition::RemoteConnectionFailed => "remote-connection-failed",
            Condition::RemoteStreamError => "remote-stream-error",
            Condition::SeeOtherUri => "see-other-uri",
            Condition::SystemShutdown => "system-shutdown",
            Condition::UndefinedCondition => "undefined-condition",
            Condition::Other(s) => s,
        }
    }

    /// Parses an attribute value; unknown values become [`Condition::Other`].
    pub fn parse(s: &str) -> Condition {
        match s {
            "bad-request" => Condition::BadRequest,
            "host-gone" => Condition::HostGone,
            "host-unknown" => Condition::HostUnknown,
            "improper-addressing" => Condition::ImproperAddressing,
            "internal-server-error" => Condition::InternalServerError,
            "item-not-found" => Condition::ItemNotFound,
            "other-request" => Condition::OtherRequest,
            "policy-violation" => Condition::PolicyViolation,
            "remote-connection-failed" => Condition::RemoteConnectionFailed,
            "remote-stream-error" => Condition::RemoteStreamError,
            "see-other-uri" => Condition::SeeOtherUri,
            "system-shutdown" => Condition::SystemShutdown,
            "undefined-condition" => Condition::UndefinedCondition,
            other => Condition::Other(other.to_owned()),
        }
    }

    /// The deprecated HTTP status a legacy client (no `ver` on its creation request) gets
    /// instead of this condition, if XEP-0124 defines one: 400, 403 or 404.
    pub fn legacy_http_status(&self) -> Option<u16> {
        match self {
            Condition::BadRequest => Some(400),
            Condition::PolicyViolation => Some(403),
            Condition::ItemNotFound => Some(404),
            _ => None,
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
