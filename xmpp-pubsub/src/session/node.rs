//! Node configuration (`pubsub#node_config`) and the state of one leaf node.

use std::collections::{BTreeMap, HashMap, VecDeque};

use crate::codec::conditions::name_enum;
use crate::codec::data_form::{DataForm, Field, FieldType, FormType};
use crate::codec::element::RawXml;
use crate::codec::jid::Jid;
use crate::codec::ns;
use crate::codec::payload::parse_bool;
use crate::codec::pubsub::{Affiliation, SubscriptionState};
use crate::codec::pubsub_error::{PubSubError, PubSubErrorCondition};
use crate::codec::stanza::MessageType;
use crate::codec::stanza_error::{DefinedCondition, ErrorType};

name_enum! {
    /// `pubsub#access_model` values this service implements.
    AccessModel {
        /// Subscription requests need an owner's approval.
        Authorize => "authorize",
        /// Anyone (not outcast) may subscribe and retrieve items.
        Open => "open",
        /// Only entities affiliated as member, publisher or owner.
        Whitelist => "whitelist",
    }
}

name_enum! {
    /// `pubsub#publish_model` values.
    PublishModel {
        /// Anyone (not outcast) may publish.
        Open => "open",
        /// Owners and publishers may publish.
        Publishers => "publishers",
        /// Subscribers may publish too.
        Subscribers => "subscribers",
    }
}

/// Default `pubsub#max_items` of a new node.
pub const DEFAULT_MAX_ITEMS: u32 = 10;
/// Default `pubsub#max_payload_size` in bytes.
pub const DEFAULT_MAX_PAYLOAD_SIZE: usize = 64 * 1024;

/// The configuration of one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeConfig {
    /// `pubsub#deliver_payloads`: include item payloads in notifications (default true).
    pub deliver_payloads: bool,
    /// `pubsub#deliver_notifications`: send notifications at all (default true).
    pub deliver_notifications: bool,
    /// `pubsub#persist_items`: keep published items (default true).
    pub persist_items: bool,
    /// `pubsub#max_items`: items kept; the oldest is dropped beyond it (default 10).
    pub max_items: u32,
    /// `pubsub#access_model` (default open).
    pub access_model: AccessModel,
    /// `pubsub#publish_model` (default publishers).
    pub publish_model: PublishModel,
    /// `pubsub#notify_retract`: notify subscribers of retractions and purges (default true).
    pub notify_retract: bool,
    /// `pubsub#notify_delete`: notify subscribers when the node is deleted (default true).
    pub notify_delete: bool,
    /// `pubsub#notify_config`: notify subscribers of configuration changes (default false).
    pub notify_config: bool,
    /// `pubsub#notification_type`: `type` of event messages; `None` sends no type attribute,
    /// like Openfire (what Finesse runs) (default `None`).
    pub notification_type: Option<MessageType>,
    /// `pubsub#max_payload_size` in bytes (default 64 KiB).
    pub max_payload_size: usize,
    /// `pubsub#title`.
    pub title: Option<String>,
}

impl Default for NodeConfig {
    fn default() -> Self {
        NodeConfig {
            deliver_payloads: true,
            deliver_notifications: true,
            persist_items: true,
            max_items: DEFAULT_MAX_ITEMS,
            access_model: AccessModel::Open,
            publish_model: PublishModel::Publishers,
            notify_retract: true,
            notify_delete: true,
            notify_config: false,
            notification_type: None,
            max_payload_size: DEFAULT_MAX_PAYLOAD_SIZE,
            title: None,
        }
    }
}

fn bool_field(var: &str, v: bool) -> Field {
    Field::new(var, Some(FieldType::Boolean), if v { "1" } else { "0" })
}

fn list_field(var: &str, v: &str, options: &[&str]) -> Field {
    let mut f = Field::new(var, Some(FieldType::ListSingle), v);
    f.options = options.iter().map(|s| (*s).to_owned()).collect();
    f
}

fn not_acceptable(what: &str) -> PubSubError {
    let _ = what;
    PubSubError::new(ErrorType::Modify, DefinedCondition::NotAcceptable)
}

