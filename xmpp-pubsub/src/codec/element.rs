//! A small owned XML element tree: what stanzas are parsed into and serialised from.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::codec::limits::XmlLimits;

/// Why a piece of XML was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XmlError {
    /// Not well-formed XML (quick-xml's message), at a byte offset of the parsed slice.
    #[error("malformed XML at byte {offset}: {reason}")]
    Malformed {
        /// Byte offset.
        offset: u64,
        /// What the XML parser said.
        reason: String,
    },
    /// A DTD, comment, processing instruction or an entity other than the five predefined ones
    /// and character references (RFC 6120 §11.1 restricted XML).
    #[error("restricted XML ({what}) at byte {offset}")]
    Restricted {
        /// What was found.
        what: &'static str,
        /// Byte offset.
        offset: u64,
    },
    /// A prefix that no namespace declaration binds.
    #[error("unbound namespace prefix {prefix:?} at byte {offset}")]
    UnboundPrefix {
        /// The prefix.
        prefix: String,
        /// Byte offset.
        offset: u64,
    },
    /// A configured limit was exceeded.
    #[error("{what} limit {limit} exceeded at byte {offset}")]
    Limit {
        /// Which limit.
        what: &'static str,
        /// Its value.
        limit: usize,
        /// Byte offset.
        offset: u64,
    },
    /// Bytes that are not UTF-8.
    #[error("invalid UTF-8 at byte {offset}")]
    Utf8 {
        /// Byte offset.
        offset: u64,
    },
}

/// Well-formed, self-contained serialised XML (one element with its namespace declared),
/// shared without copying. Item payloads are kept this way so that one publish fans out to
/// any number of subscribers without re-serialising.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RawXml(Bytes);

impl RawXml {
    /// Serialises an element (declaring its namespace) into shareable bytes.
    pub fn from_element(el: &Element) -> RawXml {
        let mut out = BytesMut::with_capacity(256);
        el.write_inner(&mut out, None);
        RawXml(out.freeze())
    }

    /// Checks that `bytes` is exactly one well-formed element and wraps it.
    pub fn parse(bytes: Bytes, limits: &XmlLimits) -> Result<RawXml, XmlError> {
        Element::parse_with(&bytes, limits)?;
        Ok(RawXml(bytes))
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &Bytes {
        &self.0
    }

    /// Parses the bytes back into an element.
    pub fn to_element(&self) -> Result<Element, XmlError> {
        Element::parse(&self.0)
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no bytes (never true for a value built by this crate).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for RawXml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawXml({:?})", String::from_utf8_lossy(&self.0))
    }
}

/// A child of an [`Element`].
#[derive(Clone, PartialEq, Eq)]
pub enum Node {
    /// A child element.
    Element(Element),
    /// Character data (unescaped).
    Text(String),
    /// Pre-serialised XML written verbatim.
    Raw(RawXml),
}

impl fmt::Debug for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Element(e) => e.fmt(f),
            Node::Text(t) => write!(f, "Text({t:?})"),
            Node::Raw(r) => r.fmt(f),
        }
    }
}

/// An XML element with its namespace resolved. Attribute names are local names, except
/// `xml:lang`-style attributes (kept as `xml:…`) and other namespaced attributes (kept in
/// Clark notation, `{uri}local`).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Element {
    name: String,
    ns: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

impl fmt::Debug for Element {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.to_bytes()))
    }
}

