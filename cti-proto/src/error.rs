//! Error types of the codec and of the sessions.

use crate::enums::{MessageType, StatusCode};

/// Why a message could not be decoded.
///
/// [`FrameTooLarge`](Self::FrameTooLarge) is fatal: the stream cannot be resynchronised and
/// the connection must be reset. [`Malformed`](Self::Malformed) is recoverable: the decoder
/// has already consumed the whole (well-delimited) frame, so the next call decodes the next
/// message; a server answers it with FAILURE_CONF ([`DecodeError::status`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The header declares a message longer than the configured maximum.
    #[error("{message_type}: declared length {length} (header included) exceeds the maximum {max} at offset 0")]
    FrameTooLarge {
        /// The type named in the header.
        message_type: MessageType,
        /// The declared total length, header included.
        length: u64,
        /// The configured maximum.
        max: usize,
    },
    /// The frame was delimited correctly but its body is not a valid message of its type.
    #[error("{message_type}: {kind} at offset {offset}")]
    Malformed {
        /// The type named in the header.
        message_type: MessageType,
        /// Byte offset of the problem from the start of the message (header included).
        offset: usize,
        /// The InvokeID of the message, when its type starts with one and the body has it.
        invoke_id: Option<u32>,
        /// What was wrong.
        kind: MalformedKind,
    },
    /// An I/O error of the underlying transport (tokio codec only).
    #[cfg(feature = "tokio")]
    #[error("transport: {0}")]
    Io(#[from] std::io::Error),
}

impl DecodeError {
    /// Whether the stream is unusable after this error.
    pub fn is_fatal(&self) -> bool {
        match self {
            DecodeError::FrameTooLarge { .. } => true,
            DecodeError::Malformed { .. } => false,
            #[cfg(feature = "tokio")]
            DecodeError::Io(_) => true,
        }
    }

    /// The FAILURE_CONF status a server answers this error with.
    pub fn status(&self) -> StatusCode {
        match self {
            DecodeError::FrameTooLarge { .. } => StatusCode::InvalidMessageType,
            DecodeError::Malformed { kind, .. } => kind.status(),
            #[cfg(feature = "tokio")]
            DecodeError::Io(_) => StatusCode::UnspecifiedFailure,
        }
    }

    /// The message type named in the header, when one was read.
    pub fn message_type(&self) -> Option<MessageType> {
        match self {
            DecodeError::FrameTooLarge { message_type, .. }
            | DecodeError::Malformed { message_type, .. } => Some(*message_type),
            #[cfg(feature = "tokio")]
            DecodeError::Io(_) => None,
        }
    }

    /// The InvokeID of the offending message, when it could be read.
    pub fn invoke_id(&self) -> Option<u32> {
        match self {
            DecodeError::Malformed { invoke_id, .. } => *invoke_id,
            _ => None,
        }
    }
}

/// The specific defect of a malformed message body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MalformedKind {
    /// The body ends inside the fixed part.
    #[error("body ends inside fixed field {field}")]
    TruncatedFixed {
        /// The field being read.
        field: &'static str,
    },
    /// The body ends inside a floating field's tag, length or data.
    #[error("body ends inside a floating field")]
    TruncatedFloating,
    /// A floating field is longer than its tag allows.
    #[error("floating field {tag} is {len} bytes, more than its maximum {max}")]
    FieldTooLong {
        /// The field's tag.
        tag: u16,
        /// Its declared length.
        len: usize,
        /// The maximum for the tag.
        max: usize,
    },
    /// A fixed-size floating field (integer, time) has the wrong length.
    #[error("floating field {tag} is {len} bytes, expected {expected}")]
    BadFieldLength {
        /// The field's tag.
        tag: u16,
        /// Its declared length.
        len: usize,
        /// The size of its type.
        expected: usize,
    },
    /// A string is not valid UTF-8 (UCCE strings are ASCII, UCCX strings UTF-8).
    #[error("floating field {tag} is not valid UTF-8")]
    InvalidUtf8 {
        /// The field's tag.
        tag: u16,
    },
    /// A NamedVariable or NamedArray lacks the NUL that ends its name or value.
    #[error("ECC field {tag} lacks a NUL terminator")]
    MissingNul {
        /// The field's tag.
        tag: u16,
    },
    /// A field that may appear once appears twice.
    #[error("floating field {tag} appears more than once")]
    DuplicateField {
        /// The field's tag.
        tag: u16,
    },
    /// A floating tag the message type does not define (only with [`crate::UnknownTags::Reject`]).
    #[error("floating tag {tag} is not valid for this message type")]
    UnknownTag {
        /// The tag.
        tag: u16,
    },
    /// A repeated list is longer than the protocol allows.
    #[error("more than {max} entries of floating field {tag}")]
    TooManyEntries {
        /// The tag.
        tag: u16,
        /// The limit.
        max: usize,
    },
    /// The NamedVariable and NamedArray fields add up to more than 2,000 bytes.
    #[error("ECC data totals {total} bytes, more than 2000")]
    TooMuchEccData {
        /// The combined data length.
        total: usize,
    },
}

