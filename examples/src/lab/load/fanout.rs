//! The fan-out scenario: N BOSH sessions subscribed to one node, one publish, and how long
//! until the last of them had it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, watch, Semaphore};
use tokio::task::JoinSet;
use xmpp_pubsub::Jid;

use super::http::{now, Endpoint};
use super::profile::{self, ThreadCpu};
use super::session::{BoshConn, Login};
use super::stanzas;
use super::stats::{per_second, LatencyStats, Ms};
use super::{ErrorLog, LoadOptions};
use crate::lab::NotificationSink;

/// A boxed future returned by [`PublishHook`] methods.
pub type HookFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// A publisher the caller supplies (e.g. the lab's in-process publish into the notification
/// service).
pub trait PublishHook: Send + Sync {
    /// Makes sure `node` exists before the sessions subscribe (default: nothing to do).
    fn prepare<'a>(&'a self, node: &'a str) -> HookFuture<'a> {
        let _ = node;
        Box::pin(async { Ok(()) })
    }

    /// Publishes one item on `node` whose item id or payload contains `marker` (subscribers
    /// recognise the item by it). The clock starts just before this call.
    fn publish<'a>(&'a self, node: &'a str, marker: &'a str) -> HookFuture<'a>;
}

/// A [`PublishHook`] over a [`NotificationSink`]: publishes a Finesse `<Update>` whose
/// `requestId` is the marker ([`stanzas::fanout_update`](super::fanout_update)); `prepare`
/// publishes one warm-up update so the sink creates the node.
pub struct SinkPublisher {
    sink: Arc<dyn NotificationSink>,
    runtime: Option<tokio::runtime::Handle>,
}

impl SinkPublisher {
    /// Publishes from the caller's task.
    pub fn new(sink: Arc<dyn NotificationSink>) -> Self {
        SinkPublisher {
            sink,
            runtime: None,
        }
    }

    /// Publishes from a task on `runtime` (the server's, when it runs on its own).
    pub fn on(runtime: tokio::runtime::Handle, sink: Arc<dyn NotificationSink>) -> Self {
        SinkPublisher {
            sink,
            runtime: Some(runtime),
        }
    }

    fn publish_update(&self, node: &str, marker: &str) -> HookFuture<'static> {
        let sink = self.sink.clone();
        let update = stanzas::fanout_update(node, marker);
        let node = node.to_owned();
        match &self.runtime {
            None => {
                sink.publish(&node, &update);
                Box::pin(async { Ok(()) })
            }
            Some(rt) => {
                let task = rt.spawn(async move { sink.publish(&node, &update) });
                Box::pin(async move { task.await.map_err(|e| format!("publish task: {e}")) })
            }
        }
    }
}

impl PublishHook for SinkPublisher {
    fn prepare<'a>(&'a self, node: &'a str) -> HookFuture<'a> {
        self.publish_update(node, "warm-up")
    }

    fn publish<'a>(&'a self, node: &'a str, marker: &'a str) -> HookFuture<'a> {
        self.publish_update(node, marker)
    }
}

/// Who publishes the one item.
#[derive(Clone)]
pub enum Publisher {
    /// An XMPP account logged in over the same BOSH URL: it creates the node (an existing
    /// node is fine) and publishes. On Prosody it must be an admin to create nodes.
    Xmpp {
        /// Local part of its JID.
        user: String,
        /// Its password.
        password: String,
    },
    /// A caller-supplied publisher.
    Hook(Arc<dyn PublishHook>),
}

impl fmt::Debug for Publisher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Publisher::Xmpp { user, .. } => f.debug_struct("Xmpp").field("user", user).finish(),
            Publisher::Hook(_) => f.write_str("Hook"),
        }
    }
}

