//! The agent scenario: N agents on BOSH change state through the Finesse REST API and wait
//! for the User notification carrying their `requestId`; optionally they take generated
//! calls (answer and drop through the Dialog API).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use finesse_rest_types::{Dialog, DialogState, Update, UpdateData};
use http::Method;
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::task::JoinSet;
use xmpp_pubsub::Jid;

use super::http::{exchange, http_client, now, parse_url, rest_request, Endpoint, HttpClient};
use super::link::Links;
use super::profile::{self, ThreadCpu};
use super::session::{BoshConn, Login, Received};
use super::stanzas;
use super::stats::{per_second, LatencyStats, Ms};
use super::{ErrorLog, LoadOptions};

/// One agent's credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentCreds {
    /// Finesse user id (also the XMPP local part), e.g. `agent01`.
    pub id: String,
    /// Password (REST Basic auth and SASL PLAIN).
    pub password: String,
    /// The agent's extension (sign-in and `targetMediaAddress`).
    pub extension: String,
}

/// Where the agent scenario runs.
#[derive(Debug, Clone)]
pub struct AgentFlowTarget {
    /// BOSH URL, e.g. `http://127.0.0.1:7071/http-bind`.
    pub bosh_url: String,
    /// REST base URL, e.g. `http://127.0.0.1:8082` (`/finesse/api/...` is appended).
    pub rest_url: String,
    /// XMPP domain.
    pub domain: String,
    /// The pubsub service JID (for explicit subscriptions).
    pub pubsub_jid: String,
    /// The agents; the first `n` are used.
    pub agents: Vec<AgentCreds>,
    /// The server subscribes agents to their User and Dialogs nodes itself (Finesse does);
    /// when false the agents subscribe explicitly.
    pub auto_subscribed: bool,
    /// Sign in first (`PUT User` with `LOGIN` and the extension), as a desktop does; a 400
    /// answer (already signed in) is accepted.
    pub sign_in: bool,
    /// `reasonCodeId` sent with NOT_READY, if any.
    pub not_ready_reason: Option<String>,
    /// READY → NOT_READY round trips per agent (each is two measured PUTs).
    pub cycles: usize,
    /// Concurrency, time limits and session options.
    pub options: LoadOptions,
    /// The server's process, when it is another process on this machine: its CPU time
    /// during the state phase is reported as `lab process`.
    pub server_pid: Option<u32>,
}

/// Calls to place once the agents are READY.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallPlan {
    /// The lab's admin base URL, e.g. `http://127.0.0.1:8099`
    /// (`POST <admin_url>/calls?queue=<id>&count=<n>`).
    pub admin_url: String,
    /// Queue id.
    pub queue: u32,
}

/// What an agent run measured.
#[derive(Debug, Clone, Default)]
pub struct FlowReport {
    /// Agents asked for.
    pub requested: usize,
    /// Agents logged in over BOSH (and subscribed when needed).
    pub logged_in: usize,
    /// Time to log all of them in.
    pub login_time: Duration,
    /// REST PUT → User notification with the same requestId (READY and NOT_READY).
    pub latency: LatencyStats,
    /// Pubsub items the agents received during the measured phase.
    pub notifications: usize,
    /// The measured phase (from the first PUT to the last agent done).
    pub window: Duration,
    /// The state changes alone: from the first PUT until every agent had its last User
    /// notification (before any call).
    pub states_window: Duration,
    /// CPU time of this process's threads during [`states_window`](Self::states_window),
    /// by thread name (Linux; empty elsewhere): the lab's runtime is `lab-server` when it
    /// runs on its own, the load client's threads are tokio's workers.
    pub states_cpu: Vec<(String, Duration)>,
    /// State-change PUTs sent in that phase, timed or not (the sign-in and the READY
    /// before a call are not timed).
    pub state_puts: usize,
    /// Pubsub items the agents received in that phase.
    pub states_notifications: usize,
    /// `notifications / window`.
    pub notifications_per_sec: f64,
    /// Calls the admin endpoint accepted.
    pub calls_placed: usize,
    /// Calls answered and dropped by agents.
    pub calls_handled: usize,
    /// Dialog PUT (ANSWER, DROP) → Dialogs notification with the same requestId.
    pub call_latency: LatencyStats,
    /// Why no measurement could be taken, if so.
    pub failure: Option<String>,
    /// Per-agent errors (the first few) and how many there were.
    pub errors: ErrorLog,
}

