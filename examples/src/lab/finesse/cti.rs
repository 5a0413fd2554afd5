//! The CTI client: one bridge-mode session to the CCX engine, driven over TCP.
//!
//! The driver is the usual sans-IO loop around [`ClientSession`] (drain events and bytes,
//! sleep until `poll_timeout`). It is written here rather than taken from
//! `cti_proto::tokio_driver` because Finesse needs confirmations and unsolicited events in
//! *wire order* in one place: an AGENT_STATE_EVENT that precedes a SET_AGENT_STATE_CONF
//! must be applied before the request counts as confirmed (the per-object queue releases
//! the next request on the confirmation, and that request is checked against the state).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cti_proto::{
    AgentStateMask, CallMsgMask, ClientConfig, ClientEvent, ClientSession, CtiString, Message,
    ProtocolVersion, QueryAgentStateReq, RequestError, ServiceMask,
};
use finesse_rest_types::{SystemStatus, Update, UpdateData};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};

use super::docs::{self, NodeFacts};
use super::model::{FinesseCore, Publish};
use crate::lab::batch::take_queued;
use crate::lab::NotificationSink;

/// CTI heartbeat interval (Finesse: 5 s, failure after 3 misses).
pub(crate) const HEARTBEAT: Duration = Duration::from_secs(5);
/// How long a CTI request may wait for its confirmation.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Most CTI requests in flight at once (see [`client_config`]).
pub(crate) const MAX_PENDING_REQUESTS: usize = 32_768;
/// Reconnect backoff: first retry after this, doubling up to [`MAX_BACKOFF`].
const MIN_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Most queued requests encoded before one write.
const COMMAND_BATCH: usize = 256;

/// The result of one CTI request.
pub(crate) type CtiResult = Result<Message, RequestError>;

/// A request for the driver.
#[derive(Debug)]
pub(crate) enum CtiCommand {
    /// Send a request; the confirmation (or failure) goes to `reply`.
    Request {
        msg: Box<Message>,
        reply: oneshot::Sender<CtiResult>,
    },
    /// CLOSE_REQ, then stop.
    Close,
}

/// What the service status depends on, besides the sink.
#[derive(Debug, Default)]
struct ServiceInner {
    cti_open: bool,
    loaded: bool,
    control_granted: bool,
    cti_version: Option<u32>,
    heartbeat_ok: Option<bool>,
    last_published: Option<SystemStatus>,
}

/// The shared view of the service: CTI session, data, sink.
pub(crate) struct Service {
    inner: Mutex<ServiceInner>,
    /// Requests waiting for their result to be applied to the core. Checked after each CTI
    /// message under one lock, so a message wakes only the requests it settles (no
    /// thundering herd when thousands of agents have a request in flight).
    settlers: Mutex<Vec<Settler>>,
    sink: Arc<dyn NotificationSink>,
    facts: NodeFacts,
}

