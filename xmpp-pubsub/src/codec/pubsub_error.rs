//! PubSub-specific error conditions (XEP-0060 `pubsub#errors`) and their stanza errors.

use crate::codec::conditions::name_enum;
use crate::codec::element::Element;
use crate::codec::ns;
use crate::codec::stanza_error::{DefinedCondition, ErrorType, StanzaError};

name_enum! {
    /// Application-specific conditions in `http://jabber.org/protocol/pubsub#errors`.
    PubSubErrorCondition {
        /// closed-node
        ClosedNode => "closed-node",
        /// configuration-required
        ConfigurationRequired => "configuration-required",
        /// invalid-jid
        InvalidJid => "invalid-jid",
        /// invalid-options
        InvalidOptions => "invalid-options",
        /// invalid-payload
        InvalidPayload => "invalid-payload",
        /// invalid-subid
        InvalidSubid => "invalid-subid",
        /// item-forbidden
        ItemForbidden => "item-forbidden",
        /// item-required
        ItemRequired => "item-required",
        /// jid-required
        JidRequired => "jid-required",
        /// max-items-exceeded
        MaxItemsExceeded => "max-items-exceeded",
        /// max-nodes-exceeded
        MaxNodesExceeded => "max-nodes-exceeded",
        /// nodeid-required
        NodeidRequired => "nodeid-required",
        /// not-in-roster-group
        NotInRosterGroup => "not-in-roster-group",
        /// not-subscribed
        NotSubscribed => "not-subscribed",
        /// payload-too-big
        PayloadTooBig => "payload-too-big",
        /// payload-required
        PayloadRequired => "payload-required",
        /// pending-subscription
        PendingSubscription => "pending-subscription",
        /// precondition-not-met
        PreconditionNotMet => "precondition-not-met",
        /// presence-subscription-required
        PresenceSubscriptionRequired => "presence-subscription-required",
        /// subid-required
        SubidRequired => "subid-required",
        /// too-many-subscriptions
        TooManySubscriptions => "too-many-subscriptions",
        /// unsupported
        Unsupported => "unsupported",
        /// unsupported-access-model
        UnsupportedAccessModel => "unsupported-access-model",
    }
}

/// A pubsub error: the stanza condition, its type and the optional `pubsub#errors` child.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("pubsub error {condition} (type {error_type}){}", pubsub.map(|p| format!(", {p}")).unwrap_or_default())]
pub struct PubSubError {
    /// Error type.
    pub error_type: ErrorType,
    /// Stanza condition.
    pub condition: DefinedCondition,
    /// The pubsub-specific condition, if any.
    pub pubsub: Option<PubSubErrorCondition>,
    /// The `feature` attribute of `<unsupported/>`.
    pub feature: Option<String>,
}

impl PubSubError {
    /// An error without a pubsub-specific child.
    pub fn new(error_type: ErrorType, condition: DefinedCondition) -> PubSubError {
        PubSubError {
            error_type,
            condition,
            pubsub: None,
            feature: None,
        }
    }

    /// Adds a pubsub-specific condition.
    #[must_use]
    pub fn with(mut self, c: PubSubErrorCondition) -> PubSubError {
        self.pubsub = Some(c);
        self
    }

    /// `item-not-found` (the node does not exist).
    pub fn item_not_found() -> PubSubError {
        PubSubError::new(ErrorType::Cancel, DefinedCondition::ItemNotFound)
    }

    /// `forbidden` (insufficient privileges).
    pub fn forbidden() -> PubSubError {
        PubSubError::new(ErrorType::Auth, DefinedCondition::Forbidden)
    }

    /// `feature-not-implemented` with `<unsupported feature=…/>`.
    pub fn unsupported(feature: &str) -> PubSubError {
        PubSubError {
            error_type: ErrorType::Cancel,
            condition: DefinedCondition::FeatureNotImplemented,
            pubsub: Some(PubSubErrorCondition::Unsupported),
            feature: Some(feature.to_owned()),
        }
    }

    /// `bad-request` + a pubsub condition (type modify).
    pub fn bad_request(c: PubSubErrorCondition) -> PubSubError {
        PubSubError::new(ErrorType::Modify, DefinedCondition::BadRequest).with(c)
    }

    /// The stanza error.
    pub fn to_stanza_error(&self) -> StanzaError {
        let mut e = StanzaError::new(self.error_type, self.condition);
        if let Some(c) = self.pubsub {
            e.app = Some(
                Element::new(c.as_str(), ns::PUBSUB_ERRORS)
                    .attr_opt("feature", self.feature.clone()),
            );
        }
        e
    }

    /// Reads the pubsub view of a stanza error.
    pub fn from_stanza_error(e: &StanzaError) -> PubSubError {
        let app = e.app.as_ref().filter(|a| a.ns() == ns::PUBSUB_ERRORS);
        PubSubError {
            error_type: e.error_type,
            condition: e.condition,
            pubsub: app.and_then(|a| PubSubErrorCondition::from_name(a.name())),
            feature: app.and_then(|a| a.get_attr("feature")).map(str::to_owned),
        }
    }
}

impl From<PubSubError> for StanzaError {
    fn from(e: PubSubError) -> Self {
        e.to_stanza_error()
    }
}