impl fmt::Display for FlowReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "agents: {} requested, {} logged in ({:.2} s)",
            self.requested,
            self.logged_in,
            self.login_time.as_secs_f64()
        )?;
        if let Some(why) = &self.failure {
            writeln!(f, "  FAILED: {why}")?;
        }
        writeln!(f, "  PUT User -> notification: {}", self.latency)?;
        writeln!(
            f,
            "  notifications delivered: {} in {:.2} s = {:.0}/s",
            self.notifications,
            self.window.as_secs_f64(),
            self.notifications_per_sec
        )?;
        if !self.states_window.is_zero() {
            writeln!(
                f,
                "  state changes: {} PUTs in {} = {:.0}/s, {:.0} notifications/s; CPU then: {}",
                self.state_puts,
                Ms(self.states_window),
                per_second(self.state_puts, self.states_window),
                per_second(self.states_notifications, self.states_window),
                if self.states_cpu.is_empty() {
                    "n/a".to_owned()
                } else {
                    profile::cpu_line(&self.states_cpu)
                }
            )?;
        }
        if self.calls_placed > 0 || self.call_latency.count > 0 {
            writeln!(
                f,
                "  calls: {} placed, {} answered+dropped; PUT Dialog -> notification: {}",
                self.calls_placed, self.calls_handled, self.call_latency
            )?;
        }
        if self.latency.count > 0 {
            writeln!(f, "  p99 {} (target < 100 ms)", Ms(self.latency.p99))?;
        }
        write!(f, "{}", self.errors)
    }
}

/// The CPU group of [`AgentFlowTarget::server_pid`]'s threads.
const LAB_PROCESS: &str = "lab process";

/// What an agent reports when its state changes are over.
#[derive(Debug, Clone, Copy)]
struct StatesDone {
    /// State-change PUTs it sent.
    puts: usize,
    /// Pubsub items it received meanwhile.
    notifications: usize,
    /// Whether they all succeeded (then it is READY for a call).
    ok: bool,
}

/// What an agent task reports at the end.
#[derive(Debug, Default)]
struct AgentResult {
    samples: Vec<Duration>,
    call_samples: Vec<Duration>,
    notifications: usize,
    handled_call: bool,
    errors: Vec<String>,
    /// Answers to check after the run: `(requestId, payload)`.
    unchecked: Vec<(String, bytes::Bytes)>,
}

/// Runs the agent scenario with the first `n` agents of `target`.
pub async fn agent_flow(target: &AgentFlowTarget, n: usize, calls: Option<CallPlan>) -> FlowReport {
    let mut report = FlowReport {
        requested: n,
        ..FlowReport::default()
    };
    if let Err(e) = run(target, n, calls, &mut report).await {
        report.failure = Some(e);
    }
    report
}