impl NodeConfig {
    /// The configuration as a `pubsub#node_config` form of type `form_type`.
    pub fn to_form(&self, form_type: FormType) -> DataForm {
        let mut f = DataForm::new(form_type, Some(ns::PUBSUB_NODE_CONFIG));
        f.fields.extend([
            bool_field("pubsub#deliver_payloads", self.deliver_payloads),
            bool_field("pubsub#deliver_notifications", self.deliver_notifications),
            bool_field("pubsub#persist_items", self.persist_items),
            Field::new(
                "pubsub#max_items",
                Some(FieldType::TextSingle),
                self.max_items.to_string(),
            ),
            list_field(
                "pubsub#access_model",
                self.access_model.as_str(),
                &["authorize", "open", "whitelist"],
            ),
            list_field(
                "pubsub#publish_model",
                self.publish_model.as_str(),
                &["open", "publishers", "subscribers"],
            ),
            bool_field("pubsub#notify_retract", self.notify_retract),
            bool_field("pubsub#notify_delete", self.notify_delete),
            bool_field("pubsub#notify_config", self.notify_config),
            list_field(
                "pubsub#notification_type",
                self.notification_type.map_or("normal", |t| t.as_str()),
                &["normal", "headline"],
            ),
            Field::new(
                "pubsub#max_payload_size",
                Some(FieldType::TextSingle),
                self.max_payload_size.to_string(),
            ),
            Field::new(
                "pubsub#title",
                Some(FieldType::TextSingle),
                self.title.clone().unwrap_or_default(),
            ),
        ]);
        f
    }

    /// Applies a submitted form. Unknown fields are refused (`not-acceptable`), as are
    /// values outside a field's domain; `max_items` is capped at `max_items_cap`.
    pub fn apply_form(&mut self, form: &DataForm, max_items_cap: u32) -> Result<(), PubSubError> {
        if form.form_type == FormType::Cancel {
            return Ok(());
        }
        let mut next = self.clone();
        for field in &form.fields {
            let Some(var) = field.var.as_deref() else {
                continue;
            };
            let v = field.value().unwrap_or("");
            let b = || parse_bool(v).ok_or_else(|| not_acceptable(var));
            match var {
                "FORM_TYPE" => {
                    if v != ns::PUBSUB_NODE_CONFIG {
                        return Err(not_acceptable(var));
                    }
                }
                "pubsub#deliver_payloads" => next.deliver_payloads = b()?,
                "pubsub#deliver_notifications" => next.deliver_notifications = b()?,
                "pubsub#persist_items" => next.persist_items = b()?,
                "pubsub#notify_retract" => next.notify_retract = b()?,
                "pubsub#notify_delete" => next.notify_delete = b()?,
                "pubsub#notify_config" => next.notify_config = b()?,
                "pubsub#max_items" => {
                    next.max_items = if v == "max" {
                        max_items_cap
                    } else {
                        v.parse::<u32>()
                            .map_err(|_| not_acceptable(var))?
                            .min(max_items_cap)
                    }
                }
                "pubsub#max_payload_size" => {
                    next.max_payload_size = v.parse().map_err(|_| not_acceptable(var))?
                }
                "pubsub#access_model" => {
                    next.access_model = AccessModel::from_name(v).ok_or_else(|| {
                        PubSubError::new(ErrorType::Modify, DefinedCondition::NotAcceptable)
                            .with(PubSubErrorCondition::UnsupportedAccessModel)
                    })?
                }
                "pubsub#publish_model" => {
                    next.publish_model =
                        PublishModel::from_name(v).ok_or_else(|| not_acceptable(var))?
                }
                "pubsub#notification_type" => {
                    next.notification_type = match v {
                        "normal" => None,
                        "headline" => Some(MessageType::Headline),
                        _ => return Err(not_acceptable(var)),
                    }
                }
                "pubsub#title" => next.title = (!v.is_empty()).then(|| v.to_owned()),
                // Accepted and ignored: fields clients commonly send with fixed values here.
                "pubsub#node_type"
                | "pubsub#type"
                | "pubsub#send_last_published_item"
                | "pubsub#presence_based_delivery"
                | "pubsub#notify_sub"
                | "pubsub#subscribe"
                | "pubsub#purge_offline"
                | "pubsub#itemreply" => {}
                _ => return Err(not_acceptable(var)),
            }
        }
        *self = next;
        Ok(())
    }