/// Where the fan-out runs.
#[derive(Debug, Clone)]
pub struct FanoutTarget {
    /// The BOSH URL, e.g. `http://127.0.0.1:7071/http-bind` (plain http).
    pub bosh_url: String,
    /// XMPP domain.
    pub domain: String,
    /// The pubsub service JID (e.g. `pubsub.localhost`).
    pub pubsub_jid: String,
    /// The node every session subscribes to.
    pub node: String,
    /// Accounts `(local part, password)`; the first `n` are used.
    pub users: Vec<(String, String)>,
    /// Who publishes.
    pub publisher: Publisher,
    /// Concurrency, time limits and session options.
    pub options: LoadOptions,
}

/// What a fan-out run measured.
#[derive(Debug, Clone, Default)]
pub struct FanoutReport {
    /// Sessions asked for.
    pub requested: usize,
    /// Sessions logged in and subscribed when the publish went out.
    pub ready: usize,
    /// Time to log in and subscribe all of them.
    pub login_time: Duration,
    /// Sessions that received the item.
    pub delivered: usize,
    /// Publish → first session had it.
    pub first_delivery: Option<Duration>,
    /// Publish → the last session had it (the headline figure), in the median measured
    /// round ([`LoadOptions::rounds`]); the other figures are that round's too.
    pub last_delivery: Option<Duration>,
    /// Publish → last delivery in every measured round, in the order they ran.
    pub rounds_last_delivery: Vec<Duration>,
    /// The same for the first publish after the logins (the first warm-up), when there
    /// were warm-ups ([`LoadOptions::warmup`]).
    pub cold_last_delivery: Option<Duration>,
    /// Publish → delivery, per session.
    pub latency: LatencyStats,
    /// Deliveries per second over publish → last delivery.
    pub deliveries_per_sec: f64,
    /// CPU time of this process's threads during the round, by thread name (Linux; empty
    /// elsewhere). With the lab's service in-process its runtime's threads are `lab-server`;
    /// the load client's are tokio's workers.
    pub cpu: Vec<(String, Duration)>,
    /// Publish → the publisher's IQ result (XMPP publisher only).
    pub publish_ack: Option<Duration>,
    /// Why no measurement could be taken, if so.
    pub failure: Option<String>,
    /// Per-session errors (the first few) and how many there were.
    pub errors: ErrorLog,
}

impl fmt::Display for FanoutReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "fan-out: {} sessions requested, {} ready (login+subscribe {:.2} s), {} delivered",
            self.requested,
            self.ready,
            self.login_time.as_secs_f64(),
            self.delivered
        )?;
        if let Some(why) = &self.failure {
            writeln!(f, "  FAILED: {why}")?;
        }
        if let (Some(first), Some(last)) = (self.first_delivery, self.last_delivery) {
            writeln!(
                f,
                "  publish -> first delivery {}, -> last delivery {}",
                Ms(first),
                Ms(last)
            )?;
            writeln!(f, "  per session: {}", self.latency)?;
            writeln!(f, "  deliveries/s: {:.0}", self.deliveries_per_sec)?;
        }
        if !self.cpu.is_empty() {
            writeln!(
                f,
                "  CPU in this process during that round: {}",
                profile::cpu_line(&self.cpu)
            )?;
        }
        if self.rounds_last_delivery.len() > 1 {
            let all: Vec<String> = self
                .rounds_last_delivery
                .iter()
                .map(|d| format!("{:.1}", d.as_secs_f64() * 1e3))
                .collect();
            writeln!(f, "  last delivery in each round (ms): {}", all.join(", "))?;
        }
        if let Some(cold) = self.cold_last_delivery {
            writeln!(
                f,
                "  (first publish after the logins, a warm-up: last delivery {})",
                Ms(cold)
            )?;
        }
        if let Some(ack) = self.publish_ack {
            writeln!(f, "  publisher's IQ result after {}", Ms(ack))?;
        }
        write!(f, "{}", self.errors)
    }
}

enum Cmd {
    Publish {
        marker: String,
        done: oneshot::Sender<Result<Instant, String>>,
    },
}

