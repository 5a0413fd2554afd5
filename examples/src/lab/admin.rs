//! The lab's admin endpoint: the call generator over HTTP and a status page.
//!
//! - `POST /calls?queue=<id>&count=<n>&rate=<calls per second>&ani=<number>&talk_time=<s>`
//!   places `count` customer calls (default 1) into queue `queue`, spaced at `rate` per second
//!   (default 1), from `ani` (default `5550100`, incremented per call). With `talk_time` the
//!   customer hangs up that many seconds after an agent answers. Answers 202 at once; the
//!   calls are placed in the background.
//! - `GET /` (or `/status`): the agents' states and the calls waiting in each queue.
//! - `GET /health`: 200 once the engine is up.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::ccx::{CcxHandle, EngineSnapshot};
use super::LabConfig;

/// Most calls one request may ask for.
pub const MAX_CALLS_PER_REQUEST: u32 = 10_000;
/// Highest call rate one request may ask for (calls per second).
pub const MAX_RATE: f64 = 1_000.0;

/// A call-generation request (the query string of `POST /calls`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CallPlan {
    /// The seed queue id.
    pub queue: u32,
    /// How many calls (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// Calls per second (default 1).
    #[serde(default = "one_f")]
    pub rate: f64,
    /// The first caller's number (default `5550100`); each further call adds one.
    #[serde(default)]
    pub ani: Option<String>,
    /// Seconds the customer stays after an agent answers (default: until the agent drops).
    #[serde(default)]
    pub talk_time: Option<u64>,
}

fn one() -> u32 {
    1
}

fn one_f() -> f64 {
    1.0
}

impl CallPlan {
    /// Checks the plan's bounds; the error text is what the endpoint answers.
    pub fn validate(&self) -> Result<(), String> {
        if self.count == 0 || self.count > MAX_CALLS_PER_REQUEST {
            return Err(format!("count must be 1..={MAX_CALLS_PER_REQUEST}"));
        }
        if !(self.rate.is_finite() && self.rate > 0.0 && self.rate <= MAX_RATE) {
            return Err(format!(
                "rate must be > 0 and <= {MAX_RATE} calls per second"
            ));
        }
        if let Some(ani) = &self.ani {
            if ani.is_empty() || ani.len() > 32 || !ani.bytes().all(|b| b.is_ascii_digit()) {
                return Err("ani must be 1 to 32 digits".into());
            }
        }
        Ok(())
    }

    /// The calling number of call `index` (0-based).
    pub fn ani_of(&self, index: u32) -> String {
        let first = self.ani.as_deref().unwrap_or("5550100");
        match first.parse::<u128>() {
            Ok(n) => format!("{:0width$}", n + u128::from(index), width = first.len()),
            Err(_) => first.to_owned(),
        }
    }
}

/// Places the calls of `plan` one after the other at the plan's rate; returns how many the
/// engine accepted.
pub async fn run_plan(ccx: &CcxHandle, plan: &CallPlan) -> u32 {
    let gap = Duration::from_secs_f64(1.0 / plan.rate);
    let talk = plan.talk_time.map(Duration::from_secs);
    let mut placed = 0;
    for index in 0..plan.count {
        if index > 0 {
            tokio::time::sleep(gap).await;
        }
        match ccx.place_call(plan.queue, &plan.ani_of(index), talk).await {
            Ok(call) => {
                placed += 1;
                tracing::info!(queue = plan.queue, ?call, "generated a customer call");
            }
            Err(error) => tracing::warn!(queue = plan.queue, %error, "call not placed"),
        }
    }
    placed
}

/// The running admin endpoint.
#[derive(Debug)]
pub struct AdminHandle {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl AdminHandle {
    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops it.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// The admin routes over `ccx`.
pub fn router(ccx: CcxHandle) -> Router {
    Router::new()
        .route("/", get(status))
        .route("/status", get(status))
        .route("/health", get(|| async { "ok\n" }))
        .route("/calls", post(place_calls))
        .with_state(ccx)
}

/// Serves [`router`] on `config.ports.admin`.
pub async fn start(config: &LabConfig, ccx: CcxHandle) -> std::io::Result<AdminHandle> {
    let listener = crate::lab::listen::bind(config.addr(config.ports.admin))?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let app = router(ccx);
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
        if let Err(error) = served {
            tracing::warn!(%error, "admin endpoint stopped");
        }
    });
    Ok(AdminHandle { addr, stop, task })
}

