//! `lab-load`: the lab's load tool over the wire (BOSH, REST).
//!
//! * `lab-load fanout …` — N BOSH sessions subscribe to one node, one publish, time to the
//!   last delivery (any XMPP server with BOSH and XEP-0060).
//! * `lab-load prosody -n 100,1000,2000` — starts a private Prosody 0.12 on loopback with
//!   `examples/load/prosody/setup.sh`, runs `fanout` against it for each N, stops it.
//! * `lab-load agents …` — N Finesse agents on BOSH change state through the REST API;
//!   PUT → User notification latency and notifications/s (optionally with generated calls).
//!
//! The file-descriptor limit is raised (by re-running itself under `ulimit -n`) when N needs it.

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use finesse_examples::lab::load::{
    agent_flow, fanout, per_second, AgentCreds, AgentFlowTarget, CallPlan, FanoutReport,
    FanoutTarget, LoadOptions, Publisher, SinkPublisher,
};
use finesse_examples::lab::stack::RunningStack;
use finesse_examples::lab::{
    notify, DevCert, LabConfig, Ports, Seed, SeedAgent, SeedCredentials, WrapUpMode,
};
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(about = "finesse-rs lab load tool: BOSH fan-out and Finesse agent flows, over the wire")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// N sessions subscribed to one node, one publish; time until the last one had it.
    Fanout(FanoutArgs),
    /// Start a private Prosody 0.12 on loopback, run `fanout` against it for each N, stop it.
    Prosody(ProsodyArgs),
    /// N agents: BOSH login, REST state changes, PUT → notification latency.
    Agents(AgentArgs),
    /// The same one-publish fan-out, for each N, against our notification service (started
    /// in this process, BOSH over loopback, N generated accounts) and against a private
    /// Prosody 0.12; prints both and the ratio of the times to the last delivery.
    Compare(ProsodyArgs),
    /// The whole lab in this process with N generated agents (`agent0001`…, extensions
    /// 10001…, passwords `pw` + extension, all in queue 1): each agent logs in over BOSH,
    /// signs in and changes state over REST (PUT → notification latency), and takes one
    /// generated call (answer, drop). Repeat for each N.
    Stack(StackArgs),
    /// The lab alone with N generated agents (as `stack` makes them), for a load client in
    /// another process: prints `LAB-READY bosh=<port> rest=<port> admin=<port>` once Finesse
    /// is in service and runs until its standard input closes. `stack --lab-process` starts
    /// it.
    ServeLab(ServeLabArgs),
}

#[derive(Args, Debug)]
struct ServeLabArgs {
    /// Number of generated agents.
    #[arg(short = 'n', long)]
    n: usize,
}

#[derive(Args, Debug)]
struct StackArgs {
    /// Numbers of agents, one run each (e.g. `-n 100,1000,5000`).
    #[arg(short = 'n', long, value_delimiter = ',', default_values_t = [100usize])]
    n: Vec<usize>,
    /// READY → NOT_READY round trips per agent.
    #[arg(long, default_value_t = 1)]
    cycles: usize,
    /// Skip the generated calls.
    #[arg(long)]
    no_calls: bool,
    /// Run the lab on a runtime of its own (two threads named `lab-server`), so the report
    /// splits the CPU time between the lab and the load client. By default both share one
    /// runtime, which on a 2-core machine costs the fewest thread switches.
    #[arg(long, conflicts_with = "lab_process")]
    own_runtime: bool,
    /// Run the lab as a separate process (`lab-load serve-lab`), as a deployment would:
    /// each side gets the whole open-files limit (5,000 agents need about 30,000
    /// descriptors in one process) and the report splits the CPU time.
    #[arg(long)]
    lab_process: bool,
    #[command(flatten)]
    common: Common,
}

#[derive(Args, Debug, Clone)]
struct Common {
    /// Sessions logging in at the same time.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Seconds for all sessions to log in.
    #[arg(long, default_value_t = 300)]
    login_timeout: u64,
    /// Seconds for a publish or a PUT to reach everyone.
    #[arg(long, default_value_t = 60)]
    delivery_timeout: u64,
    /// Agent flows: spread the agents' starts evenly over this many seconds (0: all at once).
    #[arg(long, default_value_t = 0.0)]
    ramp: f64,
    /// Agent flows: seconds each agent pauses before each state change after its sign-in
    /// (N agents offer about N / think changes a second; 0: as fast as answers come).
    #[arg(long, default_value_t = 0.0)]
    think: f64,
    /// Fan-out: publishes to everyone before the measured ones (the first is reported as
    /// the cold figure).
    #[arg(long, default_value_t = 1)]
    warmup: usize,
    /// Fan-out: measured publishes; the report gives the median round.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
}

