//! A client session and two server sessions (side A, side B) over real loopback TCP: open,
//! heartbeats, a SET_AGENT_STATE round trip, a forced side-A failure with failover to side
//! B, and close.
#![allow(clippy::unwrap_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cti_proto::tokio_driver::{serve, spawn_client, ServerHandler, ServerShutdown, SideAddrs};
use cti_proto::{
    AgentState, ClientConfig, ClientEvent, ControlFailureCode, ControlFailureConf, CtiString,
    FailureReason, Message, OpenAccept, OpenReq, ProtocolVersion, ServerConfig, ServerEvent,
    ServiceMask, SetAgentStateConf, SetAgentStateReq, Side, StatusCode,
};
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tokio::time::timeout;

#[derive(Default)]
struct Lab {
    heartbeats: AtomicUsize,
    opens: AtomicUsize,
    closes: AtomicUsize,
}

impl ServerHandler for Lab {
    fn open(&self, req: &OpenReq) -> Result<OpenAccept, StatusCode> {
        if req.client_password.as_deref() != Some(b"secret".as_slice()) {
            return Err(StatusCode::InvalidPassword);
        }
        self.opens.fetch_add(1, Ordering::SeqCst);
        Ok(OpenAccept {
            peripheral_online: true,
            ..OpenAccept::default()
        })
    }

    async fn request(&self, invoke_id: u32, request: Message) -> Message {
        match request {
            Message::SetAgentStateReq(req) if req.agent_instrument.is_some() => SetAgentStateConf {
                invoke_id,
                ..Default::default()
            }
            .into(),
            _ => ControlFailureConf {
                invoke_id,
                failure_code: ControlFailureCode::InvalidObjectState,
                ..Default::default()
            }
            .into(),
        }
    }

    fn observe(&self, event: &ServerEvent) {
        match event {
            ServerEvent::Heartbeat { .. } => {
                self.heartbeats.fetch_add(1, Ordering::SeqCst);
            }
            ServerEvent::Closed { .. } => {
                self.closes.fetch_add(1, Ordering::SeqCst);
            }
            _ => {}
        }
    }
}

async fn start_side(lab: Arc<Lab>) -> (std::net::SocketAddr, ServerShutdown) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let shutdown = ServerShutdown::new();
    let (events, _) = broadcast::channel(64);
    tokio::spawn(serve(
        listener,
        ServerConfig::default(),
        lab,
        events,
        shutdown.clone(),
    ));
    (addr, shutdown)
}

async fn wait_for(
    client: &mut cti_proto::tokio_driver::ClientHandle,
    mut pred: impl FnMut(&ClientEvent) -> bool,
) -> ClientEvent {
    timeout(Duration::from_secs(10), async {
        loop {
            let ev = client.next_event().await.expect("driver stopped");
            if pred(&ev) {
                return ev;
            }
        }
    })
    .await
    .expect("timed out waiting for a client event")
}

fn set_ready() -> SetAgentStateReq {
    SetAgentStateReq {
        peripheral_id: 5000,
        agent_state: AgentState::Available,
        agent_instrument: Some(CtiString::from_static("1001")),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_heartbeat_request_failover_close_over_loopback() {
    let lab_a = Arc::new(Lab::default());
    let lab_b = Arc::new(Lab::default());
    let (addr_a, stop_a) = start_side(lab_a.clone()).await;
    let (addr_b, _stop_b) = start_side(lab_b.clone()).await;

    let mut cfg = ClientConfig::new(ProtocolVersion::ucce(24), CtiString::from_static("finesse"));
    cfg.client_password = bytes::Bytes::from_static(b"secret");
    cfg.services = ServiceMask::ALL_EVENTS | ServiceMask::CLIENT_CONTROL;
    cfg.heartbeat_interval = Some(Duration::from_millis(100));
    let mut client = spawn_client(
        cfg,
        SideAddrs {
            a: addr_a,
            b: Some(addr_b),
        },
        64,
    );

    // Open on side A.
    let opened = wait_for(&mut client, |e| matches!(e, ClientEvent::Opened { .. })).await;
    assert!(matches!(opened, ClientEvent::Opened { side: Side::A, .. }));
    assert_eq!(lab_a.opens.load(Ordering::SeqCst), 1);

    // Three heartbeats answered by side A.
    timeout(Duration::from_secs(10), async {
        while lab_a.heartbeats.load(Ordering::SeqCst) < 3 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("three heartbeats");

    // A SET_AGENT_STATE round trip, and a request the server refuses.
    let conf = client
        .request(set_ready())
        .await
        .expect("SET_AGENT_STATE_CONF");
    assert!(matches!(conf, Message::SetAgentStateConf(_)));
    let refused = client.request(SetAgentStateReq::default()).await;
    assert!(refused.is_err());

    // Side A fails: the client moves to side B, replays its open and reports it.
    stop_a.trigger();
    let failover = wait_for(&mut client, |e| matches!(e, ClientEvent::Failover { .. })).await;
    match failover {
        ClientEvent::Failover { from, to, reason } => {
            assert_eq!((from, to), (Side::A, Side::B));
            assert_eq!(reason, FailureReason::ConnectionLost);
        }
        other => panic!("{other:?}"),
    }
    let reopened = wait_for(&mut client, |e| matches!(e, ClientEvent::Opened { .. })).await;
    assert!(matches!(
        reopened,
        ClientEvent::Opened { side: Side::B, .. }
    ));
    assert_eq!(lab_b.opens.load(Ordering::SeqCst), 1);
    let conf = client
        .request(set_ready())
        .await
        .expect("SET_AGENT_STATE_CONF on side B");
    assert!(matches!(conf, Message::SetAgentStateConf(_)));

    // Close.
    client.close().await;
    wait_for(&mut client, |e| matches!(e, ClientEvent::Closed)).await;
    timeout(Duration::from_secs(5), async {
        while lab_b.closes.load(Ordering::SeqCst) < 1 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("side B saw CLOSE_REQ");
}

#[tokio::test]
async fn wrong_password_is_rejected_then_retried_on_the_other_side() {
    let lab = Arc::new(Lab::default());
    let (addr_a, _s) = start_side(lab.clone()).await;
    let mut cfg = ClientConfig::new(ProtocolVersion::ucce(19), CtiString::from_static("x"));
    cfg.retry_delay = Duration::from_millis(50);
    let mut client = spawn_client(cfg, SideAddrs { a: addr_a, b: None }, 16);
    let ev = wait_for(&mut client, |e| matches!(e, ClientEvent::Failover { .. })).await;
    assert_eq!(
        ev,
        ClientEvent::Failover {
            from: Side::A,
            to: Side::A,
            reason: FailureReason::OpenRejected(StatusCode::InvalidPassword),
        }
    );
    client.close().await;
}
