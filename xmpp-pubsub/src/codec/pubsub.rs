//! XEP-0060 payloads: `<pubsub/>` (entity use cases), `<pubsub xmlns='…#owner'/>` (owner use
//! cases) and their shared pieces (items, subscriptions, affiliations).

use crate::codec::conditions::name_enum;
use crate::codec::data_form::DataForm;
use crate::codec::element::{Element, Node, RawXml};
use crate::codec::jid::Jid;
use crate::codec::ns;
use crate::codec::payload::{check, opt_jid, parse_bool, req_attr, req_jid, PayloadError};

/// Most items or item ids read from one request or notification.
pub const MAX_ITEMS_PER_STANZA: usize = 1024;

name_enum! {
    /// Subscription states (XEP-0060 §4.2).
    SubscriptionState {
        /// none
        None => "none",
        /// pending
        Pending => "pending",
        /// subscribed
        Subscribed => "subscribed",
        /// unconfigured
        Unconfigured => "unconfigured",
    }
}

name_enum! {
    /// Affiliations (XEP-0060 §4.1).
    Affiliation {
        /// member
        Member => "member",
        /// none
        None => "none",
        /// outcast
        Outcast => "outcast",
        /// owner
        Owner => "owner",
        /// publish-only
        PublishOnly => "publish-only",
        /// publisher
        Publisher => "publisher",
    }
}

/// An `<item/>`: its id, the publisher stamped by the service and the payload kept as
/// serialised XML (for Finesse, a `<notification>` element whose text is the `<Update>`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Item {
    /// `id`.
    pub id: Option<String>,
    /// `publisher`.
    pub publisher: Option<Jid>,
    /// The one payload element, serialised.
    pub payload: Option<RawXml>,
}

impl Item {
    /// An item with an id and a payload.
    pub fn new(id: Option<String>, payload: Option<RawXml>) -> Item {
        Item {
            id,
            publisher: None,
            payload,
        }
    }

    fn from_element(el: &Element, ns: &str) -> Result<Item, PayloadError> {
        check(el, "item", ns)?;
        let mut children = el.children();
        let payload = children.next().map(RawXml::from_element);
        if children.next().is_some() {
            return Err(PayloadError::Invalid {
                element: "item",
                what: "payload",
                value: "more than one payload element".into(),
            });
        }
        Ok(Item {
            id: el.get_attr("id").map(str::to_owned),
            publisher: opt_jid(el, "item", "publisher")?,
            payload,
        })
    }

    pub(crate) fn to_element(&self, ns: &str) -> Element {
        let mut el = Element::new("item", ns)
            .attr_opt("id", self.id.clone())
            .attr_opt("publisher", self.publisher.as_ref().map(Jid::as_str));
        if let Some(p) = &self.payload {
            el.push(Node::Raw(p.clone()));
        }
        el
    }
}

/// A `<subscription/>` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionInfo {
    /// `node` (absent inside an owner `<subscriptions node=…>` list).
    pub node: Option<String>,
    /// `jid`.
    pub jid: Jid,
    /// `subscription`.
    pub state: Option<SubscriptionState>,
    /// `subid`.
    pub subid: Option<String>,
}

impl SubscriptionInfo {
    fn from_element(el: &Element, ns: &str) -> Result<SubscriptionInfo, PayloadError> {
        check(el, "subscription", ns)?;
        let state = match el.get_attr("subscription") {
            None => None,
            Some(s) => {
                Some(
                    SubscriptionState::from_name(s).ok_or_else(|| PayloadError::Invalid {
                        element: "subscription",
                        what: "subscription",
                        value: s.to_owned(),
                    })?,
                )
            }
        };
        Ok(SubscriptionInfo {
            node: el.get_attr("node").map(str::to_owned),
            jid: req_jid(el, "subscription", "jid")?,
            state,
            subid: el.get_attr("subid").map(str::to_owned),
        })
    }

