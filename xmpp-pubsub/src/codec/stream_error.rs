//! Stream errors (RFC 6120 §4.9).

use crate::codec::conditions::name_enum;
use crate::codec::element::Element;
use crate::codec::ns;
use crate::codec::payload::PayloadError;

name_enum! {
    /// Stream error conditions (RFC 6120 §4.9.3).
    StreamErrorCondition {
        /// bad-format
        BadFormat => "bad-format",
        /// bad-namespace-prefix
        BadNamespacePrefix => "bad-namespace-prefix",
        /// conflict
        Conflict => "conflict",
        /// connection-timeout
        ConnectionTimeout => "connection-timeout",
        /// host-gone
        HostGone => "host-gone",
        /// host-unknown
        HostUnknown => "host-unknown",
        /// improper-addressing
        ImproperAddressing => "improper-addressing",
        /// internal-server-error
        InternalServerError => "internal-server-error",
        /// invalid-from
        InvalidFrom => "invalid-from",
        /// invalid-namespace
        InvalidNamespace => "invalid-namespace",
        /// invalid-xml
        InvalidXml => "invalid-xml",
        /// not-authorized
        NotAuthorized => "not-authorized",
        /// not-well-formed
        NotWellFormed => "not-well-formed",
        /// policy-violation
        PolicyViolation => "policy-violation",
        /// remote-connection-failed
        RemoteConnectionFailed => "remote-connection-failed",
        /// reset
        Reset => "reset",
        /// resource-constraint
        ResourceConstraint => "resource-constraint",
        /// restricted-xml
        RestrictedXml => "restricted-xml",
        /// see-other-host
        SeeOtherHost => "see-other-host",
        /// system-shutdown
        SystemShutdown => "system-shutdown",
        /// undefined-condition
        UndefinedCondition => "undefined-condition",
        /// unsupported-encoding
        UnsupportedEncoding => "unsupported-encoding",
        /// unsupported-feature
        UnsupportedFeature => "unsupported-feature",
        /// unsupported-stanza-type
        UnsupportedStanzaType => "unsupported-stanza-type",
        /// unsupported-version
        UnsupportedVersion => "unsupported-version",
    }
}

/// A `<stream:error/>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stream error {condition}{}", text.as_ref().map(|t| format!(": {t}")).unwrap_or_default())]
pub struct StreamError {
    /// The condition.
    pub condition: StreamErrorCondition,
    /// Optional human-readable text.
    pub text: Option<String>,
}

impl StreamError {
    /// A stream error without text.
    pub fn new(condition: StreamErrorCondition) -> StreamError {
        StreamError {
            condition,
            text: None,
        }
    }

    /// The `<stream:error>` element.
    pub fn to_element(&self) -> Element {
        let mut el = Element::new("error", ns::STREAM)
            .child(Element::new(self.condition.as_str(), ns::STREAM_ERRORS));
        if let Some(t) = &self.text {
            el.push_child(Element::new("text", ns::STREAM_ERRORS).text(t.clone()));
        }
        el
    }

    /// Reads a `<stream:error>` element.
    pub fn from_element(el: &Element) -> Result<StreamError, PayloadError> {
        if !el.is("error", ns::STREAM) {
            return Err(PayloadError::Mismatch);
        }
        let mut condition = None;
        let mut text = None;
        for c in el.children().filter(|c| c.ns() == ns::STREAM_ERRORS) {
            if c.name() == "text" {
                text = Some(c.text_content());
            } else if condition.is_none() {
                condition = Some(
                    StreamErrorCondition::from_name(c.name())
                        .unwrap_or(StreamErrorCondition::UndefinedCondition),
                );
            }
        }
        Ok(StreamError {
            condition: condition.ok_or(PayloadError::Missing {
                element: "stream:error",
                what: "condition",
            })?,
            text,
        })
    }
}
