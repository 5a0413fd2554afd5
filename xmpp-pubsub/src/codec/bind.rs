//! Resource binding (RFC 6120 §7), the legacy session IQ and XEP-0199 ping.

use crate::codec::element::Element;
use crate::codec::jid::Jid;
use crate::codec::ns;
use crate::codec::payload::{check, PayloadError};

/// `<bind/>`: a request (optional resource) or a result (the full JID).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bind {
    /// Client request, with the resource it wants.
    Request {
        /// Requested resource; the server generates one when `None`.
        resource: Option<String>,
    },
    /// Server result.
    Result(Jid),
}

impl Bind {
    /// Reads a `<bind/>` element.
    pub fn from_element(el: &Element) -> Result<Bind, PayloadError> {
        check(el, "bind", ns::BIND)?;
        if let Some(j) = el.get_child("jid", ns::BIND) {
            let jid = Jid::new(j.text_content().trim()).map_err(|error| PayloadError::Jid {
                element: "bind",
                what: "jid",
                error,
            })?;
            return Ok(Bind::Result(jid));
        }
        let resource = el
            .get_child("resource", ns::BIND)
            .map(|r| r.text_content().trim().to_owned())
            .filter(|r| !r.is_empty());
        Ok(Bind::Request { resource })
    }

    /// The element.
    pub fn to_element(&self) -> Element {
        let el = Element::new("bind", ns::BIND);
        match self {
            Bind::Request { resource: None } => el,
            Bind::Request { resource: Some(r) } => {
                el.child(Element::new("resource", ns::BIND).text(r.clone()))
            }
            Bind::Result(j) => el.child(Element::new("jid", ns::BIND).text(j.as_str())),
        }
    }
}

/// `<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/>` (RFC 3921; a no-op kept for old
/// clients).
pub fn is_session(el: &Element) -> bool {
    el.is("session", ns::SESSION)
}

/// `<ping xmlns='urn:xmpp:ping'/>` (XEP-0199).
pub fn is_ping(el: &Element) -> bool {
    el.is("ping", ns::PING)
}

/// The XEP-0199 ping element.
pub fn ping() -> Element {
    Element::new("ping", ns::PING)
}