impl Element {
    /// A new empty element `name` in namespace `ns` (`""` for none).
    pub fn new(name: impl Into<String>, ns: impl Into<String>) -> Element {
        Element {
            name: name.into(),
            ns: ns.into(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Builder: sets an attribute.
    #[must_use]
    pub fn attr(mut self, name: impl Into<String>, value: impl Into<String>) -> Element {
        self.set_attr(name, value);
        self
    }

    /// Builder: sets an attribute if `value` is `Some`.
    #[must_use]
    pub fn attr_opt(
        mut self,
        name: impl Into<String>,
        value: Option<impl Into<String>>,
    ) -> Element {
        if let Some(v) = value {
            self.set_attr(name, v);
        }
        self
    }

    /// Builder: appends a child element.
    #[must_use]
    pub fn child(mut self, child: Element) -> Element {
        self.children.push(Node::Element(child));
        self
    }

    /// Builder: appends character data.
    #[must_use]
    pub fn text(mut self, text: impl Into<String>) -> Element {
        self.children.push(Node::Text(text.into()));
        self
    }

    /// Local name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Namespace URI (`""` for none).
    pub fn ns(&self) -> &str {
        &self.ns
    }

    /// Whether this is `name` in namespace `ns`.
    pub fn is(&self, name: &str, ns: &str) -> bool {
        self.name == name && self.ns == ns
    }

    /// An attribute value.
    pub fn get_attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// All attributes in document order.
    pub fn attrs(&self) -> &[(String, String)] {
        &self.attrs
    }

    /// Sets (or replaces) an attribute.
    pub fn set_attr(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        match self.attrs.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((name, value)),
        }
    }

    /// Removes an attribute, returning its value.
    pub fn remove_attr(&mut self, name: &str) -> Option<String> {
        let i = self.attrs.iter().position(|(k, _)| k == name)?;
        Some(self.attrs.remove(i).1)
    }

    /// All child nodes.
    pub fn nodes(&self) -> &[Node] {
        &self.children
    }

    /// Takes the child nodes out.
    pub fn take_nodes(&mut self) -> Vec<Node> {
        std::mem::take(&mut self.children)
    }

    /// Child elements.
    pub fn children(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The first child element `name` in namespace `ns`.
    pub fn get_child(&self, name: &str, ns: &str) -> Option<&Element> {
        self.children().find(|c| c.is(name, ns))
    }

    /// Appends a child node.
    pub fn push(&mut self, node: Node) {
        self.children.push(node);
    }

    /// Appends a child element.
    pub fn push_child(&mut self, child: Element) {
        self.children.push(Node::Element(child));
    }

    /// The concatenated character data of the direct children.
    pub fn text_content(&self) -> String {
        let mut s = String::new();
        for n in &self.children {
            if let Node::Text(t) = n {
                s.push_str(t);
            }
        }
        s
    }

    /// Parses one complete element (optionally after an XML declaration) with default limits.
    pub fn parse(xml: &[u8]) -> Result<Element, XmlError> {
        Element::parse_with(xml, &XmlLimits::default())
    }

    /// Parses one complete element with the given limits.
    pub fn parse_with(xml: &[u8], limits: &XmlLimits) -> Result<Element, XmlError> {
        if xml.len() > limits.max_stanza_bytes {
            return Err(XmlError::Limit {
                what: "size",
                limit: limits.max_stanza_bytes,
                offset: 0,
            });
        }
        let mut reader = NsReader::from_reader(xml);
        let root = parse_tree(&mut reader, limits, 0, true)?;
        // Nothing but whitespace may follow.
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => return Ok(root),
                Ok(Event::Text(t)) if t.iter().all(u8::is_ascii_whitespace) => {}
                Ok(_) => {
                    return Err(XmlError::Malformed {
                        offset: reader.buffer_position(),
                        reason: "content after the root element".into(),
                    })
                }
                Err(e) => return Err(malformed(&reader, e)),
            }
        }
    }

    /// Serialises with namespace declarations as needed (this element always declares its
    /// namespace).
    pub fn to_bytes(&self) -> Bytes {
        let mut out = BytesMut::with_capacity(128);
        self.write_to(&mut out);
        out.freeze()
    }

    /// Appends the serialisation to `out` (this element always declares its namespace).
    pub fn write_to(&self, out: &mut BytesMut) {
        self.write_inner(out, None);
    }

    /// Appends the serialisation, omitting `xmlns` when `parent_ns` already is this element's
    /// namespace (used for stanzas inside a `jabber:client` stream).
    pub fn write_in_ns(&self, out: &mut BytesMut, parent_ns: &str) {
        self.write_inner(out, Some(parent_ns));
    }

    pub(crate) fn write_inner(&self, out: &mut BytesMut, parent_ns: Option<&str>) {
        out.put_u8(b'<');
        out.put_slice(self.name.as_bytes());
        if parent_ns != Some(self.ns.as_str()) {
            out.put_slice(b" xmlns='");
            escape_attr(out, &self.ns);
            out.put_u8(b'\'');
        }
        let mut prefix_n = 0usize;
        for (k, v) in &self.attrs {
            out.put_u8(b' ');
            if let Some(rest) = k.strip_prefix('{') {
                // Clark notation: declare a prefix for this attribute.
                let (uri, local) = rest.split_once('}').unwrap_or(("", rest));
                let p = format!("a{prefix_n}");
                prefix_n += 1;
                out.put_slice(b"xmlns:");
                out.put_slice(p.as_bytes());
                out.put_slice(b"='");
                escape_attr(out, uri);
                out.put_slice(b"' ");
                out.put_slice(p.as_bytes());
                out.put_u8(b':');
                out.put_slice(local.as_bytes());
            } else {
                out.put_slice(k.as_bytes());
            }
            out.put_slice(b"='");
            escape_attr(out, v);
            out.put_u8(b'\'');
        }
        if self.children.is_empty() {
            out.put_slice(b"/>");
            return;
        }
        out.put_u8(b'>');
        for n in &self.children {
            match n {
                Node::Element(e) => e.write_inner(out, Some(&self.ns)),
                Node::Text(t) => escape_text(out, t),
                Node::Raw(r) => out.put_slice(r.as_bytes()),
            }
        }
        out.put_slice(b"</");
        out.put_slice(self.name.as_bytes());
        out.put_u8(b'>');
    }
}

/// Escapes character data (`&`, `<`, `>`).
pub(crate) fn escape_text(out: &mut BytesMut, s: &str) {
    escape_with(out, s, |b| matches!(b, b'&' | b'<' | b'>'))
}

/// Escapes an attribute value for single quotes.
pub(crate) fn escape_attr(out: &mut BytesMut, s: &str) {
    escape_with(out, s, |b| {
        matches!(b, b'&' | b'<' | b'>' | b'\'' | b'"' | b'\t' | b'\n' | b'\r')
    })
}

fn escape_with(out: &mut BytesMut, s: &str, special: impl Fn(u8) -> bool) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if special(b) {
            out.put_slice(&bytes[start..i]);
            let rep: &[u8] = match b {
                b'&' => b"&amp;",
                b'<' => b"&lt;",
                b'>' => b"&gt;",
                b'\'' => b"&apos;",
                b'"' => b"&quot;",
                b'\t' => b"&#9;",
                b'\n' => b"&#10;",
                _ => b"&#13;",
            };
            out.put_slice(rep);
            start = i + 1;
        }
    }
    out.put_slice(&bytes[start..]);
}