    /// Whether every field of a `publish-options` form matches this configuration
    /// (XEP-0060 §7.1.5 preconditions).
    pub fn meets(&self, preconditions: &DataForm) -> bool {
        let current = self.to_form(FormType::Result);
        preconditions.fields.iter().all(|f| {
            let Some(var) = f.var.as_deref() else {
                return true;
            };
            if var == "FORM_TYPE" {
                return true;
            }
            match current.field(var) {
                Some(c) => {
                    let want = f.value().unwrap_or("");
                    let have = c.value().unwrap_or("");
                    match (parse_bool(want), parse_bool(have)) {
                        (Some(a), Some(b)) if c.field_type == Some(FieldType::Boolean) => a == b,
                        _ => want == have,
                    }
                }
                None => false,
            }
        })
    }
}

/// One subscription on a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Subscription {
    pub(crate) subid: String,
    pub(crate) state: SubscriptionState,
    /// `pubsub#deliver` subscription option.
    pub(crate) deliver: bool,
}

/// One stored item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredItem {
    pub(crate) id: String,
    pub(crate) publisher: Jid,
    pub(crate) payload: Option<RawXml>,
}

/// A leaf node.
#[derive(Debug, Clone)]
pub(crate) struct LeafNode {
    pub(crate) config: NodeConfig,
    /// Keyed by bare JID.
    pub(crate) affiliations: HashMap<String, Affiliation>,
    /// Keyed by the subscribed JID (bare or full).
    pub(crate) subscriptions: BTreeMap<Jid, Subscription>,
    /// Oldest first.
    pub(crate) items: VecDeque<StoredItem>,
}

impl LeafNode {
    pub(crate) fn new(config: NodeConfig, owner: Option<&Jid>) -> LeafNode {
        let mut affiliations = HashMap::new();
        if let Some(o) = owner {
            affiliations.insert(o.bare_str().to_owned(), Affiliation::Owner);
        }
        LeafNode {
            config,
            affiliations,
            subscriptions: BTreeMap::new(),
            items: VecDeque::new(),
        }
    }

    pub(crate) fn affiliation(&self, jid: &Jid) -> Affiliation {
        self.affiliations
            .get(jid.bare_str())
            .copied()
            .unwrap_or(Affiliation::None)
    }

    /// Whether `jid` (any resource of it) has a subscription in state subscribed.
    pub(crate) fn is_subscribed(&self, jid: &Jid) -> bool {
        self.subscriptions
            .iter()
            .any(|(j, s)| j.same_bare(jid) && s.state == SubscriptionState::Subscribed)
    }

    /// Stores an item, replacing one with the same id, dropping the oldest beyond max_items.
    pub(crate) fn store(&mut self, item: StoredItem) {
        if !self.config.persist_items {
            return;
        }
        self.items.retain(|i| i.id != item.id);
        self.items.push_back(item);
        while self.items.len() > self.config.max_items as usize {
            self.items.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_round_trip() {
        let mut c = NodeConfig {
            max_items: 3,
            access_model: AccessModel::Whitelist,
            notification_type: Some(MessageType::Headline),
            ..NodeConfig::default()
        };
        let mut form = c.to_form(FormType::Submit);
        let mut d = NodeConfig::default();
        d.apply_form(&form, 100).unwrap();
        assert_eq!(c, d);
        assert!(c.meets(&form));
        form.fields
            .push(Field::new("pubsub#access_model", None, "presence"));
        assert!(d.apply_form(&form, 100).is_err());
        assert_eq!(c, d, "a refused form changes nothing");
        c.max_items = 1000;
        let mut form = DataForm::new(FormType::Submit, Some(ns::PUBSUB_NODE_CONFIG));
        form.fields
            .push(Field::new("pubsub#max_items", None, "max"));
        d.apply_form(&form, 50).unwrap();
        assert_eq!(d.max_items, 50);
    }
}