    fn to_element(&self, ns: &str) -> Element {
        Element::new("subscription", ns)
            .attr_opt("node", self.node.clone())
            .attr("jid", self.jid.as_str())
            .attr_opt("subscription", self.state.map(|s| s.as_str()))
            .attr_opt("subid", self.subid.clone())
    }
}

/// An `<affiliation/>` entry (entity list: `node` + affiliation; owner list: `jid` +
/// affiliation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliationInfo {
    /// `node`.
    pub node: Option<String>,
    /// `jid`.
    pub jid: Option<Jid>,
    /// `affiliation`.
    pub affiliation: Affiliation,
}

impl AffiliationInfo {
    fn from_element(el: &Element, ns: &str) -> Result<AffiliationInfo, PayloadError> {
        check(el, "affiliation", ns)?;
        let a = req_attr(el, "affiliation", "affiliation")?;
        Ok(AffiliationInfo {
            node: el.get_attr("node").map(str::to_owned),
            jid: opt_jid(el, "affiliation", "jid")?,
            affiliation: Affiliation::from_name(a).ok_or_else(|| PayloadError::Invalid {
                element: "affiliation",
                what: "affiliation",
                value: a.to_owned(),
            })?,
        })
    }

    fn to_element(&self, ns: &str) -> Element {
        Element::new("affiliation", ns)
            .attr_opt("node", self.node.clone())
            .attr_opt("jid", self.jid.as_ref().map(Jid::as_str))
            .attr("affiliation", self.affiliation.as_str())
    }
}

fn req_node(el: &Element, element: &'static str) -> Result<String, PayloadError> {
    el.get_attr("node")
        .map(str::to_owned)
        .ok_or(PayloadError::Missing {
            element,
            what: "node",
        })
}

fn form_in(el: Option<&Element>) -> Result<Option<DataForm>, PayloadError> {
    match el.and_then(|c| c.get_child("x", ns::DATA_FORMS)) {
        Some(x) => Ok(Some(DataForm::from_element(x)?)),
        None => Ok(None),
    }
}

fn bounded<T>(v: &[T], element: &'static str) -> Result<(), PayloadError> {
    if v.len() >= MAX_ITEMS_PER_STANZA {
        return Err(PayloadError::Invalid {
            element,
            what: "entry count",
            value: format!("more than {MAX_ITEMS_PER_STANZA}"),
        });
    }
    Ok(())
}

/// The content of `<pubsub xmlns='http://jabber.org/protocol/pubsub'>`, requests and results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PubSub {
    /// Create a node (`node` absent: instant node), optionally configured.
    Create {
        /// NodeID.
        node: Option<String>,
        /// `<configure><x/></configure>`.
        config: Option<DataForm>,
    },
    /// Subscribe `jid` to `node`.
    Subscribe {
        /// NodeID.
        node: String,
        /// The JID to subscribe (must have the requester's bare JID).
        jid: Jid,
        /// `<options><x/></options>`.
        options: Option<DataForm>,
    },
    /// Unsubscribe.
    Unsubscribe {
        /// NodeID.
        node: String,
        /// Subscribed JID.
        jid: Jid,
        /// SubID.
        subid: Option<String>,
    },
    /// A subscription result (answer to subscribe).
    Subscription(SubscriptionInfo),
    /// The requester's subscriptions (request: empty list), optionally for one node.
    Subscriptions {
        /// NodeID filter.
        node: Option<String>,
        /// Entries.
        list: Vec<SubscriptionInfo>,
    },
    /// The requester's affiliations.
    Affiliations {
        /// NodeID filter.
        node: Option<String>,
        /// Entries.
        list: Vec<AffiliationInfo>,
    },
    /// Subscription options get (no form) or set / result (form).
    Options {
        /// NodeID.
        node: String,
        /// Subscribed JID.
        jid: Jid,
        /// SubID.
        subid: Option<String>,
        /// The `subscribe_options` form.
        form: Option<DataForm>,
    },
    /// Publish items (result: the item ids).
    Publish {
        /// NodeID.
        node: String,
        /// Items.
        items: Vec<Item>,
        /// `<publish-options><x/></publish-options>`.
        options: Option<DataForm>,
    },
    /// Retract items.
    Retract {
        /// NodeID.
        node: String,
        /// `notify`.
        notify: bool,
        /// Item ids.
        ids: Vec<String>,
    },
    /// Retrieve items (request: optional `max_items` / item ids; result: items).
    Items {
        /// NodeID.
        node: String,
        /// `max_items`.
        max_items: Option<u32>,
        /// `subid`.
        subid: Option<String>,
        /// Requested ids (request) or items (result).
        items: Vec<Item>,
    },
}

