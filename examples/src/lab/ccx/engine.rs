//! The core task: owns the [`Core`], feeds it commands and time, and hands its outputs to
//! the session tasks through bounded queues (a full queue closes that session; the core
//! never waits for a client).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cti_proto::{Message, OpenAccept, OpenReq, ServiceMask, StatusCode};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::core::{Core, Output, SessionId};
use super::server;
use super::types::{CcxError, CcxOptions, EngineSnapshot, PlacedCall};
use crate::lab::batch::take_queued;
use crate::lab::LabConfig;

/// The one place the engine reads the monotonic clock.
pub(crate) fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// Wall time in seconds since 1970 (OPEN_CONF, SYSTEM_EVENT).
pub(crate) fn wall_secs() -> u32 {
    #[allow(clippy::disallowed_methods)] // the I/O glue's one wall-clock read
    let t = std::time::SystemTime::now();
    t.duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| u32::try_from(d.as_secs()).ok())
        .unwrap_or(0)
}

/// What a session task receives.
#[derive(Debug)]
pub(crate) enum Outbound {
    /// The answer to one of its requests.
    Reply(Message),
    /// An unsolicited event.
    Event(Message),
}

/// What the core task is asked to do.
#[derive(Debug)]
pub(crate) enum CoreCmd {
    /// A session asks to open.
    Open {
        req: Box<OpenReq>,
        granted: ServiceMask,
        tx: mpsc::Sender<Outbound>,
        cancel: CancellationToken,
        reply: oneshot::Sender<Result<(SessionId, OpenAccept), StatusCode>>,
    },
    /// A request from an open session.
    Request {
        session: SessionId,
        invoke_id: u32,
        message: Message,
    },
    /// A session ended.
    Closed { session: SessionId },
    /// A customer call.
    PlaceCall {
        queue_id: u32,
        ani: String,
        talk_time: Option<Duration>,
        reply: oneshot::Sender<Result<PlacedCall, CcxError>>,
    },
    /// A snapshot.
    Snapshot {
        reply: oneshot::Sender<EngineSnapshot>,
    },
}

/// The CCX engine: a telephony core and a CTI server (see the [module docs](super)).
#[derive(Debug)]
pub struct CcxEngine;

impl CcxEngine {
    /// Starts the engine with default [`CcxOptions`], its CTI server bound to
    /// `config.addr(config.ports.cti)`.
    pub async fn start(config: &LabConfig) -> std::io::Result<CcxHandle> {
        Self::start_with(config, CcxOptions::default()).await
    }

    /// Starts the engine with `options`, its CTI server bound to
    /// `config.addr(config.ports.cti)`.
    pub async fn start_with(config: &LabConfig, options: CcxOptions) -> std::io::Result<CcxHandle> {
        let listener = crate::lab::listen::bind(config.addr(config.ports.cti))?;
        Self::serve(listener, config, options)
    }

    /// Starts the engine serving CTI on an already bound `listener`.
    pub fn serve(
        listener: TcpListener,
        config: &LabConfig,
        options: CcxOptions,
    ) -> std::io::Result<CcxHandle> {
        let cti_addr = listener.local_addr()?;
        let core = Core::new(config, options.clone(), now())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        let (cmd_tx, cmd_rx) = mpsc::channel(1024);
        let stop = CancellationToken::new();
        let tracker = TaskTracker::new();
        tracker.spawn(run_core(core, cmd_rx, stop.clone()));
        tracker.spawn(server::accept_loop(
            listener,
            cmd_tx.clone(),
            options,
            stop.clone(),
            tracker.clone(),
        ));
        tracing::info!(%cti_addr, "CCX engine: CTI server listening (UCCX dialect)");
        Ok(CcxHandle {
            inner: Arc::new(Inner {
                cmd: cmd_tx,
                cti_addr,
                stop,
                tracker,
            }),
        })
    }
}

#[derive(Debug)]
struct Inner {
    cmd: mpsc::Sender<CoreCmd>,
    cti_addr: SocketAddr,
    stop: CancellationToken,
    tracker: TaskTracker,
}

/// A running engine: place calls, look at it, stop it. Cheap to clone.
#[derive(Debug, Clone)]
pub struct CcxHandle {
    inner: Arc<Inner>,
}

impl CcxHandle {
    /// Where the CTI server listens.
    pub fn cti_addr(&self) -> SocketAddr {
        self.inner.cti_addr
    }

    /// A customer call from `ani` into queue `queue_id` (seed queue id); hangs up by itself
    /// after `talk_time` once answered, if given.
    pub async fn place_call(
        &self,
        queue_id: u32,
        ani: &str,
        talk_time: Option<Duration>,
    ) -> Result<PlacedCall, CcxError> {
        let (reply, rx) = oneshot::channel();
        self.inner
            .cmd
            .send(CoreCmd::PlaceCall {
                queue_id,
                ani: ani.to_owned(),
                talk_time,
                reply,
            })
            .await
            .map_err(|_| CcxError::Stopped)?;
        rx.await.map_err(|_| CcxError::Stopped)?
    }

    /// Agents' states and queued calls, for the admin page and tests (empty once stopped).
    pub async fn snapshot(&self) -> EngineSnapshot {
        let (reply, rx) = oneshot::channel();
        if self
            .inner
            .cmd
            .send(CoreCmd::Snapshot { reply })
            .await
            .is_err()
        {
            return EngineSnapshot::default();
        }
        rx.await.unwrap_or_default()
    }