/// Runs the fan-out scenario with the first `n` accounts of `target`.
pub async fn fanout(target: &FanoutTarget, n: usize) -> FanoutReport {
    let mut report = FanoutReport {
        requested: n,
        ..FanoutReport::default()
    };
    if let Err(e) = run(target, n, &mut report).await {
        report.failure = Some(e);
    }
    report
}

async fn run(target: &FanoutTarget, n: usize, report: &mut FanoutReport) -> Result<(), String> {
    let endpoint = Endpoint::resolve(&target.bosh_url).await?;
    let service = Jid::new(&target.pubsub_jid).map_err(|e| format!("pubsub JID: {e}"))?;
    if target.users.len() < n {
        return Err(format!(
            "{n} sessions asked for, {} accounts given",
            target.users.len()
        ));
    }
    let opts = &target.options;
    let start = now();

    // The publisher first: it makes sure the node exists.
    let mut publisher_tasks = JoinSet::new();
    let cmd_tx = match &target.publisher {
        Publisher::Xmpp { user, password } => {
            let login = Login {
                domain: &target.domain,
                user,
                password,
                resource: "publisher",
                presence: false,
            };
            let mut conn = BoshConn::login(&endpoint, &login, start + opts.login_timeout)
                .await
                .map_err(|e| format!("publisher login: {e}"))?;
            let id = conn.new_id("create");
            conn.send(stanzas::create_node(&id, &service, &target.node))?;
            if let Err(e) = conn.iq(&id, start + opts.login_timeout).await {
                // An existing node answers `conflict`; anything else is for the log.
                tracing::info!(error = %e, "node create");
            }
            let (tx, rx) = mpsc::channel(4);
            let node = target.node.clone();
            let svc = service.clone();
            publisher_tasks.spawn(drive_publisher(conn, rx, svc, node));
            Some(tx)
        }
        Publisher::Hook(h) => {
            h.prepare(&target.node).await?;
            None
        }
    };

    // N sessions log in and subscribe, a bounded number at a time.
    // One publish per round: the warm-ups, then the measured one. Each carries its own
    // run-unique marker.
    let rounds = opts.warmup + opts.rounds.max(1);
    let base = initial_marker();
    let markers: Arc<[String]> = (0..rounds)
        .map(|r| format!("fanout-{base:x}-{r:04}"))
        .collect();
    let arrivals: Arc<[Arrivals]> = (0..rounds).map(|_| Arrivals::new(n)).collect();
    let (ready_tx, mut ready_rx) = mpsc::channel::<Result<(), String>>(n.max(1));
    let (stop_tx, stop_rx) = watch::channel(false);
    let gate = Arc::new(Semaphore::new(opts.login_concurrency.max(1)));
    let mut sessions = JoinSet::new();
    let login_deadline = start + opts.login_timeout;
    let end = login_deadline + opts.delivery_timeout;
    for (user, password) in target.users.iter().take(n) {
        let s = Subscriber {
            endpoint: endpoint.clone(),
            domain: target.domain.clone(),
            user: user.clone(),
            password: password.clone(),
            service: service.clone(),
            node: target.node.clone(),
            subscribe: opts.subscribe,
            presence: opts.presence,
            resource: opts.resource.clone(),
            markers: markers.clone(),
        };
        sessions.spawn(s.run(
            gate.clone(),
            login_deadline,
            end,
            ready_tx.clone(),
            arrivals.clone(),
            stop_rx.clone(),
        ));
    }
    drop(ready_tx);

    report.ready = report
        .errors
        .collect_logins(&mut ready_rx, n, login_deadline)
        .await;
    report.login_time = now().saturating_duration_since(start);
    tracing::info!(
        ready = report.ready,
        secs = report.login_time.as_secs_f64(),
        "sessions ready"
    );

    let result = if report.ready == 0 {
        Err("no session logged in and subscribed".to_owned())
    } else {
        run_rounds(target, report, &markers, cmd_tx.as_ref(), &arrivals).await
    };

    let _ = stop_tx.send(true);
    let wind_down = now() + Duration::from_secs(15);
    while let Ok(Some(_)) = tokio::time::timeout_at(wind_down.into(), sessions.join_next()).await {}
    sessions.abort_all();
    drop(cmd_tx);
    let _ = tokio::time::timeout(Duration::from_secs(5), publisher_tasks.join_next()).await;
    publisher_tasks.abort_all();
    result
}

