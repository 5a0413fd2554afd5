//! The Finesse notification payload: a `<notification>` element whose character data is the
//! `<Update>` document (escaped text, not child elements).

use crate::codec::element::{Element, RawXml};
use crate::codec::ns;
use crate::codec::payload::PayloadError;

/// The namespace Finesse 11.x samples put on `<notification>`.
pub const LEGACY_NOTIFICATION_NS: &str = ns::PUBSUB;

/// A Finesse `<notification>` payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinesseNotification {
    /// The namespace of `<notification>`: `urn:xmpp:push:0` (Finesse 12.5, the default) or
    /// `http://jabber.org/protocol/pubsub` (11.x).
    pub ns: String,
    /// The `<Update>…</Update>` document as text.
    pub update_xml: String,
}

impl FinesseNotification {
    /// A notification in the Finesse 12.5 namespace.
    pub fn new(update_xml: impl Into<String>) -> FinesseNotification {
        FinesseNotification {
            ns: ns::FINESSE_NOTIFICATION.to_owned(),
            update_xml: update_xml.into(),
        }
    }

    /// The payload element.
    pub fn to_element(&self) -> Element {
        Element::new("notification", self.ns.clone()).text(self.update_xml.clone())
    }

    /// The payload serialised for an [`Item`](crate::Item).
    pub fn to_raw(&self) -> RawXml {
        RawXml::from_element(&self.to_element())
    }

    /// Reads a `<notification>` payload in either namespace.
    pub fn from_element(el: &Element) -> Result<FinesseNotification, PayloadError> {
        if el.name() != "notification"
            || !(el.ns() == ns::FINESSE_NOTIFICATION || el.ns() == LEGACY_NOTIFICATION_NS)
        {
            return Err(PayloadError::Mismatch);
        }
        Ok(FinesseNotification {
            ns: el.ns().to_owned(),
            update_xml: el.text_content(),
        })
    }

    /// Reads a serialised item payload.
    pub fn from_raw(raw: &RawXml) -> Result<FinesseNotification, PayloadError> {
        let el = raw.to_element().map_err(|_| PayloadError::Invalid {
            element: "notification",
            what: "xml",
            value: String::new(),
        })?;
        FinesseNotification::from_element(&el)
    }
}