impl PubSub {
    /// Reads a `<pubsub/>` element.
    pub fn from_element(el: &Element) -> Result<PubSub, PayloadError> {
        check(el, "pubsub", ns::PUBSUB)?;
        let mut children = el.children().filter(|c| c.ns() == ns::PUBSUB);
        let first = children
            .next()
            .ok_or(PayloadError::Unsupported { element: "pubsub" })?;
        let second = children.next();
        let p = ns::PUBSUB;
        Ok(match first.name() {
            "create" => PubSub::Create {
                node: first.get_attr("node").map(str::to_owned),
                config: form_in(second.filter(|s| s.name() == "configure"))?,
            },
            "subscribe" => PubSub::Subscribe {
                node: req_node(first, "subscribe")?,
                jid: req_jid(first, "subscribe", "jid")?,
                options: form_in(second.filter(|s| s.name() == "options"))?,
            },
            "unsubscribe" => PubSub::Unsubscribe {
                node: req_node(first, "unsubscribe")?,
                jid: req_jid(first, "unsubscribe", "jid")?,
                subid: first.get_attr("subid").map(str::to_owned),
            },
            "subscription" => PubSub::Subscription(SubscriptionInfo::from_element(first, p)?),
            "subscriptions" => {
                let mut list = Vec::new();
                for c in first.children() {
                    bounded(&list, "subscriptions")?;
                    list.push(SubscriptionInfo::from_element(c, p)?);
                }
                PubSub::Subscriptions {
                    node: first.get_attr("node").map(str::to_owned),
                    list,
                }
            }
            "affiliations" => {
                let mut list = Vec::new();
                for c in first.children() {
                    bounded(&list, "affiliations")?;
                    list.push(AffiliationInfo::from_element(c, p)?);
                }
                PubSub::Affiliations {
                    node: first.get_attr("node").map(str::to_owned),
                    list,
                }
            }
            "options" => PubSub::Options {
                node: req_node(first, "options")?,
                jid: req_jid(first, "options", "jid")?,
                subid: first.get_attr("subid").map(str::to_owned),
                form: form_in(Some(first))?,
            },
            "publish" => {
                let mut items = Vec::new();
                for c in first.children() {
                    bounded(&items, "publish")?;
                    items.push(Item::from_element(c, p)?);
                }
                PubSub::Publish {
                    node: req_node(first, "publish")?,
                    items,
                    options: form_in(second.filter(|s| s.name() == "publish-options"))?,
                }
            }
            "retract" => {
                let mut ids = Vec::new();
                for c in first.children().filter(|c| c.is("item", p)) {
                    bounded(&ids, "retract")?;
                    ids.push(req_attr(c, "item", "id")?.to_owned());
                }
                PubSub::Retract {
                    node: req_node(first, "retract")?,
                    notify: first
                        .get_attr("notify")
                        .and_then(parse_bool)
                        .unwrap_or(false),
                    ids,
                }
            }
            "items" => {
                let mut items = Vec::new();
                for c in first.children() {
                    bounded(&items, "items")?;
                    items.push(Item::from_element(c, p)?);
                }
                let max_items = match first.get_attr("max_items") {
                    None => None,
                    Some(m) => Some(m.parse().map_err(|_| PayloadError::Invalid {
                        element: "items",
                        what: "max_items",
                        value: m.to_owned(),
                    })?),
                };
                PubSub::Items {
                    node: req_node(first, "items")?,
                    max_items,
                    subid: first.get_attr("subid").map(str::to_owned),
                    items,
                }
            }
            _ => return Err(PayloadError::Unsupported { element: "pubsub" }),
        })
    }