/// The warm-up publishes, then the measured ones; `report` gets the median round.
async fn run_rounds(
    target: &FanoutTarget,
    report: &mut FanoutReport,
    markers: &[String],
    cmd_tx: Option<&mpsc::Sender<Cmd>>,
    arrivals: &[Arrivals],
) -> Result<(), String> {
    let rounds = markers.len().min(arrivals.len());
    let warmup = target.options.warmup.min(rounds.saturating_sub(1));
    let mut measured = Vec::new();
    for r in 0..rounds {
        // Let the sessions' fresh long-polls reach the server first.
        tokio::time::sleep(target.options.settle).await;
        let mut round = FanoutReport {
            ready: report.ready,
            ..FanoutReport::default()
        };
        publish_and_collect(target, &mut round, &markers[r], cmd_tx, &arrivals[r]).await?;
        let what = if r < warmup { "warm-up" } else { "round" };
        let unkept = round.errors.count.saturating_sub(round.errors.first.len());
        for e in round.errors.first.drain(..) {
            report.errors.push(format!("{what} {}: {e}", r + 1));
        }
        report.errors.count += unkept;
        if r == 0 && warmup > 0 {
            report.cold_last_delivery = round.last_delivery;
        }
        if r >= warmup {
            measured.push(round);
        }
    }
    report.rounds_last_delivery = measured.iter().filter_map(|m| m.last_delivery).collect();
    // The median round by last delivery (a round that missed sessions counts as slowest).
    measured.sort_by_key(|m| {
        (
            m.delivered < m.ready,
            m.last_delivery.unwrap_or(Duration::MAX),
        )
    });
    if let Some(median) = measured
        .into_iter()
        .nth(report.rounds_last_delivery.len().max(1) / 2)
    {
        report.delivered = median.delivered;
        report.first_delivery = median.first_delivery;
        report.last_delivery = median.last_delivery;
        report.latency = median.latency;
        report.deliveries_per_sec = median.deliveries_per_sec;
        report.publish_ack = median.publish_ack;
        report.cpu = median.cpu;
    }
    Ok(())
}