    /// Closes the listener and every session, and ends the engine's tasks.
    pub async fn shutdown(self) {
        self.inner.stop.cancel();
        self.inner.tracker.close();
        self.inner.tracker.wait().await;
    }
}

struct Link {
    tx: mpsc::Sender<Outbound>,
    cancel: CancellationToken,
}

/// Most commands the core task takes in one turn (the ones already queued after the one it
/// woke for), so a burst is handled without a timer computation and a wake-up per command.
const COMMAND_BATCH: usize = 256;

async fn run_core(mut core: Core, mut rx: mpsc::Receiver<CoreCmd>, stop: CancellationToken) {
    let mut links: HashMap<SessionId, Link> = HashMap::new();
    loop {
        deliver(&mut core, &mut links);
        let deadline = core.poll_timeout().map(tokio::time::Instant::from_std);
        tokio::select! {
            _ = stop.cancelled() => break,
            cmd = rx.recv() => match cmd {
                None => break,
                Some(cmd) => {
                    handle(&mut core, &mut links, cmd);
                    take_queued(&mut rx, COMMAND_BATCH - 1, |cmd| {
                        handle(&mut core, &mut links, cmd);
                        // Sessions get their outputs as they are made, in order.
                        deliver(&mut core, &mut links);
                        true
                    });
                }
            },
            _ = sleep_until(deadline) => core.handle_timeout(now()),
        }
    }
    for link in links.values() {
        link.cancel.cancel();
    }
}

fn handle(core: &mut Core, links: &mut HashMap<SessionId, Link>, cmd: CoreCmd) {
    match cmd {
        CoreCmd::Open {
            req,
            granted,
            tx,
            cancel,
            reply,
        } => {
            let result = core.open_session(wall_secs(), granted, &req);
            if let Ok((id, _)) = &result {
                links.insert(*id, Link { tx, cancel });
            }
            if let Err(Ok((id, _))) = reply.send(result) {
                // The session task is gone already.
                drop_link(core, links, id);
            }
        }
        CoreCmd::Request {
            session,
            invoke_id,
            message,
        } => core.request(now(), session, invoke_id, message),
        CoreCmd::Closed { session } => {
            links.remove(&session);
            core.close_session(session);
        }
        CoreCmd::PlaceCall {
            queue_id,
            ani,
            talk_time,
            reply,
        } => {
            let _ = reply.send(core.place_call(now(), queue_id, &ani, talk_time));
        }
        CoreCmd::Snapshot { reply } => {
            let _ = reply.send(core.snapshot(now()));
        }
    }
}

fn drop_link(core: &mut Core, links: &mut HashMap<SessionId, Link>, id: SessionId) {
    if let Some(link) = links.remove(&id) {
        link.cancel.cancel();
    }
    core.close_session(id);
}

/// Hands the core's outputs to the sessions; a session whose queue is full (or gone) is
/// closed.
fn deliver(core: &mut Core, links: &mut HashMap<SessionId, Link>) {
    while let Some(out) = core.poll_output() {
        let (session, item) = match out {
            Output::Reply { session, message } => (session, Outbound::Reply(message)),
            Output::Event { session, message } => (session, Outbound::Event(message)),
        };
        let Some(link) = links.get(&session) else {
            continue;
        };
        if let Err(e) = link.tx.try_send(item) {
            if matches!(e, mpsc::error::TrySendError::Full(_)) {
                tracing::warn!(session, "CTI client cannot keep up; closing its session");
            }
            drop_link(core, links, session);
        }
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
    use cti_proto::OpenReq;

    #[test]
    fn a_session_whose_queue_is_full_is_closed_and_the_others_keep_going() {
        let mut core = Core::new(&LabConfig::default(), CcxOptions::default(), now()).unwrap();
        let mut links = HashMap::new();
        let mut open = |core: &mut Core, cap: usize| {
            let (id, _) = core
                .open_session(0, ServiceMask::ALL_EVENTS, &OpenReq::default())
                .unwrap();
            let (tx, rx) = mpsc::channel(cap);
            let cancel = CancellationToken::new();
            links.insert(
                id,
                Link {
                    tx,
                    cancel: cancel.clone(),
                },
            );
            (id, rx, cancel)
        };
        // Each open queues one SYSTEM_EVENT for the new session.
        let (slow, _slow_rx, slow_cancel) = open(&mut core, 1);
        let (fast, mut fast_rx, fast_cancel) = open(&mut core, 16);
        deliver(&mut core, &mut links);
        // Two more events for everybody: the slow session's queue (1) overflows.
        core.place_call(now(), 1, "5550000", None).unwrap();
        for _ in 0..2 {
            core.request(
                now(),
                fast,
                1,
                cti_proto::QueryAgentStateReq {
                    agent_id_long: Some(cti_proto::CtiString::from_static("agent01")),
                    ..Default::default()
                }
                .into(),
            );
        }
        core.fan_out_for_test(cti_proto::HeartbeatConf::default().into());
        core.fan_out_for_test(cti_proto::HeartbeatConf::default().into());
        deliver(&mut core, &mut links);
        assert!(slow_cancel.is_cancelled());
        assert!(!links.contains_key(&slow));
        assert!(!core.sessions.contains_key(&slow));
        assert!(!fast_cancel.is_cancelled());
        let mut got = 0;
        while fast_rx.try_recv().is_ok() {
            got += 1;
        }
        assert_eq!(got, 5, "SYSTEM_EVENT, two replies, two events");
    }
}
