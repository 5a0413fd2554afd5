//! Stanza errors (RFC 6120 §8.3).

use crate::codec::conditions::name_enum;
use crate::codec::element::Element;
use crate::codec::jid::Jid;
use crate::codec::ns;
use crate::codec::payload::{opt_jid, PayloadError};

name_enum! {
    /// Stanza error conditions (RFC 6120 §8.3.3).
    DefinedCondition {
        /// bad-request
        BadRequest => "bad-request",
        /// conflict
        Conflict => "conflict",
        /// feature-not-implemented
        FeatureNotImplemented => "feature-not-implemented",
        /// forbidden
        Forbidden => "forbidden",
        /// gone
        Gone => "gone",
        /// internal-server-error
        InternalServerError => "internal-server-error",
        /// item-not-found
        ItemNotFound => "item-not-found",
        /// jid-malformed
        JidMalformed => "jid-malformed",
        /// not-acceptable
        NotAcceptable => "not-acceptable",
        /// not-allowed
        NotAllowed => "not-allowed",
        /// not-authorized
        NotAuthorized => "not-authorized",
        /// policy-violation
        PolicyViolation => "policy-violation",
        /// recipient-unavailable
        RecipientUnavailable => "recipient-unavailable",
        /// redirect
        Redirect => "redirect",
        /// registration-required
        RegistrationRequired => "registration-required",
        /// remote-server-not-found
        RemoteServerNotFound => "remote-server-not-found",
        /// remote-server-timeout
        RemoteServerTimeout => "remote-server-timeout",
        /// resource-constraint
        ResourceConstraint => "resource-constraint",
        /// service-unavailable
        ServiceUnavailable => "service-unavailable",
        /// subscription-required
        SubscriptionRequired => "subscription-required",
        /// undefined-condition
        UndefinedCondition => "undefined-condition",
        /// unexpected-request
        UnexpectedRequest => "unexpected-request",
    }
}

name_enum! {
    /// The `type` of a stanza error.
    ErrorType {
        /// Retry after providing credentials.
        Auth => "auth",
        /// Do not retry.
        Cancel => "cancel",
        /// Proceed (the condition was only a warning).
        Continue => "continue",
        /// Retry after changing the data sent.
        Modify => "modify",
        /// Retry after waiting.
        Wait => "wait",
    }
}

/// An `<error/>` child of a stanza of type `error`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stanza error {condition} (type {error_type}){}", text.as_ref().map(|t| format!(": {t}")).unwrap_or_default())]
pub struct StanzaError {
    /// The error type.
    pub error_type: ErrorType,
    /// The defined condition.
    pub condition: DefinedCondition,
    /// The `gone`/`redirect` URI, if any.
    pub condition_text: Option<String>,
    /// Optional human-readable text.
    pub text: Option<String>,
    /// `by`: the entity that generated the error.
    pub by: Option<Jid>,
    /// An application-specific condition (e.g. a `pubsub#errors` element).
    pub app: Option<Element>,
}

impl StanzaError {
    /// An error with a type and a condition only.
    pub fn new(error_type: ErrorType, condition: DefinedCondition) -> StanzaError {
        StanzaError {
            error_type,
            condition,
            condition_text: None,
            text: None,
            by: None,
            app: None,
        }
    }

    /// Adds human-readable text.
    #[must_use]
    pub fn with_text(mut self, text: impl Into<String>) -> StanzaError {
        self.text = Some(text.into());
        self
    }

    /// Adds an application-specific condition.
    #[must_use]
    pub fn with_app(mut self, app: Element) -> StanzaError {
        self.app = Some(app);
        self
    }

    /// The `<error/>` element (in `jabber:client`).
    pub fn to_element(&self) -> Element {
        let mut el = Element::new("error", ns::CLIENT)
            .attr("type", self.error_type.as_str())
            .attr_opt("by", self.by.as_ref().map(|j| j.as_str()));
        let mut cond = Element::new(self.condition.as_str(), ns::STANZAS);
        if let Some(t) = &self.condition_text {
            cond = cond.text(t.clone());
        }
        el.push_child(cond);
        if let Some(t) = &self.text {
            el.push_child(Element::new("text", ns::STANZAS).text(t.clone()));
        }
        if let Some(app) = &self.app {
            el.push_child(app.clone());
        }
        el
    }

    /// Reads an `<error/>` element. An unknown condition reads as `undefined-condition`.
    pub fn from_element(el: &Element) -> Result<StanzaError, PayloadError> {
        if el.name() != "error" {
            return Err(PayloadError::Mismatch);
        }
        let ty = el.get_attr("type").ok_or(PayloadError::Missing {
            element: "error",
            what: "type",
        })?;
        let error_type = ErrorType::from_name(ty).ok_or_else(|| PayloadError::Invalid {
            element: "error",
            what: "type",
            value: ty.to_owned(),
        })?;
        let mut err = StanzaError::new(error_type, DefinedCondition::UndefinedCondition);
        err.by = opt_jid(el, "error", "by")?;
        let mut seen = false;
        for c in el.children() {
            if c.ns() == ns::STANZAS {
                if c.name() == "text" {
                    err.text = Some(c.text_content());
                } else if !seen {
                    seen = true;
                    err.condition = DefinedCondition::from_name(c.name())
                        .unwrap_or(DefinedCondition::UndefinedCondition);
                    let t = c.text_content();
                    if !t.is_empty() {
                        err.condition_text = Some(t);
                    }
                }
            } else if err.app.is_none() {
                err.app = Some(c.clone());
            }
        }
        if !seen {
            return Err(PayloadError::Missing {
                element: "error",
                what: "condition",
            });
        }
        Ok(err)
    }
}