fn malformed(reader: &NsReader<&[u8]>, e: quick_xml::Error) -> XmlError {
    XmlError::Malformed {
        offset: reader.error_position(),
        reason: e.to_string(),
    }
}

fn to_str(b: &[u8], offset: u64) -> Result<&str, XmlError> {
    std::str::from_utf8(b).map_err(|_| XmlError::Utf8 { offset })
}

/// An XML name (approximation of the `Name` production: ASCII letters, digits, `-._`, and any
/// non-ASCII character; not starting with a digit, `-` or `.`).
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') || !c.is_ascii();
    ok(first) && !first.is_ascii_digit() && !matches!(first, '-' | '.') && chars.all(ok)
}

fn check_name(name: &str, offset: u64) -> Result<(), XmlError> {
    if valid_name(name) {
        Ok(())
    } else {
        Err(XmlError::Malformed {
            offset,
            reason: format!("invalid XML name {name:?}"),
        })
    }
}

fn ns_of(r: ResolveResult<'_>, offset: u64) -> Result<String, XmlError> {
    match r {
        // The resolver hands out the declaration's value as written: unescape it.
        ResolveResult::Bound(ns) => {
            let raw = to_str(ns.into_inner(), offset)?;
            if raw.contains('<') {
                return Err(XmlError::Malformed {
                    offset,
                    reason: "'<' in a namespace name".into(),
                });
            }
            match quick_xml::escape::unescape(raw) {
                Ok(v) => Ok(v.into_owned()),
                Err(_) => Err(XmlError::Restricted {
                    what: "entity reference",
                    offset,
                }),
            }
        }
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(p) => Err(XmlError::UnboundPrefix {
            prefix: String::from_utf8_lossy(&p).into_owned(),
            offset,
        }),
    }
}

