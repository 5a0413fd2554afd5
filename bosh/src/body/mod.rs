//! The `<body/>` wrapper of XEP-0124 / XEP-0206: its attributes as a struct, its payloads as
//! raw XML slices.

mod condition;
mod parse;
mod write;

use std::fmt;
use std::str::FromStr;

use bytes::Bytes;

pub use condition::Condition;
pub use parse::{parse_body, BodyLimits};

/// Namespace of the `<body/>` element (XEP-0124).
pub const NS_HTTPBIND: &str = "http://jabber.org/protocol/httpbind";
/// Namespace of the XEP-0206 attributes `xmpp:version`, `xmpp:restart`, `xmpp:restartlogic`.
pub const NS_XBOSH: &str = "urn:xmpp:xbosh";
/// Namespace of the `stream:` prefix used by `<stream:features/>` and `<stream:error/>`.
pub const NS_STREAMS: &str = "http://etherx.jabber.org/streams";
/// Largest request id a client may use: 2^53 − 1, so that JavaScript clients can count it.
pub const MAX_RID: u64 = (1 << 53) - 1;

/// `type` attribute of a `<body/>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyType {
    /// `type='terminate'`: the session ends (sent by either side).
    Terminate,
    /// `type='error'`: recoverable binding error; the client resends the request.
    Error,
}

impl BodyType {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyType::Terminate => "terminate",
            BodyType::Error => "error",
        }
    }
}

/// A BOSH protocol version `major.minor`; the minor part compares as an integer (1.10 > 1.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Major number.
    pub major: u16,
    /// Minor number.
    pub minor: u16,
}

impl Version {
    /// The version this crate implements: XEP-0124 1.11.
    pub const V1_11: Version = Version::new(1, 11);
    /// Version 1.6, what strophe.js, stanza and Prosody announce.
    pub const V1_6: Version = Version::new(1, 6);

    /// A version from its parts.
    pub const fn new(major: u16, minor: u16) -> Self {
        Version { major, minor }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for Version {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let (major, minor) = s.split_once('.').ok_or(())?;
        let digits =
            |p: &str| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(major) || !digits(minor) {
            return Err(());
        }
        Ok(Version {
            major: major.parse().map_err(|_| ())?,
            minor: minor.parse().map_err(|_| ())?,
        })
    }
}

/// One `<body/>` wrapper: every XEP-0124 / XEP-0206 attribute, plus the child elements as raw
/// XML slices of the input (zero-copy when parsed from [`Bytes`]).
///
/// Fields are public; `Body::default()` is an empty body with no attributes. Attributes this
/// crate does not know are ignored when parsing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// `rid`: request id (client requests).
    pub rid: Option<u64>,
    /// `sid`: session id.
    pub sid: Option<String>,
    /// `to`: target domain.
    pub to: Option<String>,
    /// `from`: originator (client JID on creation, backend identity on the response).
    pub from: Option<String>,
    /// `xml:lang`.
    pub lang: Option<String>,
    /// `ver`: highest BOSH version supported.
    pub ver: Option<Version>,
    /// `wait`: longest time (seconds) a request may be held.
    pub wait: Option<u16>,
    /// `hold`: number of requests the manager may hold at once.
    pub hold: Option<u8>,
    /// `requests`: number of simultaneous requests allowed (creation response).
    pub requests: Option<u8>,
    /// `polling`: shortest allowed polling interval in seconds (creation response).
    pub polling: Option<u16>,
    /// `inactivity`: longest allowed time in seconds without a pending request (creation response).
    pub inactivity: Option<u16>,
    /// `maxpause`: longest pause a client may ask for, in seconds (creation response).
    pub maxpause: Option<u16>,
    /// `pause`: the client asks for a pause of this many seconds.
    pub pause: Option<u16>,
    /// `ack`: acknowledged request id (either direction; `1` on a creation request).
    pub ack: Option<u64>,
    /// `report`: first request id whose response the client seems to have missed.
    pub report: Option<u64>,
    /// `time`: milliseconds since the reported response was sent.
    pub time: Option<u32>,
    /// `type`: terminate or error.
    pub body_type: Option<BodyType>,
    /// `condition`: the terminal binding condition of a `type='terminate'` body.
    pub condition: Option<Condition>,
    /// `route`: `proto:host:port` for proxy connection managers.
    pub route: Option<String>,
    /// `content`: Content-Type the manager must use on every response.
    pub content: Option<String>,
    /// `accept`: comma-separated content encodings the manager can decompress.
    pub accept: Option<String>,
    /// `charsets`: space-separated character sets the manager can convert.
    pub charsets: Option<String>,
    /// `authid`: XMPP stream id (obsolete, still sent by Openfire, Prosody and ejabberd).
    pub authid: Option<String>,
    /// `stream`: stream name (multi-stream sessions).
    pub stream: Option<String>,
    /// `secure`: non-standard flag sent by Prosody, Openfire and ejabberd.
    pub secure: Option<bool>,
    /// `newkey` (key sequencing, legacy).
    pub newkey: Option<String>,
    /// `key` (key sequencing, legacy).
    pub key: Option<String>,
    /// `xmpp:version` (XEP-0206).
    pub xmpp_version: Option<String>,
    /// `xmpp:restart='true'` (XEP-0206).
    pub xmpp_restart: bool,
    /// `xmpp:restartlogic='true'` (XEP-0206).
    pub xmpp_restartlogic: bool,
    /// The body declares `xmlns:stream` (needed when a payload is `<stream:features/>` or
    /// `<stream:error/>`).
    pub stream_ns: bool,
    /// Other namespace prefixes the body declares, as `(prefix, URI)` in document order
    /// (anything but `stream` bound to [`NS_STREAMS`], and `xmpp` bound to the XEP-0206
    /// namespace when an `xmpp:` attribute uses it). They are declared again when the body
    /// is written, so payloads that use them stay well-formed.
    pub namespaces: Vec<(String, String)>,
    /// The child elements, each a complete element as raw XML bytes, in document order.
    pub payloads: Vec<Bytes>,
}

impl Body {
    /// An empty body with no attributes.
    pub fn new() -> Self {
        Body::default()
    }

    /// True for `type='terminate'`.
    pub fn is_terminate(&self) -> bool {
        self.body_type == Some(BodyType::Terminate)
    }

    /// True when the body carries no payload.
    pub fn is_empty(&self) -> bool {
        self.payloads.is_empty()
    }

    /// Parses a body with the default [`BodyLimits`]. See [`parse_body`].
    pub fn parse(input: Bytes) -> Result<Body, crate::BodyError> {
        parse_body(input, &BodyLimits::default())
    }

    /// Serializes the body; see [`Body::write_to`].
    pub fn to_bytes(&self) -> Bytes {
        let mut out = bytes::BytesMut::with_capacity(self.encoded_len_hint());
        self.write_to(&mut out);
        out.freeze()
    }
}