impl Service {
    pub(crate) fn new(sink: Arc<dyn NotificationSink>, facts: NodeFacts) -> Self {
        Self {
            inner: Mutex::new(ServiceInner::default()),
            settlers: Mutex::new(Vec::new()),
            sink,
            facts,
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut ServiceInner) -> R) -> R {
        match self.inner.lock() {
            Ok(mut g) => f(&mut g),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// IN_SERVICE only while the sink is up, the CTI session open and the data loaded.
    pub(crate) fn status(&self) -> (SystemStatus, Option<&'static str>) {
        let (open, loaded) = self.with(|s| (s.cti_open, s.loaded));
        if !self.sink.is_up() {
            (
                SystemStatus::OutOfService,
                Some("Notification Service is down"),
            )
        } else if !open {
            (
                SystemStatus::OutOfService,
                Some("CTI server connection is down"),
            )
        } else if !loaded {
            (SystemStatus::OutOfService, Some("Loading agent data"))
        } else {
            (SystemStatus::InService, None)
        }
    }

    /// Whether the CTI server granted call control (MAKE_CALL and dialog actions).
    pub(crate) fn control_granted(&self) -> bool {
        self.with(|s| s.control_granted)
    }

    /// The SystemInfo document now.
    pub(crate) fn system_info(&self, now_ms: i64) -> finesse_rest_types::SystemInfo {
        let (status, reason) = self.status();
        let (version, hb) = self.with(|s| (s.cti_version, s.heartbeat_ok));
        docs::system_info(&self.facts, status, reason, version, hb, now_ms)
    }

    /// Publishes SystemInfo on `/finesse/api/SystemInfo` when the status changed.
    pub(crate) fn publish_if_changed(&self, now_ms: i64) {
        let (status, _) = self.status();
        let changed = self.with(|s| {
            let changed = s.last_published.as_ref() != Some(&status);
            s.last_published = Some(status.clone());
            changed
        });
        if changed {
            let doc = self.system_info(now_ms);
            let update = Update::put("/finesse/api/SystemInfo", UpdateData::SystemInfo(doc));
            if let Ok(xml) = update.to_xml() {
                self.sink.publish("/finesse/api/SystemInfo", &xml);
            }
        }
    }

    /// Records that CTI input was applied to `core`: wakes the requests it settled.
    pub(crate) fn applied(&self, core: &FinesseCore) {
        let mut settlers = lock_settlers(&self.settlers);
        for settler in std::mem::take(&mut *settlers) {
            if settler.tx.is_closed() {
                continue;
            }
            if (settler.done)(core) {
                let _ = settler.tx.send(());
            } else {
                settlers.push(settler);
            }
        }
    }

    /// Waits (at most `bound`) until `done` holds, re-checked after each applied CTI
    /// message.
    pub(crate) async fn settle(
        &self,
        core: &Mutex<FinesseCore>,
        bound: Duration,
        done: impl Fn(&FinesseCore) -> bool + Send + 'static,
    ) {
        let (tx, rx) = tokio::sync::oneshot::channel();
        {
            // The core lock is taken first, as the driver does, so no message can be applied
            // between the check and the registration.
            let core = lock_core(core);
            if done(&core) {
                return;
            }
            lock_settlers(&self.settlers).push(Settler {
                done: Box::new(done),
                tx,
            });
        }
        let _ = tokio::time::timeout(bound, rx).await;
    }

    pub(crate) fn sink(&self) -> &dyn NotificationSink {
        self.sink.as_ref()
    }
}

/// A request waiting for its result (see [`Service::settle`]).
struct Settler {
    done: Box<dyn Fn(&FinesseCore) -> bool + Send>,
    tx: tokio::sync::oneshot::Sender<()>,
}

fn lock_settlers(settlers: &Mutex<Vec<Settler>>) -> std::sync::MutexGuard<'_, Vec<Settler>> {
    match settlers.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Publishes every item through the sink.
pub(crate) fn publish_all(sink: &dyn NotificationSink, items: Vec<Publish>) {
    for p in items {
        sink.publish(&p.node, &p.xml);
    }
}

/// Locks the core, tolerating a poisoned mutex (the state stays usable).
pub(crate) fn lock_core(core: &Mutex<FinesseCore>) -> std::sync::MutexGuard<'_, FinesseCore> {
    match core.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Wall time in Unix milliseconds (the one place the Finesse server reads the clock).
#[allow(clippy::disallowed_methods)]
pub(crate) fn wall_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[allow(clippy::disallowed_methods)]
fn mono() -> std::time::Instant {
    std::time::Instant::now()
}

/// The bridge-mode session configuration of the CTI contract.
pub(crate) fn client_config() -> ClientConfig {
    let mut config = ClientConfig::new(
        ProtocolVersion::uccx(ProtocolVersion::UCCX_MAX),
        CtiString::from_static("finesse"),
    );
    config.services = ServiceMask::ALL_EVENTS
        | ServiceMask::CLIENT_CONTROL
        | ServiceMask::AGENT_STATE_CONTROL_ONLY;
    config.call_msg_mask = CallMsgMask::all();
    config.agent_state_mask = AgentStateMask::all();
    config.peripheral_id = 1;
    config.heartbeat_interval = Some(HEARTBEAT);
    config.max_missed_heartbeats = 3;
    config.request_timeout = REQUEST_TIMEOUT;
    // Requests are serialised per user and per dialog, so at most one per object is in
    // flight (plus the state queries after an open): the session's default of 1,024
    // outstanding requests refused requests as CTI_SESSION_LOST when thousands of agents
    // acted at once.
    config.max_pending = MAX_PENDING_REQUESTS;
    config.open_timeout = Duration::from_secs(10);
    config.retry_delay = MIN_BACKOFF;
    config.duplex = false;
    config
}

/// Everything the driver task needs.
pub(crate) struct Driver {
    pub(crate) addr: SocketAddr,
    pub(crate) core: Arc<Mutex<FinesseCore>>,
    pub(crate) service: Arc<Service>,
    pub(crate) commands: mpsc::Receiver<CtiCommand>,
    /// A sender to its own command queue (state resynchronisation after an open).
    pub(crate) self_tx: mpsc::Sender<CtiCommand>,
}

/// Sends one request through the driver and waits for its result.
pub(crate) async fn request(tx: &mpsc::Sender<CtiCommand>, msg: Message) -> CtiResult {
    let (reply, rx) = oneshot::channel();
    let cmd = CtiCommand::Request {
        msg: Box::new(msg),
        reply,
    };
    if tx.send(cmd).await.is_err() {
        return Err(RequestError::SessionLost);
    }
    rx.await.unwrap_or(Err(RequestError::SessionLost))
}

impl Driver {
    /// Runs until [`CtiCommand::Close`] (or every sender is gone).
    pub(crate) async fn run(mut self) {
        let mut session = ClientSession::new(client_config());
        let mut stream: Option<TcpStream> = None;
        let mut waiters: HashMap<u32, oneshot::Sender<CtiResult>> = HashMap::new();
        let mut buf = vec![0u8; 16 * 1024];
        let mut failures: u32 = 0;
        let mut commands_open = true;
        session.start(mono());
        loop {
            let mut progressed = false;
            while let Some(ev) = session.poll_event() {
                progressed = true;
                match ev {
                    ClientEvent::Connect(side) => {
                        stream = None;
                        if failures > 0 {
                            let shift = failures.saturating_sub(1).min(6);
                            let delay = (MIN_BACKOFF * (1u32 << shift)).min(MAX_BACKOFF);
                            tokio::time::sleep(delay).await;
                        }
                        tracing::debug!(?side, addr = %self.addr, "connecting to the CTI server");
                        match tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(self.addr))
                            .await
                        {
                            Ok(Ok(s)) => {
                                let _ = s.set_nodelay(true);
                                stream = Some(s);
                                session.handle_connected(mono());
                            }
                            _ => {
                                failures = failures.saturating_add(1);
                                session.handle_connect_failed(mono());
                            }
                        }
                    }
                    ClientEvent::Disconnect => {
                        stream = None;
                        self.session_down();
                    }
                    ClientEvent::Opened { conf, .. } => {
                        failures = 0;
                        tracing::info!(addr = %self.addr, "CTI session open");
                        self.session_opened(&conf);
                    }
                    ClientEvent::Failover { reason, .. } => {
                        failures = failures.saturating_add(1);
                        tracing::warn!(?reason, "CTI session lost; reconnecting");
                        self.session_down();
                    }
                    ClientEvent::Response { invoke_id, result } => {
                        if let Some(w) = waiters.remove(&invoke_id) {
                            let _ = w.send(result);
                        }
                    }
                    ClientEvent::Message(msg) => {
                        let out = {
                            let mut core = lock_core(&self.core);
                            let out = core.handle_cti(&msg, wall_ms());
                            self.service.applied(&core);
                            out
                        };
                        publish_all(self.service.sink(), out);
                    }
                    ClientEvent::Malformed(why) => {
                        tracing::warn!(%why, "malformed CTI message skipped");
                    }
                    ClientEvent::Closed => {
                        self.session_down();
                        return;
                    }
                    _ => {}
                }
            }
            while let Some(bytes) = session.poll_transmit() {
                progressed = true;
                if let Some(s) = stream.as_mut() {
                    if s.write_all(&bytes).await.is_err() {
                        stream = None;
                        session.handle_disconnected(mono());
                    }
                }
            }
            if progressed {
                // Writing may have failed the connection: drain again before waiting.
                continue;
            }
            let deadline = session.poll_timeout().map(tokio::time::Instant::from_std);
            tokio::select! {
                read = read_some(stream.as_mut(), &mut buf) => match read {
                    Ok(0) | Err(_) => {
                        stream = None;
                        session.handle_disconnected(mono());
                    }
                    Ok(n) => session.handle_input(mono(), buf.get(..n).unwrap_or_default()),
                },
                cmd = self.commands.recv(), if commands_open => {
                    // Take the requests queued behind it too: they leave in one write.
                    let t = mono();
                    commands_open = take_command(&mut session, &mut waiters, t, cmd);
                    if commands_open {
                        take_queued(&mut self.commands, COMMAND_BATCH - 1, |cmd| {
                            commands_open = take_command(&mut session, &mut waiters, t, Some(cmd));
                            commands_open
                        });
                    }
                },
                _ = sleep_until(deadline) => session.handle_timeout(mono()),
            }
        }
    }

    fn session_down(&self) {
        self.service.with(|s| {
            s.cti_open = false;
            s.loaded = false;
            s.heartbeat_ok = Some(false);
        });
        self.service.publish_if_changed(wall_ms());
    }

    fn session_opened(&self, conf: &cti_proto::OpenConf) {
        self.service.with(|s| {
            s.cti_open = true;
            s.loaded = false;
            s.heartbeat_ok = Some(true);
            s.control_granted = conf
                .services_granted
                .intersects(ServiceMask::CLIENT_CONTROL);
            s.cti_version = Some(ProtocolVersion::UCCX_MAX);
        });
        let stale = lock_core(&self.core).reset_calls();
        publish_all(self.service.sink(), stale);
        // Learn every agent's state, then go IN_SERVICE.
        let tx = self.self_tx.clone();
        let core = self.core.clone();
        let service = self.service.clone();
        tokio::spawn(async move {
            let agents: Vec<(String, String)> = lock_core(&core)
                .seed()
                .agents
                .iter()
                .map(|a| (a.id.clone(), a.extension.clone()))
                .collect();
            for (id, ext) in agents {
                let query = QueryAgentStateReq {
                    peripheral_id: 1,
                    mrd_id: 1,
                    agent_id_long: CtiString::new(id.clone()).ok(),
                    agent_instrument: CtiString::new(ext).ok(),
                    ..Default::default()
                };
                match request(&tx, query.into()).await {
                    Ok(Message::QueryAgentStateConf(conf)) => {
                        let out = lock_core(&core).agent_state_queried(&id, &conf, wall_ms());
                        publish_all(service.sink(), out);
                    }
                    Ok(_) => {}
                    Err(RequestError::SessionLost) => return,
                    Err(e) => tracing::debug!(agent = %id, ?e, "agent state query failed"),
                }
            }
            let still_open = service.with(|s| {
                if s.cti_open {
                    s.loaded = true;
                }
                s.cti_open
            });
            if still_open {
                service.publish_if_changed(wall_ms());
            }
        });
    }
}

/// Hands one command to the session; false once the commands are over (CLOSE_REQ sent).
fn take_command(
    session: &mut ClientSession,
    waiters: &mut HashMap<u32, oneshot::Sender<CtiResult>>,
    now: std::time::Instant,
    cmd: Option<CtiCommand>,
) -> bool {
    match cmd {
        Some(CtiCommand::Request { msg, reply }) => {
            match session.send_request(now, *msg) {
                Ok(id) => {
                    waiters.insert(id, reply);
                }
                Err(e) => {
                    tracing::debug!(error = %e, "CTI request not sent");
                    let _ = reply.send(Err(RequestError::SessionLost));
                }
            }
            true
        }
        Some(CtiCommand::Close) | None => {
            session.close(now);
            false
        }
    }
}

async fn read_some(stream: Option<&mut TcpStream>, buf: &mut [u8]) -> std::io::Result<usize> {
    match stream {
        Some(s) => s.read(buf).await,
        None => std::future::pending().await,
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::ccx::{CcxEngine, CcxOptions};
    use crate::lab::{LabConfig, RecordingSink};

    /// A burst of requests queued in one go, several times the driver's batch, against the
    /// real CCX engine: each gets its own answer (the request that crossed a batch boundary
    /// was once dropped and answered CTI_SESSION_LOST).
    #[tokio::test]
    async fn every_request_of_a_burst_larger_than_a_batch_is_answered() {
        let config = LabConfig::default();
        let listener = crate::lab::listen::bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let engine = CcxEngine::serve(listener, &config, CcxOptions::default()).unwrap();
        let facts = NodeFacts {
            host: "localhost".into(),
            https_port: 0,
            xmpp_port: 0,
            xmpps_port: 0,
            xmpp_domain: "localhost".into(),
            cti_heartbeat_secs: HEARTBEAT.as_secs(),
        };
        let service = Arc::new(Service::new(Arc::new(RecordingSink::new()), facts));
        let burst = COMMAND_BATCH * 2 + 10;
        let (tx, rx) = mpsc::channel(burst + 64);
        let driver = Driver {
            addr: engine.cti_addr(),
            core: Arc::new(Mutex::new(FinesseCore::new(config.seed.clone(), wall_ms()))),
            service: service.clone(),
            commands: rx,
            self_tx: tx.clone(),
        };
        let task = tokio::spawn(driver.run());
        let until = mono() + Duration::from_secs(10);
        while service.status().0 != SystemStatus::InService {
            assert!(mono() < until, "Finesse's CTI session did not open");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // Queued without yielding (this test runs on one thread): the driver finds them all
        // waiting at once.
        let mut replies = Vec::new();
        for _ in 0..burst {
            let (reply, answer) = oneshot::channel();
            let query = QueryAgentStateReq {
                peripheral_id: 1,
                agent_id_long: CtiString::new("agent01".to_owned()).ok(),
                ..Default::default()
            };
            let cmd = CtiCommand::Request {
                msg: Box::new(query.into()),
                reply,
            };
            assert!(tx.try_send(cmd).is_ok());
            replies.push(answer);
        }
        for (i, answer) in replies.into_iter().enumerate() {
            let result = tokio::time::timeout(Duration::from_secs(10), answer)
                .await
                .unwrap_or_else(|_| panic!("request {i}: no answer"));
            assert!(
                matches!(result, Ok(Ok(Message::QueryAgentStateConf(_)))),
                "request {i}: {result:?}"
            );
        }
        let _ = tx.send(CtiCommand::Close).await;
        let _ = tokio::time::timeout(Duration::from_secs(2), task).await;
        engine.shutdown().await;
    }
}
