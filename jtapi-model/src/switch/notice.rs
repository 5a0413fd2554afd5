//! What the switch tells its embedder besides JTAPI events.

use crate::arena::{AddressId, CallId, ConnectionId};

/// Why a call left a route point's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DequeueReason {
    /// Redirected (routed) to a destination.
    Routed,
    /// Accepted at the route point (it now alerts there).
    Accepted,
    /// Rejected at the route point.
    Rejected,
    /// The caller hung up while waiting (caller abandon).
    Abandoned,
}

/// A switch-level happening for the embedder (the routing application).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SwitchNotice {
    /// A call was queued at a route point and waits to be routed (the route request).
    CallQueued {
        /// The route point.
        route_point: AddressId,
        /// The call.
        call: CallId,
        /// The route point's connection (route it with [`Switch::route`](crate::Switch::route)).
        connection: ConnectionId,
        /// The calling address.
        caller: Option<AddressId>,
        /// 1-based position in the queue.
        position: usize,
    },
    /// A call left a route point's queue.
    CallDequeued {
        /// The route point.
        route_point: AddressId,
        /// The call (INVALID already if the caller abandoned).
        call: CallId,
        /// The route point's connection it had.
        connection: ConnectionId,
        /// Why.
        reason: DequeueReason,
    },
    /// A connection rang for its ring-no-answer time; its [`NoAnswerAction`](crate::NoAnswerAction)
    /// follows.
    RingNoAnswer {
        /// The call.
        call: CallId,
        /// The ringing connection.
        connection: ConnectionId,
        /// Its address.
        address: AddressId,
    },
}
