//! The load tool: many simulated BOSH clients against an XMPP server over the wire only.
//!
//! Two scenarios, both usable from other code (the `lab-load` binary and the lab's own
//! benchmark mode call them):
//!
//! * [`fanout`]: N sessions log in (XEP-0206: session request, SASL PLAIN, restart, bind,
//!   session, presence), subscribe to one node and keep a long-poll outstanding; then **one**
//!   item is published and the report says how long until the last session had it. The same
//!   run works against Prosody (see `examples/load/prosody/`) and against the lab's
//!   notification service, so the two can be compared.
//! * [`agent_flow`]: N Finesse agents log in over BOSH and change state through the REST API
//!   (`PUT /finesse/api/User/<id>` with a `requestId` header); each PUT is timed until the
//!   User notification carrying that requestId arrives. Optionally generated calls are
//!   answered and dropped through `PUT /finesse/api/Dialog/<id>`.
//!
//! Every session is a sans-IO [`bosh::BoshClient`] in its own task over its own keep-alive
//! HTTP/1.1 connections (hold 1, so at most two), which that task drives itself: no shared
//! pool, no task per request. An item's arrival time is taken when the exchange carrying it
//! completed. The client is kept cheap on purpose: it shares the machine with the server it
//! measures, so the fan-out recognises its item by the marker's bytes and checks the XML
//! after the measurement, and [`ThreadCpu`] shows how the CPU was split.
//! Plain `http://` only: use the plain BOSH and REST ports.

mod agents;
mod fanout;
mod http;
mod link;
mod profile;
mod session;
mod stanzas;
mod stats;

use std::fmt;
use std::time::Duration;

pub use agents::{agent_flow, AgentCreds, AgentFlowTarget, CallPlan, FlowReport};
pub use fanout::{
    fanout, FanoutReport, FanoutTarget, HookFuture, PublishHook, Publisher, SinkPublisher,
};
pub use profile::{ThreadCpu, PERF_CTL_ENV};
pub use stanzas::fanout_update;
pub use stats::{per_second, LatencyStats};

/// Concurrency, time limits and session options shared by both scenarios.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// Sessions logging in at the same time. Default 64.
    pub login_concurrency: usize,
    /// Time for all sessions to log in (and subscribe). Default 300 s.
    pub login_timeout: Duration,
    /// Time for a publish (or a PUT) to reach everyone. Default 60 s.
    pub delivery_timeout: Duration,
    /// Pause between "all ready" and the measurement, so the last long-polls are in place.
    /// Default 500 ms.
    pub settle: Duration,
    /// Subscribe explicitly to the node (fan-out). Default true.
    pub subscribe: bool,
    /// Send initial presence after login (fan-out). Default true.
    pub presence: bool,
    /// The resource each session binds. Default `load`.
    pub resource: String,
    /// Agent flow: spread the agents' first PUTs evenly over this time after the start
    /// (agent i of n starts at i × ramp / n) instead of all at once. Default 0 (one burst,
    /// the worst case).
    pub ramp: Duration,
    /// Agent flow: each agent's pause before each of its state changes after the sign-in,
    /// as a person takes between clicks. With N agents the offered load is about N / think
    /// changes a second; 0 (the default) is a closed loop where everyone acts again as soon
    /// as the last change arrived, which measures throughput, not latency at a given load.
    pub think: Duration,
    /// Fan-out: publishes delivered to every session (and waited for) before the measured
    /// one, so the measured publish meets a warm server (its buffers and allocator pools
    /// already sized), as a long-running server's publishes do. Default 1; 0 measures the
    /// first publish after the logins. The report gives the first warm-up's figure too.
    pub warmup: usize,
    /// Fan-out: measured publishes after the warm-ups, one at a time (each delivered to
    /// everyone before the next). The report's figures are the median round's. Default 5.
    pub rounds: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            login_concurrency: 64,
            login_timeout: Duration::from_secs(300),
            delivery_timeout: Duration::from_secs(60),
            settle: Duration::from_millis(500),
            subscribe: true,
            presence: true,
            resource: "load".into(),
            ramp: Duration::ZERO,
            think: Duration::ZERO,
            warmup: 1,
            rounds: 5,
        }
    }
}

/// Errors of a run: the first few kept, all counted (memory stays bounded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorLog {
    /// The first [`ErrorLog::KEPT`] messages.
    pub first: Vec<String>,
    /// How many errors there were.
    pub count: usize,
}

impl ErrorLog {
    /// How many messages are kept.
    pub const KEPT: usize = 10;

    /// Collects the login outcomes of `n` sessions from `outcomes` until all have
    /// answered, the channel closes or `deadline` passes; failures are recorded here.
    /// Returns how many logged in.
    pub(crate) async fn collect_logins(
        &mut self,
        outcomes: &mut tokio::sync::mpsc::Receiver<Result<(), String>>,
        n: usize,
        deadline: std::time::Instant,
    ) -> usize {
        let (mut answered, mut ok) = (0, 0);
        while answered < n {
            match tokio::time::timeout_at(deadline.into(), outcomes.recv()).await {
                Ok(Some(Ok(()))) => {
                    answered += 1;
                    ok += 1;
                }
                Ok(Some(Err(e))) => {
                    answered += 1;
                    self.push(e);
                }
                Ok(None) | Err(_) => break,
            }
        }
        ok
    }

    /// Records one error.
    pub fn push(&mut self, e: impl Into<String>) {
        self.count += 1;
        if self.first.len() < Self::KEPT {
            self.first.push(e.into());
        }
    }
}

impl fmt::Display for ErrorLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.count == 0 {
            return Ok(());
        }
        writeln!(f, "  errors: {}", self.count)?;
        for e in &self.first {
            writeln!(f, "    {e}")?;
        }
        Ok(())
    }
}
