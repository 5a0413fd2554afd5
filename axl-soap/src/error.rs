//! Error types of the envelope and AXL layers.

/// Why an envelope could not be parsed. Each variant says what was wrong and, where it
/// helps, the byte offset in the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The input is larger than [`Limits::max_bytes`](crate::Limits::max_bytes).
    #[error("envelope of {len} bytes exceeds the limit of {max} bytes")]
    TooLarge {
        /// Input length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Elements nest deeper than [`Limits::max_depth`](crate::Limits::max_depth).
    #[error("elements nest deeper than {max} at byte {offset}")]
    TooDeep {
        /// The limit.
        max: usize,
        /// Where the element that went too deep starts.
        offset: u64,
    },
    /// An element carries more attributes than allowed.
    #[error("element at byte {offset} has more than {max} attributes")]
    TooManyAttributes {
        /// The limit.
        max: usize,
        /// Where the element starts.
        offset: u64,
    },
    /// More header blocks than allowed.
    #[error("more than {max} header blocks")]
    TooManyHeaders {
        /// The limit.
        max: usize,
    },
    /// The input is not UTF-8.
    #[error("envelope is not valid UTF-8 (byte {offset})")]
    NotUtf8 {
        /// First invalid byte.
        offset: usize,
    },
    /// The XML is not well-formed.
    #[error("malformed XML at byte {offset}: {reason}")]
    Xml {
        /// Where the reader stopped.
        offset: u64,
        /// What the XML reader reported.
        reason: String,
    },
    /// A `<!DOCTYPE>` was present; DTDs (and so entity definitions) are refused.
    #[error("DOCTYPE declarations are not allowed (byte {offset})")]
    Doctype {
        /// Where the declaration starts.
        offset: u64,
    },
    /// An entity reference other than the five predefined ones or a character reference.
    #[error("unknown entity reference &{name}; at byte {offset}")]
    UnknownEntity {
        /// The entity name.
        name: String,
        /// Where it was found.
        offset: u64,
    },
    /// A prefix was used without being declared.
    #[error("undeclared namespace prefix {prefix:?} at byte {offset}")]
    UnknownPrefix {
        /// The prefix.
        prefix: String,
        /// Where it was used.
        offset: u64,
    },
    /// The document element is not a SOAP `Envelope`.
    #[error("document element is {found}, not a SOAP Envelope")]
    NotAnEnvelope {
        /// `{namespace}local` of what was found.
        found: String,
    },
    /// The document element is an `Envelope` in an unknown namespace (SOAP's
    /// `VersionMismatch`).
    #[error("Envelope in unsupported namespace {namespace:?}")]
    VersionMismatch {
        /// The namespace found (empty when none).
        namespace: String,
    },
    /// An element that may not appear where it does.
    #[error("unexpected element {found} at byte {offset}: {expected}")]
    UnexpectedElement {
        /// `{namespace}local` of the element.
        found: String,
        /// What was allowed there.
        expected: &'static str,
        /// Where it starts.
        offset: u64,
    },
    /// Non-whitespace text where only elements may appear.
    #[error("unexpected text at byte {offset}")]
    UnexpectedText {
        /// Where the text starts.
        offset: u64,
    },
    /// The Envelope has no Body.
    #[error("Envelope has no Body")]
    MissingBody,
    /// The Body does not contain exactly one element.
    #[error("Body must contain exactly one element, found {count}")]
    BodyChildren {
        /// How many element children the Body had.
        count: usize,
    },
    /// An attribute value could not be understood (e.g. `mustUnderstand="maybe"`).
    #[error("invalid value {value:?} for attribute {attribute}")]
    InvalidAttribute {
        /// Attribute name.
        attribute: &'static str,
        /// The value found.
        value: String,
    },
    /// A Fault is missing a required part or has a malformed one.
    #[error("malformed Fault: {0}")]
    MalformedFault(&'static str),
}

/// Why an AXL message (request or response) could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AxlDecodeError {
    /// The envelope itself is broken.
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
    /// The payload element is not in an AXL namespace this crate supports.
    #[error("payload {element} is not in a supported AXL namespace (found {namespace:?})")]
    Namespace {
        /// Local name of the payload element.
        element: String,
        /// Its namespace (empty when none).
        namespace: String,
    },
    /// The `SOAPAction` header could not be parsed.
    #[error("invalid SOAPAction {0:?}: expected \"CUCM:DB ver=<version> <operation>\"")]
    SoapAction(String),
    /// `SOAPAction` names a different version or operation than the body.
    #[error("SOAPAction {action:?} does not agree with body {body}")]
    ActionMismatch {
        /// The header value.
        action: String,
        /// `ver=<v> <operation>` of the body.
        body: String,
    },
    /// The `sequence` attribute is not an unsigned integer.
    #[error("invalid sequence attribute {0:?}")]
    Sequence(String),
    /// The operation's body does not match its schema.
    #[error("invalid {operation} body: {reason}")]
    Body {
        /// Operation (element) name.
        operation: String,
        /// What the deserializer reported.
        reason: String,
    },
    /// A response's element is not the one expected for the request.
    #[error("expected {expected}, got {found}")]
    UnexpectedResponse {
        /// The expected element name.
        expected: String,
        /// The element found.
        found: String,
    },
    /// The body is a SOAP Fault (see [`AxlFault`](crate::AxlFault)).
    #[error("fault: {0}")]
    Fault(Box<crate::AxlFault>),
}

/// Why a value could not be serialized to XML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The serializer refused the value.
    #[error("cannot serialize {operation}: {reason}")]
    Serialize {
        /// Operation (element) name.
        operation: String,
        /// What the serializer reported.
        reason: String,
    },
}
