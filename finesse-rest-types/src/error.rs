//! The crate's error types: parsing, encoding and identifier validation.

/// Why a Finesse XML document could not be parsed.
///
/// Every variant says what was wrong; syntax errors carry the byte offset in the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The input is larger than [`Limits::max_bytes`](crate::Limits::max_bytes).
    #[error("document is {len} bytes, the limit is {max}")]
    TooLarge {
        /// Length of the input.
        len: usize,
        /// The configured limit.
        max: usize,
    },
    /// Elements are nested deeper than [`Limits::max_depth`](crate::Limits::max_depth).
    #[error("elements nested deeper than {max} at byte {offset}")]
    TooDeep {
        /// The configured limit.
        max: usize,
        /// Byte offset of the element that went too deep.
        offset: u64,
    },
    /// More elements than [`Limits::max_elements`](crate::Limits::max_elements).
    #[error("more than {max} elements (at byte {offset})")]
    TooManyElements {
        /// The configured limit.
        max: usize,
        /// Byte offset where the limit was crossed.
        offset: u64,
    },
    /// A `<!DOCTYPE>` declaration: refused, so no entity can be declared or expanded.
    #[error("DOCTYPE declarations are refused (byte {offset})")]
    DoctypeRefused {
        /// Byte offset of the declaration.
        offset: u64,
    },
    /// A reference to an entity that is not one of XML's five predefined ones.
    #[error("unknown entity `&{name};` at byte {offset}")]
    UnknownEntity {
        /// The entity name.
        name: String,
        /// Byte offset of the reference.
        offset: u64,
    },
    /// The XML is not well formed.
    #[error("malformed XML at byte {offset}: {reason}")]
    Syntax {
        /// Byte offset where the reader stopped.
        offset: u64,
        /// What the reader reported.
        reason: String,
    },
    /// The input is not UTF-8.
    #[error("document is not valid UTF-8 (byte {offset})")]
    NotUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// There is no root element.
    #[error("document has no root element")]
    NoRoot,
    /// Something other than whitespace or comments after the root element.
    #[error("content after the root element at byte {offset}")]
    TrailingContent {
        /// Byte offset of the trailing content.
        offset: u64,
    },
    /// The root element is not the one the caller asked for.
    #[error("expected root element <{expected}>, found <{found}>")]
    UnexpectedRoot {
        /// The root element(s) accepted.
        expected: &'static str,
        /// The root element found.
        found: String,
    },
    /// The document is well formed but a field is missing, repeated or has the wrong type.
    #[error("invalid <{root}> document: {reason}")]
    Invalid {
        /// The root element of the document.
        root: &'static str,
        /// What serde reported (field name and problem).
        reason: String,
    },
    /// A required element of a hand-parsed envelope (`Update`, `notification`) is missing.
    #[error("<{parent}> has no <{child}>")]
    MissingElement {
        /// The enclosing element.
        parent: &'static str,
        /// The element that is required.
        child: &'static str,
    },
    /// `<notification>` is in a namespace that is neither `urn:xmpp:push:0` nor
    /// `http://jabber.org/protocol/pubsub`.
    #[error("<notification> in unexpected namespace `{0}`")]
    UnexpectedNamespace(String),
}

/// Why a value could not be written as XML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// serde/quick-xml refused the value (for example a name that is not a valid XML name).
    #[error("cannot serialize <{root}>: {reason}")]
    Serialize {
        /// Root element being written.
        root: &'static str,
        /// What the serializer reported.
        reason: String,
    },
    /// A string contains a character XML 1.0 cannot carry (control characters other than
    /// tab, CR and LF).
    #[error("<{root}> contains a character XML cannot carry")]
    InvalidChar {
        /// Root element being written.
        root: &'static str,
    },
}

/// An identifier (user id, dialog id, team id…) that cannot be used in a Finesse URL path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The identifier is empty.
    #[error("identifier is empty")]
    Empty,
    /// The identifier is longer than 256 bytes.
    #[error("identifier is {0} bytes long (max 256)")]
    TooLong(usize),
    /// The identifier has a character not allowed in a path segment (`/`, `?`, `#`, `%`,
    /// whitespace or a control character).
    #[error("identifier contains {0:?}, which is not allowed in a path segment")]
    BadChar(char),
}
