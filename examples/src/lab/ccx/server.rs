//! The CTI server: accepts TCP connections and runs one `cti-proto` [`ServerSession`] per
//! connection. The session decides everything protocol-level (OPEN validation, heartbeats,
//! the idle timeout, FAILURE_CONF for malformed input or requests before OPEN, event
//! filtering by the client's masks); this task only moves bytes, instants and messages
//! between the socket, the session and the core task.

use std::time::Duration;

use cti_proto::{Dialect, FailureConf, ServerConfig, ServerEvent, ServerSession, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::core::SessionId;
use super::engine::{now, CoreCmd, Outbound};
use super::types::CcxOptions;
use crate::lab::batch::take_queued;

/// Most requests one session may have in flight.
const MAX_PENDING_PER_SESSION: usize = 32_768;

/// Accepts connections until `stop`; each gets a session task on `tracker`.
pub(crate) async fn accept_loop(
    listener: TcpListener,
    core: mpsc::Sender<CoreCmd>,
    options: CcxOptions,
    stop: CancellationToken,
    tracker: TaskTracker,
) {
    let mut config = ServerConfig::new(Dialect::Uccx);
    // A bridge-mode client such as Finesse has a request in flight for each agent acting at
    // once (and a state query per agent after it opens); cti-proto's default of 1,024
    // refused the rest with FAILURE_CONF when thousands of agents acted together.
    config.max_pending = MAX_PENDING_PER_SESSION;
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    // Two tasks are the core and this loop.
                    if tracker.len() >= options.max_sessions.saturating_add(2) {
                        tracing::warn!(%peer, "too many CTI connections; refusing one");
                        continue;
                    }
                    let _ = stream.set_nodelay(true);
                    tracing::debug!(%peer, "CTI connection");
                    tracker.spawn(connection(
                        stream,
                        core.clone(),
                        config.clone(),
                        options.session_queue.max(1),
                        stop.child_token(),
                    ));
                }
                Err(e) => {
                    // E.g. out of file descriptors: do not spin.
                    tracing::warn!("CTI accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
        }
    }
}

struct Link {
    id: SessionId,
    rx: mpsc::Receiver<Outbound>,
}

async fn connection(
    mut stream: TcpStream,
    core: mpsc::Sender<CoreCmd>,
    config: ServerConfig,
    queue: usize,
    cancel: CancellationToken,
) {
    let mut session = ServerSession::new(config, now());
    let mut link: Option<Link> = None;
    let mut buf = vec![0u8; 16 * 1024];
    'run: loop {
        while let Some(ev) = session.poll_event() {
            match ev {
                ServerEvent::OpenRequested(req) => {
                    let (tx, rx) = mpsc::channel(queue);
                    let (reply, answer) = oneshot::channel();
                    let open = CoreCmd::Open {
                        req,
                        granted: session.services(),
                        tx,
                        cancel: cancel.clone(),
                        reply,
                    };
                    if core.send(open).await.is_err() {
                        break 'run;
                    }
                    match answer.await {
                        Ok(Ok((id, accept))) => {
                            let _ = session.accept_open(now(), accept);
                            link = Some(Link { id, rx });
                        }
                        Ok(Err(status)) => {
                            let _ = session.reject_open(now(), status);
                        }
                        Err(_) => break 'run,
                    }
                }
                ServerEvent::Request { invoke_id, message } => match &link {
                    Some(l) => {
                        let cmd = CoreCmd::Request {
                            session: l.id,
                            invoke_id,
                            message,
                        };
                        if core.send(cmd).await.is_err() {
                            break 'run;
                        }
                    }
                    None => {
                        let failure = FailureConf::new(invoke_id, StatusCode::SessionNotOpen);
                        let _ = session.respond(now(), failure);
                    }
                },
                ServerEvent::Malformed(why) => tracing::debug!("malformed CTI input: {why}"),
                ServerEvent::Failed(why) => tracing::debug!("CTI session failed: {why}"),
                ServerEvent::Closed { status } => tracing::debug!(%status, "CTI session closed"),
                _ => {}
            }
        }
        while let Some(bytes) = session.poll_transmit() {
            tokio::select! {
                written = stream.write_all(&bytes) => if written.is_err() { break 'run },
                _ = cancel.cancelled() => break 'run,
            }
        }
        if session.is_finished() {
            break;
        }
        let deadline = session.poll_timeout().map(tokio::time::Instant::from_std);
        tokio::select! {
            _ = cancel.cancelled() => break,
            read = stream.read(&mut buf) => match read {
                Ok(0) | Err(_) => break,
                Ok(n) => session.handle_input(now(), buf.get(..n).unwrap_or_default()),
            },
            out = next_out(link.as_mut()) => match out {
                Some(first) => {
                    // Take what else is queued too: the session encodes it all into one
                    // buffer and it leaves in one write.
                    let t = now();
                    queue_out(&mut session, t, first);
                    if let Some(l) = link.as_mut() {
                        take_queued(&mut l.rx, OUT_BATCH - 1, |more| {
                            queue_out(&mut session, t, more);
                            true
                        });
                    }
                }
                None => break,
            },
            _ = sleep_until(deadline) => session.handle_timeout(now()),
        }
    }
    if let Some(l) = link {
        let _ = core.send(CoreCmd::Closed { session: l.id }).await;
    }
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.shutdown()).await;
}

/// Most queued messages encoded before one write.
const OUT_BATCH: usize = 256;

fn queue_out(session: &mut ServerSession, now: std::time::Instant, out: Outbound) {
    match out {
        Outbound::Reply(m) => {
            let _ = session.respond(now, m);
        }
        Outbound::Event(m) => {
            let _ = session.send_event(now, m);
        }
    }
}

async fn next_out(link: Option<&mut Link>) -> Option<Outbound> {
    match link {
        Some(l) => l.rx.recv().await,
        None => std::future::pending().await,
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}