async fn run(
    target: &AgentFlowTarget,
    n: usize,
    calls: Option<CallPlan>,
    report: &mut FlowReport,
) -> Result<(), String> {
    let endpoint = Endpoint::resolve(&target.bosh_url).await?;
    let rest = Endpoint::resolve(&target.rest_url).await?;
    if let Some(plan) = &calls {
        parse_url(&plan.admin_url)?;
    }
    let service = Jid::new(&target.pubsub_jid).map_err(|e| format!("pubsub JID: {e}"))?;
    if target.agents.len() < n {
        return Err(format!(
            "{n} agents asked for, {} given",
            target.agents.len()
        ));
    }
    let opts = &target.options;
    let http = http_client();
    let start = now();
    let login_deadline = start + opts.login_timeout;
    let (ready_tx, mut ready_rx) = mpsc::channel::<Result<(), String>>(n.max(1));
    let (states_tx, mut states_rx) = mpsc::channel::<StatesDone>(n.max(1));
    let (go_tx, go_rx) = watch::channel(Phase::Wait);
    let gate = Arc::new(Semaphore::new(opts.login_concurrency.max(1)));
    let shared = Arc::new(Shared {
        endpoint,
        rest_addr: rest.addr,
        service,
        target: target.clone(),
        with_calls: calls.is_some(),
    });
    let mut tasks = JoinSet::new();
    let count = target.agents.len().min(n).max(1);
    for (index, agent) in target.agents.iter().take(n).cloned().enumerate() {
        let offset = opts.ramp.mul_f64(index as f64 / count as f64);
        tasks.spawn(run_agent(
            shared.clone(),
            agent,
            offset,
            gate.clone(),
            login_deadline,
            ready_tx.clone(),
            states_tx.clone(),
            go_rx.clone(),
        ));
    }
    drop((ready_tx, states_tx));

    report.logged_in = report
        .errors
        .collect_logins(&mut ready_rx, n, login_deadline)
        .await;
    report.login_time = now().saturating_duration_since(start);
    if report.logged_in == 0 {
        let _ = go_tx.send(Phase::Stop);
        tasks.abort_all();
        return Err("no agent logged in".into());
    }
    tokio::time::sleep(opts.settle).await;
    let t0 = now();
    profile::perf_ctl(profile::PerfCmd::Enable);
    let cpu0 = ThreadCpu::now_with(target.server_pid, LAB_PROCESS);
    let _ = go_tx.send(Phase::Go);

    // The state phase ends when every agent still going has had its last User
    // notification (an agent that failed reports too, with what it sent).
    let mut done = 0;
    let mut ready_for_calls = 0;
    // Every agent's pauses, on top of the time the answers may take.
    let pauses = u32::try_from(2 * target.cycles + 1).unwrap_or(u32::MAX);
    let paced = opts.ramp + opts.think.saturating_mul(pauses);
    let until = t0 + paced + opts.delivery_timeout;
    while done < report.logged_in {
        match tokio::time::timeout_at(until.into(), states_rx.recv()).await {
            Ok(Some(states)) => {
                done += 1;
                report.state_puts += states.puts;
                report.states_notifications += states.notifications;
                ready_for_calls += usize::from(states.ok);
            }
            Ok(None) | Err(_) => break,
        }
    }
    report.states_window = now().saturating_duration_since(t0);
    profile::perf_ctl(profile::PerfCmd::Disable);
    report.states_cpu = ThreadCpu::now_with(target.server_pid, LAB_PROCESS).since(&cpu0);

    if let Some(plan) = &calls {
        if ready_for_calls > 0 {
            match place_calls(&http, plan, ready_for_calls).await {
                Ok(()) => report.calls_placed = ready_for_calls,
                Err(e) => report.errors.push(e),
            }
        }
        let _ = go_tx.send(Phase::Calls);
    }

    let mut samples = Vec::new();
    let mut call_samples = Vec::new();
    let mut unchecked = Vec::new();
    let end = t0 + paced + opts.delivery_timeout * 4;
    while let Ok(Some(done)) = tokio::time::timeout_at(end.into(), tasks.join_next()).await {
        match done {
            Ok(r) => {
                samples.extend(r.samples);
                call_samples.extend(r.call_samples);
                report.notifications += r.notifications;
                report.calls_handled += usize::from(r.handled_call);
                for e in r.errors {
                    report.errors.push(e);
                }
                unchecked.extend(r.unchecked);
            }
            Err(e) => report.errors.push(format!("agent task: {e}")),
        }
    }
    report.window = now().saturating_duration_since(t0);
    let _ = go_tx.send(Phase::Stop);
    tasks.abort_all();
    for e in check_answers(&unchecked) {
        report.errors.push(e);
    }
    report.latency = LatencyStats::from_samples(&samples);
    report.call_latency = LatencyStats::from_samples(&call_samples);
    report.notifications_per_sec = per_second(report.notifications, report.window);
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Wait,
    Go,
    Calls,
    Stop,
}

struct Shared {
    endpoint: Endpoint,
    rest_addr: std::net::SocketAddr,
    service: Jid,
    target: AgentFlowTarget,
    with_calls: bool,
}

async fn place_calls(http: &HttpClient, plan: &CallPlan, count: usize) -> Result<(), String> {
    let url = format!(
        "{}/calls?queue={}&count={count}&rate=1000",
        plan.admin_url.trim_end_matches('/'),
        plan.queue
    );
    let req = http::Request::builder()
        .method(Method::POST)
        .uri(&url)
        .body(http_body_util::Full::new(bytes::Bytes::new()))
        .map_err(|e| format!("admin request: {e}"))?;
    let reply = exchange(http, req, Duration::from_secs(30)).await?;
    if (200..300).contains(&reply.status) {
        Ok(())
    } else {
        Err(format!(
            "POST {url}: {} {}",
            reply.status,
            String::from_utf8_lossy(&reply.body)
        ))
    }
}

