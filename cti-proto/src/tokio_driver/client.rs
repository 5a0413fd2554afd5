//! Runs a [`ClientSession`] over TCP, connecting to side A or B as the session asks.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use crate::message::Message;
use crate::session::{ClientConfig, ClientEvent, ClientSession, RequestError, SessionError, Side};

/// Where side A and (optionally) side B listen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SideAddrs {
    /// Side A.
    pub a: SocketAddr,
    /// Side B (a simplex deployment has none; the session then retries side A).
    pub b: Option<SocketAddr>,
}

/// Why [`ClientHandle::request`] got no confirmation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClientRequestError {
    /// The session refused to send it.
    #[error("not sent: {0}")]
    NotSent(#[from] SessionError),
    /// The server answered with a failure, or no answer came.
    #[error("failed: {0:?}")]
    Failed(RequestError),
    /// The driver task has ended.
    #[error("the client driver has stopped")]
    Stopped,
}

enum Command {
    Request(
        Box<Message>,
        oneshot::Sender<Result<Message, ClientRequestError>>,
    ),
    Close,
}

/// The application's end of a running client: send requests, receive events.
#[derive(Debug)]
pub struct ClientHandle {
    commands: mpsc::Sender<Command>,
    events: mpsc::Receiver<ClientEvent>,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Command::Request(m, _) => write!(f, "Request({})", m.message_type()),
            Command::Close => f.write_str("Close"),
        }
    }
}

impl ClientHandle {
    /// Sends a request and waits for its confirmation.
    pub async fn request(&self, msg: impl Into<Message>) -> Result<Message, ClientRequestError> {
        let (tx, rx) = oneshot::channel();
        self.commands
            .send(Command::Request(Box::new(msg.into()), tx))
            .await
            .map_err(|_| ClientRequestError::Stopped)?;
        rx.await.map_err(|_| ClientRequestError::Stopped)?
    }

    /// The next session event (Opened, Failover, unsolicited messages, Closed, …); `None`
    /// once the driver has stopped.
    pub async fn next_event(&mut self) -> Option<ClientEvent> {
        self.events.recv().await
    }

    /// Closes the session (CLOSE_REQ, then up to 5 s for CLOSE_CONF); the driver stops
    /// after reporting [`ClientEvent::Closed`].
    pub async fn close(&self) {
        let _ = self.commands.send(Command::Close).await;
    }
}

/// Starts a driver task for `config`, connecting to `addrs.a` first.
///
/// Events are buffered up to `event_buffer`; when the application does not keep up, the
/// driver waits (back-pressure reaches the TCP connection, never unbounded memory).
pub fn spawn_client(config: ClientConfig, addrs: SideAddrs, event_buffer: usize) -> ClientHandle {
    let (cmd_tx, cmd_rx) = mpsc::channel(64);
    let (ev_tx, ev_rx) = mpsc::channel(event_buffer.max(1));
    let mut config = config;
    config.duplex = addrs.b.is_some();
    tokio::spawn(run(ClientSession::new(config), addrs, cmd_rx, ev_tx));
    ClientHandle {
        commands: cmd_tx,
        events: ev_rx,
    }
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

async fn run(
    mut session: ClientSession,
    addrs: SideAddrs,
    mut commands: mpsc::Receiver<Command>,
    events: mpsc::Sender<ClientEvent>,
) {
    let mut stream: Option<TcpStream> = None;
    let mut waiters: HashMap<u32, oneshot::Sender<Result<Message, ClientRequestError>>> =
        HashMap::new();
    let mut buf = vec![0u8; 16 * 1024];
    let mut commands_open = true;
    session.start(Instant::now().into_std());
    loop {
        while let Some(ev) = session.poll_event() {
            match ev {
                ClientEvent::Connect(side) => {
                    stream = None;
                    let addr = match side {
                        Side::A => addrs.a,
                        Side::B => addrs.b.unwrap_or(addrs.a),
                    };
                    let attempt =
                        tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(addr)).await;
                    let now = Instant::now().into_std();
                    match attempt {
                        Ok(Ok(s)) => {
                            super::tune(&s);
                            stream = Some(s);
                            session.handle_connected(now);
                        }
                        _ => session.handle_connect_failed(now),
                    }
                    let _ = events.send(ClientEvent::Connect(side)).await;
                }
                ClientEvent::Disconnect => {
                    stream = None;
                    let _ = events.send(ClientEvent::Disconnect).await;
                }
                ClientEvent::Response { invoke_id, result } => {
                    if let Some(w) = waiters.remove(&invoke_id) {
                        let _ = w.send(result.map_err(ClientRequestError::Failed));
                    }
                }
                ClientEvent::Closed => {
                    let _ = events.send(ClientEvent::Closed).await;
                    return;
                }
                other => {
                    let _ = events.send(other).await;
                }
            }
        }
        while let Some(bytes) = session.poll_transmit() {
            if let Some(s) = stream.as_mut() {
                if s.write_all(&bytes).await.is_err() {
                    stream = None;
                    session.handle_disconnected(Instant::now().into_std());
                }
            }
        }
        if session.events_pending() {
            continue;
        }
        let deadline = session.poll_timeout().map(Instant::from_std);
        tokio::select! {
            read = read_some(stream.as_mut(), &mut buf) => {
                let now = Instant::now().into_std();
                match read {
                    Ok(0) | Err(_) => {
                        stream = None;
                        session.handle_disconnected(now);
                    }
                    Ok(n) => session.handle_input(now, buf.get(..n).unwrap_or_default()),
                }
            }
            cmd = commands.recv(), if commands_open => {
                let now = Instant::now().into_std();
                match cmd {
                    Some(Command::Request(msg, reply)) => match session.send_request(now, *msg) {
                        Ok(id) => {
                            waiters.insert(id, reply);
                        }
                        Err(e) => {
                            let _ = reply.send(Err(e.into()));
                        }
                    },
                    Some(Command::Close) => session.close(now),
                    None => {
                        commands_open = false;
                        session.close(now);
                    }
                }
            }
            _ = sleep_until(deadline) => session.handle_timeout(Instant::now().into_std()),
        }
    }
}

async fn read_some(stream: Option<&mut TcpStream>, buf: &mut [u8]) -> std::io::Result<usize> {
    match stream {
        Some(s) => s.read(buf).await,
        None => std::future::pending().await,
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}