impl Common {
    fn options(&self) -> LoadOptions {
        LoadOptions {
            login_concurrency: self.concurrency,
            login_timeout: Duration::from_secs(self.login_timeout),
            delivery_timeout: Duration::from_secs(self.delivery_timeout),
            ramp: Duration::try_from_secs_f64(self.ramp).unwrap_or_default(),
            think: Duration::try_from_secs_f64(self.think).unwrap_or_default(),
            warmup: self.warmup,
            rounds: self.rounds.max(1),
            ..LoadOptions::default()
        }
    }
}

#[derive(Args, Debug)]
struct FanoutArgs {
    /// BOSH URL (plain http).
    #[arg(long)]
    bosh_url: String,
    /// XMPP domain.
    #[arg(long)]
    domain: String,
    /// Pubsub service JID.
    #[arg(long)]
    pubsub: String,
    /// Node to subscribe to and publish on.
    #[arg(long, default_value = "load-fanout")]
    node: String,
    /// Accounts are PREFIX1 … PREFIXn.
    #[arg(long, default_value = "load")]
    users_prefix: String,
    /// `fixed:PASSWORD` (every account) or `same` (password = account name).
    #[arg(long, default_value = "fixed:loadpw")]
    password_scheme: String,
    /// The publishing account (must be allowed to create the node, or the node must exist).
    #[arg(long, default_value = "publisher")]
    publisher: String,
    /// The publisher's password (default: by --password-scheme).
    #[arg(long)]
    publisher_password: Option<String>,
    /// Do not subscribe explicitly (the server subscribes the sessions itself).
    #[arg(long)]
    no_subscribe: bool,
    /// Number of sessions.
    #[arg(short = 'n', long, default_value_t = 100)]
    n: usize,
    #[command(flatten)]
    common: Common,
}

#[derive(Args, Debug)]
struct ProsodyArgs {
    /// Numbers of sessions, one fan-out run each (e.g. `-n 100,1000,2000`).
    #[arg(short = 'n', long, value_delimiter = ',', default_values_t = [100usize])]
    n: Vec<usize>,
    /// The setup script.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/load/prosody/setup.sh"))]
    script: PathBuf,
    /// Instance directory.
    #[arg(long, default_value = "/tmp/finesse-load-prosody")]
    dir: PathBuf,
    /// Prosody's BOSH/HTTP port on 127.0.0.1.
    #[arg(long, default_value_t = 15280)]
    http_port: u16,
    /// Prosody's c2s port on 127.0.0.1.
    #[arg(long, default_value_t = 15222)]
    c2s_port: u16,
    /// Leave Prosody running afterwards (stop it with `setup.sh stop --dir …`).
    #[arg(long)]
    keep_running: bool,
    /// `compare` only: run our side alone (no Prosody; e.g. under a profiler).
    #[arg(long)]
    ours_only: bool,
    #[command(flatten)]
    common: Common,
}

