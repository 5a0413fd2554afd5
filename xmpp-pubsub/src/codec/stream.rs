//! Incremental parser for an XMPP stream: header, then one complete top-level element at a
//! time, from input split anywhere.
//!
//! A small byte scanner finds the markup boundaries (respecting quoted attribute values and
//! CDATA) and tracks depth, so nothing is parsed twice; each complete stanza is then parsed by
//! quick-xml's `NsReader` in the namespace context of the stream header.

use bytes::{Buf, Bytes, BytesMut};
use quick_xml::events::Event;
use quick_xml::name::{QName, ResolveResult};
use quick_xml::NsReader;

use crate::codec::element::{parse_tree, Element, XmlError};
use crate::codec::limits::XmlLimits;
use crate::codec::ns;
use crate::codec::stream_error::StreamErrorCondition;

/// The attributes of a `<stream:stream>` open tag.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StreamHeader {
    /// `to`: the domain the client wants.
    pub to: Option<String>,
    /// `from`.
    pub from: Option<String>,
    /// `id`: the stream id (server to client).
    pub id: Option<String>,
    /// `version` (`1.0` for RFC 6120 streams).
    pub version: Option<String>,
    /// `xml:lang`.
    pub lang: Option<String>,
}

impl StreamHeader {
    /// Serialises the header as a server or client would send it (with an XML declaration).
    pub fn to_bytes(&self) -> Bytes {
        let mut out = BytesMut::with_capacity(200);
        out.extend_from_slice(b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'");
        for (k, v) in [
            ("to", &self.to),
            ("from", &self.from),
            ("id", &self.id),
            ("version", &self.version),
            ("xml:lang", &self.lang),
        ] {
            if let Some(v) = v {
                out.extend_from_slice(b" ");
                out.extend_from_slice(k.as_bytes());
                out.extend_from_slice(b"='");
                crate::codec::element::escape_attr(&mut out, v);
                out.extend_from_slice(b"'");
            }
        }
        out.extend_from_slice(b">");
        out.freeze()
    }
}

/// What the stream parser hands out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEvent {
    /// The peer opened (or, after a restart, re-opened) the stream.
    Header(StreamHeader),
    /// A complete top-level element (a stanza, or a SASL / TLS / features element).
    Element(Element),
    /// The peer closed the stream (`</stream:stream>`).
    Close,
}

/// Why the stream cannot be parsed further. Sticky: the parser returns it again on every call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StreamParseError {
    /// A stanza (or the header) is not acceptable XML.
    #[error("{0}")]
    Xml(#[from] XmlError),
    /// The first element is not `stream` in `http://etherx.jabber.org/streams`.
    #[error("the stream does not start with a stream:stream header")]
    NotAStreamHeader,
    /// The stream's default namespace is not `jabber:client`.
    #[error("stream default namespace {0:?} is not jabber:client")]
    InvalidNamespace(String),
    /// Non-whitespace character data outside any stanza, at a byte offset of the stream.
    #[error("character data between stanzas at byte {0}")]
    TextBetweenStanzas(u64),
}

