//! The error type of typed payload parsing, and small helpers shared by the payload modules.

use crate::codec::element::Element;
use crate::codec::jid::{Jid, JidError};
use crate::codec::stanza_error::{DefinedCondition, ErrorType, StanzaError};

/// Why an element is not a valid payload of the type asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// The element is not this type at all (wrong name or namespace): "not mine", try another.
    #[error("element is not of this type")]
    Mismatch,
    /// A required attribute or child is missing.
    #[error("<{element}>: missing {what}")]
    Missing {
        /// The element.
        element: &'static str,
        /// The attribute or child.
        what: &'static str,
    },
    /// An attribute or text has a value outside its domain.
    #[error("<{element}>: invalid {what} {value:?}")]
    Invalid {
        /// The element.
        element: &'static str,
        /// The attribute or child.
        what: &'static str,
        /// The value found.
        value: String,
    },
    /// A JID attribute does not parse.
    #[error("<{element}>: bad JID in {what}: {error}")]
    Jid {
        /// The element.
        element: &'static str,
        /// The attribute.
        what: &'static str,
        /// Why.
        error: JidError,
    },
    /// The element has a different shape than any this crate knows (e.g. a `<pubsub>` with no
    /// known child).
    #[error("<{element}>: unsupported content")]
    Unsupported {
        /// The element.
        element: &'static str,
    },
}

impl PayloadError {
    /// The stanza error a server answers a request carrying this payload with.
    pub fn to_stanza_error(&self) -> StanzaError {
        let condition = match self {
            PayloadError::Unsupported { .. } | PayloadError::Mismatch => {
                DefinedCondition::FeatureNotImplemented
            }
            PayloadError::Jid { .. } => DefinedCondition::JidMalformed,
            _ => DefinedCondition::BadRequest,
        };
        let ty = if condition == DefinedCondition::FeatureNotImplemented {
            ErrorType::Cancel
        } else {
            ErrorType::Modify
        };
        StanzaError::new(ty, condition).with_text(self.to_string())
    }
}

pub(crate) fn req_attr<'a>(
    el: &'a Element,
    element: &'static str,
    what: &'static str,
) -> Result<&'a str, PayloadError> {
    el.get_attr(what)
        .ok_or(PayloadError::Missing { element, what })
}

pub(crate) fn opt_jid(
    el: &Element,
    element: &'static str,
    what: &'static str,
) -> Result<Option<Jid>, PayloadError> {
    el.get_attr(what)
        .map(|s| {
            Jid::new(s).map_err(|error| PayloadError::Jid {
                element,
                what,
                error,
            })
        })
        .transpose()
}

pub(crate) fn req_jid(
    el: &Element,
    element: &'static str,
    what: &'static str,
) -> Result<Jid, PayloadError> {
    opt_jid(el, element, what)?.ok_or(PayloadError::Missing { element, what })
}

pub(crate) fn check(el: &Element, name: &str, ns: &str) -> Result<(), PayloadError> {
    if el.is(name, ns) {
        Ok(())
    } else {
        Err(PayloadError::Mismatch)
    }
}

pub(crate) fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}
