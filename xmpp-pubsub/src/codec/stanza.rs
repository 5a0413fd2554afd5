//! The three stanza kinds: `<iq/>`, `<message/>` and `<presence/>` (RFC 6120 §8).

use bytes::{BufMut, Bytes, BytesMut};

use crate::codec::conditions::name_enum;
use crate::codec::element::{escape_attr, Element, Node};
use crate::codec::jid::Jid;
use crate::codec::ns;
use crate::codec::payload::{opt_jid, PayloadError};
use crate::codec::stanza_error::StanzaError;

name_enum! {
    /// `<message type=…>` values (RFC 6121 §5.2.2).
    MessageType {
        /// chat
        Chat => "chat",
        /// error
        Error => "error",
        /// groupchat
        Groupchat => "groupchat",
        /// headline
        Headline => "headline",
        /// normal
        Normal => "normal",
    }
}

name_enum! {
    /// `<presence type=…>` values (RFC 6121 §4.7.1); absence means available.
    PresenceType {
        /// error
        Error => "error",
        /// probe
        Probe => "probe",
        /// subscribe
        Subscribe => "subscribe",
        /// subscribed
        Subscribed => "subscribed",
        /// unavailable
        Unavailable => "unavailable",
        /// unsubscribe
        Unsubscribe => "unsubscribe",
        /// unsubscribed
        Unsubscribed => "unsubscribed",
    }
}

/// What an `<iq/>` carries, by type.
// Stanzas move once per hop; boxing the error would cost an allocation on every error reply.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IqKind {
    /// `type='get'` with its one child.
    Get(Element),
    /// `type='set'` with its one child.
    Set(Element),
    /// `type='result'` with zero or one child.
    Result(Option<Element>),
    /// `type='error'` with the error and, optionally, the request echoed.
    Error {
        /// The error.
        error: StanzaError,
        /// The original request payload, if echoed.
        request: Option<Element>,
    },
}

/// An `<iq/>` request or response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iq {
    /// `id` (required on iq).
    pub id: String,
    /// `from`.
    pub from: Option<Jid>,
    /// `to`.
    pub to: Option<Jid>,
    /// `xml:lang`.
    pub lang: Option<String>,
    /// Type and payload.
    pub kind: IqKind,
}

impl Iq {
    /// A `get` request.
    pub fn get(id: impl Into<String>, to: Option<Jid>, payload: Element) -> Iq {
        Iq {
            id: id.into(),
            from: None,
            to,
            lang: None,
            kind: IqKind::Get(payload),
        }
    }

    /// A `set` request.
    pub fn set(id: impl Into<String>, to: Option<Jid>, payload: Element) -> Iq {
        Iq {
            id: id.into(),
            from: None,
            to,
            lang: None,
            kind: IqKind::Set(payload),
        }
    }

    /// Whether this is a `get` or `set`.
    pub fn is_request(&self) -> bool {
        matches!(self.kind, IqKind::Get(_) | IqKind::Set(_))
    }

    /// The payload of a request.
    pub fn request_payload(&self) -> Option<&Element> {
        match &self.kind {
            IqKind::Get(e) | IqKind::Set(e) => Some(e),
            _ => None,
        }
    }

    /// The `result` answering this request (addresses swapped).
    pub fn result(&self, payload: Option<Element>) -> Iq {
        Iq {
            id: self.id.clone(),
            from: self.to.clone(),
            to: self.from.clone(),
            lang: None,
            kind: IqKind::Result(payload),
        }
    }

    /// The `error` answering this request (addresses swapped).
    pub fn error(&self, error: StanzaError) -> Iq {
        Iq {
            id: self.id.clone(),
            from: self.to.clone(),
            to: self.from.clone(),
            lang: None,
            kind: IqKind::Error {
                error,
                request: None,
            },
        }
    }
}