impl MalformedKind {
    /// The FAILURE_CONF status for this defect.
    pub fn status(&self) -> StatusCode {
        match self {
            MalformedKind::TruncatedFixed { .. } | MalformedKind::TruncatedFloating => {
                StatusCode::BadMessageFormat
            }
            MalformedKind::FieldTooLong { .. } | MalformedKind::BadFieldLength { .. } => {
                StatusCode::InvalidFieldLength
            }
            MalformedKind::InvalidUtf8 { .. } | MalformedKind::MissingNul { .. } => {
                StatusCode::InvalidCharacter
            }
            MalformedKind::DuplicateField { .. } => StatusCode::BadMessageFormat,
            MalformedKind::UnknownTag { .. } => StatusCode::InvalidTagForMsgType,
            MalformedKind::TooManyEntries { .. } => StatusCode::BadMessageFormat,
            MalformedKind::TooMuchEccData { .. } => StatusCode::TooMuchData,
        }
    }
}

/// Why a message could not be encoded. Nothing is written to the buffer when encoding fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The message would exceed the configured maximum length.
    #[error("{message_type}: {length} bytes exceeds the maximum message length {max}")]
    MessageTooLarge {
        /// The message being encoded.
        message_type: MessageType,
        /// Its encoded length, header included.
        length: usize,
        /// The configured maximum.
        max: usize,
    },
    /// A floating field's data is longer than its tag allows.
    #[error("{message_type}: floating field {tag} is {len} bytes, more than its maximum {max}")]
    FieldTooLong {
        /// The message being encoded.
        message_type: MessageType,
        /// The field's tag.
        tag: u16,
        /// Its data length.
        len: usize,
        /// The maximum (for the tag, or for the negotiated length width).
        max: usize,
    },
    /// The tag does not fit the negotiated floating format (tags above 255 need v20+).
    #[error("{message_type}: floating tag {tag} cannot be carried by protocol version {version}")]
    TagNotInVersion {
        /// The message being encoded.
        message_type: MessageType,
        /// The tag.
        tag: u16,
        /// The negotiated version.
        version: crate::ProtocolVersion,
    },
    /// The ECC fields add up to more than 2,000 bytes (`E_CTI_TOO_MUCH_DATA`).
    #[error("{message_type}: ECC data totals {total} bytes, more than 2000")]
    TooMuchEccData {
        /// The message being encoded.
        message_type: MessageType,
        /// The combined data length.
        total: usize,
    },
    /// A list is longer than the protocol allows.
    #[error("{message_type}: more than {max} entries of floating field {tag}")]
    TooManyEntries {
        /// The message being encoded.
        message_type: MessageType,
        /// The tag.
        tag: u16,
        /// The limit.
        max: usize,
    },
    /// An I/O error of the underlying transport (tokio codec only).
    #[cfg(feature = "tokio")]
    #[error("transport: {0}")]
    Io(String),
}

#[cfg(feature = "tokio")]
impl From<std::io::Error> for EncodeError {
    fn from(e: std::io::Error) -> Self {
        EncodeError::Io(e.to_string())
    }
}
