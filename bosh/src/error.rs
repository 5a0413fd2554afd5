//! Error types.

use crate::body::Condition;

/// Why a `<body/>` could not be decoded. Offsets are byte offsets into the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BodyError {
    /// The input is longer than [`BodyLimits::max_bytes`](crate::BodyLimits::max_bytes).
    #[error("body is {len} bytes, the limit is {max}")]
    TooLarge {
        /// Input length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The XML is not well-formed.
    #[error("malformed XML at byte {offset}: {reason}")]
    Xml {
        /// Where the XML reader stopped.
        offset: u64,
        /// What the XML reader reported.
        reason: String,
    },
    /// The input ended inside an element (or held no element at all).
    #[error("input ends at byte {offset} before the body is complete")]
    Truncated {
        /// Input length.
        offset: u64,
    },
    /// The root element is not `<body/>` in the `http://jabber.org/protocol/httpbind` namespace.
    #[error(
        "root element at byte {offset} is not <body xmlns='http://jabber.org/protocol/httpbind'/>"
    )]
    NotBody {
        /// Start of the root element.
        offset: u64,
    },
    /// Something other than whitespace follows the end of `<body/>`.
    #[error("data after the end of <body/> at byte {offset}")]
    TrailingData {
        /// Start of the extra data.
        offset: u64,
    },
    /// `<body/>` itself carries character data.
    #[error("<body/> carries character data at byte {offset}")]
    CharacterData {
        /// Start of the text.
        offset: u64,
    },
    /// A construct XEP-0124 forbids: comment, processing instruction, DTD, or an entity
    /// reference other than the five predefined ones.
    #[error("{what} at byte {offset} is not allowed in BOSH content")]
    Forbidden {
        /// What was found.
        what: &'static str,
        /// Where.
        offset: u64,
    },
    /// Elements nest deeper than [`BodyLimits::max_depth`](crate::BodyLimits::max_depth).
    #[error("element at byte {offset} nests deeper than {max} levels")]
    TooDeep {
        /// Start of the element.
        offset: u64,
        /// The limit.
        max: usize,
    },
    /// More payloads than [`BodyLimits::max_children`](crate::BodyLimits::max_children).
    #[error("more than {max} payload elements")]
    TooManyChildren {
        /// The limit.
        max: usize,
    },
    /// An element has more attributes than
    /// [`BodyLimits::max_attributes`](crate::BodyLimits::max_attributes).
    #[error("element at byte {offset} has more than {max} attributes")]
    TooManyAttributes {
        /// Start of the element.
        offset: u64,
        /// The limit.
        max: usize,
    },
    /// A `<body/>` attribute has a value outside its type (e.g. `hold='300'`, `rid='x'`).
    #[error("attribute {name}='{value}' is invalid: {reason}")]
    BadAttribute {
        /// Attribute name.
        name: &'static str,
        /// The value (cut to 64 bytes).
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An element or attribute uses a namespace prefix that is not declared.
    #[error("undeclared namespace prefix at byte {offset}")]
    UndeclaredPrefix {
        /// Start of the element.
        offset: u64,
    },
}

impl BodyError {
    /// The terminal condition a connection manager answers this error with: always
    /// `bad-request`.
    pub fn condition(&self) -> Condition {
        Condition::BadRequest
    }
}

/// Why [`BoshServer::send`](crate::BoshServer::send) refused a stanza. The stanza was not
/// queued; nothing already accepted is lost.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SendError {
    /// No live session has this id (it ended, or never existed).
    #[error("no such BOSH session")]
    NoSession,
    /// The session's outgoing queue is full (stanza count or bytes); apply back-pressure or
    /// terminate the session.
    #[error("the session's outgoing queue is full ({stanzas} stanzas, {bytes} bytes)")]
    QueueFull {
        /// Stanzas already queued.
        stanzas: usize,
        /// Bytes already queued.
        bytes: usize,
    },
    /// The session is terminating; no more payloads are accepted.
    #[error("the session is terminating")]
    Terminating,
}

/// Errors of the client session [`BoshClient`](crate::BoshClient).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The session is not established yet, or has ended.
    #[error("the BOSH session is not connected")]
    NotConnected,
    /// The outgoing queue is full.
    #[error("the outgoing queue is full")]
    QueueFull,
    /// The connection manager did not advertise `maxpause`, or the pause is longer.
    #[error("pause not allowed by the connection manager")]
    PauseNotAllowed,
}