    /// The `<pubsub/>` element.
    pub fn to_element(&self) -> Element {
        let p = ns::PUBSUB;
        let el = Element::new("pubsub", p);
        match self {
            PubSub::Create { node, config } => {
                let mut el = el.child(Element::new("create", p).attr_opt("node", node.clone()));
                if let Some(f) = config {
                    el.push_child(Element::new("configure", p).child(f.to_element()));
                }
                el
            }
            PubSub::Subscribe { node, jid, options } => {
                let mut el = el.child(
                    Element::new("subscribe", p)
                        .attr("node", node.clone())
                        .attr("jid", jid.as_str()),
                );
                if let Some(f) = options {
                    el.push_child(Element::new("options", p).child(f.to_element()));
                }
                el
            }
            PubSub::Unsubscribe { node, jid, subid } => el.child(
                Element::new("unsubscribe", p)
                    .attr("node", node.clone())
                    .attr("jid", jid.as_str())
                    .attr_opt("subid", subid.clone()),
            ),
            PubSub::Subscription(s) => el.child(s.to_element(p)),
            PubSub::Subscriptions { node, list } => {
                let mut c = Element::new("subscriptions", p).attr_opt("node", node.clone());
                for s in list {
                    c.push_child(s.to_element(p));
                }
                el.child(c)
            }
            PubSub::Affiliations { node, list } => {
                let mut c = Element::new("affiliations", p).attr_opt("node", node.clone());
                for a in list {
                    c.push_child(a.to_element(p));
                }
                el.child(c)
            }
            PubSub::Options {
                node,
                jid,
                subid,
                form,
            } => {
                let mut c = Element::new("options", p)
                    .attr("node", node.clone())
                    .attr("jid", jid.as_str())
                    .attr_opt("subid", subid.clone());
                if let Some(f) = form {
                    c.push_child(f.to_element());
                }
                el.child(c)
            }
            PubSub::Publish {
                node,
                items,
                options,
            } => {
                let mut c = Element::new("publish", p).attr("node", node.clone());
                for i in items {
                    c.push_child(i.to_element(p));
                }
                let mut el = el.child(c);
                if let Some(f) = options {
                    el.push_child(Element::new("publish-options", p).child(f.to_element()));
                }
                el
            }
            PubSub::Retract { node, notify, ids } => {
                let mut c = Element::new("retract", p).attr("node", node.clone());
                if *notify {
                    c.set_attr("notify", "true");
                }
                for id in ids {
                    c.push_child(Element::new("item", p).attr("id", id.clone()));
                }
                el.child(c)
            }
            PubSub::Items {
                node,
                max_items,
                subid,
                items,
            } => {
                let mut c = Element::new("items", p)
                    .attr("node", node.clone())
                    .attr_opt("max_items", max_items.map(|m| m.to_string()))
                    .attr_opt("subid", subid.clone());
                for i in items {
                    c.push_child(i.to_element(p));
                }
                el.child(c)
            }
        }
    }
}

/// The content of `<pubsub xmlns='http://jabber.org/protocol/pubsub#owner'>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PubSubOwner {
    /// Node configuration: get (no form) or set / result (form).
    Configure {
        /// NodeID (required by the service; optional on the wire).
        node: Option<String>,
        /// The `node_config` form.
        form: Option<DataForm>,
    },
    /// Default node configuration (request: no form).
    Default {
        /// The form.
        form: Option<DataForm>,
    },
    /// Delete a node.
    Delete {
        /// NodeID.
        node: String,
        /// `<redirect uri=…/>`.
        redirect: Option<String>,
    },
    /// Purge all items of a node.
    Purge {
        /// NodeID.
        node: String,
    },
    /// A node's subscriptions (get: empty; set: changes; result: entries).
    Subscriptions {
        /// NodeID.
        node: String,
        /// Entries.
        list: Vec<SubscriptionInfo>,
    },
    /// A node's affiliations (get: empty; set: changes; result: entries).
    Affiliations {
        /// NodeID.
        node: String,
        /// Entries.
        list: Vec<AffiliationInfo>,
    },
}

