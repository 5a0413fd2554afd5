//! The trait through which the embedder plugs the XMPP side into the HTTP binding.

use std::sync::Weak;

use bytes::Bytes;

use crate::body::Condition;
use crate::error::SendError;
use crate::server::{SessionId, SessionInfo, TerminateReason};

/// The XMPP side of the binding: opens one [`XmppStream`] per BOSH session.
///
/// Callbacks run while the binding holds its lock: answer through the [`Outbox`] they are
/// given, never through a [`StreamHandle`] (that would deadlock). Keep them short; hand long
/// work to a task that later uses the handle.
pub trait XmppService: Send + 'static {
    /// The per-session stream.
    type Stream: XmppStream;

    /// A client created a session. Push the `<stream:features/>` into `out` (they go out on
    /// the creation response); keep `handle` to send stanzas later from other tasks (e.g.
    /// PubSub notifications). Close `out` with a condition (e.g. `host-unknown`) to refuse.
    fn open(&mut self, info: &SessionInfo, handle: StreamHandle, out: &mut Outbox) -> Self::Stream;
}

/// One XMPP stream carried by a BOSH session.
pub trait XmppStream: Send + 'static {
    /// A stanza (complete element, raw XML) from the client, in order.
    fn on_stanza(&mut self, stanza: Bytes, out: &mut Outbox);

    /// XEP-0206 restart after SASL success: reset the stream and push the new features.
    fn on_restart(&mut self, out: &mut Outbox);

    /// The session ended. `undelivered` holds stanzas that never reached the client.
    fn on_close(&mut self, reason: &TerminateReason, undelivered: Vec<Bytes>);
}

/// What a callback wants sent: stanzas for the client, and optionally the end of the session.
#[derive(Debug, Default)]
pub struct Outbox {
    pub(crate) stanzas: Vec<Bytes>,
    pub(crate) close: Option<Condition>,
}

impl Outbox {
    /// Queues a stanza for the client.
    pub fn send(&mut self, stanza: impl Into<Bytes>) {
        self.stanzas.push(stanza.into());
    }

    /// Ends the session with `condition` after the queued stanzas (e.g. `remote-stream-error`
    /// after a `<stream:error/>`).
    pub fn close(&mut self, condition: Condition) {
        self.close = Some(condition);
    }
}

/// What a [`StreamHandle`] talks to (the binding's shared state).
pub(crate) trait HandleTarget: Send + Sync {
    fn send(&self, sid: SessionId, stanza: Bytes) -> Result<(), SendError>;
    fn close(&self, sid: SessionId, condition: Condition) -> Result<(), SendError>;
}

/// Sends to one session from anywhere (another task, another session's callback chain run
/// later). Cheap to clone; fails with [`SendError::NoSession`] once the session or the
/// binding is gone.
#[derive(Clone)]
pub struct StreamHandle {
    pub(crate) sid: SessionId,
    pub(crate) target: Weak<dyn HandleTarget>,
}

impl std::fmt::Debug for StreamHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamHandle")
            .field("sid", &self.sid)
            .finish()
    }
}

impl StreamHandle {
    /// The session this handle sends to.
    pub fn sid(&self) -> SessionId {
        self.sid
    }

    /// Queues a stanza; it goes out on the held request at once, or on the next one.
    /// [`SendError::QueueFull`] is back-pressure: nothing was queued.
    pub fn send(&self, stanza: impl Into<Bytes>) -> Result<(), SendError> {
        match self.target.upgrade() {
            Some(t) => t.send(self.sid, stanza.into()),
            None => Err(SendError::NoSession),
        }
    }

    /// Ends the session with `condition`.
    pub fn close(&self, condition: Condition) -> Result<(), SendError> {
        match self.target.upgrade() {
            Some(t) => t.close(self.sid, condition),
            None => Err(SendError::NoSession),
        }
    }
}