async fn place_calls(
    State(ccx): State<CcxHandle>,
    plan: Result<Query<CallPlan>, axum::extract::rejection::QueryRejection>,
) -> (StatusCode, String) {
    let Query(plan) = match plan {
        Ok(plan) => plan,
        Err(rejection) => return (StatusCode::BAD_REQUEST, format!("{rejection}\n")),
    };
    if let Err(why) = plan.validate() {
        return (StatusCode::BAD_REQUEST, format!("{why}\n"));
    }
    let reply = format!(
        "placing {} call(s) into queue {} at {} per second\n",
        plan.count, plan.queue, plan.rate
    );
    tokio::spawn(async move {
        run_plan(&ccx, &plan).await;
    });
    (StatusCode::ACCEPTED, reply)
}

async fn status(State(ccx): State<CcxHandle>) -> String {
    render_status(&ccx.snapshot().await)
}

/// The status page: one line per agent, then the calls waiting and connected.
pub fn render_status(snapshot: &EngineSnapshot) -> String {
    let mut page = format!(
        "finesse-lab CCX engine: {} CTI session(s)\n\n{:<10} {:<8} {:<16} {:>6} {:>9}  {}\n",
        snapshot.sessions, "agent", "ext", "state", "reason", "for (s)", "call"
    );
    for agent in &snapshot.agents {
        let call = agent.call_id.map(|c| c.to_string()).unwrap_or_default();
        page.push_str(&format!(
            "{:<10} {:<8} {:<16} {:>6} {:>9}  {}\n",
            agent.id,
            agent.extension,
            agent.state.name().unwrap_or("Unknown"),
            agent.reason_code,
            agent.state_duration.as_secs(),
            call
        ));
    }
    for (title, calls) in [
        ("waiting", &snapshot.queued),
        ("connected", &snapshot.connected),
    ] {
        page.push_str(&format!("\n{} call(s) {title}\n", calls.len()));
        for call in calls {
            page.push_str(&format!(
                "  call {} queue {} from {} for {} s{}\n",
                call.call_id,
                call.queue_id,
                call.ani,
                call.age.as_secs(),
                call.agent
                    .as_deref()
                    .map(|a| format!(", agent {a}"))
                    .unwrap_or_default()
            ));
        }
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(query: &str) -> CallPlan {
        serde_urlencoded_like(query)
    }

    // axum's Query uses serde_urlencoded; parse the same way through axum itself.
    fn serde_urlencoded_like(query: &str) -> CallPlan {
        let uri: axum::http::Uri = format!("/calls?{query}").parse().unwrap();
        Query::<CallPlan>::try_from_uri(&uri).unwrap().0
    }

    #[test]
    fn defaults_are_one_call_at_one_per_second() {
        let p = plan("queue=2");
        assert_eq!((p.queue, p.count, p.rate), (2, 1, 1.0));
        assert_eq!(p.ani_of(0), "5550100");
        assert_eq!(p.ani_of(3), "5550103");
        assert!(p.validate().is_ok());
    }

    #[test]
    fn out_of_range_plans_are_refused() {
        assert!(plan("queue=1&count=0").validate().is_err());
        assert!(plan("queue=1&count=10001").validate().is_err());
        assert!(plan("queue=1&rate=0").validate().is_err());
        assert!(plan("queue=1&rate=1e9").validate().is_err());
        assert!(plan("queue=1&ani=12ab").validate().is_err());
    }

    #[test]
    fn the_status_page_lists_every_agent() {
        let snapshot = EngineSnapshot::default();
        assert!(render_status(&snapshot).contains("0 call(s) waiting"));
    }

    #[test]
    fn ani_keeps_leading_zeros() {
        assert_eq!(plan("queue=1&ani=0099").ani_of(2), "0101");
    }
}
