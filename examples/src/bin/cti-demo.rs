//! CTI demo: a duplex pair of CTI servers (side A and side B) and a Finesse-style CTI client
//! on loopback. The client opens on side A, heartbeats, logs an agent in and makes it ready,
//! then side A is stopped and the client fails over to side B.
//!
//! `cargo run -p finesse-examples --bin cti-demo` runs the scripted demo and exits;
//! `--serve` keeps a CTI server listening (default 127.0.0.1:12028, the UCCX port) until
//! Ctrl-C, for your own CTI clients.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use cti_proto::tokio_driver::{serve, spawn_client, ServerHandler, ServerShutdown, SideAddrs};
use cti_proto::{
    AgentState, AgentStateEvent, ClientConfig, ClientEvent, CtiString, Message, OpenAccept,
    OpenReq, PeripheralType, ProtocolVersion, ServerConfig, ServerEvent, SetAgentStateConf,
    SetAgentStateReq, StatusCode,
};
use tokio::net::TcpListener;
use tokio::sync::broadcast;

#[derive(Parser, Debug)]
#[command(about = "finesse-rs CTI demo: a duplex CTI server pair and a client on loopback")]
struct Args {
    /// Keep a CTI server running on --listen instead of running the scripted demo.
    #[arg(long)]
    serve: bool,
    /// Where --serve listens (UCCX's CTI Server port is 12028; UCCE side A uses 42027).
    #[arg(long, default_value = "127.0.0.1:12028")]
    listen: SocketAddr,
}

/// A toy CCX engine: accepts every open, confirms agent state changes and announces them.
struct Engine {
    events: broadcast::Sender<Message>,
    name: &'static str,
}

impl ServerHandler for Engine {
    fn open(&self, req: &OpenReq) -> Result<OpenAccept, StatusCode> {
        tracing::info!(
            side = self.name,
            client = req.client_id_str(),
            version = req.version_number,
            "OPEN_REQ"
        );
        Ok(OpenAccept {
            peripheral_online: true,
            peripheral_type: PeripheralType::AcmiCrs,
            ..OpenAccept::default()
        })
    }

    async fn request(&self, invoke_id: u32, request: Message) -> Message {
        if let Message::SetAgentStateReq(req) = &request {
            let event = AgentStateEvent {
                peripheral_id: req.peripheral_id,
                agent_state: req.agent_state,
                agent_instrument: req.agent_instrument.clone(),
                ..AgentStateEvent::default()
            };
            let _ = self.events.send(event.into());
        }
        SetAgentStateConf {
            invoke_id,
            ..Default::default()
        }
        .into()
    }

    fn observe(&self, event: &ServerEvent) {
        tracing::debug!(side = self.name, ?event, "server event");
    }
}

async fn start_server(listener: TcpListener, name: &'static str) -> ServerShutdown {
    let (events, _) = broadcast::channel(256);
    let shutdown = ServerShutdown::new();
    let engine = Arc::new(Engine {
        events: events.clone(),
        name,
    });
    tokio::spawn(serve(
        listener,
        ServerConfig::default(),
        engine,
        events,
        shutdown.clone(),
    ));
    shutdown
}

fn agent_request(state: AgentState) -> SetAgentStateReq {
    SetAgentStateReq {
        peripheral_id: 1,
        agent_state: state,
        agent_instrument: Some(CtiString::from_static("1001")),
        agent_id: Some(CtiString::from_static("1001")),
        ..SetAgentStateReq::default()
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();

    if args.serve {
        let listener = TcpListener::bind(args.listen).await?;
        tracing::info!(addr = %args.listen, "CTI server listening; Ctrl-C stops it");
        let shutdown = start_server(listener, "A").await;
        tokio::signal::ctrl_c().await?;
        shutdown.trigger();
        return Ok(());
    }

    let side_a = TcpListener::bind("127.0.0.1:0").await?;
    let side_b = TcpListener::bind("127.0.0.1:0").await?;
    let addrs = SideAddrs {
        a: side_a.local_addr()?,
        b: Some(side_b.local_addr()?),
    };
    let stop_a = start_server(side_a, "A").await;
    let _stop_b = start_server(side_b, "B").await;
    println!(
        "CTI side A on {}, side B on {}",
        addrs.a,
        addrs.b.unwrap_or(addrs.a)
    );

    let mut cfg = ClientConfig::new(
        ProtocolVersion::ucce(24),
        CtiString::from_static("finesse-demo"),
    );
    cfg.heartbeat_interval = Some(Duration::from_millis(200));
    let mut client = spawn_client(cfg, addrs, 64);

    let mut stage = 0;
    while let Some(event) =
        tokio::time::timeout(Duration::from_secs(10), client.next_event()).await?
    {
        match &event {
            ClientEvent::Opened { side, conf } => {
                println!(
                    "opened on side {side:?} (services granted {:?})",
                    conf.services_granted
                );
                let state = if stage == 0 {
                    AgentState::Login
                } else {
                    AgentState::Available
                };
                let conf = client.request(agent_request(state)).await?;
                println!("  SET_AGENT_STATE({state}) -> {}", conf.message_type());
                if stage == 0 {
                    let conf = client.request(agent_request(AgentState::Available)).await?;
                    println!("  SET_AGENT_STATE(Available) -> {}", conf.message_type());
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    println!("stopping side A");
                    stop_a.trigger();
                } else {
                    client.close().await;
                }
                stage += 1;
            }
            ClientEvent::Failover { from, to, reason } => {
                println!("failover {from:?} -> {to:?}: {reason:?}");
            }
            ClientEvent::Message(Message::AgentStateEvent(ev)) => {
                println!("  AGENT_STATE_EVENT: {}", ev.agent_state);
            }
            ClientEvent::Closed => {
                println!("closed");
                break;
            }
            _ => {}
        }
    }
    Ok(())
}
