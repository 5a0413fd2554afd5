//! Parsing an envelope: one pass over the document with quick-xml's namespace-resolving
//! reader, matching on (namespace, local name) and never on prefixes.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::fault::Fault;
use super::version::{SoapVersion, SOAP11_ACTOR_NEXT, SOAP12_ROLE_NEXT, SOAP12_ROLE_ULTIMATE};
use crate::error::EnvelopeError;
use crate::limits::Limits;

/// A parsed SOAP envelope: version, header blocks and the single Body element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The version, from the envelope namespace.
    pub version: SoapVersion,
    /// The header blocks, in document order (empty when there is no `Header`).
    pub headers: Vec<HeaderBlock>,
    /// The one element inside `Body` (a payload or a `Fault`).
    pub body: Payload,
}

/// One child of `Header`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderBlock {
    /// Namespace of the block element.
    pub namespace: Option<String>,
    /// Local name of the block element.
    pub name: String,
    /// `mustUnderstand` was `1`/`true`.
    pub must_understand: bool,
    /// `actor` (SOAP 1.1) or `role` (SOAP 1.2), when present.
    pub actor: Option<String>,
    /// The block as received.
    pub xml: String,
}

/// An attribute of the payload element (namespace declarations excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// Namespace of the attribute (unprefixed attributes have none).
    pub namespace: Option<String>,
    /// Local name.
    pub name: String,
    /// Unescaped value.
    pub value: String,
}

/// The element inside `Body`, kept as its name, attributes and raw XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    namespace: Option<String>,
    name: String,
    attributes: Vec<Attribute>,
    xml: String,
    qname_len: usize,
    own_prefixes: Vec<Option<String>>,
    inherited: Vec<(Option<String>, String)>,
    version: SoapVersion,
}

impl Payload {
    /// Namespace of the element.
    #[must_use]
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// Local name of the element.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Attributes of the element, namespace declarations excluded.
    #[must_use]
    pub fn attributes(&self) -> &[Attribute] {
        &self.attributes
    }

    /// The value of the unqualified attribute `name`.
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.namespace.is_none() && a.name == name)
            .map(|a| a.value.as_str())
    }

    /// The element exactly as it appeared in the document. Prefixes declared on ancestors
    /// are not declared in it; see [`Payload::standalone_xml`].
    #[must_use]
    pub fn raw_xml(&self) -> &str {
        &self.xml
    }

    /// The element with the namespace declarations it inherited from `Envelope` and `Body`
    /// copied onto it, so that it can be parsed on its own.
    #[must_use]
    pub fn standalone_xml(&self) -> Cow<'_, str> {
        if self.inherited.is_empty() {
            return Cow::Borrowed(&self.xml);
        }
        let mut decls = String::new();
        let mut declared: Vec<&Option<String>> = self.own_prefixes.iter().collect();
        // Innermost declaration wins: walk the inherited ones from the Body outwards.
        for (prefix, uri) in self.inherited.iter().rev() {
            if declared.contains(&prefix) {
                continue;
            }
            declared.push(prefix);
            match prefix {
                Some(p) => decls.push_str(&format!(
                    " xmlns:{p}=\"{}\"",
                    quick_xml::escape::escape(uri)
                )),
                None => decls.push_str(&format!(" xmlns=\"{}\"", quick_xml::escape::escape(uri))),
            }
        }
        let at = (1 + self.qname_len).min(self.xml.len());
        let mut out = String::with_capacity(self.xml.len() + decls.len());
        out.push_str(&self.xml[..at]);
        out.push_str(&decls);
        out.push_str(&self.xml[at..]);
        Cow::Owned(out)
    }

    /// `true` when the element is a SOAP `Fault` of the envelope's version.
    #[must_use]
    pub fn is_fault(&self) -> bool {
        self.name == "Fault" && self.namespace.as_deref() == Some(self.version.namespace())
    }
}

impl Envelope {
    /// Parses a whole envelope. See [`Limits`] for what is refused.
    ///
    /// # Errors
    /// [`EnvelopeError`] saying what was wrong and where.
    pub fn parse(input: &[u8], limits: &Limits) -> Result<Self, EnvelopeError> {
        parse_envelope(input, limits)
    }

    /// The Body's Fault, when the Body holds one.
    ///
    /// # Errors
    /// [`EnvelopeError::MalformedFault`] when the Fault lacks required parts.
    pub fn fault(&self) -> Option<Result<Fault, EnvelopeError>> {
        self.body
            .is_fault()
            .then(|| Fault::parse(self.version, &self.body.standalone_xml()))
    }

