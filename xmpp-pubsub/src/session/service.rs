//! The sans-IO PubSub service: requests in, replies and notifications out.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::time::Instant;

use crate::codec::data_form::{DataForm, Field, FieldType, FormType};
use crate::codec::disco::{DiscoInfo, DiscoItem, DiscoItems, Identity};
use crate::codec::element::{Element, Node, RawXml};
use crate::codec::jid::Jid;
use crate::codec::ns;
use crate::codec::payload::{parse_bool, PayloadError};
use crate::codec::pubsub::{
    Affiliation, AffiliationInfo, Item, PubSub, PubSubEvent, PubSubOwner, SubscriptionInfo,
    SubscriptionState,
};
use crate::codec::pubsub_error::{PubSubError, PubSubErrorCondition as C};
use crate::codec::stanza::{Iq, IqKind, Message, MessageType, Stanza};
use crate::codec::stanza_error::{DefinedCondition, ErrorType};
use crate::session::node::{
    AccessModel, LeafNode, NodeConfig, PublishModel, StoredItem, Subscription,
};

/// Who may create nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreatePolicy {
    /// Any authenticated entity (Openfire's default, `xmpp.pubsub.create.anyone`).
    Anyone,
    /// Only [`ServiceConfig::admins`] (and the embedder through [`PubSubService::create_node`]).
    Admins,
}

/// Service-wide configuration and limits.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// The service's own JID (Finesse: `pubsub.<xmppDomain>`).
    pub jid: Jid,
    /// The configuration of nodes created without (or before applying) a form.
    pub default_node: NodeConfig,
    /// Who may create nodes.
    pub create_policy: CreatePolicy,
    /// Bare JIDs with owner rights on every node (the Finesse web application's account).
    pub admins: Vec<Jid>,
    /// Most nodes (default 100,000).
    pub max_nodes: usize,
    /// Most subscriptions on one node (default 100,000). Bounds one publish's fan-out.
    pub max_subscriptions_per_node: usize,
    /// Highest `pubsub#max_items` a node may be configured with (default 1,000).
    pub max_items_cap: u32,
    /// Longest NodeID in bytes (default 1,024).
    pub max_node_id_len: usize,
    /// Prefix of generated item ids, event message ids and subids. Set it to something
    /// unique per service start (the crate reads no random source) (default `"ps"`).
    pub id_prefix: String,
}

impl ServiceConfig {
    /// Defaults for a service at `jid`.
    pub fn new(jid: Jid) -> ServiceConfig {
        ServiceConfig {
            jid,
            default_node: NodeConfig::default(),
            create_policy: CreatePolicy::Anyone,
            admins: Vec::new(),
            max_nodes: 100_000,
            max_subscriptions_per_node: 100_000,
            max_items_cap: 1_000,
            max_node_id_len: 1_024,
            id_prefix: "ps".to_owned(),
        }
    }
}

/// Features advertised in disco#info (`http://jabber.org/protocol/pubsub#…`).
pub const FEATURES: &[&str] = &[
    "access-authorize",
    "access-open",
    "access-whitelist",
    "config-node",
    "create-and-configure",
    "create-nodes",
    "delete-items",
    "delete-nodes",
    "instant-nodes",
    "item-ids",
    "manage-subscriptions",
    "member-affiliation",
    "meta-data",
    "modify-affiliations",
    "outcast-affiliation",
    "persistent-items",
    "publish",
    "publish-options",
    "publisher-affiliation",
    "purge-nodes",
    "retract-items",
    "retrieve-affiliations",
    "retrieve-default",
    "retrieve-items",
    "retrieve-subscriptions",
    "subscribe",
    "subscription-options",
];

type Reply = Result<Option<Element>, PubSubError>;

/// What a requester asks to do on a node, as passed to an [`AccessCheck`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NodeAccess {
    /// Subscribe (XEP-0060 §6.1).
    Subscribe,
    /// Retrieve the node's items (XEP-0060 §6.5).
    RetrieveItems,
}

/// An embedder's own access rule, applied on top of the node's access model to requests
/// from entities that are not the node's owner or a service admin: `check(requester, node,
/// access)` returning `false` refuses the request with `<forbidden/>` (XEP-0060 §6.1.3.x).
///
/// The Finesse notification service uses it so an agent may only subscribe to their own
/// nodes and a supervisor to their team's. It runs inside the service's call: keep it cheap
/// and free of locks the caller may hold.
#[derive(Clone)]
pub struct AccessCheck(Arc<AccessFn>);

type AccessFn = dyn Fn(&Jid, &str, NodeAccess) -> bool + Send + Sync;

impl AccessCheck {
    /// An access check from a function `(requester, node, access) -> allowed`.
    pub fn new(f: impl Fn(&Jid, &str, NodeAccess) -> bool + Send + Sync + 'static) -> AccessCheck {
        AccessCheck(Arc::new(f))
    }

    /// Whether `requester` may do `access` on `node`.
    pub fn allows(&self, requester: &Jid, node: &str, access: NodeAccess) -> bool {
        (self.0)(requester, node, access)
    }
}

impl std::fmt::Debug for AccessCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessCheck(..)")
    }
}

