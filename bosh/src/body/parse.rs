//! `<body/>` decoding with quick-xml's `NsReader`: names are matched by (namespace, local
//! name), never by prefix; payloads are sliced out of the input without copying.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::borrow::Cow;

use bytes::Bytes;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

use super::{Body, BodyType, Condition, Version, MAX_RID, NS_HTTPBIND, NS_STREAMS, NS_XBOSH};
use crate::error::BodyError;

const NS_XML: &[u8] = b"http://www.w3.org/XML/1998/namespace";

/// Limits applied while decoding a `<body/>`. Every one is checked before the work it bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyLimits {
    /// Largest accepted body in bytes. Default 256 KiB (Prosody's `c2s_stanza_size_limit`).
    pub max_bytes: usize,
    /// Most payload elements in one body. Default 256.
    pub max_children: usize,
    /// Deepest element nesting, `<body/>` counting as 1. Default 32.
    pub max_depth: usize,
    /// Most attributes on one element. Default 64.
    pub max_attributes: usize,
}

impl Default for BodyLimits {
    fn default() -> Self {
        BodyLimits {
            max_bytes: 256 * 1024,
            max_children: 256,
            max_depth: 32,
            max_attributes: 64,
        }
    }
}

/// The namespace of an element, reduced to what the parser needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NsKind {
    Httpbind,
    Unknown,
    Other,
}

impl NsKind {
    fn of(ns: &ResolveResult<'_>) -> NsKind {
        match ns {
            ResolveResult::Bound(Namespace(n)) if *n == NS_HTTPBIND.as_bytes() => NsKind::Httpbind,
            ResolveResult::Unknown(_) => NsKind::Unknown,
            _ => NsKind::Other,
        }
    }
}

