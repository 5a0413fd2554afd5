//! Connection manager configuration and defaults.

use std::time::Duration;

use crate::body::{BodyLimits, Version};

/// Settings of a [`BoshServer`](crate::BoshServer). Every queue and timer has a bound here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// Parser limits for request bodies.
    pub limits: BodyLimits,
    /// Highest BOSH version offered; the session uses min(this, client's). Default 1.11.
    pub ver: Version,
    /// `wait` used when the client sends none, in seconds. Default 60 (strophe.js' default).
    pub default_wait: u16,
    /// Largest `wait` granted, in seconds. Default 120 (Prosody's `bosh_max_wait`).
    pub max_wait: u16,
    /// Largest `hold` granted. Default 2 (stanza asks for 2, strophe.js and Finesse for 1).
    /// The session's `requests` is always `hold + 1`.
    pub max_hold: u8,
    /// `polling`: shortest polling interval in seconds. Default 2 (ejabberd).
    pub polling: u16,
    /// `inactivity` in seconds; `None` advertises none and never expires sessions.
    /// Default 30 (Openfire, what Finesse runs; ejabberd).
    pub inactivity: Option<u16>,
    /// `inactivity` for polling sessions (`wait='0'` or `hold='0'`). Default 60.
    pub polling_inactivity: u16,
    /// `maxpause` in seconds; `None` disables pause. Default 120 (ejabberd).
    pub maxpause: Option<u16>,
    /// Terminate with `policy-violation` on overactivity and too-frequent polling
    /// (XEP-0124 §11). Default true.
    pub enforce_overactivity: bool,
    /// Most live sessions; a creation request beyond it gets `policy-violation`
    /// (HTTP 403 for legacy clients). Default 100,000.
    pub max_sessions: usize,
    /// Most stanzas queued for one session while no request is held. Default 1,024.
    pub max_queued_stanzas: usize,
    /// Most bytes queued for one session. Default 1 MiB.
    pub max_queued_bytes: usize,
    /// Most responses kept for retransmission per session when the client acknowledges
    /// (without acks the last `requests` are kept). Default 16.
    pub max_cached_responses: usize,
    /// Most times one rid may be repeated before `policy-violation`. Default 8.
    pub max_repeats: u8,
    /// A client `ack` older than the last response by at least this long makes the manager
    /// answer at once with `report`/`time` (XEP-0124 §9.3). Default 5 s.
    pub report_after: Duration,
    /// `from` on the creation response; `None` echoes the client's `to`.
    pub from: Option<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            limits: BodyLimits::default(),
            ver: Version::V1_11,
            default_wait: 60,
            max_wait: 120,
            max_hold: 2,
            polling: 2,
            inactivity: Some(30),
            polling_inactivity: 60,
            maxpause: Some(120),
            enforce_overactivity: true,
            max_sessions: 100_000,
            max_queued_stanzas: 1024,
            max_queued_bytes: 1 << 20,
            max_cached_responses: 16,
            max_repeats: 8,
            report_after: Duration::from_secs(5),
            from: None,
        }
    }
}