/// A `<message/>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    /// `id`.
    pub id: Option<String>,
    /// `from`.
    pub from: Option<Jid>,
    /// `to`.
    pub to: Option<Jid>,
    /// `type`; `None` when absent (which means `normal`).
    pub message_type: Option<MessageType>,
    /// `xml:lang`.
    pub lang: Option<String>,
    /// Child elements other than `<error/>` (body, pubsub event, …); may be pre-serialised.
    pub payloads: Vec<Node>,
    /// The error of a `type='error'` message.
    pub error: Option<StanzaError>,
}

impl Message {
    /// The first payload element `name` in `ns`.
    pub fn payload(&self, name: &str, ns: &str) -> Option<&Element> {
        self.payloads.iter().find_map(|n| match n {
            Node::Element(e) if e.is(name, ns) => Some(e),
            _ => None,
        })
    }
}

/// A `<presence/>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Presence {
    /// `id`.
    pub id: Option<String>,
    /// `from`.
    pub from: Option<Jid>,
    /// `to`.
    pub to: Option<Jid>,
    /// `type`; `None` means available.
    pub presence_type: Option<PresenceType>,
    /// `xml:lang`.
    pub lang: Option<String>,
    /// Child elements other than `<error/>` (show, status, priority, extensions).
    pub payloads: Vec<Element>,
    /// The error of a `type='error'` presence.
    pub error: Option<StanzaError>,
}

impl Presence {
    /// The `<priority/>` value (0 when absent or invalid).
    pub fn priority(&self) -> i8 {
        self.payloads
            .iter()
            .find(|e| e.is("priority", ns::CLIENT))
            .and_then(|e| e.text_content().trim().parse().ok())
            .unwrap_or(0)
    }
}

/// One top-level stanza.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stanza {
    /// `<iq/>`.
    Iq(Iq),
    /// `<message/>`.
    Message(Message),
    /// `<presence/>`.
    Presence(Presence),
}

impl From<Iq> for Stanza {
    fn from(v: Iq) -> Self {
        Stanza::Iq(v)
    }
}
impl From<Message> for Stanza {
    fn from(v: Message) -> Self {
        Stanza::Message(v)
    }
}
impl From<Presence> for Stanza {
    fn from(v: Presence) -> Self {
        Stanza::Presence(v)
    }
}

const STANZA: &str = "stanza";

/// `id`, `from`, `to`, `xml:lang`.
type Envelope = (Option<String>, Option<Jid>, Option<Jid>, Option<String>);

fn common(el: &Element) -> Result<Envelope, PayloadError> {
    Ok((
        el.get_attr("id").map(str::to_owned),
        opt_jid(el, STANZA, "from")?,
        opt_jid(el, STANZA, "to")?,
        el.get_attr("xml:lang").map(str::to_owned),
    ))
}

fn split_error(mut el: Element) -> Result<(Vec<Node>, Option<StanzaError>), PayloadError> {
    let mut error = None;
    let mut rest = Vec::new();
    for n in el.take_nodes() {
        match n {
            Node::Element(c) if c.is("error", ns::CLIENT) && error.is_none() => {
                error = Some(StanzaError::from_element(&c)?);
            }
            Node::Element(c) => rest.push(Node::Element(c)),
            Node::Raw(r) => rest.push(Node::Raw(r)),
            Node::Text(_) => {}
        }
    }
    Ok((rest, error))
}

impl Stanza {
    /// Whether an element is a stanza (`iq`, `message` or `presence` in `jabber:client`).
    pub fn is_stanza(el: &Element) -> bool {
        el.ns() == ns::CLIENT && matches!(el.name(), "iq" | "message" | "presence")
    }