/// A XEP-0060 PubSub service as a state machine.
///
/// Feed it request stanzas from authenticated JIDs with [`handle_stanza`](Self::handle_stanza)
/// (or call its commands), then drain [`poll_outgoing`](Self::poll_outgoing) until `None`:
/// each entry is a destination JID and a stanza (the reply to the requester, and event
/// notifications). It does no I/O and reads no clock. A publish is serialised once: every
/// notification message shares the same [`RawXml`] bytes.
///
/// ```
/// use std::time::Instant;
/// use xmpp_pubsub::*;
///
/// # #[allow(clippy::disallowed_methods)]
/// let now = Instant::now();
/// let mut svc = PubSubService::new(ServiceConfig::new(Jid::new("pubsub.example.com")?));
/// let finesse = Jid::new("finesse@example.com/app")?;
/// let agent = Jid::new("1001@example.com/desktop")?;
/// svc.create_node("/finesse/api/User/1001", Some(&finesse), NodeConfig::default())?;
/// svc.subscribe("/finesse/api/User/1001", &agent)?;
/// let update = FinesseNotification::new("<Update><event>PUT</event></Update>");
/// svc.publish(now, &finesse, "/finesse/api/User/1001", Item::new(None, Some(update.to_raw())))?;
/// let (to, stanza) = svc.poll_outgoing().expect("one event");
/// assert_eq!(to, agent);
/// assert!(String::from_utf8_lossy(&stanza.to_bytes()).contains("&lt;Update&gt;"));
/// assert!(svc.poll_outgoing().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct PubSubService {
    config: ServiceConfig,
    nodes: BTreeMap<String, LeafNode>,
    out: VecDeque<(Jid, Stanza)>,
    counter: u64,
    last_activity: Option<Instant>,
    access_check: Option<AccessCheck>,
}

fn modify(c: DefinedCondition) -> PubSubError {
    PubSubError::new(ErrorType::Modify, c)
}

fn map_payload_error(e: &PayloadError) -> PubSubError {
    match e {
        PayloadError::Missing { what: "node", .. } => PubSubError::bad_request(C::NodeidRequired),
        PayloadError::Missing { what: "jid", .. } => PubSubError::bad_request(C::JidRequired),
        PayloadError::Missing { what: "id", .. } => PubSubError::bad_request(C::ItemRequired),
        PayloadError::Jid { .. } => PubSubError::bad_request(C::InvalidJid),
        PayloadError::Invalid {
            element: "item", ..
        } => PubSubError::bad_request(C::InvalidPayload),
        PayloadError::Unsupported { .. } | PayloadError::Mismatch => {
            PubSubError::new(ErrorType::Cancel, DefinedCondition::FeatureNotImplemented)
        }
        _ => modify(DefinedCondition::BadRequest),
    }
}

impl PubSubService {
    /// An empty service.
    pub fn new(config: ServiceConfig) -> PubSubService {
        PubSubService {
            config,
            nodes: BTreeMap::new(),
            out: VecDeque::new(),
            counter: 0,
            last_activity: None,
            access_check: None,
        }
    }

    /// Installs (or with `None` removes) an extra access rule for subscribe and
    /// retrieve-items requests; see [`AccessCheck`]. Owners and admins are never checked,
    /// nor are the embedder's own commands ([`subscribe`](Self::subscribe) and the rest).
    pub fn set_access_check(&mut self, check: Option<AccessCheck>) {
        self.access_check = check;
    }