impl PubSubOwner {
    /// Reads an owner `<pubsub/>` element.
    pub fn from_element(el: &Element) -> Result<PubSubOwner, PayloadError> {
        check(el, "pubsub", ns::PUBSUB_OWNER)?;
        let o = ns::PUBSUB_OWNER;
        let first = el
            .children()
            .find(|c| c.ns() == o)
            .ok_or(PayloadError::Unsupported { element: "pubsub" })?;
        Ok(match first.name() {
            "configure" => PubSubOwner::Configure {
                node: first.get_attr("node").map(str::to_owned),
                form: form_in(Some(first))?,
            },
            "default" => PubSubOwner::Default {
                form: form_in(Some(first))?,
            },
            "delete" => PubSubOwner::Delete {
                node: req_node(first, "delete")?,
                redirect: first
                    .get_child("redirect", o)
                    .and_then(|r| r.get_attr("uri"))
                    .map(str::to_owned),
            },
            "purge" => PubSubOwner::Purge {
                node: req_node(first, "purge")?,
            },
            "subscriptions" => {
                let mut list = Vec::new();
                for c in first.children() {
                    bounded(&list, "subscriptions")?;
                    list.push(SubscriptionInfo::from_element(c, o)?);
                }
                PubSubOwner::Subscriptions {
                    node: req_node(first, "subscriptions")?,
                    list,
                }
            }
            "affiliations" => {
                let mut list = Vec::new();
                for c in first.children() {
                    bounded(&list, "affiliations")?;
                    list.push(AffiliationInfo::from_element(c, o)?);
                }
                PubSubOwner::Affiliations {
                    node: req_node(first, "affiliations")?,
                    list,
                }
            }
            _ => return Err(PayloadError::Unsupported { element: "pubsub" }),
        })
    }

    /// The owner `<pubsub/>` element.
    pub fn to_element(&self) -> Element {
        let o = ns::PUBSUB_OWNER;
        let el = Element::new("pubsub", o);
        let with_form = |mut c: Element, form: &Option<DataForm>| {
            if let Some(f) = form {
                c.push_child(f.to_element());
            }
            c
        };
        match self {
            PubSubOwner::Configure { node, form } => el.child(with_form(
                Element::new("configure", o).attr_opt("node", node.clone()),
                form,
            )),
            PubSubOwner::Default { form } => el.child(with_form(Element::new("default", o), form)),
            PubSubOwner::Delete { node, redirect } => {
                let mut c = Element::new("delete", o).attr("node", node.clone());
                if let Some(r) = redirect {
                    c.push_child(Element::new("redirect", o).attr("uri", r.clone()));
                }
                el.child(c)
            }
            PubSubOwner::Purge { node } => {
                el.child(Element::new("purge", o).attr("node", node.clone()))
            }
            PubSubOwner::Subscriptions { node, list } => {
                let mut c = Element::new("subscriptions", o).attr("node", node.clone());
                for s in list {
                    c.push_child(s.to_element(o));
                }
                el.child(c)
            }
            PubSubOwner::Affiliations { node, list } => {
                let mut c = Element::new("affiliations", o).attr("node", node.clone());
                for a in list {
                    c.push_child(a.to_element(o));
                }
                el.child(c)
            }
        }
    }
}

/// The content of `<event xmlns='http://jabber.org/protocol/pubsub#event'>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PubSubEvent {
    /// Published items.
    Items {
        /// NodeID.
        node: String,
        /// Items (payload absent when the node does not deliver payloads).
        items: Vec<Item>,
    },
    /// Retracted item ids.
    Retract {
        /// NodeID.
        node: String,
        /// Item ids.
        ids: Vec<String>,
    },
    /// The node was deleted.
    Delete {
        /// NodeID.
        node: String,
        /// Redirect URI.
        redirect: Option<String>,
    },
    /// The node was purged.
    Purge {
        /// NodeID.
        node: String,
    },
    /// The node configuration changed.
    Configuration {
        /// NodeID.
        node: String,
        /// The new configuration.
        form: Option<DataForm>,
    },
    /// A subscription changed state.
    Subscription(SubscriptionInfo),
}