    /// Reads a stanza from an element in `jabber:client`.
    pub fn from_element(el: Element) -> Result<Stanza, PayloadError> {
        if el.ns() != ns::CLIENT {
            return Err(PayloadError::Mismatch);
        }
        match el.name() {
            "iq" => Iq::from_element(el).map(Stanza::Iq),
            "message" => {
                let (id, from, to, lang) = common(&el)?;
                let message_type =
                    match el.get_attr("type") {
                        None => None,
                        Some(t) => Some(MessageType::from_name(t).ok_or_else(|| {
                            PayloadError::Invalid {
                                element: "message",
                                what: "type",
                                value: t.to_owned(),
                            }
                        })?),
                    };
                let (payloads, error) = split_error(el)?;
                Ok(Stanza::Message(Message {
                    id,
                    from,
                    to,
                    message_type,
                    lang,
                    payloads,
                    error,
                }))
            }
            "presence" => {
                let (id, from, to, lang) = common(&el)?;
                let presence_type =
                    match el.get_attr("type") {
                        None => None,
                        Some(t) => Some(PresenceType::from_name(t).ok_or_else(|| {
                            PayloadError::Invalid {
                                element: "presence",
                                what: "type",
                                value: t.to_owned(),
                            }
                        })?),
                    };
                let (payloads, error) = split_error(el)?;
                Ok(Stanza::Presence(Presence {
                    id,
                    from,
                    to,
                    presence_type,
                    lang,
                    payloads: payloads
                        .into_iter()
                        .filter_map(|n| match n {
                            Node::Element(e) => Some(e),
                            _ => None,
                        })
                        .collect(),
                    error,
                }))
            }
            _ => Err(PayloadError::Mismatch),
        }
    }

    /// `from`.
    pub fn from(&self) -> Option<&Jid> {
        match self {
            Stanza::Iq(s) => s.from.as_ref(),
            Stanza::Message(s) => s.from.as_ref(),
            Stanza::Presence(s) => s.from.as_ref(),
        }
    }

    /// `to`.
    pub fn to(&self) -> Option<&Jid> {
        match self {
            Stanza::Iq(s) => s.to.as_ref(),
            Stanza::Message(s) => s.to.as_ref(),
            Stanza::Presence(s) => s.to.as_ref(),
        }
    }

    /// `id`.
    pub fn id(&self) -> Option<&str> {
        match self {
            Stanza::Iq(s) => Some(&s.id),
            Stanza::Message(s) => s.id.as_deref(),
            Stanza::Presence(s) => s.id.as_deref(),
        }
    }

    /// Sets `from`.
    pub fn set_from(&mut self, jid: Option<Jid>) {
        match self {
            Stanza::Iq(s) => s.from = jid,
            Stanza::Message(s) => s.from = jid,
            Stanza::Presence(s) => s.from = jid,
        }
    }

    /// Sets `to`.
    pub fn set_to(&mut self, jid: Option<Jid>) {
        match self {
            Stanza::Iq(s) => s.to = jid,
            Stanza::Message(s) => s.to = jid,
            Stanza::Presence(s) => s.to = jid,
        }
    }

    /// Whether this stanza is of type `error` (never answered with another error).
    pub fn is_error(&self) -> bool {
        match self {
            Stanza::Iq(s) => matches!(s.kind, IqKind::Error { .. }),
            Stanza::Message(s) => s.message_type == Some(MessageType::Error),
            Stanza::Presence(s) => s.presence_type == Some(PresenceType::Error),
        }
    }

    /// The error reply to this stanza (`None` for error stanzas, which are never answered).
    pub fn error_reply(&self, error: StanzaError) -> Option<Stanza> {
        if self.is_error() {
            return None;
        }
        Some(match self {
            Stanza::Iq(iq) => Stanza::Iq(iq.error(error)),
            Stanza::Message(m) => Stanza::Message(Message {
                id: m.id.clone(),
                from: m.to.clone(),
                to: m.from.clone(),
                message_type: Some(MessageType::Error),
                error: Some(error),
                ..Message::default()
            }),
            Stanza::Presence(p) => Stanza::Presence(Presence {
                id: p.id.clone(),
                from: p.to.clone(),
                to: p.from.clone(),
                presence_type: Some(PresenceType::Error),
                error: Some(error),
                ..Presence::default()
            }),
        })
    }

    /// Serialises the stanza as it appears inside a `jabber:client` stream (no `xmlns`).
    pub fn write_to(&self, out: &mut BytesMut) {
        self.write_with(out, None);
    }