impl StreamParseError {
    /// The stream error condition to close the stream with (RFC 6120 §4.9.3).
    pub fn condition(&self) -> StreamErrorCondition {
        match self {
            StreamParseError::Xml(XmlError::Restricted { .. }) => {
                StreamErrorCondition::RestrictedXml
            }
            StreamParseError::Xml(XmlError::Limit { .. }) => StreamErrorCondition::PolicyViolation,
            StreamParseError::Xml(XmlError::UnboundPrefix { .. }) => {
                StreamErrorCondition::InvalidNamespace
            }
            StreamParseError::Xml(XmlError::Utf8 { .. }) => StreamErrorCondition::NotWellFormed,
            StreamParseError::Xml(_) => StreamErrorCondition::NotWellFormed,
            StreamParseError::NotAStreamHeader | StreamParseError::InvalidNamespace(_) => {
                StreamErrorCondition::InvalidNamespace
            }
            StreamParseError::TextBetweenStanzas(_) => StreamErrorCondition::NotWellFormed,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Between markup.
    Content,
    /// Just after a `<` at `start`.
    Open { start: usize },
    /// Inside a start or end tag.
    Tag {
        start: usize,
        end_tag: bool,
        quote: Option<u8>,
    },
    /// Inside `<? … ?>`.
    Pi { start: usize },
    /// Inside `<![CDATA[ … ]]>`.
    Cdata,
}

/// An incremental, restartable parser for one direction of an XMPP stream.
///
/// Feed bytes with [`push`](Self::push) as they arrive, then call [`next_event`](Self::next_event)
/// until it returns `Ok(None)`. Input may be split at any byte. Memory is bounded by
/// [`XmlLimits::max_stanza_bytes`]: a stanza (or header) that grows past it is an error.
#[derive(Debug)]
pub struct StreamParser {
    buf: BytesMut,
    pos: usize,
    scan: Scan,
    depth: usize,
    stanza_start: Option<usize>,
    header_tag: Option<Bytes>,
    limits: XmlLimits,
    consumed: u64,
    error: Option<StreamParseError>,
}

impl StreamParser {
    /// A parser expecting a stream header.
    pub fn new(limits: XmlLimits) -> StreamParser {
        StreamParser {
            buf: BytesMut::new(),
            pos: 0,
            scan: Scan::Content,
            depth: 0,
            stanza_start: None,
            header_tag: None,
            limits,
            consumed: 0,
            error: None,
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &XmlLimits {
        &self.limits
    }

    /// Appends received bytes.
    pub fn push(&mut self, data: &[u8]) {
        if self.error.is_none() {
            self.buf.extend_from_slice(data);
        }
    }

    /// Expects a new stream header (a stream restart after STARTTLS or SASL). Bytes already
    /// received after the element that triggered the restart are kept.
    pub fn restart(&mut self) {
        self.scan = Scan::Content;
        self.depth = 0;
        self.stanza_start = None;
        self.header_tag = None;
    }

    /// Bytes buffered but not yet handed out.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Whether a stream header has been received (since the last restart).
    pub fn has_header(&self) -> bool {
        self.header_tag.is_some()
    }

    /// The next complete event, `Ok(None)` if more input is needed.
    pub fn next_event(&mut self) -> Result<Option<StreamEvent>, StreamParseError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        match self.scan_next() {
            Ok(ev) => Ok(ev),
            Err(e) => {
                self.error = Some(e.clone());
                self.buf = BytesMut::new();
                Err(e)
            }
        }
    }

    fn offset(&self, i: usize) -> u64 {
        self.consumed + i as u64
    }

    fn drop_prefix(&mut self, n: usize) {
        self.buf.advance(n);
        self.consumed += n as u64;
        self.pos -= n;
        self.scan = match self.scan {
            Scan::Open { start } => Scan::Open { start: start - n },
            Scan::Tag {
                start,
                end_tag,
                quote,
            } => Scan::Tag {
                start: start - n,
                end_tag,
                quote,
            },
            Scan::Pi { start } => Scan::Pi { start: start - n },
            s => s,
        };
        if let Some(s) = &mut self.stanza_start {
            *s -= n;
        }
    }

    fn check_size(&self) -> Result<(), StreamParseError> {
        let start = match (self.stanza_start, self.scan) {
            (Some(s), _) => s,
            (None, Scan::Open { start } | Scan::Tag { start, .. } | Scan::Pi { start }) => start,
            (None, _) => return Ok(()),
        };
        if self.pos - start > self.limits.max_stanza_bytes {
            return Err(XmlError::Limit {
                what: "stanza size",
                limit: self.limits.max_stanza_bytes,
                offset: self.offset(start),
            }
            .into());
        }
        Ok(())
    }

    fn scan_next(&mut self) -> Result<Option<StreamEvent>, StreamParseError> {
        loop {
            let r = self.step();
            self.check_size()?;
            match r? {
                Step::More => return Ok(None),
                Step::Continue => {}
                Step::Event(ev) => return Ok(Some(ev)),
            }
        }
    }

    fn step(&mut self) -> Result<Step, StreamParseError> {
        let buf = &self.buf[..];
        match self.scan {
            Scan::Content => {
                let rest = &buf[self.pos..];
                let lt = memchr::memchr(b'<', rest);
                let text_end = lt.unwrap_or(rest.len());
                if self.depth <= 1 {
                    if let Some(i) = rest[..text_end]
                        .iter()
                        .position(|b| !b.is_ascii_whitespace())
                    {
                        return Err(StreamParseError::TextBetweenStanzas(
                            self.offset(self.pos + i),
                        ));
                    }
                }
                match lt {
                    None => {
                        self.pos = buf.len();
                        if self.stanza_start.is_none() {
                            // Whitespace keepalives between stanzas are dropped at once.
                            self.drop_prefix(self.pos);
                        }
                        Ok(Step::More)
                    }
                    Some(i) => {
                        let start = self.pos + i;
                        if self.stanza_start.is_none() {
                            self.pos = start;
                            self.drop_prefix(start);
                            self.pos = 1;
                            self.scan = Scan::Open { start: 0 };
                        } else {
                            self.pos = start + 1;
                            self.scan = Scan::Open { start };
                        }
                        Ok(Step::Continue)
                    }
                }
            }
            Scan::Open { start } => {
                let Some(&b) = buf.get(self.pos) else {
                    return Ok(Step::More);
                };
                match b {
                    b'/' => {
                        self.scan = Scan::Tag {
                            start,
                            end_tag: true,
                            quote: None,
                        };
                        self.pos += 1;
                    }
                    b'?' => {
                        self.scan = Scan::Pi { start };
                        self.pos += 1;
                    }
                    b'!' => {
                        let have = &buf[start..];
                        const CDATA: &[u8] = b"<![CDATA[";
                        if have.len() >= CDATA.len() && have.starts_with(CDATA) {
                            if self.depth < 2 {
                                return Err(XmlError::Malformed {
                                    offset: self.offset(start),
                                    reason: "CDATA outside a stanza".into(),
                                }
                                .into());
                            }
                            self.pos = start + CDATA.len();
                            self.scan = Scan::Cdata;
                        } else if have.starts_with(b"<!-") {
                            return Err(XmlError::Restricted {
                                what: "comment",
                                offset: self.offset(start),
                            }
                            .into());
                        } else if have.len() >= CDATA.len() || !CDATA.starts_with(have) {
                            return Err(XmlError::Restricted {
                                what: "DTD",
                                offset: self.offset(start),
                            }
                            .into());
                        } else {
                            return Ok(Step::More);
                        }
                    }
                    _ => {
                        self.scan = Scan::Tag {
                            start,
                            end_tag: false,
                            quote: None,
                        };
                    }
                }
                Ok(Step::Continue)
            }
            Scan::Tag {
                start,
                end_tag,
                mut quote,
            } => {
                let mut i = self.pos;
                while i < buf.len() {
                    let b = buf[i];
                    match quote {
                        Some(q) => match memchr::memchr(q, &buf[i..]) {
                            Some(j) => {
                                i += j + 1;
                                quote = None;
                                continue;
                            }
                            None => {
                                i = buf.len();
                                break;
                            }
                        },
                        None => match b {
                            b'\'' | b'"' => quote = Some(b),
                            b'>' => {
                                self.pos = i + 1;
                                self.scan = Scan::Content;
                                let self_closing = !end_tag && buf[i - 1] == b'/';
                                return self.tag_done(start, i + 1, end_tag, self_closing);
                            }
                            b'<' => {
                                return Err(XmlError::Malformed {
                                    offset: self.offset(i),
                                    reason: "'<' inside a tag".into(),
                                }
                                .into())
                            }
                            _ => {}
                        },
                    }
                    i += 1;
                }
                self.pos = i;
                self.scan = Scan::Tag {
                    start,
                    end_tag,
                    quote,
                };
                Ok(Step::More)
            }
            Scan::Pi { start } => {
                let from = self.pos.max(start + 2).saturating_sub(1).max(start + 2);
                match memchr::memmem::find(&buf[from..], b"?>") {
                    None => {
                        self.pos = buf.len();
                        Ok(Step::More)
                    }
                    Some(j) => {
                        let end = from + j + 2;
                        let is_decl = buf[start..].starts_with(b"<?xml")
                            && buf.get(start + 5).is_some_and(u8::is_ascii_whitespace);
                        if is_decl && self.depth == 0 && self.header_tag.is_none() {
                            self.pos = end;
                            self.scan = Scan::Content;
                            self.drop_prefix(end);
                            Ok(Step::Continue)
                        } else {
                            Err(XmlError::Restricted {
                                what: "processing instruction",
                                offset: self.offset(start),
                            }
                            .into())
                        }
                    }
                }
            }
            Scan::Cdata => {
                let from = self.pos.saturating_sub(2);
                match memchr::memmem::find(&buf[from..], b"]]>") {
                    None => {
                        self.pos = buf.len();
                        Ok(Step::More)
                    }
                    Some(j) => {
                        self.pos = from + j + 3;
                        self.scan = Scan::Content;
                        Ok(Step::Continue)
                    }
                }
            }
        }
    }

    fn tag_done(
        &mut self,
        start: usize,
        end: usize,
        end_tag: bool,
        self_closing: bool,
    ) -> Result<Step, StreamParseError> {
        if end_tag {
            match self.depth {
                0 => Err(XmlError::Malformed {
                    offset: self.offset(start),
                    reason: "end tag before the stream header".into(),
                }
                .into()),
                1 => {
                    let name = trim_end_name(&self.buf[start + 2..end - 1]);
                    let expected = self
                        .header_tag
                        .as_ref()
                        .map(|h| start_tag_name(h).to_vec())
                        .unwrap_or_default();
                    if name != expected.as_slice() {
                        return Err(XmlError::Malformed {
                            offset: self.offset(start),
                            reason: "end tag does not close the stream".into(),
                        }
                        .into());
                    }
                    self.depth = 0;
                    self.drop_prefix(end);
                    self.header_tag = None;
                    Ok(Step::Event(StreamEvent::Close))
                }
                2 => {
                    self.depth = 1;
                    self.finish_stanza(end)
                }
                _ => {
                    self.depth -= 1;
                    Ok(Step::Continue)
                }
            }
        } else {
            match self.depth {
                0 => {
                    if self_closing {
                        return Err(StreamParseError::NotAStreamHeader);
                    }
                    let tag = self.buf.split_to(end).freeze();
                    self.consumed += end as u64;
                    self.pos = 0;
                    let header = parse_header(&tag, &self.limits)?;
                    self.header_tag = Some(tag);
                    self.depth = 1;
                    Ok(Step::Event(StreamEvent::Header(header)))
                }
                1 => {
                    self.stanza_start = Some(start);
                    if self_closing {
                        self.finish_stanza(end)
                    } else {
                        self.depth = 2;
                        Ok(Step::Continue)
                    }
                }
                d => {
                    if !self_closing {
                        if d + 1 > self.limits.max_depth {
                            return Err(XmlError::Limit {
                                what: "depth",
                                limit: self.limits.max_depth,
                                offset: self.offset(start),
                            }
                            .into());
                        }
                        self.depth += 1;
                    }
                    Ok(Step::Continue)
                }
            }
        }
    }

    fn finish_stanza(&mut self, end: usize) -> Result<Step, StreamParseError> {
        let start = self.stanza_start.take().unwrap_or(0);
        let base = self.offset(start);
        let chunk = self.buf.split_to(end);
        self.consumed += end as u64;
        self.pos = 0;
        let stanza = &chunk[start..];
        let header = self.header_tag.as_deref().unwrap_or_default();
        let el = parse_in_context(header, stanza, &self.limits).map_err(|e| shift(e, base))?;
        Ok(Step::Event(StreamEvent::Element(el)))
    }
}

enum Step {
    More,
    Continue,
    Event(StreamEvent),
}

fn shift(e: XmlError, base: u64) -> XmlError {
    match e {
        XmlError::Malformed { offset, reason } => XmlError::Malformed {
            offset: base + offset,
            reason,
        },
        other => other,
    }
}

fn start_tag_name(tag: &[u8]) -> &[u8] {
    let inner = tag.get(1..).unwrap_or_default();
    let n = inner
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        .unwrap_or(inner.len());
    &inner[..n]
}

fn trim_end_name(name: &[u8]) -> &[u8] {
    let n = name
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &name[..n]
}

/// Parses one element that appears inside a stream opened by `header_tag` (its namespace
/// declarations are in scope).
pub(crate) fn parse_in_context(
    header_tag: &[u8],
    stanza: &[u8],
    limits: &XmlLimits,
) -> Result<Element, XmlError> {
    if header_tag.is_empty() {
        return Element::parse_with(stanza, limits);
    }
    let mut doc = Vec::with_capacity(header_tag.len() + stanza.len());
    doc.extend_from_slice(header_tag);
    doc.extend_from_slice(stanza);
    let mut reader = NsReader::from_reader(&doc[..]);
    match reader.read_event() {
        Ok(Event::Start(_)) => {}
        _ => {
            return Err(XmlError::Malformed {
                offset: 0,
                reason: "bad stream context".into(),
            })
        }
    }
    parse_tree(&mut reader, limits, 1, false).map_err(|e| match e {
        XmlError::Malformed { offset, reason } => XmlError::Malformed {
            offset: offset.saturating_sub(header_tag.len() as u64),
            reason,
        },
        other => other,
    })
}

fn parse_header(tag: &[u8], limits: &XmlLimits) -> Result<StreamHeader, StreamParseError> {
    let mut reader = NsReader::from_reader(tag);
    let ev = match reader.read_event() {
        Ok(ev) => ev,
        Err(e) => {
            return Err(XmlError::Malformed {
                offset: reader.error_position(),
                reason: e.to_string(),
            }
            .into())
        }
    };
    let Event::Start(start) = ev else {
        return Err(StreamParseError::NotAStreamHeader);
    };
    let ns = reader.resolve_element(start.name()).0;
    let is_stream = matches!(ns, ResolveResult::Bound(n) if n.into_inner() == ns::STREAM.as_bytes())
        && start.local_name().into_inner() == b"stream";
    if !is_stream {
        return Err(StreamParseError::NotAStreamHeader);
    }
    let default_ns = match reader.resolve_element(QName(b"iq")).0 {
        ResolveResult::Bound(n) => String::from_utf8_lossy(n.into_inner()).into_owned(),
        _ => String::new(),
    };
    if default_ns != ns::CLIENT {
        return Err(StreamParseError::InvalidNamespace(default_ns));
    }
    let mut h = StreamHeader::default();
    let mut count = 0;
    for a in start.attributes() {
        let a = a.map_err(|e| XmlError::Malformed {
            offset: 0,
            reason: e.to_string(),
        })?;
        count += 1;
        if count > limits.max_attributes {
            return Err(XmlError::Limit {
                what: "attribute count",
                limit: limits.max_attributes,
                offset: 0,
            }
            .into());
        }
        let value = a
            .unescape_value()
            .map_err(|_| XmlError::Restricted {
                what: "entity reference",
                offset: 0,
            })?
            .into_owned();
        match a.key.as_ref() {
            b"to" => h.to = Some(value),
            b"from" => h.from = Some(value),
            b"id" => h.id = Some(value),
            b"version" => h.version = Some(value),
            b"xml:lang" => h.lang = Some(value),
            _ => {}
        }
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "<?xml version='1.0'?>\n<stream:stream to='example.com' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' xml:lang='en'>\n  <auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldABy</auth> <iq type='get' id='a>b'><query xmlns='http://jabber.org/protocol/disco#info' node=\"x'y\"/></iq><message to='a@b'><body><![CDATA[<not a tag>]]>&amp;</body></message></stream:stream>";

    fn collect(chunks: &[&[u8]]) -> Vec<StreamEvent> {
        let mut p = StreamParser::new(XmlLimits::default());
        let mut out = Vec::new();
        for c in chunks {
            p.push(c);
            while let Some(ev) = p.next_event().unwrap() {
                out.push(ev);
            }
        }
        out
    }

    #[test]
    fn whole_stream() {
        let evs = collect(&[SAMPLE.as_bytes()]);
        assert_eq!(evs.len(), 5, "{evs:?}");
        let StreamEvent::Header(h) = &evs[0] else {
            panic!()
        };
        assert_eq!(h.to.as_deref(), Some("example.com"));
        assert_eq!(h.version.as_deref(), Some("1.0"));
        let StreamEvent::Element(auth) = &evs[1] else {
            panic!()
        };
        assert!(auth.is("auth", ns::SASL));
        let StreamEvent::Element(iq) = &evs[2] else {
            panic!()
        };
        assert!(iq.is("iq", ns::CLIENT));
        assert_eq!(iq.get_attr("id"), Some("a>b"));
        let StreamEvent::Element(m) = &evs[3] else {
            panic!()
        };
        assert_eq!(
            m.get_child("body", ns::CLIENT).unwrap().text_content(),
            "<not a tag>&"
        );
        assert_eq!(evs[4], StreamEvent::Close);
    }

    #[test]
    fn every_split_gives_the_same_events() {
        let whole = collect(&[SAMPLE.as_bytes()]);
        let b = SAMPLE.as_bytes();
        for i in 0..=b.len() {
            assert_eq!(collect(&[&b[..i], &b[i..]]), whole, "split at {i}");
        }
        let bytes: Vec<&[u8]> = b.chunks(1).collect();
        assert_eq!(collect(&bytes), whole);
    }

    #[test]
    fn refuses_dtd_comment_pi() {
        for bad in [
            "<!DOCTYPE x><stream:stream/>",
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><!-- x -->",
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><?pi?>",
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><iq><!DOCTYPE",
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><iq>&ent;</iq>",
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>text",
            "<stream xmlns='jabber:client'>",
            "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'>",
        ] {
            let mut p = StreamParser::new(XmlLimits::default());
            p.push(bad.as_bytes());
            let mut r = Ok(None);
            for _ in 0..4 {
                r = p.next_event();
                if r.is_err() {
                    break;
                }
            }
            assert!(r.is_err(), "{bad} accepted");
            // sticky
            assert!(p.next_event().is_err());
        }
    }

    #[test]
    fn size_limit_without_closing_tag() {
        let mut p = StreamParser::new(XmlLimits {
            max_stanza_bytes: 100,
            ..XmlLimits::default()
        });
        p.push(b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
        assert!(matches!(p.next_event(), Ok(Some(StreamEvent::Header(_)))));
        p.push(b"<message><body>");
        assert_eq!(p.next_event(), Ok(None));
        p.push(&[b'a'; 200]);
        assert!(matches!(
            p.next_event(),
            Err(StreamParseError::Xml(XmlError::Limit { .. }))
        ));
        assert_eq!(p.buffered(), 0);
    }

    #[test]
    fn whitespace_keepalives_do_not_accumulate() {
        let mut p = StreamParser::new(XmlLimits::default());
        p.push(b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
        assert!(p.next_event().unwrap().is_some());
        for _ in 0..1000 {
            p.push(b" \n");
            assert_eq!(p.next_event(), Ok(None));
        }
        assert_eq!(p.buffered(), 0);
    }

    #[test]
    fn restart_keeps_pending_bytes() {
        let mut p = StreamParser::new(XmlLimits::default());
        p.push(b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
        assert!(matches!(p.next_event(), Ok(Some(StreamEvent::Header(_)))));
        assert!(matches!(p.next_event(), Ok(Some(StreamEvent::Element(_)))));
        p.restart();
        assert!(matches!(p.next_event(), Ok(Some(StreamEvent::Header(_)))));
    }
}