/// Decodes one `<body/>` from `input`.
///
/// Accepts an optional XML declaration, then exactly one `<body/>` element in the
/// `http://jabber.org/protocol/httpbind` namespace, then only whitespace. Rejects comments,
/// processing instructions, DTDs, entity references other than the five predefined ones and
/// character references, character data directly inside `<body/>`, undeclared prefixes,
/// invalid UTF-8 and everything beyond `limits`. Each child element comes back as a slice of
/// `input` in [`Body::payloads`].
pub fn parse_body(input: Bytes, limits: &BodyLimits) -> Result<Body, BodyError> {
    if input.len() > limits.max_bytes {
        return Err(BodyError::TooLarge {
            len: input.len(),
            max: limits.max_bytes,
        });
    }
    if let Err(e) = std::str::from_utf8(&input) {
        return Err(BodyError::Xml {
            offset: e.valid_up_to() as u64,
            reason: "invalid UTF-8".into(),
        });
    }
    // A UTF-8 byte-order mark is legal before the document; drop it here so that every
    // position below (error offsets, payload slices) counts from the same origin.
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let input = match input.strip_prefix(BOM) {
        Some(rest) => input.slice_ref(rest),
        None => input,
    };
    // A second one is character data before the root element (quick-xml would skip it
    // silently and shift every position).
    if input.starts_with(BOM) {
        return Err(BodyError::Xml {
            offset: 0,
            reason: "character data (U+FEFF) before <body/>".into(),
        });
    }
    let mut reader = NsReader::from_reader(&input[..]);
    let mut body: Option<Body> = None;
    // Depth below the root: 0 = outside <body>, 1 = directly inside <body>.
    let mut depth = 0usize;
    let mut child_start = 0usize;
    let mut seen_decl = false;
    let mut closed = false;
    loop {
        let offset = reader.buffer_position();
        let read = reader
            .read_resolved_event()
            .map(|(ns, event)| (NsKind::of(&ns), event));
        let (ns, event) = match read {
            Ok(x) => x,
            Err(e) => {
                return Err(BodyError::Xml {
                    offset: reader.error_position(),
                    reason: e.to_string(),
                })
            }
        };
        if closed {
            match event {
                Event::Eof => break,
                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => continue,
                _ => return Err(BodyError::TrailingData { offset }),
            }
        }
        match event {
            Event::Decl(_) if body.is_none() && !seen_decl => seen_decl = true,
            Event::Decl(_) | Event::PI(_) => {
                return Err(BodyError::Forbidden {
                    what: "processing instruction",
                    offset,
                })
            }
            Event::Comment(_) => {
                return Err(BodyError::Forbidden {
                    what: "comment",
                    offset,
                })
            }
            Event::DocType(_) => {
                return Err(BodyError::Forbidden {
                    what: "DTD",
                    offset,
                })
            }
            Event::GeneralRef(r) => {
                if depth <= 1 {
                    return Err(BodyError::CharacterData { offset });
                }
                let ok = if r.is_char_ref() {
                    matches!(r.resolve_char_ref(), Ok(Some(_)))
                } else {
                    matches!(&*r, b"lt" | b"gt" | b"amp" | b"apos" | b"quot")
                };
                if !ok {
                    return Err(BodyError::Forbidden {
                        what: "entity reference",
                        offset,
                    });
                }
            }
            Event::Text(t) => {
                if depth <= 1 && !t.iter().all(u8::is_ascii_whitespace) {
                    return Err(BodyError::CharacterData { offset });
                }
            }
            Event::CData(_) => {
                if depth <= 1 {
                    return Err(BodyError::CharacterData { offset });
                }
            }
            Event::Start(ref e) | Event::Empty(ref e) if depth == 0 => {
                let empty = matches!(event, Event::Empty(_));
                if body.is_some() {
                    return Err(BodyError::TrailingData { offset });
                }
                let is_body = ns == NsKind::Httpbind && e.local_name().as_ref() == b"body";
                if !is_body {
                    return Err(BodyError::NotBody { offset });
                }
                body = Some(read_body_attributes(&reader, e, offset, limits)?);
                if empty {
                    closed = true;
                } else {
                    depth = 1;
                }
            }
            Event::Start(e) => {
                check_child(&reader, ns, &e, offset, limits, depth + 1)?;
                if depth == 1 {
                    child_start = offset as usize;
                }
                depth += 1;
            }
            Event::Empty(e) => {
                check_child(&reader, ns, &e, offset, limits, depth + 1)?;
                if depth == 1 {
                    push_payload(&mut body, &input, offset as usize, &reader, limits)?;
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 1 {
                    push_payload(&mut body, &input, child_start, &reader, limits)?;
                } else if depth == 0 {
                    closed = true;
                }
            }
            Event::Eof => {
                return Err(BodyError::Truncated {
                    offset: input.len() as u64,
                })
            }
        }
    }
    body.ok_or(BodyError::Truncated {
        offset: input.len() as u64,
    })
}

fn push_payload(
    body: &mut Option<Body>,
    input: &Bytes,
    start: usize,
    reader: &NsReader<&[u8]>,
    limits: &BodyLimits,
) -> Result<(), BodyError> {
    let end = reader.buffer_position() as usize;
    let Some(body) = body.as_mut() else {
        return Err(BodyError::NotBody { offset: 0 });
    };
    if body.payloads.len() >= limits.max_children {
        return Err(BodyError::TooManyChildren {
            max: limits.max_children,
        });
    }
    if start > end || end > input.len() {
        return Err(BodyError::Truncated {
            offset: input.len() as u64,
        });
    }
    body.payloads.push(input.slice(start..end));
    Ok(())
}

fn check_child(
    reader: &NsReader<&[u8]>,
    ns: NsKind,
    e: &BytesStart<'_>,
    offset: u64,
    limits: &BodyLimits,
    depth: usize,
) -> Result<(), BodyError> {
    if depth > limits.max_depth {
        return Err(BodyError::TooDeep {
            offset,
            max: limits.max_depth,
        });
    }
    if ns == NsKind::Unknown {
        return Err(BodyError::UndeclaredPrefix { offset });
    }
    let mut count = 0usize;
    for attr in e.attributes() {
        let attr = attr.map_err(|err| BodyError::Xml {
            offset,
            reason: err.to_string(),
        })?;
        count += 1;
        if count > limits.max_attributes {
            return Err(BodyError::TooManyAttributes {
                offset,
                max: limits.max_attributes,
            });
        }
        if attr.value.contains(&b'&') {
            // Validates entity references in attribute values (only the predefined five
            // and character references).
            attr.unescape_value().map_err(|_| BodyError::Forbidden {
                what: "entity reference",
                offset,
            })?;
        }
        let (attr_ns, _) = reader.resolve_attribute(attr.key);
        if matches!(attr_ns, ResolveResult::Unknown(_)) {
            return Err(BodyError::UndeclaredPrefix { offset });
        }
    }
    Ok(())
}

fn read_body_attributes(
    reader: &NsReader<&[u8]>,
    e: &BytesStart<'_>,
    offset: u64,
    limits: &BodyLimits,
) -> Result<Body, BodyError> {
    let mut body = Body::default();
    let mut count = 0usize;
    for attr in e.attributes() {
        let attr = attr.map_err(|err| BodyError::Xml {
            offset,
            reason: err.to_string(),
        })?;
        count += 1;
        if count > limits.max_attributes {
            return Err(BodyError::TooManyAttributes {
                offset,
                max: limits.max_attributes,
            });
        }
        let key = attr.key.as_ref();
        let value = attr.unescape_value().map_err(|err| BodyError::Xml {
            offset,
            reason: err.to_string(),
        })?;
        if key == b"xmlns" {
            continue;
        }
        if let Some(prefix) = key.strip_prefix(b"xmlns:") {
            if prefix == b"stream" && value == NS_STREAMS {
                body.stream_ns = true;
            } else {
                // The document was checked to be UTF-8 before it was parsed.
                let prefix = String::from_utf8_lossy(prefix).into_owned();
                body.namespaces.push((prefix, value.into_owned()));
            }
            continue;
        }
        let (attr_ns, local) = reader.resolve_attribute(attr.key);
        match attr_ns {
            ResolveResult::Unbound => set_plain(&mut body, local.as_ref(), value)?,
            ResolveResult::Bound(Namespace(n)) if n == NS_XBOSH.as_bytes() => {
                match local.as_ref() {
                    b"version" => body.xmpp_version = Some(value.into_owned()),
                    b"restart" => body.xmpp_restart = parse_bool("xmpp:restart", &value)?,
                    b"restartlogic" => {
                        body.xmpp_restartlogic = parse_bool("xmpp:restartlogic", &value)?
                    }
                    _ => {}
                }
            }
            ResolveResult::Bound(Namespace(n)) if n == NS_XML => {
                if local.as_ref() == b"lang" {
                    body.lang = Some(value.into_owned());
                }
            }
            ResolveResult::Bound(_) => {}
            ResolveResult::Unknown(_) => return Err(BodyError::UndeclaredPrefix { offset }),
        }
    }
    if body.xmpp_version.is_some() || body.xmpp_restart || body.xmpp_restartlogic {
        // The writer declares this one itself whenever an xmpp: attribute needs it.
        body.namespaces
            .retain(|(prefix, uri)| !(prefix == "xmpp" && uri == NS_XBOSH));
    }
    Ok(body)
}

fn set_plain(body: &mut Body, name: &[u8], value: Cow<'_, str>) -> Result<(), BodyError> {
    match name {
        b"rid" => body.rid = Some(parse_id("rid", &value, 1)?),
        b"sid" => body.sid = Some(value.into_owned()),
        b"to" => body.to = Some(value.into_owned()),
        b"from" => body.from = Some(value.into_owned()),
        b"ver" => {
            body.ver = Some(
                value
                    .parse::<Version>()
                    .map_err(|()| BodyError::BadAttribute {
                        name: "ver",
                        value: cut(&value),
                        reason: "expected major.minor",
                    })?,
            )
        }
        b"wait" => body.wait = Some(parse_num("wait", &value)?),
        b"hold" => body.hold = Some(parse_num("hold", &value)?),
        b"requests" => body.requests = Some(parse_num("requests", &value)?),
        b"polling" => body.polling = Some(parse_num("polling", &value)?),
        b"inactivity" => body.inactivity = Some(parse_num("inactivity", &value)?),
        b"maxpause" => body.maxpause = Some(parse_num("maxpause", &value)?),
        b"pause" => body.pause = Some(parse_num("pause", &value)?),
        b"ack" => body.ack = Some(parse_id("ack", &value, 0)?),
        b"report" => body.report = Some(parse_id("report", &value, 0)?),
        b"time" => body.time = Some(parse_num("time", &value)?),
        b"type" => {
            body.body_type = match &*value {
                "terminate" => Some(BodyType::Terminate),
                "error" => Some(BodyType::Error),
                _ => {
                    return Err(BodyError::BadAttribute {
                        name: "type",
                        value: cut(&value),
                        reason: "expected terminate or error",
                    })
                }
            }
        }
        b"condition" => body.condition = Some(Condition::parse(&value)),
        b"route" => body.route = Some(value.into_owned()),
        b"content" => body.content = Some(value.into_owned()),
        b"accept" => body.accept = Some(value.into_owned()),
        b"charsets" => body.charsets = Some(value.into_owned()),
        b"authid" => body.authid = Some(value.into_owned()),
        b"stream" => body.stream = Some(value.into_owned()),
        b"secure" => body.secure = Some(parse_bool("secure", &value)?),
        b"newkey" => body.newkey = Some(value.into_owned()),
        b"key" => body.key = Some(value.into_owned()),
        _ => {}
    }
    Ok(())
}

fn cut(value: &str) -> String {
    value.chars().take(64).collect()
}

fn parse_bool(name: &'static str, value: &str) -> Result<bool, BodyError> {
    match value {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(BodyError::BadAttribute {
            name,
            value: cut(value),
            reason: "expected a boolean",
        }),
    }
}

fn parse_num<T: std::str::FromStr>(name: &'static str, value: &str) -> Result<T, BodyError> {
    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    let parsed = if digits {
        value.parse::<T>().ok()
    } else {
        None
    };
    parsed.ok_or_else(|| BodyError::BadAttribute {
        name,
        value: cut(value),
        reason: "expected an unsigned integer in range",
    })
}

fn parse_id(name: &'static str, value: &str, min: u64) -> Result<u64, BodyError> {
    let n: u64 = parse_num(name, value)?;
    if n < min || n > MAX_RID {
        return Err(BodyError::BadAttribute {
            name,
            value: cut(value),
            reason: "outside 1..=2^53-1",
        });
    }
    Ok(n)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Body, BodyError> {
        parse_body(Bytes::copy_from_slice(s.as_bytes()), &BodyLimits::default())
    }

    #[test]
    fn creation_request_of_strophe() {
        let b = parse(
            "<body rid='1573741820' xmlns='http://jabber.org/protocol/httpbind' to='example.com' \
             xml:lang='en' wait='60' hold='1' content='text/xml; charset=utf-8' ver='1.6' \
             xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>",
        )
        .unwrap();
        assert_eq!(b.rid, Some(1573741820));
        assert_eq!(b.to.as_deref(), Some("example.com"));
        assert_eq!(b.lang.as_deref(), Some("en"));
        assert_eq!(b.wait, Some(60));
        assert_eq!(b.hold, Some(1));
        assert_eq!(b.ver, Some(Version::V1_6));
        assert_eq!(b.xmpp_version.as_deref(), Some("1.0"));
        assert!(b.payloads.is_empty());
    }

    #[test]
    fn payloads_are_slices_in_order() {
        let b = parse(
            "<?xml version='1.0'?><b:body xmlns:b='http://jabber.org/protocol/httpbind' rid='2' sid='s'>\
             <message xmlns='jabber:client' to='a@b'><body>x &amp; y</body></message> \
             <presence xmlns='jabber:client'/></b:body>\n",
        )
        .unwrap();
        assert_eq!(b.payloads.len(), 2);
        assert_eq!(
            &b.payloads[0][..],
            b"<message xmlns='jabber:client' to='a@b'><body>x &amp; y</body></message>"
        );
        assert_eq!(&b.payloads[1][..], b"<presence xmlns='jabber:client'/>");
    }

    #[test]
    fn wrong_namespace_is_not_body() {
        assert!(matches!(
            parse("<body xmlns='jabber:client' rid='1'/>"),
            Err(BodyError::NotBody { .. })
        ));
        assert!(matches!(
            parse("<body rid='1'/>"),
            Err(BodyError::NotBody { .. })
        ));
    }

    #[test]
    fn forbidden_constructs() {
        let ns = "xmlns='http://jabber.org/protocol/httpbind'";
        for (doc, what) in [
            (format!("<body {ns}><!-- c --></body>"), "comment"),
            (
                format!("<body {ns}><?pi x?></body>"),
                "processing instruction",
            ),
            (format!("<!DOCTYPE body><body {ns}/>"), "DTD"),
            (
                format!("<body {ns}><m>&foo;</m></body>"),
                "entity reference",
            ),
        ] {
            match parse(&doc) {
                Err(BodyError::Forbidden { what: w, .. }) => assert_eq!(w, what, "{doc}"),
                other => panic!("{doc}: {other:?}"),
            }
        }
    }

    #[test]
    fn character_data_in_body_is_rejected() {
        assert!(matches!(
            parse("<body xmlns='http://jabber.org/protocol/httpbind'>hi</body>"),
            Err(BodyError::CharacterData { .. })
        ));
    }

    #[test]
    fn truncated_and_trailing() {
        assert!(matches!(
            parse("<body xmlns='http://jabber.org/protocol/httpbind'><message>"),
            Err(BodyError::Truncated { .. } | BodyError::Xml { .. })
        ));
        assert!(matches!(
            parse("<body xmlns='http://jabber.org/protocol/httpbind'/><x/>"),
            Err(BodyError::TrailingData { .. })
        ));
        assert!(matches!(parse(""), Err(BodyError::Truncated { .. })));
    }

    #[test]
    fn limits_are_enforced() {
        let limits = BodyLimits {
            max_bytes: 100,
            max_children: 2,
            max_depth: 3,
            max_attributes: 3,
        };
        let p = |s: &str| parse_body(Bytes::copy_from_slice(s.as_bytes()), &limits);
        assert!(matches!(
            p(&"x".repeat(101)),
            Err(BodyError::TooLarge { .. })
        ));
        assert!(matches!(
            p("<body xmlns='http://jabber.org/protocol/httpbind'><a/><b/><c/></body>"),
            Err(BodyError::TooManyChildren { max: 2 })
        ));
        assert!(matches!(
            p("<body xmlns='http://jabber.org/protocol/httpbind'><a><b><c/></b></a></body>"),
            Err(BodyError::TooDeep { max: 3, .. })
        ));
        assert!(matches!(
            p("<body xmlns='http://jabber.org/protocol/httpbind'><a w='1' x='1' y='1' z='1'/></body>"),
            Err(BodyError::TooManyAttributes { max: 3, .. })
        ));
    }

    #[test]
    fn bad_attribute_values() {
        let ns = "xmlns='http://jabber.org/protocol/httpbind'";
        for doc in [
            format!("<body {ns} rid='x'/>"),
            format!("<body {ns} rid='9007199254740992'/>"),
            format!("<body {ns} hold='256'/>"),
            format!("<body {ns} wait='-1'/>"),
            format!("<body {ns} type='bogus'/>"),
            format!("<body {ns} ver='1'/>"),
        ] {
            assert!(
                matches!(parse(&doc), Err(BodyError::BadAttribute { .. })),
                "{doc}"
            );
        }
    }

    #[test]
    fn undeclared_prefix_is_rejected() {
        assert!(matches!(
            parse("<body xmlns='http://jabber.org/protocol/httpbind'><stream:features/></body>"),
            Err(BodyError::UndeclaredPrefix { .. })
        ));
    }
}
