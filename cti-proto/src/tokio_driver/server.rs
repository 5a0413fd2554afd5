//! Serves [`ServerSession`]s on a `TcpListener`: one task per connection, requests handed to
//! a [`ServerHandler`], unsolicited events fanned out from a broadcast channel.

use std::future::Future;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, watch};
use tokio::time::Instant;

use crate::enums::StatusCode;
use crate::message::{Message, OpenReq};
use crate::session::{OpenAccept, ServerConfig, ServerEvent, ServerSession};

/// The embedder's side of a CTI server.
pub trait ServerHandler: Send + Sync + 'static {
    /// Decides an OPEN_REQ that passed the protocol checks (version, masks, timeout,
    /// required fields): accept with the OPEN_CONF contents, or reject with a status.
    fn open(&self, req: &OpenReq) -> Result<OpenAccept, StatusCode>;

    /// Answers a request: its confirmation, FAILURE_CONF or CONTROL_FAILURE_CONF, with the
    /// request's InvokeID.
    fn request(&self, invoke_id: u32, request: Message) -> impl Future<Output = Message> + Send;

    /// Observes every session event (opens, heartbeats, closes, failures, malformed input)
    /// before the driver acts on it. Does nothing by default.
    fn observe(&self, event: &ServerEvent) {
        let _ = event;
    }
}

/// Stops a running [`serve`] loop and every connection it spawned.
#[derive(Debug, Clone)]
pub struct ServerShutdown(watch::Sender<bool>);

impl ServerShutdown {
    /// A shutdown switch, off.
    pub fn new() -> Self {
        Self(watch::channel(false).0)
    }

    /// Stops the server: the listener closes and every connection is reset.
    pub fn trigger(&self) {
        let _ = self.0.send(true);
    }

    fn subscribe(&self) -> watch::Receiver<bool> {
        self.0.subscribe()
    }
}

impl Default for ServerShutdown {
    fn default() -> Self {
        Self::new()
    }
}

/// Accepts connections until `shutdown` triggers. Every message sent on `events` is offered
/// to every open session (each filters by its client's masks).
pub async fn serve<H: ServerHandler>(
    listener: TcpListener,
    config: ServerConfig,
    handler: Arc<H>,
    events: broadcast::Sender<Message>,
    shutdown: ServerShutdown,
) -> std::io::Result<()> {
    let mut stop = shutdown.subscribe();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = accepted?;
                super::tune(&stream);
                tokio::spawn(connection(
                    stream,
                    config.clone(),
                    handler.clone(),
                    events.subscribe(),
                    shutdown.subscribe(),
                ));
            }
            _ = stop.changed() => return Ok(()),
        }
    }
}

async fn connection<H: ServerHandler>(
    mut stream: TcpStream,
    config: ServerConfig,
    handler: Arc<H>,
    mut events: broadcast::Receiver<Message>,
    mut stop: watch::Receiver<bool>,
) {
    let mut session = ServerSession::new(config, Instant::now().into_std());
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        while let Some(ev) = session.poll_event() {
            let now = Instant::now().into_std();
            handler.observe(&ev);
            match ev {
                ServerEvent::OpenRequested(req) => {
                    let _ = match handler.open(&req) {
                        Ok(accept) => session.accept_open(now, accept),
                        Err(status) => session.reject_open(now, status),
                    };
                }
                ServerEvent::Request { invoke_id, message } => {
                    let mut answer = handler.request(invoke_id, message).await;
                    answer.set_invoke_id(invoke_id);
                    let _ = session.respond(Instant::now().into_std(), answer);
                }
                _ => {}
            }
        }
        while let Some(bytes) = session.poll_transmit() {
            if stream.write_all(&bytes).await.is_err() {
                return;
            }
        }
        if session.is_finished() {
            let _ = stream.shutdown().await;
            return;
        }
        let deadline = session.poll_timeout().map(Instant::from_std);
        tokio::select! {
            read = stream.read(&mut buf) => match read {
                Ok(0) | Err(_) => return,
                Ok(n) => session.handle_input(Instant::now().into_std(), buf.get(..n).unwrap_or_default()),
            },
            ev = events.recv(), if session.is_open() => match ev {
                Ok(msg) => {
                    let _ = session.send_event(Instant::now().into_std(), msg);
                }
                // A slow client missed events: its view is now wrong, so fail it.
                Err(broadcast::error::RecvError::Lagged(_)) => return,
                Err(broadcast::error::RecvError::Closed) => {}
            },
            _ = sleep_until(deadline) => session.handle_timeout(Instant::now().into_std()),
            _ = stop.changed() => return,
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}