#[allow(clippy::too_many_arguments)]
async fn run_agent(
    shared: Arc<Shared>,
    agent: AgentCreds,
    offset: Duration,
    gate: Arc<Semaphore>,
    login_deadline: Instant,
    ready: mpsc::Sender<Result<(), String>>,
    states_done: mpsc::Sender<StatesDone>,
    mut phase: watch::Receiver<Phase>,
) -> AgentResult {
    let mut out = AgentResult::default();
    let t = &shared.target;
    let user_node = format!("/finesse/api/User/{}", agent.id);
    let dialogs_node = format!("{user_node}/Dialogs");
    let setup = async {
        let _permit = gate
            .acquire()
            .await
            .map_err(|_| "login gate closed".to_owned())?;
        let login = Login {
            domain: &t.domain,
            user: &agent.id,
            password: &agent.password,
            resource: &t.options.resource,
            presence: true,
        };
        let mut conn = BoshConn::login(&shared.endpoint, &login, login_deadline).await?;
        if !t.auto_subscribed {
            let jid = conn.jid().cloned().ok_or("no bound JID")?;
            let mut nodes = vec![user_node.clone()];
            if shared.with_calls {
                nodes.push(dialogs_node.clone());
            }
            for node in nodes {
                let id = conn.new_id("sub");
                conn.send(stanzas::subscribe(&id, &shared.service, &node, &jid))?;
                conn.iq(&id, login_deadline)
                    .await
                    .map_err(|e| format!("subscribe {node}: {e}"))?;
            }
        }
        // The desktop reads its User once signed in to XMPP, on the connection its later
        // requests reuse: the burst of state changes then meets open connections, not
        // thousands of TCP handshakes at once.
        let mut rest = Links::new(shared.rest_addr);
        let url = format!("{}{user_node}", t.rest_url.trim_end_matches('/'));
        let req = rest_request(Method::GET, &url, &agent.id, &agent.password, None, None)?;
        let ((), link, reply) = rest.exchange((), req, Duration::from_secs(30)).await;
        rest.put(link);
        match reply {
            Ok(r) if r.status == 200 => {}
            Ok(r) => return Err(format!("GET {url}: {}", r.status)),
            Err(e) => return Err(format!("GET {url}: {e}")),
        }
        Ok::<_, String>((conn, rest))
    };
    let (mut conn, rest) = match setup.await {
        Ok(c) => {
            let _ = ready.send(Ok(())).await;
            c
        }
        Err(e) => {
            let _ = ready.send(Err(format!("{}: {e}", agent.id))).await;
            return out;
        }
    };
    // Keep the long-poll going while the others log in.
    let far = now() + Duration::from_secs(24 * 3600);
    tokio::select! {
        _ = conn.run_until(far, |_| {}) => {}
        _ = phase.wait_for(|p| *p >= Phase::Go) => {}
    }
    if *phase.borrow() == Phase::Stop {
        conn.close().await;
        return out;
    }
    if !offset.is_zero() {
        // This agent's turn in the ramp; keep its long-poll going meanwhile.
        let _ = conn.run_until(now() + offset, |_| {}).await;
    }

    let mut agent_run = AgentRun {
        shared: &shared,
        agent: &agent,
        conn: &mut conn,
        rest,
        seq: 0,
        notifications: 0,
        unchecked: Vec::new(),
    };
    let res = agent_run.states(&mut out.samples).await;
    let states = StatesDone {
        puts: usize::try_from(agent_run.seq).unwrap_or(usize::MAX),
        notifications: agent_run.notifications,
        ok: res.is_ok(),
    };
    let _ = states_done.send(states).await;
    let res = match res {
        Ok(()) if shared.with_calls => {
            let _ = phase.wait_for(|p| *p >= Phase::Calls).await;
            agent_run.take_call(&mut out.call_samples).await.map(|()| {
                out.handled_call = true;
            })
        }
        other => other,
    };
    if let Err(e) = res {
        out.errors.push(format!("{}: {e}", agent.id));
    }
    out.notifications = agent_run.notifications;
    out.unchecked = std::mem::take(&mut agent_run.unchecked);
    conn.close().await;
    out
}