#[derive(Args, Debug)]
struct AgentArgs {
    /// Finesse REST base URL (plain http), e.g. http://127.0.0.1:8082.
    #[arg(long)]
    rest_url: String,
    /// BOSH URL (plain http), e.g. http://127.0.0.1:7071/http-bind.
    #[arg(long)]
    bosh_url: String,
    /// XMPP domain.
    #[arg(long, default_value = "localhost")]
    domain: String,
    /// Pubsub service JID (default pubsub.DOMAIN).
    #[arg(long)]
    pubsub: Option<String>,
    /// Agent ids are PREFIX + the index from 1 zero-padded to --id-width (agent01…).
    #[arg(long, default_value = "agent")]
    agent_prefix: String,
    /// Zero-padding of the index in agent ids.
    #[arg(long, default_value_t = 2)]
    id_width: usize,
    /// Extension of agent i is ext-base + i (1001…).
    #[arg(long, default_value_t = 1000)]
    ext_base: u64,
    /// Password of an agent is PASSWORD_PREFIX + its extension (the lab seed: pw1001).
    #[arg(long, default_value = "pw")]
    password_prefix: String,
    /// Do not sign in first (by default each agent PUTs LOGIN with its extension; a 400
    /// answer, already signed in, is fine).
    #[arg(long)]
    no_sign_in: bool,
    /// READY → NOT_READY round trips per agent.
    #[arg(long, default_value_t = 1)]
    cycles: usize,
    /// reasonCodeId sent with NOT_READY.
    #[arg(long)]
    not_ready_reason: Option<String>,
    /// Subscribe explicitly to the User (and Dialogs) nodes.
    #[arg(long)]
    explicit_subscribe: bool,
    /// Place one call per agent through this admin base URL (e.g. http://127.0.0.1:8099).
    #[arg(long)]
    calls_admin_url: Option<String>,
    /// Queue the calls go to.
    #[arg(long, default_value_t = 1)]
    calls_queue: u32,
    /// Number of agents.
    #[arg(short = 'n', long, default_value_t = 10)]
    n: usize,
    #[command(flatten)]
    common: Common,
}

/// mimalloc: with thousands of sessions on a few threads glibc's malloc showed up as lock
/// contention and a tenth of the profile.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let sessions = match &cli.cmd {
        Cmd::Fanout(a) => a.n,
        Cmd::Prosody(a) => a.n.iter().copied().max().unwrap_or(0),
        Cmd::Agents(a) => a.n,
        Cmd::Compare(a) => a.n.iter().copied().max().unwrap_or(0) * 2,
        // Both ends of every connection live in this process.
        Cmd::Stack(a) if a.lab_process => a.n.iter().copied().max().unwrap_or(0),
        Cmd::Stack(a) => a.n.iter().copied().max().unwrap_or(0) * 3,
        Cmd::ServeLab(a) => a.n,
    };
    // About three descriptors per session (two pooled connections and slack).
    if let Some(code) = ensure_fd_limit(sessions * 3 + 512) {
        return code;
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("lab-load: tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The scenario runs as a task on the workers (not on this thread), so the wake-ups it
    // waits for stay among the runtime's threads.
    let ok = rt.block_on(async move {
        let run = tokio::spawn(async move {
            match cli.cmd {
                Cmd::Fanout(a) => run_fanout(a).await,
                Cmd::Prosody(a) => run_prosody(a).await,
                Cmd::Agents(a) => run_agents(a).await,
                Cmd::Compare(a) => run_compare(a).await,
                Cmd::Stack(a) => run_stack(a).await,
                Cmd::ServeLab(a) => serve_lab(a).await,
            }
        });
        run.await.unwrap_or_else(|e| {
            eprintln!("lab-load: {e}");
            false
        })
    });
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn password(scheme: &str, user: &str) -> Result<String, String> {
    if scheme == "same" {
        Ok(user.to_owned())
    } else if let Some(pw) = scheme.strip_prefix("fixed:") {
        Ok(pw.to_owned())
    } else {
        Err(format!(
            "--password-scheme {scheme:?}: use fixed:<password> or same"
        ))
    }
}

fn users(prefix: &str, scheme: &str, n: usize) -> Result<Vec<(String, String)>, String> {
    (1..=n)
        .map(|i| {
            let u = format!("{prefix}{i}");
            password(scheme, &u).map(|p| (u, p))
        })
        .collect()
}

async fn run_fanout(a: FanoutArgs) -> bool {
    let (users, publisher_password) = match users(&a.users_prefix, &a.password_scheme, a.n)
        .and_then(|u| {
            let p = match &a.publisher_password {
                Some(p) => p.clone(),
                None => password(&a.password_scheme, &a.publisher)?,
            };
            Ok((u, p))
        }) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("lab-load: {e}");
            return false;
        }
    };
    let mut options = a.common.options();
    options.subscribe = !a.no_subscribe;
    let target = FanoutTarget {
        bosh_url: a.bosh_url,
        domain: a.domain,
        pubsub_jid: a.pubsub,
        node: a.node,
        users,
        publisher: Publisher::Xmpp {
            user: a.publisher,
            password: publisher_password,
        },
        options,
    };
    println!("fan-out to {} sessions at {}", a.n, target.bosh_url);
    let report = fanout(&target, a.n).await;
    print!("{report}");
    report.failure.is_none() && report.delivered > 0
}