async fn publish_and_collect(
    target: &FanoutTarget,
    report: &mut FanoutReport,
    marker: &str,
    cmd_tx: Option<&mpsc::Sender<Cmd>>,
    arrivals: &Arrivals,
) -> Result<(), String> {
    profile::perf_ctl(profile::PerfCmd::Enable);
    let cpu0 = ThreadCpu::now();
    let t0 = now();
    let ack = match (&target.publisher, cmd_tx) {
        (Publisher::Hook(h), _) => {
            h.publish(&target.node, marker).await?;
            None
        }
        (Publisher::Xmpp { .. }, Some(tx)) => {
            let (done, ack) = oneshot::channel();
            tx.send(Cmd::Publish {
                marker: marker.to_owned(),
                done,
            })
            .await
            .map_err(|_| "the publisher's session ended".to_owned())?;
            Some(ack)
        }
        (Publisher::Xmpp { .. }, None) => return Err("no publisher session".into()),
    };
    let deadline = t0 + target.options.delivery_timeout;
    arrivals.expect(report.ready);
    let _ = tokio::time::timeout_at(deadline.into(), arrivals.all_in.notified()).await;
    profile::perf_ctl(profile::PerfCmd::Disable);
    report.cpu = ThreadCpu::now().since(&cpu0);
    // Checked after the measurement, so parsing is not in the measured window: the
    // payload that carried the marker must be a pubsub event item carrying it.
    let mut samples = Vec::with_capacity(report.ready);
    for arrival in arrivals.take() {
        match arrival {
            Ok((at, payload)) => {
                let is_item = stanzas::parse_stanza(&payload)
                    .is_some_and(|s| stanzas::event_items(&s).iter().any(|i| i.carries(marker)));
                if is_item {
                    samples.push(at.saturating_duration_since(t0));
                } else {
                    report.errors.push(format!(
                        "a payload carried the marker but is no event item carrying it: {}",
                        String::from_utf8_lossy(&payload)
                    ));
                }
            }
            Err(e) => report.errors.push(e),
        }
    }
    if let Some(ack) = ack {
        match tokio::time::timeout_at(deadline.into(), ack).await {
            Ok(Ok(Ok(at))) => report.publish_ack = Some(at.saturating_duration_since(t0)),
            Ok(Ok(Err(e))) => report.errors.push(format!("publish: {e}")),
            _ => report.errors.push("publish: no IQ result"),
        }
    }
    report.delivered = samples.len();
    report.latency = LatencyStats::from_samples(&samples);
    if !samples.is_empty() {
        report.first_delivery = Some(report.latency.min);
        report.last_delivery = Some(report.latency.max);
        report.deliveries_per_sec = per_second(samples.len(), report.latency.max);
    }
    if report.delivered < report.ready {
        report.errors.push(format!(
            "{} of {} ready sessions did not receive the item within {:?}",
            report.ready - report.delivered,
            report.ready,
            target.options.delivery_timeout
        ));
    }
    Ok(())
}

/// The publisher's session, kept polling in its own task until the run ends.
async fn drive_publisher(
    mut conn: BoshConn,
    mut rx: mpsc::Receiver<Cmd>,
    service: Jid,
    node: String,
) {
    let mut pending: Option<(String, oneshot::Sender<Result<Instant, String>>)> = None;
    let far = now() + Duration::from_secs(24 * 3600);
    loop {
        tokio::select! {
            cmd = rx.recv() => match cmd {
                Some(Cmd::Publish { marker, done }) => {
                    let id = conn.new_id("pub");
                    let stanza = stanzas::publish(&id, &service, &node, &marker, &marker);
                    if let Err(e) = conn.send(stanza) {
                        let _ = done.send(Err(e));
                    } else {
                        pending = Some((id, done));
                    }
                }
                None => break,
            },
            r = conn.step(far) => {
                if let Err(e) = r {
                    tracing::warn!(error = %e, "publisher session");
                    break;
                }
            }
        }
        // Look at what arrived without waiting (and keep the inbox empty).
        let id = pending.as_ref().map(|(id, _)| id.clone());
        let mut answer = None;
        let _ = conn
            .run_until(now(), |r| {
                if let Some(id) = &id {
                    if let Some(a) =
                        stanzas::parse_stanza(&r.payload).and_then(|s| stanzas::iq_answer(&s, id))
                    {
                        answer = Some((r.at, a));
                    }
                }
            })
            .await;
        if let Some((at, a)) = answer {
            if let Some((_, done)) = pending.take() {
                let _ = done.send(a.map(|_| at));
            }
        }
    }
    conn.close().await;
}

struct Subscriber {
    endpoint: Endpoint,
    domain: String,
    user: String,
    password: String,
    service: Jid,
    node: String,
    subscribe: bool,
    presence: bool,
    resource: String,
    markers: Arc<[String]>,
}

