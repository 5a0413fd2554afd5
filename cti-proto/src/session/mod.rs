//! Sans-IO session state machines.
//!
//! Both sessions follow the same drain contract: after any `handle_*` call or command,
//! drain [`poll_transmit`](ClientSession::poll_transmit) (bytes to write to the socket) and
//! [`poll_event`](ClientSession::poll_event) until they return `None`, then arm a timer for
//! [`poll_timeout`](ClientSession::poll_timeout) and call `handle_timeout(now)` when it
//! fires. Time only moves forward; spurious `handle_timeout` calls are harmless.

mod client;
mod invoke;
mod server;

#[cfg(test)]
mod tests;

pub use client::{ClientConfig, ClientEvent, ClientSession, FailureReason, RequestError, Side};
pub use server::{OpenAccept, ServerConfig, ServerEvent, ServerRole, ServerSession};

/// A command could not be carried out in the session's current state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// The session is not open (or not yet, or no longer).
    #[error("the session is not open")]
    NotOpen,
    /// The session is open on a standby CTI Server, which takes only heartbeats and close.
    #[error("the session is on the standby CTI Server")]
    Standby,
    /// Too many requests are waiting for their confirmation.
    #[error("{0} requests are already pending")]
    TooManyPending(usize),
    /// The message cannot be encoded for the negotiated version.
    #[error("cannot encode: {0}")]
    Encode(#[from] crate::EncodeError),
    /// The message is of a kind this command does not send (e.g. an event as a request).
    #[error("{0} cannot be sent with this command")]
    WrongKind(crate::MessageType),
    /// No request with this InvokeID is waiting for an answer.
    #[error("no pending request has InvokeID {0}")]
    UnknownInvokeId(u32),
}