/// Our notification service, in this process, with `n` generated accounts (`load1`…,
/// password `loadpw`, each subscribed by the server to `/finesse/api/SystemInfo` at login as
/// Finesse does); the publish goes in through the same in-process path Finesse uses.
async fn ours_fanout(n: usize, common: &Common) -> FanoutReport {
    let mut seed = Seed::default();
    for i in 1..=n {
        seed.agents.push(SeedAgent {
            id: format!("load{i}"),
            first_name: "Load".into(),
            last_name: format!("Agent {i}"),
            password: "loadpw".into(),
            extension: format!("{}", 100_000 + i),
            team: 1,
            supervisor: false,
            queues: vec![1],
            wrap_up: WrapUpMode::Optional,
        });
    }
    let data_dir = std::env::temp_dir().join(format!("finesse-lab-load-{}", std::process::id()));
    let config = LabConfig {
        data_dir: data_dir.clone(),
        ports: Ports::ephemeral(),
        seed,
        ..LabConfig::default()
    };
    let failed = |why: String| FanoutReport {
        requested: n,
        failure: Some(why),
        ..FanoutReport::default()
    };
    let cert = match DevCert::load_or_generate(&config.data_dir, &config.host_name) {
        Ok(cert) => cert,
        Err(e) => return failed(format!("certificate: {e}")),
    };
    // The server gets its own runtime (its own threads), as a separate server process would:
    // the client's tasks and the server's are not scheduled on the same workers.
    let server_rt = match server_runtime() {
        Ok(rt) => rt,
        Err(e) => return failed(format!("server runtime: {e}")),
    };
    let auth = Arc::new(SeedCredentials::new(config.seed.clone()));
    let started = {
        let config = config.clone();
        server_rt
            .spawn(async move { notify::start(&config, &cert, auth).await })
            .await
    };
    let service = match started {
        Ok(Ok(service)) => service,
        Ok(Err(e)) => return failed(format!("notification service: {e}")),
        Err(e) => return failed(format!("notification service: {e}")),
    };
    let mut options = common.options();
    options.subscribe = false;
    let target = FanoutTarget {
        bosh_url: format!(
            "http://127.0.0.1:{}/http-bind",
            service.bosh_http_addr().port()
        ),
        domain: config.xmpp_domain.clone(),
        pubsub_jid: format!("pubsub.{}", config.xmpp_domain),
        node: "/finesse/api/SystemInfo".into(),
        users: (1..=n)
            .map(|i| (format!("load{i}"), "loadpw".to_owned()))
            .collect(),
        publisher: Publisher::Hook(Arc::new(SinkPublisher::on(
            server_rt.handle().clone(),
            Arc::new(service.clone()),
        ))),
        options,
    };
    let report = fanout(&target, n).await;
    let _ = server_rt.spawn(service.shutdown()).await;
    server_rt.shutdown_background();
    let _ = std::fs::remove_dir_all(&data_dir);
    report
}

/// The runtime the server under test runs on: two workers named `lab-server`.
fn server_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("lab-server")
        .enable_all()
        .build()
}

/// A seed of `n` agents in team 1 and queue 1 (ids `agent0001`…, extensions 10001…).
fn load_seed(n: usize) -> Seed {
    let mut seed = Seed::default();
    seed.agents.retain(|a| a.supervisor);
    for i in 1..=n {
        let extension = format!("{}", 10_000 + i);
        seed.agents.push(SeedAgent {
            id: format!("agent{i:04}"),
            first_name: "Load".into(),
            last_name: format!("Agent {i}"),
            password: format!("pw{extension}"),
            extension,
            team: 1,
            supervisor: false,
            queues: vec![1],
            wrap_up: WrapUpMode::NotAllowed,
        });
    }
    seed
}