impl PubSubEvent {
    /// The NodeID the event is about.
    pub fn node(&self) -> Option<&str> {
        match self {
            PubSubEvent::Items { node, .. }
            | PubSubEvent::Retract { node, .. }
            | PubSubEvent::Delete { node, .. }
            | PubSubEvent::Purge { node }
            | PubSubEvent::Configuration { node, .. } => Some(node),
            PubSubEvent::Subscription(s) => s.node.as_deref(),
        }
    }

    /// Reads an `<event/>` element.
    pub fn from_element(el: &Element) -> Result<PubSubEvent, PayloadError> {
        check(el, "event", ns::PUBSUB_EVENT)?;
        let e = ns::PUBSUB_EVENT;
        let first = el
            .children()
            .find(|c| c.ns() == e)
            .ok_or(PayloadError::Unsupported { element: "event" })?;
        Ok(match first.name() {
            "items" => {
                let node = req_node(first, "items")?;
                let mut items = Vec::new();
                let mut ids = Vec::new();
                for c in first.children() {
                    bounded(&items, "items")?;
                    bounded(&ids, "items")?;
                    if c.is("retract", e) {
                        ids.push(req_attr(c, "retract", "id")?.to_owned());
                    } else {
                        items.push(Item::from_element(c, e)?);
                    }
                }
                if items.is_empty() && !ids.is_empty() {
                    PubSubEvent::Retract { node, ids }
                } else {
                    PubSubEvent::Items { node, items }
                }
            }
            "delete" => PubSubEvent::Delete {
                node: req_node(first, "delete")?,
                redirect: first
                    .get_child("redirect", e)
                    .and_then(|r| r.get_attr("uri"))
                    .map(str::to_owned),
            },
            "purge" => PubSubEvent::Purge {
                node: req_node(first, "purge")?,
            },
            "configuration" => PubSubEvent::Configuration {
                node: req_node(first, "configuration")?,
                form: form_in(Some(first))?,
            },
            "subscription" => PubSubEvent::Subscription(SubscriptionInfo::from_element(first, e)?),
            _ => return Err(PayloadError::Unsupported { element: "event" }),
        })
    }

    /// The `<event/>` element.
    pub fn to_element(&self) -> Element {
        let e = ns::PUBSUB_EVENT;
        let el = Element::new("event", e);
        match self {
            PubSubEvent::Items { node, items } => {
                let mut c = Element::new("items", e).attr("node", node.clone());
                for i in items {
                    c.push_child(i.to_element(e));
                }
                el.child(c)
            }
            PubSubEvent::Retract { node, ids } => {
                let mut c = Element::new("items", e).attr("node", node.clone());
                for id in ids {
                    c.push_child(Element::new("retract", e).attr("id", id.clone()));
                }
                el.child(c)
            }
            PubSubEvent::Delete { node, redirect } => {
                let mut c = Element::new("delete", e).attr("node", node.clone());
                if let Some(r) = redirect {
                    c.push_child(Element::new("redirect", e).attr("uri", r.clone()));
                }
                el.child(c)
            }
            PubSubEvent::Purge { node } => {
                el.child(Element::new("purge", e).attr("node", node.clone()))
            }
            PubSubEvent::Configuration { node, form } => {
                let mut c = Element::new("configuration", e).attr("node", node.clone());
                if let Some(f) = form {
                    c.push_child(f.to_element());
                }
                el.child(c)
            }
            PubSubEvent::Subscription(s) => el.child(s.to_element(e)),
        }
    }

    /// The event serialised once, for sharing among many notification messages.
    pub fn to_raw(&self) -> RawXml {
        RawXml::from_element(&self.to_element())
    }
}
