//! tokio glue (feature `tokio`): the tokio-util codec, and drivers that run a
//! [`ClientSession`](crate::ClientSession) or [`ServerSession`](crate::ServerSession) over
//! a `TcpStream`. The drivers only move bytes and instants; every protocol decision is the
//! sans-IO session's.

mod client;
mod codec;
mod server;

pub use client::{spawn_client, ClientHandle, ClientRequestError, SideAddrs};
pub use server::{serve, ServerHandler, ServerShutdown};

use std::time::Duration;
use tokio::net::TcpStream;

/// Cisco's transport advice: Nagle off, and SO_LINGER 0 so a closed connection is reset and
/// the peer reconnects at once.
fn tune(stream: &TcpStream) {
    let _ = stream.set_nodelay(true);
    let _ = socket2_linger_zero(stream);
}

#[allow(deprecated)] // set_linger is deprecated only for its blocking-close caveat, which is the point
fn socket2_linger_zero(stream: &TcpStream) -> std::io::Result<()> {
    stream.set_linger(Some(Duration::ZERO))
}