async fn run_stack(a: StackArgs) -> bool {
    // With --own-runtime the lab gets its own threads (`lab-server`), as a separate server
    // process would: the client's tasks and the lab's are not scheduled on the same
    // workers, and the report can tell their CPU time apart.
    let server_rt = match a.own_runtime.then(server_runtime).transpose() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("lab-load: server runtime: {e}");
            return false;
        }
    };
    let mut ok = true;
    let mut rows = Vec::new();
    for &n in &a.n {
        let lab = if a.lab_process {
            LabHost::process(n).await
        } else {
            LabHost::in_process(n, server_rt.as_ref()).await
        };
        let lab = match lab {
            Ok(lab) => lab,
            Err(e) => {
                eprintln!("lab-load: the lab did not start: {e}");
                ok = false;
                break;
            }
        };
        let seed = load_seed(n);
        let domain = LabConfig::default().xmpp_domain;
        let target = AgentFlowTarget {
            bosh_url: format!("http://127.0.0.1:{}/http-bind", lab.ports.bosh),
            rest_url: format!("http://127.0.0.1:{}", lab.ports.rest),
            pubsub_jid: format!("pubsub.{domain}"),
            domain,
            agents: seed
                .agents
                .iter()
                .filter(|agent| !agent.supervisor)
                .map(|agent| AgentCreds {
                    id: agent.id.clone(),
                    password: agent.password.clone(),
                    extension: agent.extension.clone(),
                })
                .collect(),
            auto_subscribed: true,
            sign_in: true,
            not_ready_reason: None,
            cycles: a.cycles,
            options: a.common.options(),
            server_pid: lab.pid(),
        };
        let calls = (!a.no_calls).then(|| CallPlan {
            admin_url: format!("http://127.0.0.1:{}", lab.ports.admin),
            queue: 1,
        });
        let how = match (&lab.kind, &server_rt) {
            (LabKind::Process(_), _) => "the lab in its own process",
            (LabKind::InProcess(..), Some(_)) => "the lab on its own runtime",
            (LabKind::InProcess(..), None) => "the lab in this process",
        };
        println!("\n== finesse-rs lab: {n} agents (BOSH + REST over loopback; {how}) ==");
        let report = agent_flow(&target, n, calls).await;
        print!("{report}");
        ok &= report.failure.is_none() && report.errors.count == 0;
        rows.push((n, report));
        lab.stop(server_rt.as_ref()).await;
    }
    // Dropping a runtime inside another one's task would panic.
    if let Some(rt) = server_rt {
        rt.shutdown_background();
    }
    println!(
        "\nN agents: REST PUT → User notification latency; the state phase's rates (PUTs and \
         notifications delivered per second)"
    );
    println!(
        "{:>6} {:>10} {:>10} {:>10} {:>14} {:>16} {:>8}",
        "N", "timed PUTs", "p50 ms", "p99 ms", "state PUTs/s", "notifications/s", "errors"
    );
    for (n, r) in &rows {
        println!(
            "{:>6} {:>10} {:>10.1} {:>10.1} {:>14.0} {:>16.0} {:>8}",
            n,
            r.latency.count,
            r.latency.p50.as_secs_f64() * 1e3,
            r.latency.p99.as_secs_f64() * 1e3,
            per_second(r.state_puts, r.states_window),
            per_second(r.states_notifications, r.states_window),
            r.errors.count
        );
    }
    ok
}

/// The ports a load client needs.
#[derive(Debug, Clone, Copy)]
struct LabPorts {
    bosh: u16,
    rest: u16,
    admin: u16,
}

/// Where `stack` runs the lab.
struct LabHost {
    ports: LabPorts,
    kind: LabKind,
}

enum LabKind {
    /// In this process; the data directory to remove afterwards.
    InProcess(Box<RunningStack>, std::path::PathBuf),
    /// `lab-load serve-lab` in a child process.
    Process(tokio::process::Child),
}

impl LabHost {
    async fn in_process(n: usize, rt: Option<&tokio::runtime::Runtime>) -> Result<LabHost, String> {
        let config = load_config(n);
        let data_dir = config.data_dir.clone();
        let start = async move { RunningStack::start(&config).await };
        let started = match rt {
            Some(rt) => rt.spawn(start).await.map_err(|e| e.to_string())?,
            None => start.await,
        };
        let stack = started.map_err(|e| e.to_string())?;
        wait_in_service(&stack).await;
        let at = stack.endpoints();
        let ports = LabPorts {
            bosh: at.bosh_http.port(),
            rest: at.rest_http.port(),
            admin: at.admin.port(),
        };
        Ok(LabHost {
            ports,
            kind: LabKind::InProcess(Box::new(stack), data_dir),
        })
    }