    /// Serialises the stanza, declaring `xmlns` on its root when given.
    fn write_with(&self, out: &mut BytesMut, xmlns: Option<&str>) {
        match self {
            Stanza::Iq(iq) => {
                let ty = match iq.kind {
                    IqKind::Get(_) => "get",
                    IqKind::Set(_) => "set",
                    IqKind::Result(_) => "result",
                    IqKind::Error { .. } => "error",
                };
                open(
                    out,
                    "iq",
                    xmlns,
                    Some(&iq.id),
                    iq.from.as_ref(),
                    iq.to.as_ref(),
                    Some(ty),
                    iq.lang.as_deref(),
                );
                match &iq.kind {
                    IqKind::Get(e) | IqKind::Set(e) | IqKind::Result(Some(e)) => {
                        e.write_in_ns(out, ns::CLIENT)
                    }
                    IqKind::Result(None) => {}
                    IqKind::Error { error, request } => {
                        if let Some(r) = request {
                            r.write_in_ns(out, ns::CLIENT);
                        }
                        error.to_element().write_in_ns(out, ns::CLIENT);
                    }
                }
                close(out, "iq");
            }
            Stanza::Message(m) => {
                open(
                    out,
                    "message",
                    xmlns,
                    m.id.as_deref(),
                    m.from.as_ref(),
                    m.to.as_ref(),
                    m.message_type.map(|t| t.as_str()),
                    m.lang.as_deref(),
                );
                for n in &m.payloads {
                    write_node(out, n);
                }
                if let Some(e) = &m.error {
                    e.to_element().write_in_ns(out, ns::CLIENT);
                }
                close(out, "message");
            }
            Stanza::Presence(p) => {
                open(
                    out,
                    "presence",
                    xmlns,
                    p.id.as_deref(),
                    p.from.as_ref(),
                    p.to.as_ref(),
                    p.presence_type.map(|t| t.as_str()),
                    p.lang.as_deref(),
                );
                for e in &p.payloads {
                    e.write_in_ns(out, ns::CLIENT);
                }
                if let Some(e) = &p.error {
                    e.to_element().write_in_ns(out, ns::CLIENT);
                }
                close(out, "presence");
            }
        }
    }

    /// Serialises the stanza standalone (with `xmlns='jabber:client'`), into one buffer
    /// sized for it up front.
    pub fn to_bytes(&self) -> Bytes {
        let mut out = BytesMut::with_capacity(self.size_hint());
        self.write_with(&mut out, Some(ns::CLIENT));
        out.freeze()
    }

    /// About how many bytes the serialised stanza takes: the pre-serialised payloads (an
    /// event's item, shared across a fan-out) exactly, a margin for the rest.
    fn size_hint(&self) -> usize {
        const MARGIN: usize = 256;
        let raw = |nodes: &[Node]| -> usize {
            nodes
                .iter()
                .map(|n| match n {
                    Node::Raw(r) => r.as_bytes().len(),
                    _ => 0,
                })
                .sum()
        };
        match self {
            Stanza::Message(m) => MARGIN + raw(&m.payloads),
            Stanza::Iq(_) | Stanza::Presence(_) => MARGIN,
        }
    }

    /// Parses a standalone stanza document.
    pub fn parse(xml: &[u8]) -> Result<Stanza, crate::Error> {
        let el = Element::parse(xml)?;
        Ok(Stanza::from_element(el)?)
    }
}

fn write_node(out: &mut BytesMut, n: &Node) {
    match n {
        Node::Element(e) => e.write_in_ns(out, ns::CLIENT),
        Node::Raw(r) => out.put_slice(r.as_bytes()),
        Node::Text(t) => crate::codec::element::escape_text(out, t),
    }
}

#[allow(clippy::too_many_arguments)]
fn open(
    out: &mut BytesMut,
    name: &str,
    xmlns: Option<&str>,
    id: Option<&str>,
    from: Option<&Jid>,
    to: Option<&Jid>,
    ty: Option<&str>,
    lang: Option<&str>,
) {
    out.put_u8(b'<');
    out.put_slice(name.as_bytes());
    for (k, v) in [
        ("xmlns", xmlns),
        ("id", id),
        ("from", from.map(Jid::as_str)),
        ("to", to.map(Jid::as_str)),
        ("type", ty),
        ("xml:lang", lang),
    ] {
        if let Some(v) = v {
            out.put_u8(b' ');
            out.put_slice(k.as_bytes());
            out.put_slice(b"='");
            escape_attr(out, v);
            out.put_u8(b'\'');
        }
    }
    out.put_u8(b'>');
}