fn start_element(
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    limits: &XmlLimits,
) -> Result<Element, XmlError> {
    let offset = reader.buffer_position();
    let ns = ns_of(reader.resolve_element(start.name()).0, offset)?;
    let name = to_str(start.local_name().into_inner(), offset)?.to_owned();
    check_name(&name, offset)?;
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| XmlError::Malformed {
            offset,
            reason: e.to_string(),
        })?;
        let key = a.key;
        if key.as_namespace_binding().is_some() {
            continue;
        }
        if attrs.len() >= limits.max_attributes {
            return Err(XmlError::Limit {
                what: "attribute count",
                limit: limits.max_attributes,
                offset,
            });
        }
        if a.value.contains(&b'<') {
            return Err(XmlError::Malformed {
                offset,
                reason: "'<' in an attribute value".into(),
            });
        }
        let value = match a.unescape_value() {
            Ok(v) => v.into_owned(),
            Err(quick_xml::Error::Escape(_)) => {
                return Err(XmlError::Restricted {
                    what: "entity reference",
                    offset,
                })
            }
            Err(e) => {
                return Err(XmlError::Malformed {
                    offset,
                    reason: e.to_string(),
                })
            }
        };
        let local = to_str(key.local_name().into_inner(), offset)?;
        check_name(local, offset)?;
        let k = match key.prefix() {
            None => local.to_owned(),
            Some(p) if p.as_ref() == b"xml" => format!("xml:{local}"),
            Some(_) => {
                let (r, _) = reader.resolve_attribute(key);
                format!("{{{}}}{local}", ns_of(r, offset)?)
            }
        };
        if attrs.iter().any(|(k2, _): &(String, String)| *k2 == k) {
            return Err(XmlError::Malformed {
                offset,
                reason: format!("duplicate attribute {k}"),
            });
        }
        attrs.push((k, value));
    }
    Ok(Element {
        name,
        ns,
        attrs,
        children: Vec::new(),
    })
}