    /// SOAP's mustUnderstand rule over this envelope's headers; see
    /// [`check_must_understand`].
    ///
    /// # Errors
    /// The `MustUnderstand` fault to send back.
    pub fn check_must_understand(
        &self,
        understood: impl FnMut(&HeaderBlock) -> bool,
    ) -> Result<(), Fault> {
        check_must_understand(&self.headers, understood)
    }
}

/// SOAP's mustUnderstand rule: the first header block aimed at us (no actor/role, or
/// "next", or "ultimateReceiver") that has `mustUnderstand` set and that `understood`
/// rejects yields a `MustUnderstand` fault to send back.
///
/// # Errors
/// The `MustUnderstand` fault to send back.
pub fn check_must_understand(
    headers: &[HeaderBlock],
    mut understood: impl FnMut(&HeaderBlock) -> bool,
) -> Result<(), Fault> {
    for block in headers {
        let targeted = match block.actor.as_deref() {
            None => true,
            Some(a) => a == SOAP11_ACTOR_NEXT || a == SOAP12_ROLE_NEXT || a == SOAP12_ROLE_ULTIMATE,
        };
        if targeted && block.must_understand && !understood(block) {
            return Err(Fault::must_understand(
                block.namespace.as_deref(),
                &block.name,
            ));
        }
    }
    Ok(())
}

fn xml_err(reader: &NsReader<&[u8]>, err: &quick_xml::Error) -> EnvelopeError {
    EnvelopeError::Xml {
        offset: reader.error_position(),
        reason: err.to_string(),
    }
}

fn owned_ns(res: &ResolveResult<'_>, offset: u64) -> Result<Option<String>, EnvelopeError> {
    match res {
        ResolveResult::Bound(ns) => Ok(Some(String::from_utf8_lossy(ns.as_ref()).into_owned())),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(prefix) => Err(EnvelopeError::UnknownPrefix {
            prefix: String::from_utf8_lossy(prefix).into_owned(),
            offset,
        }),
    }
}

fn display_name(ns: Option<&str>, local: &str) -> String {
    match ns {
        Some(ns) => format!("{{{ns}}}{local}"),
        None => local.to_owned(),
    }
}

/// Namespace declarations (`xmlns`, `xmlns:p`) on a start tag.
fn declarations(e: &BytesStart<'_>) -> Vec<(Option<String>, String)> {
    e.attributes()
        .flatten()
        .filter_map(|a| {
            let key = a.key.as_ref();
            let prefix = if key == b"xmlns" {
                None
            } else {
                Some(String::from_utf8_lossy(key.strip_prefix(b"xmlns:")?).into_owned())
            };
            let value = a.unescape_value().ok()?.into_owned();
            Some((prefix, value))
        })
        .collect()
}

/// Resolved, unescaped attributes of a start tag, declarations excluded.
fn attributes(
    reader: &NsReader<&[u8]>,
    e: &BytesStart<'_>,
    offset: u64,
) -> Result<Vec<Attribute>, EnvelopeError> {
    let mut out = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| EnvelopeError::Xml {
            offset,
            reason: err.to_string(),
        })?;
        let key = a.key.as_ref();
        if key == b"xmlns" || key.starts_with(b"xmlns:") {
            continue;
        }
        let (res, local) = reader.resolve_attribute(a.key);
        let namespace = owned_ns(&res, offset)?;
        let value = a
            .unescape_value()
            .map_err(|err| EnvelopeError::Xml {
                offset,
                reason: err.to_string(),
            })?
            .into_owned();
        out.push(Attribute {
            namespace,
            name: String::from_utf8_lossy(local.as_ref()).into_owned(),
            value,
        });
    }
    Ok(out)
}

fn parse_bool(attribute: &'static str, v: &str) -> Result<bool, EnvelopeError> {
    match v.trim() {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        other => Err(EnvelopeError::InvalidAttribute {
            attribute,
            value: other.to_owned(),
        }),
    }
}

enum Capture {
    Header {
        namespace: Option<String>,
        name: String,
        must_understand: bool,
        actor: Option<String>,
    },
    Payload {
        namespace: Option<String>,
        name: String,
        attributes: Vec<Attribute>,
        qname_len: usize,
        own_prefixes: Vec<Option<String>>,
    },
    /// An element after Body (tolerated in SOAP 1.1), skipped.
    Skip,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Prolog,
    Envelope,
    Header,
    Body,
    Epilog,
}

