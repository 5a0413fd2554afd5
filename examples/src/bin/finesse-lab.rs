//! `finesse-lab`: the reference Finesse stack on loopback.
//!
//! `cargo run -p finesse-examples --bin finesse-lab` starts everything in one process on the
//! embedded defaults (no config file; a self-signed certificate is generated on first run
//! under the data directory) and prints the seeded users and where each service listens.
//! Ctrl-C stops it cleanly.
//!
//! Each part can also run alone (`cucm`, `ccx`, `finesse`); `calls` asks a running lab's
//! admin endpoint to place customer calls; `config` prints the effective configuration as
//! TOML, a starting point for your own file.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use finesse_examples::lab::admin::{self, CallPlan};
use finesse_examples::lab::ccx::CcxEngine;
use finesse_examples::lab::cucm::{self, AxlCredentialCheck, LockoutPolicy};
use finesse_examples::lab::stack::RunningStack;
use finesse_examples::lab::{
    finesse, notify, CredentialCheck, DevCert, LabConfig, NotificationSink,
};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

#[derive(Parser, Debug)]
#[command(
    version,
    about = "The finesse-rs reference stack: CUCM, CCX, Finesse and its notification service on loopback"
)]
struct Args {
    /// A TOML file overriding any part of the defaults (see `finesse-lab config`).
    #[arg(long, short, global = true, env = "FINESSE_LAB_CONFIG")]
    config: Option<PathBuf>,
    /// Where certificates are kept (overrides the file's `data_dir`).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Everything in one process (the default).
    Run,
    /// The CUCM simulator's AXL server alone.
    Cucm,
    /// The CCX engine alone: JTAPI switch, router, CTI Server and the admin endpoint.
    Ccx,
    /// Finesse and its notification service, as CTI client of a CCX engine already running at
    /// the configured CTI port and AXL client of a CUCM simulator at the configured AXL port.
    Finesse,
    /// Ask a running lab to place customer calls into a queue.
    Calls {
        /// The seed queue id (1 Sales, 2 Support, 3 Billing by default).
        #[arg(long, short, default_value_t = 1)]
        queue: u32,
        /// How many calls.
        #[arg(long, short = 'n', default_value_t = 1)]
        count: u32,
        /// Calls per second.
        #[arg(long, short, default_value_t = 1.0)]
        rate: f64,
        /// The first caller's number.
        #[arg(long)]
        ani: Option<String>,
        /// Seconds each customer stays once answered (default: until the agent drops).
        #[arg(long)]
        talk_time: Option<u64>,
        /// The admin endpoint (default: the configured admin port on the bind address).
        #[arg(long)]
        admin: Option<String>,
    },
    /// Print the effective configuration as TOML.
    Config,
}

/// mimalloc, as in `lab-load`: thousands of sessions allocating on a few threads contend
/// on glibc's malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let mut config = match &args.config {
        Some(path) => match LabConfig::load(path) {
            Ok(config) => config,
            Err(error) => {
                eprintln!("finesse-lab: {error}");
                return ExitCode::FAILURE;
            }
        },
        None => LabConfig::default(),
    };
    if let Some(dir) = args.data_dir {
        config.data_dir = dir;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("finesse-lab: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        match args.command.unwrap_or(Command::Run) {
            Command::Run => run_all(&config).await,
            Command::Cucm => run_cucm(&config).await,
            Command::Ccx => run_ccx(&config).await,
            Command::Finesse => run_finesse(&config).await,
            Command::Calls {
                queue,
                count,
                rate,
                ani,
                talk_time,
                admin,
            } => {
                let plan = CallPlan {
                    queue,
                    count,
                    rate,
                    ani,
                    talk_time,
                };
                let admin =
                    admin.unwrap_or_else(|| format!("http://{}", config.addr(config.ports.admin)));
                request_calls(&admin, &plan).await
            }
            Command::Config => {
                print!("{}", config.to_toml());
                Ok(())
            }
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("finesse-lab: {error}");
            ExitCode::FAILURE
        }
    }
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Resolves on Ctrl-C or SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn run_all(config: &LabConfig) -> Result<(), Failure> {
    let stack = RunningStack::start(config).await?;
    println!("finesse-lab is up. Seeded users (password = \"pw\" + extension):\n");
    println!("{}", config.seed.users_table());
    println!(
        "Endpoints (certificate: {}):",
        stack.cert().cert_path.display()
    );
    println!("{}", stack.endpoints().table(&config.host_name));
    println!("Place a call:  cargo run -p finesse-examples --bin finesse-lab -- calls --queue 1");
    println!("Ctrl-C stops the lab.");
    stop_signal().await;
    tracing::info!("shutting down");
    stack.shutdown().await;
    Ok(())
}

async fn run_cucm(config: &LabConfig) -> Result<(), Failure> {
    let cert = DevCert::load_or_generate(&config.data_dir, &config.host_name)?;
    let cucm = cucm::start(config, &config.cucm, &cert).await?;
    println!("CUCM AXL server at {}", cucm.axl_url());
    stop_signal().await;
    cucm.shutdown().await;
    Ok(())
}

async fn run_ccx(config: &LabConfig) -> Result<(), Failure> {
    let ccx = CcxEngine::start(config).await?;
    let admin = admin::start(config, ccx.clone()).await?;
    println!(
        "CTI Server at {}; admin endpoint at http://{}/",
        ccx.cti_addr(),
        admin.addr()
    );
    stop_signal().await;
    admin.shutdown().await;
    ccx.shutdown().await;
    Ok(())
}

async fn run_finesse(config: &LabConfig) -> Result<(), Failure> {
    let cert = DevCert::load_or_generate(&config.data_dir, &config.host_name)?;
    let cucm_config = &config.cucm;
    let axl_url = cucm::axl_url_for(config.addr(config.ports.axl_https), &config.host_name);
    let auth: Arc<dyn CredentialCheck> = Arc::new(AxlCredentialCheck::new(
        axl_url,
        cucm_config.app_user.clone(),
        cucm_config.app_password.clone(),
        cert.client_config()?,
        LockoutPolicy::default(),
    ));
    let notify = notify::start(config, &cert, auth.clone()).await?;
    let sink: Arc<dyn NotificationSink> = Arc::new(notify.clone());
    let finesse = finesse::start(
        config,
        &cert,
        auth,
        sink,
        config.addr(config.ports.cti),
        notify.http_bind_router(),
    )
    .await?;
    println!(
        "Finesse REST at https://{}:{}/finesse/api/ and http://{}:{}/finesse/api/",
        config.host_name,
        finesse.rest_https_addr().port(),
        config.host_name,
        finesse.rest_http_addr().port()
    );
    stop_signal().await;
    finesse.shutdown().await;
    notify.shutdown().await;
    Ok(())
}

async fn request_calls(admin: &str, plan: &CallPlan) -> Result<(), Failure> {
    plan.validate()?;
    let mut query = format!(
        "queue={}&count={}&rate={}",
        plan.queue, plan.count, plan.rate
    );
    if let Some(ani) = &plan.ani {
        query.push_str(&format!("&ani={ani}"));
    }
    if let Some(talk) = plan.talk_time {
        query.push_str(&format!("&talk_time={talk}"));
    }
    let uri: hyper::Uri = format!("{}/calls?{query}", admin.trim_end_matches('/')).parse()?;
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<bytes::Bytes>>();
    let request = hyper::Request::post(uri).body(Empty::new())?;
    let response = client.request(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    print!("{}", String::from_utf8_lossy(&body));
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("the admin endpoint answered {status}").into())
    }
}