/// Reads events from `reader` and builds the tree of the next element. When `skip_prolog` is
/// set, leading whitespace and an XML declaration are allowed first.
pub(crate) fn parse_tree(
    reader: &mut NsReader<&[u8]>,
    limits: &XmlLimits,
    base_depth: usize,
    skip_prolog: bool,
) -> Result<Element, XmlError> {
    let mut stack: Vec<Element> = Vec::new();
    let mut text_bytes = 0usize;
    loop {
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => return Err(malformed(reader, e)),
        };
        let offset = reader.buffer_position();
        match ev {
            Event::Start(s) => {
                if base_depth + stack.len() + 1 > limits.max_depth {
                    return Err(XmlError::Limit {
                        what: "depth",
                        limit: limits.max_depth,
                        offset,
                    });
                }
                let el = start_element(reader, &s, limits)?;
                stack.push(el);
            }
            Event::Empty(s) => {
                if base_depth + stack.len() + 1 > limits.max_depth {
                    return Err(XmlError::Limit {
                        what: "depth",
                        limit: limits.max_depth,
                        offset,
                    });
                }
                let el = start_element(reader, &s, limits)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => return Ok(el),
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else {
                    return Err(XmlError::Malformed {
                        offset,
                        reason: "unexpected end tag".into(),
                    });
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => return Ok(el),
                }
            }
            Event::Text(t) => {
                let Some(parent) = stack.last_mut() else {
                    if skip_prolog && t.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Err(XmlError::Malformed {
                        offset,
                        reason: "text outside the root element".into(),
                    });
                };
                let s = to_str(&t, offset)?;
                push_text(parent, s, &mut text_bytes, limits, offset)?;
            }
            Event::CData(t) => {
                let Some(parent) = stack.last_mut() else {
                    return Err(XmlError::Malformed {
                        offset,
                        reason: "CDATA outside the root element".into(),
                    });
                };
                let s = to_str(&t, offset)?;
                push_text(parent, s, &mut text_bytes, limits, offset)?;
            }
            Event::GeneralRef(r) => {
                let Some(parent) = stack.last_mut() else {
                    return Err(XmlError::Malformed {
                        offset,
                        reason: "reference outside the root element".into(),
                    });
                };
                let mut buf = [0u8; 4];
                let s: &str = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) if is_xml_char(c) => c.encode_utf8(&mut buf),
                        _ => {
                            return Err(XmlError::Malformed {
                                offset,
                                reason: "invalid character reference".into(),
                            })
                        }
                    }
                } else {
                    let name = to_str(&r, offset)?;
                    match quick_xml::escape::resolve_predefined_entity(name) {
                        Some(s) => s,
                        None => {
                            return Err(XmlError::Restricted {
                                what: "entity reference",
                                offset,
                            })
                        }
                    }
                };
                push_text(parent, s, &mut text_bytes, limits, offset)?;
            }
            Event::Decl(_) if skip_prolog && stack.is_empty() => {}
            Event::Decl(_) | Event::PI(_) => {
                return Err(XmlError::Restricted {
                    what: "processing instruction",
                    offset,
                })
            }
            Event::Comment(_) => {
                return Err(XmlError::Restricted {
                    what: "comment",
                    offset,
                })
            }
            Event::DocType(_) => {
                return Err(XmlError::Restricted {
                    what: "DTD",
                    offset,
                })
            }
            Event::Eof => {
                return Err(XmlError::Malformed {
                    offset,
                    reason: "unexpected end of input".into(),
                })
            }
        }
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn push_text(
    parent: &mut Element,
    s: &str,
    total: &mut usize,
    limits: &XmlLimits,
    offset: u64,
) -> Result<(), XmlError> {
    *total += s.len();
    if *total > limits.max_stanza_bytes {
        return Err(XmlError::Limit {
            what: "text size",
            limit: limits.max_stanza_bytes,
            offset,
        });
    }
    match parent.children.last_mut() {
        Some(Node::Text(prev)) => prev.push_str(s),
        _ => parent.children.push(Node::Text(s.to_owned())),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_serialise() {
        let xml = br#"<?xml version='1.0'?><iq xmlns="jabber:client" type='get' id="a&amp;b"><p:ping xmlns:p="urn:xmpp:ping"/>x &lt;&#65;<![CDATA[<y>]]></iq>"#;
        let el = Element::parse(xml).unwrap();
        assert!(el.is("iq", "jabber:client"));
        assert_eq!(el.get_attr("id"), Some("a&b"));
        assert!(el.get_child("ping", "urn:xmpp:ping").is_some());
        assert_eq!(el.text_content(), "x <A<y>");
        let out = el.to_bytes();
        assert_eq!(
            &out[..],
            b"<iq xmlns='jabber:client' type='get' id='a&amp;b'><ping xmlns='urn:xmpp:ping'/>x &lt;A&lt;y&gt;</iq>"
        );
        assert_eq!(Element::parse(&out).unwrap(), el);
    }

    #[test]
    fn refuses_restricted_xml() {
        for bad in [
            &b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"[..],
            b"<x>&a;</x>",
            b"<x><!-- c --></x>",
            b"<x><?pi x?></x>",
            b"<x a='&foo;'/>",
            b"<p:x/>",
            b"<x></y>",
            b"<x>",
            b"<x/><y/>",
        ] {
            assert!(
                Element::parse(bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn limits() {
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(matches!(
            Element::parse(deep.as_bytes()),
            Err(XmlError::Limit { what: "depth", .. })
        ));
        let many: String = (0..100).map(|i| format!(" a{i}='x'")).collect();
        assert!(matches!(
            Element::parse(format!("<a{many}/>").as_bytes()),
            Err(XmlError::Limit {
                what: "attribute count",
                ..
            })
        ));
    }

    #[test]
    fn escaped_namespace_names_round_trip() {
        // Found by the xmpp_stanza fuzz target: the resolver returns the raw value.
        let el =
            Element::parse(b"<a xmlns='urn:x&amp;y'><b xmlns:p='urn:&lt;' p:c='1'/></a>").unwrap();
        assert_eq!(el.ns(), "urn:x&y");
        assert_eq!(Element::parse(&el.to_bytes()).unwrap(), el);
        assert!(Element::parse(b"<a xmlns='urn:<x'/>").is_err());
        // Found by the fuzzer: an attribute name that looks like Clark notation.
        assert!(Element::parse(b"<a {mlns='x'/>").is_err());
        assert!(Element::parse(b"<1a/>").is_err());
        assert!(Element::parse("<é-1.x_y z.1='v'/>".as_bytes()).is_ok());
        let bare_amp = Element::parse(b"<a xmlns='urn:x&y'/>");
        assert!(bare_amp.is_err(), "{bare_amp:?}");
        assert!(Element::parse(b"<a b='<'/>").is_err());
    }

    #[test]
    fn namespaced_attributes_round_trip() {
        let el = Element::parse(b"<a xmlns='x' xmlns:q='urn:q' q:b='1' xml:lang='en'/>").unwrap();
        assert_eq!(el.get_attr("{urn:q}b"), Some("1"));
        assert_eq!(el.get_attr("xml:lang"), Some("en"));
        assert_eq!(Element::parse(&el.to_bytes()).unwrap(), el);
    }
}