/// Checks that an entity reference is a character reference or one of the five
/// predefined entities; nothing else is ever expanded.
pub(crate) fn check_entity(
    r: &quick_xml::events::BytesRef<'_>,
    offset: u64,
) -> Result<String, EnvelopeError> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => return Ok(c.to_string()),
        Ok(None) => {}
        Err(err) => {
            return Err(EnvelopeError::Xml {
                offset,
                reason: err.to_string(),
            })
        }
    }
    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_owned)
        .ok_or(EnvelopeError::UnknownEntity { name, offset })
}

#[allow(clippy::too_many_lines)]
fn parse_envelope(input: &[u8], limits: &Limits) -> Result<Envelope, EnvelopeError> {
    if input.len() > limits.max_bytes {
        return Err(EnvelopeError::TooLarge {
            len: input.len(),
            max: limits.max_bytes,
        });
    }
    let text = std::str::from_utf8(input).map_err(|e| EnvelopeError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = NsReader::from_str(text);

    let mut section = Section::Prolog;
    let mut depth = 0usize;
    let mut version = SoapVersion::V11;
    let mut seen_header = false;
    let mut seen_body = false;
    let mut headers = Vec::new();
    let mut payload: Option<Payload> = None;
    let mut body_children = 0usize;
    let mut inherited: Vec<(Option<String>, String)> = Vec::new();
    let mut capture: Option<(usize, usize, Capture)> = None; // (start, depth, what)

    loop {
        let offset = reader.buffer_position();
        let (res, event) = match reader.read_resolved_event() {
            Ok((res, event)) => (owned_ns(&res, offset), event),
            Err(err) => return Err(xml_err(&reader, &err)),
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let level = depth + 1;
                if level > limits.max_depth {
                    return Err(EnvelopeError::TooDeep {
                        max: limits.max_depth,
                        offset,
                    });
                }
                if e.attributes().count() > limits.max_attributes {
                    return Err(EnvelopeError::TooManyAttributes {
                        max: limits.max_attributes,
                        offset,
                    });
                }
                if capture.is_none() {
                    let ns = res?;
                    let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    let env_ns = version.namespace();
                    match (section, level) {
                        (Section::Prolog, 1) => {
                            if local != "Envelope" {
                                return Err(EnvelopeError::NotAnEnvelope {
                                    found: display_name(ns.as_deref(), &local),
                                });
                            }
                            version = ns
                                .as_deref()
                                .and_then(SoapVersion::from_namespace)
                                .ok_or_else(|| EnvelopeError::VersionMismatch {
                                    namespace: ns.clone().unwrap_or_default(),
                                })?;
                            if empty {
                                return Err(EnvelopeError::MissingBody);
                            }
                            inherited.extend(declarations(e));
                            section = Section::Envelope;
                        }
                        (Section::Envelope, 2) if ns.as_deref() == Some(env_ns) => {
                            match local.as_str() {
                                "Header" if !seen_header && !seen_body => {
                                    seen_header = true;
                                    if !empty {
                                        section = Section::Header;
                                    }
                                }
                                "Body" if !seen_body => {
                                    seen_body = true;
                                    if !empty {
                                        inherited.extend(declarations(e));
                                        section = Section::Body;
                                    }
                                }
                                _ => {
                                    return Err(EnvelopeError::UnexpectedElement {
                                        found: display_name(ns.as_deref(), &local),
                                        expected: "optional Header then Body",
                                        offset,
                                    })
                                }
                            }
                        }
                        (Section::Envelope, 2) if seen_body && version == SoapVersion::V11 => {
                            capture = Some((offset as usize, level, Capture::Skip));
                        }
                        (Section::Header, 3) => {
                            if headers.len() >= limits.max_header_blocks {
                                return Err(EnvelopeError::TooManyHeaders {
                                    max: limits.max_header_blocks,
                                });
                            }
                            let attrs = attributes(&reader, e, offset)?;
                            let mut must_understand = false;
                            let mut actor = None;
                            for a in attrs {
                                if a.namespace.as_deref() != Some(env_ns) {
                                    continue;
                                }
                                match a.name.as_str() {
                                    "mustUnderstand" => {
                                        must_understand = parse_bool("mustUnderstand", &a.value)?;
                                    }
                                    "actor" | "role" => actor = Some(a.value),
                                    _ => {}
                                }
                            }
                            capture = Some((
                                offset as usize,
                                level,
                                Capture::Header {
                                    namespace: ns,
                                    name: local,
                                    must_understand,
                                    actor,
                                },
                            ));
                        }
                        (Section::Body, 3) => {
                            body_children += 1;
                            if body_children > 1 {
                                return Err(EnvelopeError::BodyChildren {
                                    count: body_children,
                                });
                            }
                            let attrs = attributes(&reader, e, offset)?;
                            capture = Some((
                                offset as usize,
                                level,
                                Capture::Payload {
                                    namespace: ns,
                                    name: local,
                                    attributes: attrs,
                                    qname_len: e.name().as_ref().len(),
                                    own_prefixes: declarations(e)
                                        .into_iter()
                                        .map(|(p, _)| p)
                                        .collect(),
                                },
                            ));
                        }
                        _ => {
                            return Err(EnvelopeError::UnexpectedElement {
                                found: display_name(ns.as_deref(), &local),
                                expected: match section {
                                    Section::Prolog => "Envelope",
                                    Section::Epilog => "nothing after the Envelope",
                                    _ => "Header or Body",
                                },
                                offset,
                            })
                        }
                    }
                }
                if empty {
                    if let Some((start, at, _)) = &capture {
                        if *at == level {
                            let start = *start;
                            let end = reader.buffer_position() as usize;
                            finish(
                                capture.take(),
                                text.get(start..end).unwrap_or(""),
                                &mut headers,
                                &mut payload,
                                &inherited,
                                version,
                            );
                        }
                    }
                } else {
                    depth = level;
                }
            }
            Event::End(_) => {
                if let Some((start, at, _)) = &capture {
                    if *at == depth {
                        let start = *start;
                        let end = reader.buffer_position() as usize;
                        finish(
                            capture.take(),
                            text.get(start..end).unwrap_or(""),
                            &mut headers,
                            &mut payload,
                            &inherited,
                            version,
                        );
                    }
                } else {
                    section = match (section, depth) {
                        (Section::Header, 2) => Section::Envelope,
                        (Section::Body, 2) => Section::Envelope,
                        (Section::Envelope, 1) => Section::Epilog,
                        (s, _) => s,
                    };
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => {
                if capture.is_none() && !t.iter().all(u8::is_ascii_whitespace) {
                    return Err(EnvelopeError::UnexpectedText { offset });
                }
            }
            Event::CData(_) => {
                if capture.is_none() {
                    return Err(EnvelopeError::UnexpectedText { offset });
                }
            }
            Event::GeneralRef(r) => {
                check_entity(&r, offset)?;
                if capture.is_none() {
                    return Err(EnvelopeError::UnexpectedText { offset });
                }
            }
            Event::DocType(_) => return Err(EnvelopeError::Doctype { offset }),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if depth != 0 || section == Section::Prolog {
        return Err(EnvelopeError::Xml {
            offset: reader.buffer_position(),
            reason: "unexpected end of input".to_owned(),
        });
    }
    if !seen_body {
        return Err(EnvelopeError::MissingBody);
    }
    let body = payload.ok_or(EnvelopeError::BodyChildren { count: 0 })?;
    Ok(Envelope {
        version,
        headers,
        body,
    })
}

fn finish(
    capture: Option<(usize, usize, Capture)>,
    xml: &str,
    headers: &mut Vec<HeaderBlock>,
    payload: &mut Option<Payload>,
    inherited: &[(Option<String>, String)],
    version: SoapVersion,
) {
    match capture {
        Some((
            _,
            _,
            Capture::Header {
                namespace,
                name,
                must_understand,
                actor,
            },
        )) => headers.push(HeaderBlock {
            namespace,
            name,
            must_understand,
            actor,
            xml: xml.to_owned(),
        }),
        Some((
            _,
            _,
            Capture::Payload {
                namespace,
                name,
                attributes,
                qname_len,
                own_prefixes,
            },
        )) => {
            *payload = Some(Payload {
                namespace,
                name,
                attributes,
                xml: xml.to_owned(),
                qname_len,
                own_prefixes,
                inherited: inherited.to_vec(),
                version,
            });
        }
        Some((_, _, Capture::Skip)) | None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Envelope, EnvelopeError> {
        Envelope::parse(s.as_bytes(), &Limits::default())
    }

    #[test]
    fn zeep_shape() {
        let env = parse(r#"<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body><ns0:getUser xmlns:ns0="http://www.cisco.com/AXL/API/12.5" sequence="7"><userid>jdoe</userid></ns0:getUser></soap-env:Body></soap-env:Envelope>"#).unwrap();
        assert_eq!(env.version, SoapVersion::V11);
        assert!(env.headers.is_empty());
        assert_eq!(env.body.name(), "getUser");
        assert_eq!(
            env.body.namespace(),
            Some("http://www.cisco.com/AXL/API/12.5")
        );
        assert_eq!(env.body.attribute("sequence"), Some("7"));
        assert!(env.body.raw_xml().starts_with("<ns0:getUser"));
        assert!(env.body.raw_xml().ends_with("</ns0:getUser>"));
    }

    #[test]
    fn inherited_prefix_is_copied() {
        let env = parse(r#"<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:axl="http://www.cisco.com/AXL/API/14.0"><S:Header/><S:Body><axl:getCCMVersion/></S:Body></S:Envelope>"#).unwrap();
        assert_eq!(
            env.body.namespace(),
            Some("http://www.cisco.com/AXL/API/14.0")
        );
        let standalone = env.body.standalone_xml();
        assert!(
            standalone.starts_with("<axl:getCCMVersion xmlns:"),
            "{standalone}"
        );
        assert!(standalone.contains(" xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\""));
        assert!(standalone.contains("xmlns:axl=\"http://www.cisco.com/AXL/API/14.0\""));
    }

    #[test]
    fn own_declaration_wins_and_is_not_duplicated() {
        let env = parse(r#"<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="urn:outer"><S:Body xmlns:a="urn:body"><a:op xmlns:a="http://www.cisco.com/AXL/API/12.5" note="x>y"/></S:Body></S:Envelope>"#).unwrap();
        let standalone = env.body.standalone_xml();
        assert_eq!(standalone.matches("xmlns:a=").count(), 1, "{standalone}");
        let again = parse(&format!(
            r#"<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>{standalone}</S:Body></S:Envelope>"#
        ))
        .unwrap();
        assert_eq!(
            again.body.namespace(),
            Some("http://www.cisco.com/AXL/API/12.5")
        );
    }

    #[test]
    fn refusals() {
        assert!(matches!(
            parse(r#"<!DOCTYPE x [<!ENTITY a "b">]><x/>"#),
            Err(EnvelopeError::Doctype { .. })
        ));
        assert!(matches!(
            parse(r#"<e:Envelope xmlns:e="urn:other"><e:Body/></e:Envelope>"#),
            Err(EnvelopeError::VersionMismatch { .. })
        ));
        assert!(matches!(
            parse(
                r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>"#
            ),
            Err(EnvelopeError::BodyChildren { count: 0 })
        ));
        assert!(matches!(
            parse(
                r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><a/><b/></e:Body></e:Envelope>"#
            ),
            Err(EnvelopeError::BodyChildren { count: 2 })
        ));
        assert!(matches!(
            parse(
                r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><a>&foo;</a></e:Body></e:Envelope>"#
            ),
            Err(EnvelopeError::UnknownEntity { .. })
        ));
        assert!(matches!(
            parse(
                r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><x:a/></e:Body></e:Envelope>"#
            ),
            Err(EnvelopeError::UnknownPrefix { .. })
        ));
        assert!(matches!(
            parse(r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><a>"#),
            Err(EnvelopeError::Xml { .. })
        ));
        let deep = format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>{}{}</e:Body></e:Envelope>"#,
            "<a>".repeat(40),
            "</a>".repeat(40)
        );
        assert!(matches!(parse(&deep), Err(EnvelopeError::TooDeep { .. })));
        let big = vec![b' '; Limits::default().max_bytes + 1];
        assert!(matches!(
            Envelope::parse(&big, &Limits::default()),
            Err(EnvelopeError::TooLarge { .. })
        ));
    }

    #[test]
    fn must_understand() {
        let env = parse(r#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Header><h:tx xmlns:h="urn:h" e:mustUnderstand="true">1</h:tx><h:info xmlns:h="urn:h">x</h:info></e:Header><e:Body><p/></e:Body></e:Envelope>"#).unwrap();
        assert_eq!(env.version, SoapVersion::V12);
        assert_eq!(env.headers.len(), 2);
        assert!(env.headers[0].must_understand);
        assert!(!env.headers[1].must_understand);
        let fault = env.check_must_understand(|_| false).unwrap_err();
        assert_eq!(fault.code, crate::FaultCode::MustUnderstand);
        assert!(env.check_must_understand(|h| h.name == "tx").is_ok());
    }
}