struct AgentRun<'a> {
    shared: &'a Shared,
    agent: &'a AgentCreds,
    conn: &'a mut BoshConn,
    /// The agent's own connections to the REST API (like a browser's).
    rest: Links,
    seq: u64,
    notifications: usize,
    /// Notifications taken as answers by their bytes: `(requestId, payload)`, checked
    /// after the run ([`check_answers`]).
    unchecked: Vec<(String, bytes::Bytes)>,
}

impl AgentRun<'_> {
    fn timeout(&self) -> Duration {
        self.shared.target.options.delivery_timeout
    }

    fn user_url(&self) -> String {
        format!(
            "{}/finesse/api/User/{}",
            self.shared.target.rest_url.trim_end_matches('/'),
            self.agent.id
        )
    }

    async fn states(&mut self, samples: &mut Vec<Duration>) -> Result<(), String> {
        let t = &self.shared.target;
        if t.sign_in {
            let body = format!(
                "<User><state>LOGIN</state><extension>{}</extension></User>",
                self.agent.extension
            );
            match self.put_status(self.user_url(), body).await {
                Ok(_) => {}
                // 400 (invalid state): the agent is signed in already.
                Err((Some(400), e)) => {
                    tracing::debug!(agent = %self.agent.id, error = %e, "sign-in")
                }
                Err((_, e)) => return Err(e),
            }
        }
        let not_ready = match &t.not_ready_reason {
            Some(code) => {
                format!("<User><state>NOT_READY</state><reasonCodeId>{code}</reasonCodeId></User>")
            }
            None => "<User><state>NOT_READY</state></User>".to_owned(),
        };
        for _ in 0..t.cycles {
            self.think().await?;
            samples.push(
                self.put(self.user_url(), "<User><state>READY</state></User>".into())
                    .await?,
            );
            self.think().await?;
            samples.push(self.put(self.user_url(), not_ready.clone()).await?);
        }
        if self.shared.with_calls {
            self.think().await?;
            self.put(self.user_url(), "<User><state>READY</state></User>".into())
                .await?;
        }
        Ok(())
    }

    /// The agent's pause between two state changes ([`LoadOptions::think`]); its long-poll
    /// keeps going meanwhile.
    async fn think(&mut self) -> Result<(), String> {
        let think = self.shared.target.options.think;
        if think.is_zero() {
            return Ok(());
        }
        let count = &mut self.notifications;
        self.conn
            .run_until(now() + think, |r| {
                *count += stanzas::count_items(&r.payload)
            })
            .await
    }

    async fn take_call(&mut self, samples: &mut Vec<Duration>) -> Result<(), String> {
        let deadline = now() + self.timeout();
        let dialogs_node = format!("/finesse/api/User/{}/Dialogs", self.agent.id);
        let count = &mut self.notifications;
        let dialog_id = self
            .conn
            .expect(deadline, |r| {
                *count += stanzas::count_items(&r.payload);
                // Parse only what can be the ALERTING dialog (the client shares the cores
                // with the server it measures).
                if !stanzas::contains(&r.payload, dialogs_node.as_bytes())
                    || !stanzas::contains(&r.payload, b"ALERTING")
                {
                    return None;
                }
                items_of(r)
                    .iter()
                    .filter(|(node, _)| node == &dialogs_node)
                    .find_map(|(_, update)| alerting_dialog(update.as_ref()))
            })
            .await
            .map_err(|e| format!("waiting for an ALERTING dialog: {e}"))?;
        let url = format!(
            "{}/finesse/api/Dialog/{dialog_id}",
            self.shared.target.rest_url.trim_end_matches('/')
        );
        let answer = format!(
            "<Dialog><requestedAction>ANSWER</requestedAction><targetMediaAddress>{}</targetMediaAddress></Dialog>",
            self.agent.extension
        );
        samples.push(self.put(url.clone(), answer).await?);
        let drop = format!(
            "<Dialog><requestedAction>DROP</requestedAction><targetMediaAddress>{}</targetMediaAddress></Dialog>",
            self.agent.extension
        );
        samples.push(self.put(url, drop).await?);
        Ok(())
    }

    /// PUTs `body` with a fresh requestId and waits for the notification carrying it.
    async fn put(&mut self, url: String, body: String) -> Result<Duration, String> {
        self.put_status(url, body).await.map_err(|(_, e)| e)
    }

    /// [`put`](Self::put), with the HTTP status of a refused PUT.
    async fn put_status(
        &mut self,
        url: String,
        body: String,
    ) -> Result<Duration, (Option<u16>, String)> {
        self.seq += 1;
        let request_id = format!("load-{}-{}", self.agent.id, self.seq);
        let req = rest_request(
            Method::PUT,
            &url,
            &self.agent.id,
            &self.agent.password,
            Some(&request_id),
            Some(body),
        )
        .map_err(|e| (None, e))?;
        let t0 = now();
        let put = self.rest.exchange((), req, Duration::from_secs(30));
        let deadline = t0 + self.timeout();
        let count = &mut self.notifications;
        let rid = request_id.as_str();
        // The requestId closes its element (escaped inside the notification, or not), so
        // `…-1` never matches `…-12`.
        let needles = [format!("{rid}&lt;/requestId"), format!("{rid}</requestId")];
        let unchecked = &mut self.unchecked;
        let wait = self.conn.expect(deadline, |r| {
            *count += stanzas::count_items(&r.payload);
            if !needles
                .iter()
                .any(|n| stanzas::contains(&r.payload, n.as_bytes()))
            {
                return None;
            }
            if !stanzas::contains(&r.payload, b"apiErrors") {
                // The answer, by its bytes: checked for its structure after the run, so
                // the client spends little CPU while the server is measured.
                unchecked.push((rid.to_owned(), r.payload.clone()));
                return Some(Ok(r.at));
            }
            items_of(r)
                .iter()
                .find(|(_, update)| answers(update.as_ref(), rid))
                .map(|(_, update)| match api_error(update.as_ref()) {
                    Some(why) => Err(why),
                    None => Ok(r.at),
                })
        });
        tokio::pin!(wait);
        let mut put = put;
        let mut put_done = false;
        loop {
            tokio::select! {
                at = &mut wait => {
                    let at = at
                        .map_err(|e| (None, format!("PUT {url} ({request_id}): no notification: {e}")))?
                        .map_err(|why| (None, format!("PUT {url} ({request_id}): apiErrors notification: {why}")))?;
                    if !put_done {
                        let ((), link, r) = (&mut put).await;
                        self.rest.put(link);
                        check_put(&url, r)?;
                    }
                    return Ok(at.saturating_duration_since(t0));
                }
                ((), link, r) = &mut put, if !put_done => {
                    put_done = true;
                    self.rest.put(link);
                    check_put(&url, r)?;
                }
            }
        }
    }
}