    async fn process(n: usize) -> Result<LabHost, String> {
        use tokio::io::AsyncBufReadExt;
        let exe = std::env::current_exe().map_err(|e| format!("this program: {e}"))?;
        let mut child = tokio::process::Command::new(exe)
            .args(["serve-lab", "-n", &n.to_string()])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("lab-load serve-lab: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = tokio::io::BufReader::new(stdout).lines();
        let ready = tokio::time::timeout(Duration::from_secs(120), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(ports) = parse_ready(&line) {
                    return Some(ports);
                }
            }
            None
        })
        .await;
        // Anything it prints later is read (and dropped) so it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        match ready {
            Ok(Some(ports)) => Ok(LabHost {
                ports,
                kind: LabKind::Process(child),
            }),
            Ok(None) => Err("serve-lab ended before it was ready".into()),
            Err(_) => Err("serve-lab was not ready within 120 s".into()),
        }
    }

    fn pid(&self) -> Option<u32> {
        match &self.kind {
            LabKind::Process(child) => child.id(),
            LabKind::InProcess(..) => None,
        }
    }

    async fn stop(self, rt: Option<&tokio::runtime::Runtime>) {
        match self.kind {
            LabKind::InProcess(stack, data_dir) => {
                match rt {
                    Some(rt) => {
                        let _ = rt.spawn(stack.shutdown()).await;
                    }
                    None => stack.shutdown().await,
                }
                let _ = std::fs::remove_dir_all(&data_dir);
            }
            LabKind::Process(mut child) => {
                // Closing its standard input is the signal to shut down.
                drop(child.stdin.take());
                if tokio::time::timeout(Duration::from_secs(15), child.wait())
                    .await
                    .is_err()
                {
                    let _ = child.kill().await;
                }
            }
        }
    }
}

/// `LAB-READY bosh=<port> rest=<port> admin=<port>`.
fn parse_ready(line: &str) -> Option<LabPorts> {
    let rest = line.strip_prefix("LAB-READY ")?;
    let mut ports = LabPorts {
        bosh: 0,
        rest: 0,
        admin: 0,
    };
    for kv in rest.split_whitespace() {
        let (k, v) = kv.split_once('=')?;
        let v: u16 = v.parse().ok()?;
        match k {
            "bosh" => ports.bosh = v,
            "rest" => ports.rest = v,
            "admin" => ports.admin = v,
            _ => {}
        }
    }
    (ports.bosh != 0 && ports.rest != 0 && ports.admin != 0).then_some(ports)
}

/// The lab's configuration for `n` generated agents, on free ports, with a private data
/// directory.
fn load_config(n: usize) -> LabConfig {
    LabConfig {
        data_dir: std::env::temp_dir()
            .join(format!("finesse-lab-load-stack-{}-{n}", std::process::id())),
        ports: Ports::ephemeral(),
        seed: load_seed(n),
        ..LabConfig::default()
    }
}