impl Subscriber {
    async fn run(
        self,
        gate: Arc<Semaphore>,
        login_deadline: Instant,
        end: Instant,
        ready: mpsc::Sender<Result<(), String>>,
        arrivals: Arc<[Arrivals]>,
        mut stop: watch::Receiver<bool>,
    ) {
        let setup = async {
            let _permit = gate
                .acquire()
                .await
                .map_err(|_| "login gate closed".to_owned())?;
            let login = Login {
                domain: &self.domain,
                user: &self.user,
                password: &self.password,
                resource: &self.resource,
                presence: self.presence,
            };
            let mut conn = BoshConn::login(&self.endpoint, &login, login_deadline).await?;
            if self.subscribe {
                let jid = conn.jid().cloned().ok_or("no bound JID")?;
                let id = conn.new_id("sub");
                conn.send(stanzas::subscribe(&id, &self.service, &self.node, &jid))?;
                conn.iq(&id, login_deadline)
                    .await
                    .map_err(|e| format!("subscribe: {e}"))?;
            }
            Ok::<_, String>(conn)
        };
        let mut conn = match setup.await {
            Ok(c) => {
                let _ = ready.send(Ok(())).await;
                c
            }
            Err(e) => {
                let _ = ready.send(Err(format!("{}: {e}", self.user))).await;
                return;
            }
        };
        // A marker is unique to its round: finding its bytes is the arrival (cheap, so the
        // client spends little CPU while the server is measured); the structure is checked
        // after the measurement. A later round's marker also ends the earlier rounds.
        let markers = self.markers.clone();
        let mut next = 0;
        while next < markers.len() {
            let first = next;
            let got = tokio::select! {
                r = conn.expect(end, |r| {
                    markers[first..]
                        .iter()
                        .position(|m| stanzas::contains(&r.payload, m.as_bytes()))
                        .map(|i| (first + i, r.at, r.payload.clone()))
                }) => r,
                _ = stop.wait_for(|s| *s) => break,
            };
            match got {
                Ok((round, at, payload)) => {
                    if let Some(a) = arrivals.get(round) {
                        a.push(Ok((at, payload)));
                    }
                    next = round + 1;
                }
                Err(e) => {
                    if let Some(a) = arrivals.get(next) {
                        a.push(Err(format!("{}: {e}", self.user)));
                    }
                    break;
                }
            }
        }
        if next == markers.len() {
            // Keep polling until the run is over, like a real client.
            let far = now() + Duration::from_secs(24 * 3600);
            tokio::select! {
                _ = conn.run_until(far, |_| {}) => {}
                _ = stop.wait_for(|s| *s) => {}
            }
        }
        conn.close().await;
    }
}

/// Where the subscribers record their arrivals: a push each, one wake-up when the last
/// expected one is in (no message to the collector per delivery).
struct Arrivals {
    log: std::sync::Mutex<Vec<Result<(Instant, bytes::Bytes), String>>>,
    expected: std::sync::atomic::AtomicUsize,
    all_in: tokio::sync::Notify,
}

impl Arrivals {
    fn new(capacity: usize) -> Arrivals {
        Arrivals {
            log: std::sync::Mutex::new(Vec::with_capacity(capacity)),
            expected: std::sync::atomic::AtomicUsize::new(usize::MAX),
            all_in: tokio::sync::Notify::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Result<(Instant, bytes::Bytes), String>>> {
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sets how many arrivals complete the run.
    fn expect(&self, n: usize) {
        self.expected.store(n, std::sync::atomic::Ordering::SeqCst);
        if self.lock().len() >= n {
            self.all_in.notify_one();
        }
    }

    fn push(&self, arrival: Result<(Instant, bytes::Bytes), String>) {
        let len = {
            let mut log = self.lock();
            log.push(arrival);
            log.len()
        };
        if len >= self.expected.load(std::sync::atomic::Ordering::SeqCst) {
            self.all_in.notify_one();
        }
    }

    fn take(&self) -> Vec<Result<(Instant, bytes::Bytes), String>> {
        std::mem::take(&mut *self.lock())
    }
}

/// A run-unique number for the marker.
fn initial_marker() -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one(now())
}