fn check_put(
    url: &str,
    r: Result<super::http::Reply, String>,
) -> Result<(), (Option<u16>, String)> {
    match r {
        Ok(reply) if (200..300).contains(&reply.status) => Ok(()),
        Ok(reply) => Err((
            Some(reply.status),
            format!(
                "PUT {url}: {} {}",
                reply.status,
                String::from_utf8_lossy(&reply.body)
            ),
        )),
        Err(e) => Err((None, format!("PUT {url}: {e}"))),
    }
}

/// Checks, after the run, each notification an agent took as the answer to a request by
/// its bytes: it must carry a Finesse `<Update>` whose requestId is the request's, and no
/// `apiErrors`. Returns what was wrong.
fn check_answers(unchecked: &[(String, bytes::Bytes)]) -> Vec<String> {
    let mut errors = Vec::new();
    for (rid, payload) in unchecked {
        let r = Received {
            at: now(),
            payload: payload.clone(),
        };
        let items = items_of(&r);
        match items.iter().find(|(_, u)| answers(u.as_ref(), rid)) {
            None => errors.push(format!(
                "{rid}: the notification taken as its answer carries no Update with that requestId: {}",
                String::from_utf8_lossy(payload)
            )),
            Some((_, u)) => {
                if let Some(why) = api_error(u.as_ref()) {
                    errors.push(format!("{rid}: apiErrors notification: {why}"));
                }
            }
        }
    }
    errors
}

/// The `(node, Update)` pairs a payload carries (an item whose payload is no Finesse
/// `<Update>` still counts, as `None`).
fn items_of(r: &Received) -> Vec<(String, Option<Update>)> {
    let Some(stanza) = stanzas::parse_stanza(&r.payload) else {
        return Vec::new();
    };
    stanzas::event_items(&stanza)
        .into_iter()
        .map(|i| {
            let update = i.update_xml().and_then(|x| Update::from_xml(&x).ok());
            (i.node, update)
        })
        .collect()
}