fn close(out: &mut BytesMut, name: &str) {
    out.put_slice(b"</");
    out.put_slice(name.as_bytes());
    out.put_u8(b'>');
}

impl Iq {
    /// Reads an `<iq/>` element.
    pub fn from_element(el: Element) -> Result<Iq, PayloadError> {
        if !el.is("iq", ns::CLIENT) {
            return Err(PayloadError::Mismatch);
        }
        let (id, from, to, lang) = common(&el)?;
        let id = id.ok_or(PayloadError::Missing {
            element: "iq",
            what: "id",
        })?;
        let ty = el
            .get_attr("type")
            .ok_or(PayloadError::Missing {
                element: "iq",
                what: "type",
            })?
            .to_owned();
        let (nodes, error) = split_error(el)?;
        let mut children = nodes.into_iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        });
        let first = children.next();
        let extra = children.next().is_some();
        let one = |first: Option<Element>| -> Result<Element, PayloadError> {
            match (first, extra) {
                (Some(e), false) => Ok(e),
                _ => Err(PayloadError::Invalid {
                    element: "iq",
                    what: "child count",
                    value: "a get/set iq needs exactly one child".into(),
                }),
            }
        };
        let kind = match ty.as_str() {
            "get" => IqKind::Get(one(first)?),
            "set" => IqKind::Set(one(first)?),
            "result" => {
                if extra {
                    return Err(PayloadError::Invalid {
                        element: "iq",
                        what: "child count",
                        value: "a result iq has at most one child".into(),
                    });
                }
                IqKind::Result(first)
            }
            "error" => IqKind::Error {
                error: error.ok_or(PayloadError::Missing {
                    element: "iq",
                    what: "error",
                })?,
                request: first,
            },
            other => {
                return Err(PayloadError::Invalid {
                    element: "iq",
                    what: "type",
                    value: other.to_owned(),
                })
            }
        };
        Ok(Iq {
            id,
            from,
            to,
            lang,
            kind,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::stanza_error::{DefinedCondition, ErrorType};

    #[test]
    fn iq_round_trip_and_error_reply() {
        let xml = b"<iq xmlns='jabber:client' id='p1' from='a@b/c' to='b' type='get'><ping xmlns='urn:xmpp:ping'/></iq>";
        let s = Stanza::parse(xml).unwrap();
        assert_eq!(&s.to_bytes()[..], &xml[..]);
        let reply = s
            .error_reply(StanzaError::new(
                ErrorType::Cancel,
                DefinedCondition::ServiceUnavailable,
            ))
            .unwrap();
        assert_eq!(
            &reply.to_bytes()[..],
            &b"<iq xmlns='jabber:client' id='p1' from='b' to='a@b/c' type='error'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"[..]
        );
        assert_eq!(Stanza::parse(&reply.to_bytes()).unwrap(), reply);
        assert!(reply
            .error_reply(StanzaError::new(
                ErrorType::Cancel,
                DefinedCondition::BadRequest
            ))
            .is_none());
    }

    #[test]
    fn iq_shape_errors() {
        for bad in [
            &b"<iq xmlns='jabber:client' type='get'><a xmlns='x'/></iq>"[..],
            b"<iq xmlns='jabber:client' id='1'><a xmlns='x'/></iq>",
            b"<iq xmlns='jabber:client' id='1' type='get'/>",
            b"<iq xmlns='jabber:client' id='1' type='set'><a xmlns='x'/><b xmlns='x'/></iq>",
            b"<iq xmlns='jabber:client' id='1' type='bogus'/>",
            b"<iq xmlns='jabber:client' id='1' type='error'/>",
            b"<iq xmlns='jabber:client' id='1' type='result' to='@x'/>",
        ] {
            assert!(
                Stanza::parse(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