    /// `Err(forbidden)` when the [`AccessCheck`] refuses `from` (not an owner or admin).
    fn check_access(
        &self,
        n: &LeafNode,
        from: &Jid,
        node: &str,
        access: NodeAccess,
    ) -> Result<(), PubSubError> {
        match &self.access_check {
            Some(check)
                if self.affiliation(n, from) != Affiliation::Owner
                    && !check.allows(from, node, access) =>
            {
                Err(PubSubError::forbidden())
            }
            _ => Ok(()),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ServiceConfig {
        &self.config
    }

    /// The service JID.
    pub fn jid(&self) -> &Jid {
        &self.config.jid
    }

    /// The next stanza to deliver and its destination. Drain until `None` after every call.
    #[must_use]
    pub fn poll_outgoing(&mut self) -> Option<(Jid, Stanza)> {
        self.out.pop_front()
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// A node's configuration.
    pub fn node_config(&self, node: &str) -> Option<&NodeConfig> {
        self.nodes.get(node).map(|n| &n.config)
    }

    /// A node's subscriptions.
    pub fn subscriptions(&self, node: &str) -> Vec<SubscriptionInfo> {
        self.nodes.get(node).map_or_else(Vec::new, |n| {
            n.subscriptions
                .iter()
                .map(|(jid, s)| SubscriptionInfo {
                    node: None,
                    jid: jid.clone(),
                    state: Some(s.state),
                    subid: Some(s.subid.clone()),
                })
                .collect()
        })
    }

    /// A node's stored items, oldest first.
    pub fn items(&self, node: &str) -> Vec<Item> {
        self.nodes.get(node).map_or_else(Vec::new, |n| {
            n.items
                .iter()
                .map(|i| Item {
                    id: Some(i.id.clone()),
                    publisher: Some(i.publisher.clone()),
                    payload: i.payload.clone(),
                })
                .collect()
        })
    }

    /// When the service last handled a request or command.
    pub fn last_activity(&self) -> Option<Instant> {
        self.last_activity
    }

    fn next_id(&mut self) -> String {
        self.counter += 1;
        format!("{}{}", self.config.id_prefix, self.counter)
    }

    fn is_admin(&self, jid: &Jid) -> bool {
        self.config.admins.iter().any(|a| a.same_bare(jid))
    }

    fn affiliation(&self, node: &LeafNode, jid: &Jid) -> Affiliation {
        if self.is_admin(jid) {
            Affiliation::Owner
        } else {
            node.affiliation(jid)
        }
    }

    fn node(&self, node: &str) -> Result<&LeafNode, PubSubError> {
        self.nodes.get(node).ok_or_else(PubSubError::item_not_found)
    }

    fn require_owner(&self, node: &str, who: &Jid) -> Result<(), PubSubError> {
        let n = self.node(node)?;
        if self.affiliation(n, who) == Affiliation::Owner {
            Ok(())
        } else {
            Err(PubSubError::forbidden())
        }
    }

    // ----- commands (the embedder acts with full rights where noted) -----

    /// Creates a node. `owner` gets the owner affiliation. Errors: `conflict` if it exists,
    /// `not-allowed` + `max-nodes-exceeded` past [`ServiceConfig::max_nodes`].
    pub fn create_node(
        &mut self,
        node: &str,
        owner: Option<&Jid>,
        config: NodeConfig,
    ) -> Result<(), PubSubError> {
        if self.nodes.contains_key(node) {
            return Err(PubSubError::new(
                ErrorType::Cancel,
                DefinedCondition::Conflict,
            ));
        }
        if node.is_empty() || node.len() > self.config.max_node_id_len {
            return Err(modify(DefinedCondition::NotAcceptable).with(C::NodeidRequired));
        }
        if self.nodes.len() >= self.config.max_nodes {
            return Err(
                PubSubError::new(ErrorType::Cancel, DefinedCondition::NotAllowed)
                    .with(C::MaxNodesExceeded),
            );
        }
        self.nodes
            .insert(node.to_owned(), LeafNode::new(config, owner));
        Ok(())
    }

    /// Subscribes `jid` to `node` on the service's own authority (Finesse subscribes agents
    /// to their User, Dialogs and SystemInfo nodes itself). Idempotent.
    pub fn subscribe(&mut self, node: &str, jid: &Jid) -> Result<SubscriptionInfo, PubSubError> {
        let subid = self.next_id();
        let max = self.config.max_subscriptions_per_node;
        let n = self
            .nodes
            .get_mut(node)
            .ok_or_else(PubSubError::item_not_found)?;
        if !n.subscriptions.contains_key(jid) && n.subscriptions.len() >= max {
            return Err(
                PubSubError::new(ErrorType::Wait, DefinedCondition::PolicyViolation)
                    .with(C::TooManySubscriptions),
            );
        }
        let s = n.subscriptions.entry(jid.clone()).or_insert(Subscription {
            subid,
            state: SubscriptionState::Subscribed,
            deliver: true,
        });
        s.state = SubscriptionState::Subscribed;
        Ok(SubscriptionInfo {
            node: Some(node.to_owned()),
            jid: jid.clone(),
            state: Some(s.state),
            subid: Some(s.subid.clone()),
        })
    }

    /// Removes every subscription of `jid` (exactly this JID) on every node; returns how many.
    pub fn unsubscribe_everywhere(&mut self, jid: &Jid) -> usize {
        self.nodes
            .values_mut()
            .filter_map(|n| n.subscriptions.remove(jid))
            .count()
    }

    /// Sets an affiliation on the service's own authority.
    pub fn set_affiliation(
        &mut self,
        node: &str,
        jid: &Jid,
        affiliation: Affiliation,
    ) -> Result<(), PubSubError> {
        let n = self
            .nodes
            .get_mut(node)
            .ok_or_else(PubSubError::item_not_found)?;
        set_affiliation(n, jid, affiliation);
        Ok(())
    }

    /// Publishes one item as `publisher` (who needs publish rights unless an admin) and
    /// queues the notifications. Returns the item id (generated when the item has none).
    pub fn publish(
        &mut self,
        now: Instant,
        publisher: &Jid,
        node: &str,
        item: Item,
    ) -> Result<String, PubSubError> {
        self.last_activity = Some(now);
        self.do_publish(publisher, node, vec![item], None)
    }

    // ----- stanza handling -----

    /// Handles one stanza `from` an authenticated JID (the c2s layer stamps `from`; the
    /// stanza's own `from` is ignored). Replies and notifications go to the outgoing queue.
    pub fn handle_stanza(&mut self, now: Instant, from: &Jid, stanza: Stanza) {
        self.last_activity = Some(now);
        match stanza {
            Stanza::Iq(iq) => self.handle_iq(from, iq),
            Stanza::Message(m) => self.handle_message(from, m),
            Stanza::Presence(_) => {}
        }
    }

    /// Queues the reply at `at`, before the notifications the request caused.
    fn reply(&mut self, at: usize, from: &Jid, iq: &Iq, r: Reply) {
        let mut reply = match r {
            Ok(payload) => iq.result(payload),
            Err(e) => iq.error(e.to_stanza_error()),
        };
        reply.from = Some(self.config.jid.clone());
        reply.to = Some(from.clone());
        self.out.insert(at, (from.clone(), Stanza::Iq(reply)));
    }

    fn handle_iq(&mut self, from: &Jid, iq: Iq) {
        let (payload, is_set) = match &iq.kind {
            IqKind::Get(p) => (p, false),
            IqKind::Set(p) => (p, true),
            // Results and errors addressed to the service need no answer.
            _ => return,
        };
        let at = self.out.len();
        let r = match (payload.name(), payload.ns()) {
            ("query", ns::DISCO_INFO) if !is_set => self.disco_info(from, payload),
            ("query", ns::DISCO_ITEMS) if !is_set => self.disco_items(from, payload),
            ("ping", ns::PING) if !is_set => Ok(None),
            ("pubsub", ns::PUBSUB) => match PubSub::from_element(payload) {
                Ok(req) => self.handle_pubsub(from, req, is_set),
                Err(e) => Err(map_payload_error(&e)),
            },
            ("pubsub", ns::PUBSUB_OWNER) => match PubSubOwner::from_element(payload) {
                Ok(req) => self.handle_owner(from, req, is_set),
                Err(e) => Err(map_payload_error(&e)),
            },
            _ => Err(PubSubError::new(
                ErrorType::Cancel,
                DefinedCondition::ServiceUnavailable,
            )),
        };
        self.reply(at, from, &iq, r);
    }

    fn handle_message(&mut self, from: &Jid, m: Message) {
        // XEP-0060 §12: a notification bounced with a `cancel` error ends the subscription.
        if m.message_type == Some(MessageType::Error) {
            if m.error
                .as_ref()
                .is_some_and(|e| e.error_type == ErrorType::Cancel)
            {
                self.unsubscribe_everywhere(from);
            }
            return;
        }
        // XEP-0060 §8.6: an owner answers a subscription authorization form.
        let Some(x) = m.payload("x", ns::DATA_FORMS) else {
            return;
        };
        let Ok(form) = DataForm::from_element(x) else {
            return;
        };
        if form.form_type != FormType::Submit
            || form.form_ns() != Some("http://jabber.org/protocol/pubsub#subscribe_authorization")
        {
            return;
        }
        let get = |v: &str| form.field(v).and_then(Field::value).map(str::to_owned);
        let (Some(node), Some(sub), Some(allow)) = (
            get("pubsub#node"),
            get("pubsub#subscriber_jid"),
            get("pubsub#allow").as_deref().and_then(parse_bool),
        ) else {
            return;
        };
        let Ok(sub) = Jid::new(&sub) else { return };
        if self.require_owner(&node, from).is_err() {
            return;
        }
        let state = if allow {
            SubscriptionState::Subscribed
        } else {
            SubscriptionState::None
        };
        self.change_subscription(&node, &sub, state);
    }

    fn change_subscription(&mut self, node: &str, jid: &Jid, state: SubscriptionState) {
        let Some(n) = self.nodes.get_mut(node) else {
            return;
        };
        let subid = match state {
            SubscriptionState::None => n.subscriptions.remove(jid).map(|s| s.subid),
            _ => n.subscriptions.get_mut(jid).map(|s| {
                s.state = state;
                s.subid.clone()
            }),
        };
        if subid.is_none() && state == SubscriptionState::None {
            return;
        }
        let ev = PubSubEvent::Subscription(SubscriptionInfo {
            node: Some(node.to_owned()),
            jid: jid.clone(),
            state: Some(state),
            subid,
        });
        let raw = ev.to_raw();
        self.notify_one(jid.clone(), raw, None);
    }

    fn notify_one(&mut self, to: Jid, raw: RawXml, ty: Option<MessageType>) {
        let id = self.next_id();
        self.out.push_back((
            to.clone(),
            Stanza::Message(Message {
                id: Some(id),
                from: Some(self.config.jid.clone()),
                to: Some(to),
                message_type: ty,
                lang: None,
                payloads: vec![Node::Raw(raw)],
                error: None,
            }),
        ));
    }

    /// Queues one message per subscribed JID of `node`, all sharing `raw`.
    fn fan_out(&mut self, node: &str, raw: &RawXml) {
        let Some(n) = self.nodes.get(node) else {
            return;
        };
        if !n.config.deliver_notifications {
            return;
        }
        let ty = n.config.notification_type;
        let from = self.config.jid.clone();
        let prefix = &self.config.id_prefix;
        let mut counter = self.counter;
        self.out.reserve(n.subscriptions.len());
        for (jid, s) in &n.subscriptions {
            if s.state != SubscriptionState::Subscribed || !s.deliver {
                continue;
            }
            counter += 1;
            self.out.push_back((
                jid.clone(),
                Stanza::Message(Message {
                    id: Some(format!("{prefix}{counter}")),
                    from: Some(from.clone()),
                    to: Some(jid.clone()),
                    message_type: ty,
                    lang: None,
                    payloads: vec![Node::Raw(raw.clone())],
                    error: None,
                }),
            ));
        }
        self.counter = counter;
    }

    fn disco_info(&self, from: &Jid, q: &Element) -> Reply {
        let node = q.get_attr("node");
        let info = match node {
            None => DiscoInfo {
                node: None,
                identities: vec![Identity::new("pubsub", "service")],
                features: [ns::DISCO_INFO, ns::DISCO_ITEMS, ns::PING, ns::PUBSUB]
                    .iter()
                    .map(|s| (*s).to_owned())
                    .chain(FEATURES.iter().map(|f| format!("{}#{f}", ns::PUBSUB)))
                    .collect(),
                forms: Vec::new(),
            },
            Some(node) => {
                let n = self.node(node)?;
                let _ = from;
                let mut meta = DataForm::new(
                    FormType::Result,
                    Some("http://jabber.org/protocol/pubsub#meta-data"),
                );
                let mut owners = Field {
                    var: Some("pubsub#owner".to_owned()),
                    field_type: Some(FieldType::JidMulti),
                    ..Field::default()
                };
                owners.values = n
                    .affiliations
                    .iter()
                    .filter(|(_, a)| **a == Affiliation::Owner)
                    .map(|(j, _)| j.clone())
                    .collect();
                owners.values.sort();
                meta.fields.push(owners);
                meta.fields.push(Field::new(
                    "pubsub#access_model",
                    Some(FieldType::ListSingle),
                    n.config.access_model.as_str(),
                ));
                if let Some(t) = &n.config.title {
                    meta.fields.push(Field::new(
                        "pubsub#title",
                        Some(FieldType::TextSingle),
                        t.clone(),
                    ));
                }
                DiscoInfo {
                    node: Some(node.to_owned()),
                    identities: vec![Identity::new("pubsub", "leaf")],
                    features: vec![ns::DISCO_INFO.to_owned(), ns::PUBSUB.to_owned()],
                    forms: vec![meta],
                }
            }
        };
        Ok(Some(info.to_element()))
    }

    fn disco_items(&self, _from: &Jid, q: &Element) -> Reply {
        let node = q.get_attr("node");
        let items = match node {
            None => self
                .nodes
                .keys()
                .map(|k| DiscoItem {
                    jid: self.config.jid.clone(),
                    node: Some(k.clone()),
                    name: None,
                })
                .collect(),
            Some(node) => self
                .node(node)?
                .items
                .iter()
                .map(|i| DiscoItem {
                    jid: self.config.jid.clone(),
                    node: None,
                    name: Some(i.id.clone()),
                })
                .collect(),
        };
        Ok(Some(
            DiscoItems {
                node: node.map(str::to_owned),
                items,
            }
            .to_element(),
        ))
    }

    fn handle_pubsub(&mut self, from: &Jid, req: PubSub, is_set: bool) -> Reply {
        let wrong_type = || Err(modify(DefinedCondition::BadRequest));
        match req {
            PubSub::Create { node, config } => {
                if !is_set {
                    return wrong_type();
                }
                if self.config.create_policy == CreatePolicy::Admins && !self.is_admin(from) {
                    return Err(PubSubError::forbidden());
                }
                let mut cfg = self.config.default_node.clone();
                if let Some(f) = &config {
                    cfg.apply_form(f, self.config.max_items_cap)?;
                }
                let (name, instant) = match node {
                    Some(n) => (n, false),
                    None => (self.next_id(), true),
                };
                self.create_node(&name, Some(&from.to_bare()), cfg)?;
                Ok(instant.then(|| {
                    PubSub::Create {
                        node: Some(name),
                        config: None,
                    }
                    .to_element()
                }))
            }
            PubSub::Subscribe { node, jid, .. } => {
                if !is_set {
                    return wrong_type();
                }
                self.handle_subscribe(from, &node, &jid)
            }
            PubSub::Unsubscribe { node, jid, subid } => {
                if !is_set {
                    return wrong_type();
                }
                let n = self.node(&node)?;
                if !jid.same_bare(from) && self.affiliation(n, from) != Affiliation::Owner {
                    return Err(PubSubError::forbidden());
                }
                let Some(s) = n.subscriptions.get(&jid) else {
                    return Err(PubSubError::new(
                        ErrorType::Cancel,
                        DefinedCondition::UnexpectedRequest,
                    )
                    .with(C::NotSubscribed));
                };
                if subid.as_ref().is_some_and(|id| *id != s.subid) {
                    return Err(modify(DefinedCondition::NotAcceptable).with(C::InvalidSubid));
                }
                if let Some(n) = self.nodes.get_mut(&node) {
                    n.subscriptions.remove(&jid);
                }
                Ok(None)
            }
            PubSub::Subscriptions { node, .. } => {
                if is_set {
                    return wrong_type();
                }
                if let Some(n) = &node {
                    self.node(n)?;
                }
                let list = self
                    .nodes
                    .iter()
                    .filter(|(k, _)| node.as_ref().is_none_or(|n| n == *k))
                    .flat_map(|(k, n)| {
                        n.subscriptions
                            .iter()
                            .filter(|(j, _)| j.same_bare(from))
                            .map(move |(j, s)| SubscriptionInfo {
                                node: Some(k.clone()),
                                jid: j.clone(),
                                state: Some(s.state),
                                subid: Some(s.subid.clone()),
                            })
                    })
                    .collect();
                Ok(Some(PubSub::Subscriptions { node, list }.to_element()))
            }
            PubSub::Affiliations { node, .. } => {
                if is_set {
                    return wrong_type();
                }
                let list = self
                    .nodes
                    .iter()
                    .filter(|(k, _)| node.as_ref().is_none_or(|n| n == *k))
                    .filter_map(|(k, n)| {
                        let a = n.affiliation(from);
                        (a != Affiliation::None).then(|| AffiliationInfo {
                            node: Some(k.clone()),
                            jid: None,
                            affiliation: a,
                        })
                    })
                    .collect();
                Ok(Some(PubSub::Affiliations { node, list }.to_element()))
            }
            PubSub::Options {
                node,
                jid,
                subid,
                form,
            } => self.handle_options(from, node, jid, subid, form, is_set),
            PubSub::Publish {
                node,
                items,
                options,
            } => {
                if !is_set {
                    return wrong_type();
                }
                let id = self.do_publish(from, &node, items, options.as_ref())?;
                Ok(Some(
                    PubSub::Publish {
                        node,
                        items: vec![Item::new(Some(id), None)],
                        options: None,
                    }
                    .to_element(),
                ))
            }
            PubSub::Retract { node, notify, ids } => {
                if !is_set {
                    return wrong_type();
                }
                self.handle_retract(from, &node, notify, ids)
            }
            PubSub::Items {
                node,
                max_items,
                items,
                ..
            } => {
                if is_set {
                    return wrong_type();
                }
                self.handle_items(from, node, max_items, items)
            }
            PubSub::Subscription(_) => wrong_type(),
        }
    }

    fn handle_subscribe(&mut self, from: &Jid, node: &str, jid: &Jid) -> Reply {
        if !jid.same_bare(from) {
            return Err(PubSubError::bad_request(C::InvalidJid));
        }
        let n = self.node(node)?;
        let aff = self.affiliation(n, from);
        if aff == Affiliation::Outcast {
            return Err(PubSubError::forbidden());
        }
        self.check_access(n, from, node, NodeAccess::Subscribe)?;
        let affiliated = matches!(
            aff,
            Affiliation::Owner | Affiliation::Publisher | Affiliation::Member
        );
        let state = match n.config.access_model {
            AccessModel::Open => SubscriptionState::Subscribed,
            AccessModel::Whitelist if affiliated => SubscriptionState::Subscribed,
            AccessModel::Whitelist => {
                return Err(
                    PubSubError::new(ErrorType::Cancel, DefinedCondition::NotAllowed)
                        .with(C::ClosedNode),
                )
            }
            AccessModel::Authorize if affiliated => SubscriptionState::Subscribed,
            AccessModel::Authorize => {
                if n.subscriptions
                    .get(jid)
                    .is_some_and(|s| s.state == SubscriptionState::Pending)
                {
                    return Err(
                        PubSubError::new(ErrorType::Auth, DefinedCondition::NotAuthorized)
                            .with(C::PendingSubscription),
                    );
                }
                SubscriptionState::Pending
            }
        };
        let owners: Vec<String> = n
            .affiliations
            .iter()
            .filter(|(_, a)| **a == Affiliation::Owner)
            .map(|(j, _)| j.clone())
            .collect();
        let subid = self.next_id();
        let max = self.config.max_subscriptions_per_node;
        let n = self
            .nodes
            .get_mut(node)
            .ok_or_else(PubSubError::item_not_found)?;
        let existing = n.subscriptions.get(jid).cloned();
        let sub = match existing {
            Some(s) if s.state == SubscriptionState::Subscribed => s,
            _ => {
                if !n.subscriptions.contains_key(jid) && n.subscriptions.len() >= max {
                    return Err(PubSubError::new(
                        ErrorType::Wait,
                        DefinedCondition::PolicyViolation,
                    )
                    .with(C::TooManySubscriptions));
                }
                let s = Subscription {
                    subid,
                    state,
                    deliver: true,
                };
                n.subscriptions.insert(jid.clone(), s.clone());
                s
            }
        };
        if sub.state == SubscriptionState::Pending {
            self.ask_owners(&owners, node, jid, &sub.subid);
        }
        Ok(Some(
            PubSub::Subscription(SubscriptionInfo {
                node: Some(node.to_owned()),
                jid: jid.clone(),
                state: Some(sub.state),
                subid: Some(sub.subid),
            })
            .to_element(),
        ))
    }

    /// XEP-0060 §8.6: send each owner a subscription authorization form.
    fn ask_owners(&mut self, owners: &[String], node: &str, jid: &Jid, subid: &str) {
        let mut form = DataForm::new(
            FormType::Form,
            Some("http://jabber.org/protocol/pubsub#subscribe_authorization"),
        );
        form.title = Some("PubSub subscriber request".to_owned());
        form.fields.extend([
            Field::new("pubsub#subid", Some(FieldType::Hidden), subid),
            Field::new("pubsub#node", Some(FieldType::TextSingle), node),
            Field::new(
                "pubsub#subscriber_jid",
                Some(FieldType::JidSingle),
                jid.as_str(),
            ),
            Field::new("pubsub#allow", Some(FieldType::Boolean), "false"),
        ]);
        let raw = RawXml::from_element(&form.to_element());
        for o in owners {
            if let Ok(o) = Jid::new(o) {
                self.notify_one(o, raw.clone(), None);
            }
        }
    }

    fn handle_options(
        &mut self,
        from: &Jid,
        node: String,
        jid: Jid,
        subid: Option<String>,
        form: Option<DataForm>,
        is_set: bool,
    ) -> Reply {
        let n = self.node(&node)?;
        if !jid.same_bare(from) && self.affiliation(n, from) != Affiliation::Owner {
            return Err(PubSubError::forbidden());
        }
        let Some(s) = n.subscriptions.get(&jid) else {
            return Err(modify(DefinedCondition::UnexpectedRequest).with(C::NotSubscribed));
        };
        if subid.as_ref().is_some_and(|id| *id != s.subid) {
            return Err(modify(DefinedCondition::NotAcceptable).with(C::InvalidSubid));
        }
        if !is_set {
            let mut f = DataForm::new(FormType::Form, Some(ns::PUBSUB_SUBSCRIBE_OPTIONS));
            f.fields.push(Field::new(
                "pubsub#deliver",
                Some(FieldType::Boolean),
                if s.deliver { "1" } else { "0" },
            ));
            return Ok(Some(
                PubSub::Options {
                    node,
                    jid,
                    subid: Some(s.subid.clone()),
                    form: Some(f),
                }
                .to_element(),
            ));
        }
        let Some(form) = form else {
            return Err(PubSubError::bad_request(C::InvalidOptions));
        };
        let mut deliver = s.deliver;
        for f in &form.fields {
            match f.var.as_deref() {
                Some("FORM_TYPE") | None => {}
                Some("pubsub#deliver") => {
                    deliver = f
                        .value()
                        .and_then(parse_bool)
                        .ok_or_else(|| PubSubError::bad_request(C::InvalidOptions))?
                }
                Some(_) => return Err(PubSubError::bad_request(C::InvalidOptions)),
            }
        }
        if let Some(s) = self
            .nodes
            .get_mut(&node)
            .and_then(|n| n.subscriptions.get_mut(&jid))
        {
            s.deliver = deliver;
        }
        Ok(None)
    }

    fn do_publish(
        &mut self,
        from: &Jid,
        node: &str,
        mut items: Vec<Item>,
        options: Option<&DataForm>,
    ) -> Result<String, PubSubError> {
        let n = self.node(node)?;
        let aff = self.affiliation(n, from);
        let allowed = match aff {
            Affiliation::Outcast => false,
            Affiliation::Owner | Affiliation::Publisher | Affiliation::PublishOnly => true,
            _ => match n.config.publish_model {
                PublishModel::Open => true,
                PublishModel::Subscribers => n.is_subscribed(from),
                PublishModel::Publishers => false,
            },
        };
        if !allowed {
            return Err(PubSubError::forbidden());
        }
        if let Some(pre) = options {
            if !n.config.meets(pre) {
                return Err(
                    PubSubError::new(ErrorType::Cancel, DefinedCondition::Conflict)
                        .with(C::PreconditionNotMet),
                );
            }
        }
        let cfg = &n.config;
        if items.len() > 1 {
            return Err(PubSubError::bad_request(C::InvalidPayload));
        }
        let item = match items.pop() {
            Some(i) => {
                if !cfg.persist_items && !cfg.deliver_payloads {
                    return Err(PubSubError::bad_request(C::ItemForbidden));
                }
                i
            }
            None if cfg.persist_items || cfg.deliver_payloads => {
                return Err(PubSubError::bad_request(C::ItemRequired))
            }
            None => Item::default(),
        };
        if cfg.deliver_payloads && item.payload.is_none() {
            return Err(PubSubError::bad_request(C::PayloadRequired));
        }
        if item
            .payload
            .as_ref()
            .is_some_and(|p| p.len() > cfg.max_payload_size)
        {
            return Err(modify(DefinedCondition::NotAcceptable).with(C::PayloadTooBig));
        }
        let deliver_payloads = cfg.deliver_payloads;
        let id = match item.id {
            Some(id) if !id.is_empty() => id,
            _ => self.next_id(),
        };
        let notified = Item {
            id: Some(id.clone()),
            publisher: None,
            payload: if deliver_payloads {
                item.payload.clone()
            } else {
                None
            },
        };
        let raw = PubSubEvent::Items {
            node: node.to_owned(),
            items: vec![notified],
        }
        .to_raw();
        if let Some(n) = self.nodes.get_mut(node) {
            n.store(StoredItem {
                id: id.clone(),
                publisher: from.clone(),
                payload: item.payload,
            });
        }
        self.fan_out(node, &raw);
        Ok(id)
    }

    fn handle_retract(&mut self, from: &Jid, node: &str, notify: bool, ids: Vec<String>) -> Reply {
        let n = self.node(node)?;
        if ids.is_empty() {
            return Err(PubSubError::bad_request(C::ItemRequired));
        }
        let aff = self.affiliation(n, from);
        let privileged = matches!(aff, Affiliation::Owner | Affiliation::Publisher);
        for id in &ids {
            match n.items.iter().find(|i| &i.id == id) {
                None => return Err(PubSubError::item_not_found()),
                Some(i) if !privileged && !i.publisher.same_bare(from) => {
                    return Err(PubSubError::forbidden())
                }
                Some(_) => {}
            }
        }
        let send = notify || n.config.notify_retract;
        if let Some(n) = self.nodes.get_mut(node) {
            n.items.retain(|i| !ids.contains(&i.id));
        }
        if send {
            let raw = PubSubEvent::Retract {
                node: node.to_owned(),
                ids,
            }
            .to_raw();
            self.fan_out(node, &raw);
        }
        Ok(None)
    }

    fn handle_items(
        &mut self,
        from: &Jid,
        node: String,
        max_items: Option<u32>,
        wanted: Vec<Item>,
    ) -> Reply {
        let n = self.node(&node)?;
        self.check_access(n, from, &node, NodeAccess::RetrieveItems)?;
        let aff = self.affiliation(n, from);
        let allowed = match aff {
            Affiliation::Outcast => false,
            Affiliation::Owner | Affiliation::Publisher | Affiliation::Member => true,
            _ => match n.config.access_model {
                AccessModel::Open => true,
                AccessModel::Authorize => n.is_subscribed(from),
                AccessModel::Whitelist => false,
            },
        };
        if !allowed {
            return Err(match n.config.access_model {
                AccessModel::Whitelist => {
                    PubSubError::new(ErrorType::Cancel, DefinedCondition::NotAllowed)
                        .with(C::ClosedNode)
                }
                _ => PubSubError::new(ErrorType::Auth, DefinedCondition::NotAuthorized)
                    .with(C::NotSubscribed),
            });
        }
        let to_item = |i: &StoredItem| Item {
            id: Some(i.id.clone()),
            publisher: None,
            payload: i.payload.clone(),
        };
        let items: Vec<Item> = if wanted.iter().any(|w| w.id.is_some()) {
            wanted
                .iter()
                .filter_map(|w| w.id.as_ref())
                .filter_map(|id| n.items.iter().find(|i| &i.id == id))
                .map(to_item)
                .collect()
        } else {
            let take = max_items.map_or(n.items.len(), |m| m as usize);
            let skip = n.items.len().saturating_sub(take);
            n.items.iter().skip(skip).map(to_item).collect()
        };
        Ok(Some(
            PubSub::Items {
                node,
                max_items: None,
                subid: None,
                items,
            }
            .to_element(),
        ))
    }

    fn handle_owner(&mut self, from: &Jid, req: PubSubOwner, is_set: bool) -> Reply {
        match req {
            PubSubOwner::Configure { node, form } => {
                let node = node.ok_or_else(|| PubSubError::bad_request(C::NodeidRequired))?;
                self.require_owner(&node, from)?;
                if !is_set {
                    let cfg = self.node(&node)?.config.to_form(FormType::Form);
                    return Ok(Some(
                        PubSubOwner::Configure {
                            node: Some(node),
                            form: Some(cfg),
                        }
                        .to_element(),
                    ));
                }
                let form = form.ok_or_else(|| modify(DefinedCondition::BadRequest))?;
                let cap = self.config.max_items_cap;
                let n = self
                    .nodes
                    .get_mut(&node)
                    .ok_or_else(PubSubError::item_not_found)?;
                n.config.apply_form(&form, cap)?;
                while n.items.len() > n.config.max_items as usize {
                    n.items.pop_front();
                }
                if !n.config.persist_items {
                    n.items.clear();
                }
                if n.config.notify_config {
                    let raw = PubSubEvent::Configuration {
                        node: node.clone(),
                        form: None,
                    }
                    .to_raw();
                    self.fan_out(&node, &raw);
                }
                Ok(None)
            }
            PubSubOwner::Default { .. } => {
                if is_set {
                    return Err(modify(DefinedCondition::BadRequest));
                }
                Ok(Some(
                    PubSubOwner::Default {
                        form: Some(self.config.default_node.to_form(FormType::Form)),
                    }
                    .to_element(),
                ))
            }
            PubSubOwner::Delete { node, redirect } => {
                if !is_set {
                    return Err(modify(DefinedCondition::BadRequest));
                }
                self.require_owner(&node, from)?;
                if self.node(&node)?.config.notify_delete {
                    let raw = PubSubEvent::Delete {
                        node: node.clone(),
                        redirect,
                    }
                    .to_raw();
                    self.fan_out(&node, &raw);
                }
                self.nodes.remove(&node);
                Ok(None)
            }
            PubSubOwner::Purge { node } => {
                if !is_set {
                    return Err(modify(DefinedCondition::BadRequest));
                }
                self.require_owner(&node, from)?;
                let n = self.node(&node)?;
                if !n.config.persist_items {
                    return Err(PubSubError::unsupported("persistent-items"));
                }
                let notify = n.config.notify_retract;
                if let Some(n) = self.nodes.get_mut(&node) {
                    n.items.clear();
                }
                if notify {
                    let raw = PubSubEvent::Purge { node: node.clone() }.to_raw();
                    self.fan_out(&node, &raw);
                }
                Ok(None)
            }
            PubSubOwner::Subscriptions { node, list } => {
                self.require_owner(&node, from)?;
                if !is_set {
                    return Ok(Some(
                        PubSubOwner::Subscriptions {
                            list: self.subscriptions(&node),
                            node,
                        }
                        .to_element(),
                    ));
                }
                for s in list {
                    match s.state {
                        Some(SubscriptionState::Subscribed) => {
                            let existed = self
                                .nodes
                                .get(&node)
                                .is_some_and(|n| n.subscriptions.contains_key(&s.jid));
                            if existed {
                                self.change_subscription(
                                    &node,
                                    &s.jid,
                                    SubscriptionState::Subscribed,
                                );
                            } else {
                                self.subscribe(&node, &s.jid)?;
                            }
                        }
                        Some(SubscriptionState::None) => {
                            self.change_subscription(&node, &s.jid, SubscriptionState::None)
                        }
                        _ => return Err(modify(DefinedCondition::BadRequest)),
                    }
                }
                Ok(None)
            }
            PubSubOwner::Affiliations { node, list } => {
                self.require_owner(&node, from)?;
                if !is_set {
                    let n = self.node(&node)?;
                    let mut list: Vec<AffiliationInfo> = n
                        .affiliations
                        .iter()
                        .filter_map(|(j, a)| {
                            Jid::new(j).ok().map(|jid| AffiliationInfo {
                                node: None,
                                jid: Some(jid),
                                affiliation: *a,
                            })
                        })
                        .collect();
                    list.sort_by(|a, b| a.jid.cmp(&b.jid));
                    return Ok(Some(PubSubOwner::Affiliations { node, list }.to_element()));
                }
                let n = self
                    .nodes
                    .get_mut(&node)
                    .ok_or_else(PubSubError::item_not_found)?;
                let mut next = n.clone();
                for a in &list {
                    let jid = a
                        .jid
                        .as_ref()
                        .ok_or_else(|| PubSubError::bad_request(C::JidRequired))?;
                    set_affiliation(&mut next, jid, a.affiliation);
                }
                if !next.affiliations.values().any(|a| *a == Affiliation::Owner) {
                    return Err(modify(DefinedCondition::NotAcceptable));
                }
                *n = next;
                Ok(None)
            }
        }
    }
}

fn set_affiliation(n: &mut LeafNode, jid: &Jid, a: Affiliation) {
    let bare = jid.bare_str().to_owned();
    match a {
        Affiliation::None => {
            n.affiliations.remove(&bare);
        }
        Affiliation::Outcast => {
            n.affiliations.insert(bare, a);
            n.subscriptions.retain(|j, _| !j.same_bare(jid));
        }
        _ => {
            n.affiliations.insert(bare, a);
        }
    }
}