/// Waits (at most 30 s) until Finesse's CTI session is open and its agents are loaded.
async fn wait_in_service(stack: &RunningStack) {
    for _ in 0..600 {
        if stack.ccx().snapshot().await.sessions > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
}

/// `lab-load serve-lab`: the lab for a load client in the parent process.
async fn serve_lab(a: ServeLabArgs) -> bool {
    let config = load_config(a.n);
    let stack = match RunningStack::start(&config).await {
        Ok(stack) => stack,
        Err(e) => {
            eprintln!("lab-load serve-lab: the lab did not start: {e}");
            return false;
        }
    };
    wait_in_service(&stack).await;
    let at = stack.endpoints();
    println!(
        "LAB-READY bosh={} rest={} admin={}",
        at.bosh_http.port(),
        at.rest_http.port(),
        at.admin.port()
    );
    // Runs until the parent closes our standard input (or goes away).
    let _ = tokio::task::spawn_blocking(|| {
        use std::io::Read;
        let mut buf = [0u8; 64];
        let mut stdin = std::io::stdin();
        while let Ok(n) = stdin.read(&mut buf) {
            if n == 0 {
                break;
            }
        }
    })
    .await;
    stack.shutdown().await;
    let _ = std::fs::remove_dir_all(&config.data_dir);
    true
}

async fn run_compare(a: ProsodyArgs) -> bool {
    let mut ours = Vec::new();
    let mut ok = true;
    for &n in &a.n {
        println!("\n== finesse-rs notification service: fan-out to {n} BOSH sessions ==");
        let report = ours_fanout(n, &a.common).await;
        print!("{report}");
        ok &= report.failure.is_none() && report.delivered == n;
        ours.push((n, report));
    }
    if a.ours_only {
        print_table("finesse-rs notification service", &ours);
        return ok;
    }
    let Some(prosody) = prosody_runs(&a).await else {
        print_table("finesse-rs notification service", &ours);
        return false;
    };
    print_table("finesse-rs notification service", &ours);
    print_table("Prosody", &prosody);
    println!("\npublish → last delivery, Prosody / ours (higher: ours faster)");
    let ratio = |us: Option<Duration>, them: Option<Duration>| match (us, them) {
        (Some(us), Some(them)) if us > Duration::ZERO => format!(
            "{:>9.1} ms / {:>7.1} ms = {:>5.1}x",
            them.as_secs_f64() * 1e3,
            us.as_secs_f64() * 1e3,
            them.as_secs_f64() / us.as_secs_f64()
        ),
        _ => "(no complete run)".to_owned(),
    };
    for ((n, us), (_, them)) in ours.iter().zip(&prosody) {
        println!(
            "{n:>6}  median round {}   cold {}",
            ratio(us.last_delivery, them.last_delivery),
            ratio(us.cold_last_delivery, them.cold_last_delivery)
        );
        ok &= them.failure.is_none();
    }
    ok
}

async fn run_prosody(a: ProsodyArgs) -> bool {
    match prosody_runs(&a).await {
        Some(rows) => {
            let version = prosody_version();
            print_table(&format!("Prosody {version}"), &rows);
            rows.iter()
                .all(|(n, r)| r.failure.is_none() && r.delivered == *n)
        }
        None => false,
    }
}

fn prosody_version() -> String {
    Command::new("sh")
        .args(["-c", "dpkg-query -W -f '${Version}' prosody 2>/dev/null"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// Starts Prosody, runs `fanout` for each N, stops it; `None` when it could not start.
async fn prosody_runs(a: &ProsodyArgs) -> Option<Vec<(usize, FanoutReport)>> {
    let max = a.n.iter().copied().max().unwrap_or(0);
    let script = |verb: &str| {
        let mut c = Command::new("bash");
        c.arg(&a.script)
            .arg(verb)
            .arg("--dir")
            .arg(&a.dir)
            .arg("--users")
            .arg(max.to_string())
            .arg("--http-port")
            .arg(a.http_port.to_string())
            .arg("--c2s-port")
            .arg(a.c2s_port.to_string());
        c
    };
    let has_prosody = Command::new("sh")
        .args(["-c", "command -v prosody"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !has_prosody {
        println!("prosody is not installed; installing Debian's package …");
        if !script("install").status().is_ok_and(|s| s.success()) {
            eprintln!("lab-load: could not install prosody (apt-get install prosody)");
            return None;
        }
    }
    match script("start").status() {
        Ok(s) if s.success() => {}
        Ok(s) => {
            eprintln!("lab-load: {} start failed ({s})", a.script.display());
            return None;
        }
        Err(e) => {
            eprintln!("lab-load: {}: {e}", a.script.display());
            return None;
        }
    }
    let version = Command::new("sh")
        .args(["-c", "dpkg-query -W -f '${Version}' prosody 2>/dev/null"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let mut rows = Vec::new();
    let mut ok = true;
    for (run, &n) in a.n.iter().enumerate() {
        let target = FanoutTarget {
            bosh_url: format!("http://127.0.0.1:{}/http-bind", a.http_port),
            domain: "localhost".into(),
            pubsub_jid: "pubsub.localhost".into(),
            node: format!("fanout-{n}-{run}-{}", std::process::id()),
            users: match users("load", "fixed:loadpw", n) {
                Ok(u) => u,
                Err(e) => {
                    eprintln!("lab-load: {e}");
                    ok = false;
                    break;
                }
            },
            publisher: Publisher::Xmpp {
                user: "publisher".into(),
                password: "loadpw".into(),
            },
            options: a.common.options(),
        };
        println!("\n== Prosody {version}: fan-out to {n} BOSH sessions ==");
        let report = tokio::select! {
            r = fanout(&target, n) => r,
            _ = tokio::signal::ctrl_c() => {
                eprintln!("interrupted");
                ok = false;
                break;
            }
        };
        print!("{report}");
        ok &= report.failure.is_none() && report.delivered == n;
        rows.push((n, report));
    }
    if !a.keep_running {
        let _ = script("stop").status();
    }
    let _ = ok;
    Some(rows)
}

fn print_table(what: &str, rows: &[(usize, FanoutReport)]) {
    if rows.is_empty() {
        return;
    }
    println!(
        "\n{what}: one publish fanned out over BOSH (loopback); the median measured round, \
         and the first publish after the logins (cold)"
    );
    println!(
        "{:>6} {:>6} {:>9} {:>10} {:>10} {:>10} {:>10} {:>12} {:>10}",
        "N",
        "ready",
        "login s",
        "first ms",
        "p50 ms",
        "p99 ms",
        "last ms",
        "deliveries/s",
        "cold ms"
    );
    let ms =
        |d: Option<Duration>| d.map_or("-".to_owned(), |d| format!("{:.1}", d.as_secs_f64() * 1e3));
    for (n, r) in rows {
        let has = r.delivered > 0;
        println!(
            "{:>6} {:>6} {:>9.2} {:>10} {:>10} {:>10} {:>10} {:>12.0} {:>10}",
            n,
            r.ready,
            r.login_time.as_secs_f64(),
            ms(r.first_delivery),
            ms(has.then_some(r.latency.p50)),
            ms(has.then_some(r.latency.p99)),
            ms(r.last_delivery),
            r.deliveries_per_sec,
            ms(r.cold_last_delivery)
        );
    }
}

async fn run_agents(a: AgentArgs) -> bool {
    let agents = (1..=a.n as u64)
        .map(|i| {
            let ext = (a.ext_base + i).to_string();
            AgentCreds {
                id: format!("{}{:0width$}", a.agent_prefix, i, width = a.id_width),
                password: format!("{}{ext}", a.password_prefix),
                extension: ext,
            }
        })
        .collect();
    let target = AgentFlowTarget {
        bosh_url: a.bosh_url,
        rest_url: a.rest_url,
        pubsub_jid: a.pubsub.unwrap_or_else(|| format!("pubsub.{}", a.domain)),
        domain: a.domain,
        agents,
        auto_subscribed: !a.explicit_subscribe,
        sign_in: !a.no_sign_in,
        not_ready_reason: a.not_ready_reason,
        cycles: a.cycles,
        options: a.common.options(),
        server_pid: None,
    };
    let calls = a.calls_admin_url.map(|admin_url| CallPlan {
        admin_url,
        queue: a.calls_queue,
    });
    println!(
        "{} agents against {} / {}",
        a.n, target.rest_url, target.bosh_url
    );
    let report = agent_flow(&target, a.n, calls).await;
    print!("{report}");
    report.failure.is_none() && report.errors.count == 0
}

/// Re-runs this program under `ulimit -n` when the soft descriptor limit is below `needed`;
/// returns the child's exit code then, `None` to go on in this process.
fn ensure_fd_limit(needed: usize) -> Option<ExitCode> {
    const GUARD: &str = "LAB_LOAD_FD_RAISED";
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            l.lines()
                .find(|x| x.starts_with("Max open files"))
                .and_then(|x| x.split_whitespace().nth(3).map(str::to_owned))
        })
        .and_then(|v| v.parse::<usize>().ok())?;
    if soft >= needed || std::env::var_os(GUARD).is_some() {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    let want = needed.max(65_536);
    eprintln!("lab-load: raising the open-files limit from {soft} to {want}");
    let status = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -Hn {want} 2>/dev/null; ulimit -Sn {want} 2>/dev/null || ulimit -Sn \"$(ulimit -Hn)\"; exec \"$0\" \"$@\""
        ))
        .arg(exe)
        .args(std::env::args_os().skip(1))
        .env(GUARD, "1")
        .status()
        .ok()?;
    Some(ExitCode::from(
        u8::try_from(status.code().unwrap_or(1)).unwrap_or(1),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ready_line_names_the_three_ports() {
        let p = parse_ready("LAB-READY bosh=7071 rest=8082 admin=8099").unwrap();
        assert_eq!((p.bosh, p.rest, p.admin), (7071, 8082, 8099));
        assert!(parse_ready("LAB-READY bosh=7071 rest=8082").is_none());
        assert!(parse_ready("LAB-READY bosh=x rest=8082 admin=8099").is_none());
        assert!(parse_ready("seeded users: agent01").is_none());
    }
}
