//! Identifiers, responses and events of the connection manager.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

use crate::body::{Condition, Version};

/// Handle of one HTTP request given to [`BoshServer::handle_request`](crate::BoshServer::handle_request);
/// the matching [`Response`] carries it. Unique for the server's lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// A BOSH session id: 128 random bits, written as 32 lowercase hex digits on the wire.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SessionId([u8; 16]);

impl std::hash::Hash for SessionId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let (a, b) = self.0.split_at(8);
        let a = u64::from_le_bytes(a.try_into().unwrap_or_default());
        let b = u64::from_le_bytes(b.try_into().unwrap_or_default());
        state.write_u64(a ^ b.rotate_left(29));
    }
}

impl SessionId {
    /// A session id from its 16 bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        SessionId(bytes)
    }

    /// The 16 bytes.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// Parses the 32-hex-digit wire form (either case). Anything else is `None`.
    pub fn parse(s: &str) -> Option<SessionId> {
        let b = s.as_bytes();
        if b.len() != 32 {
            return None;
        }
        let mut out = [0u8; 16];
        for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
            let hi = hex_val(*pair.first()?)?;
            let lo = hex_val(*pair.get(1)?)?;
            *o = hi << 4 | lo;
        }
        Some(SessionId(out))
    }

    /// Writes the 32-hex-digit wire form into `buf` and returns it as `&str`.
    pub fn encode<'a>(&self, buf: &'a mut [u8; 32]) -> &'a str {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for (i, byte) in self.0.iter().enumerate() {
            buf[2 * i] = HEX[usize::from(byte >> 4)];
            buf[2 * i + 1] = HEX[usize::from(byte & 15)];
        }
        // Only ASCII hex digits were written.
        std::str::from_utf8(buf).unwrap_or_default()
    }
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 32];
        f.write_str(self.encode(&mut buf))
    }
}

impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SessionId({self})")
    }
}

/// What to do with one HTTP request: send this status and body, or close the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The request this answers.
    pub request: RequestId,
    /// HTTP status: 200, or 400/403/404 for legacy clients (no `ver` on their creation request).
    pub status: u16,
    /// Content-Type: the session's `content` attribute, or `text/xml; charset=utf-8`.
    pub content_type: ContentType,
    /// The serialized `<body/>` (empty for legacy error statuses and for `close_connection`).
    pub body: Bytes,
    /// Close the connection without answering (a plain-HTTP request on a session created over
    /// TLS, XEP-0124 §20.1). `status` and `body` are then meaningless.
    pub close_connection: bool,
}

/// The Content-Type of a response; cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ContentType {
    /// `text/xml; charset=utf-8`.
    #[default]
    TextXml,
    /// The value the client asked for with `content` on its creation request.
    Custom(Arc<str>),
}

impl ContentType {
    /// The header value.
    pub fn as_str(&self) -> &str {
        match self {
            ContentType::TextXml => "text/xml; charset=utf-8",
            ContentType::Custom(s) => s,
        }
    }
}

/// What the client asked for when it created a session; what the XMPP side needs to open
/// its stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// The new session.
    pub sid: SessionId,
    /// `to`: the domain the client wants.
    pub to: Option<String>,
    /// `from`: the client's identity (Cisco's desktop library sends the bare JID).
    pub from: Option<String>,
    /// `xml:lang`.
    pub lang: Option<String>,
    /// `route`.
    pub route: Option<String>,
    /// `xmpp:version` (XEP-0206), usually `1.0`.
    pub xmpp_version: Option<String>,
    /// The negotiated BOSH version; `None` for a legacy client.
    pub ver: Option<Version>,
    /// The negotiated `wait` in seconds.
    pub wait: u16,
    /// The negotiated `hold`.
    pub hold: u8,
    /// The creation request came over TLS.
    pub secure: bool,
}

/// Why a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TerminateReason {
    /// The client sent `type='terminate'`.
    Client,
    /// No request arrived within `inactivity` (or the requested `pause`).
    Inactivity,
    /// The client broke the protocol; it was told this condition.
    Protocol(Condition),
    /// The embedder called [`BoshServer::terminate`](crate::BoshServer::terminate) with this
    /// condition.
    Server(Condition),
    /// [`BoshServer::shutdown`](crate::BoshServer::shutdown).
    Shutdown,
}

/// Something the XMPP side must act on. See the drain contract on
/// [`BoshServer`](crate::BoshServer).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerEvent {
    /// A client created a session: open an XMPP stream and [`send`](crate::BoshServer::send)
    /// the `<stream:features/>` (they go out on the creation response).
    SessionCreated(Box<SessionInfo>),
    /// A payload from the client, in rid order, as raw XML (a complete element).
    Stanza {
        /// Session.
        sid: SessionId,
        /// The element.
        stanza: Bytes,
    },
    /// XEP-0206 restart (after SASL success): discard the old stream, open a new one and send
    /// the new `<stream:features/>`.
    Restart {
        /// Session.
        sid: SessionId,
    },
    /// The session is gone; later requests for it get `item-not-found`.
    Terminated {
        /// Session.
        sid: SessionId,
        /// Why.
        reason: TerminateReason,
        /// Stanzas the XMPP side sent that never reached the client (queued, not yet on any
        /// response), in order, so they can be bounced or stored.
        undelivered: Vec<Bytes>,
    },
}