/// Whether an Update answers the request `request_id`.
fn answers(update: Option<&Update>, request_id: &str) -> bool {
    update.is_some_and(|u| u.request_id.as_deref() == Some(request_id))
}

/// The error an `apiErrors` Update reports (a request that failed on the CTI side).
fn api_error(update: Option<&Update>) -> Option<String> {
    match &update?.data {
        Some(UpdateData::ApiErrors(errors)) => Some(format!("{errors:?}")),
        _ => None,
    }
}

/// The id of a dialog in ALERTING state that an Update announces, if any.
fn alerting_dialog(update: Option<&Update>) -> Option<String> {
    let alerting = |d: &Dialog| {
        (d.state == Some(DialogState::Alerting))
            .then(|| d.id.clone())
            .flatten()
    };
    match &update?.data {
        Some(UpdateData::Dialogs(ds)) => ds.dialogs.iter().find_map(alerting),
        Some(UpdateData::Dialog(d)) => alerting(d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_are_matched_by_request_id_and_dialog_state() {
        let user = Update::from_xml(
            "<Update><data><user><state>READY</state></user></data><event>PUT</event>\
             <requestId>load-agent01-1</requestId><source>/finesse/api/User/agent01</source></Update>",
        )
        .unwrap();
        assert!(answers(Some(&user), "load-agent01-1"));
        assert!(!answers(Some(&user), "load-agent01-2"));
        assert!(!answers(None, "load-agent01-1"));
        assert_eq!(alerting_dialog(Some(&user)), None);

        // The caller's participant state comes before the dialog's own state.
        let dialogs = Update::from_xml(
            "<Update><data><dialogs><Dialog><id>16777217</id><participants>\
             <Participant><mediaAddress>5551234</mediaAddress><state>ACTIVE</state></Participant>\
             <Participant><mediaAddress>1001</mediaAddress><state>ALERTING</state></Participant>\
             </participants><state>ALERTING</state></Dialog></dialogs></data><event>POST</event>\
             <requestId></requestId><source>/finesse/api/User/agent01/Dialogs</source></Update>",
        )
        .unwrap();
        assert_eq!(alerting_dialog(Some(&dialogs)), Some("16777217".to_owned()));
        let active = Update::from_xml(
            "<Update><data><dialog><id>16777217</id><state>ACTIVE</state></dialog></data>\
             <event>PUT</event><requestId>r</requestId><source>/finesse/api/Dialog/16777217</source></Update>",
        )
        .unwrap();
        assert_eq!(alerting_dialog(Some(&active)), None);
    }

    fn notification(update: &str) -> bytes::Bytes {
        let escaped = update
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        bytes::Bytes::from(format!(
            "<message from='pubsub.localhost' to='agent01@localhost' xmlns='jabber:client'>\
             <event xmlns='http://jabber.org/protocol/pubsub#event'>\
             <items node='/finesse/api/User/agent01'><item id='i1'>\
             <notification xmlns='urn:xmpp:push:0'>{escaped}</notification>\
             </item></items></event></message>"
        ))
    }

    #[test]
    fn answers_taken_by_their_bytes_are_checked_after_the_run() {
        let good = notification(
            "<Update><data><user><state>READY</state></user></data><event>PUT</event>\
             <requestId>load-agent01-1</requestId><source>/finesse/api/User/agent01</source></Update>",
        );
        let failed = notification(
            "<Update><data><apiErrors><apiError><errorType>Invalid State</errorType>\
             <errorMessage>CF_INVALID_OBJECT_STATE</errorMessage></apiError></apiErrors></data>\
             <event>PUT</event><requestId>load-agent01-2</requestId>\
             <source>/finesse/api/User/agent01</source></Update>",
        );
        let stray =
            bytes::Bytes::from_static(b"<message xmlns='jabber:client'>load-agent01-3</message>");
        assert!(check_answers(&[("load-agent01-1".into(), good.clone())]).is_empty());
        let errors = check_answers(&[
            ("load-agent01-1".into(), good.clone()),
            ("load-agent01-2".into(), failed),
            ("load-agent01-3".into(), stray),
            ("load-agent01-9".into(), good),
        ]);
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert!(errors[0].contains("apiErrors"), "{errors:#?}");
        assert!(errors[1].starts_with("load-agent01-3"), "{errors:#?}");
        assert!(errors[2].starts_with("load-agent01-9"), "{errors:#?}");
    }
}
