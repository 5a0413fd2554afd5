//! # `xmpp-pubsub`: XMPP streams, stanzas and a sans-IO PubSub service
//!
//! The XMPP side of the Cisco Finesse notification service: Finesse publishes every change
//! as an item on a node such as `/finesse/api/User/1001`, and each agent's client receives it
//! as a XEP-0060 event message. This crate has the pieces to build such a server (or to
//! parse what one sends), none of which does I/O or reads a clock:
//!
//! * **Codec** — an incremental [`StreamParser`] (quick-xml `NsReader` underneath) that hands
//!   out the stream header and one complete top-level element at a time from input split
//!   anywhere, with limits on size, depth and attributes and no DTD, comment, PI or entity
//!   other than the predefined ones; [`Element`], a small owned tree; [`Jid`] (RFC 7622);
//!   [`Stanza`] (`iq`/`message`/`presence`) with [`StanzaError`]s and [`StreamError`]s;
//!   [`Sasl`] + [`PlainCredentials`], [`Bind`], [`DiscoInfo`]/[`DiscoItems`], XEP-0199 ping,
//!   [`DataForm`]; the XEP-0060 payloads [`PubSub`], [`PubSubOwner`], [`PubSubEvent`] and
//!   [`PubSubError`]; and the Finesse payload [`FinesseNotification`].
//! * **[`PubSubService`]** — nodes with [`NodeConfig`], subscriptions per bare or full JID,
//!   affiliations, item store with a per-node cap: a request stanza from an authenticated
//!   JID goes in, the reply and the event messages come out of
//!   [`poll_outgoing`](PubSubService::poll_outgoing). A publish is serialised once: all
//!   notification messages share its [`RawXml`] bytes.
//! * **[`C2sSession`]** — stream open → features → (STARTTLS) → SASL PLAIN → restart → bind →
//!   established, with authentication handed to the embedder
//!   ([`C2sEvent::Authenticate`] / [`C2sSession::complete_auth`]), driven by bytes (TCP) or by
//!   elements and restarts (BOSH, XEP-0206).
//! * **`tokio_driver`** (feature `tokio`) — a TCP listener serving c2s, plain or with
//!   STARTTLS (rustls), plus optionally a direct-TLS listener, routing stanzas between
//!   sessions and the pubsub service; sessions of another transport (BOSH) join the same
//!   routing with `ServerHandle::attach`, and embedder hooks run on bind (automatic
//!   subscriptions) and on broadcast presence. [`AccessCheck`] lets the embedder refuse
//!   subscriptions the node's access model would allow (Finesse: agents only see their own
//!   nodes).
//!
//! ```text
//!  bytes ─► StreamParser ─► Element ─► C2sSession ──(C2sEvent::Stanza)──► router ─► PubSubService
//!  bytes ◄── C2sOutput ◄── C2sSession ◄──────── deliver(stanza) ◄── router ◄── poll_outgoing
//! ```
//!
//! ## A publish, end to end
//!
//! ```
//! use std::time::Instant;
//! use xmpp_pubsub::*;
//!
//! # #[allow(clippy::disallowed_methods)]
//! let now = Instant::now();
//! let mut svc = PubSubService::new(ServiceConfig::new(Jid::new("pubsub.finesse.example.com")?));
//! let agent = Jid::new("1001@finesse.example.com/desktop")?;
//! let owner = Jid::new("finesse@finesse.example.com")?;
//! svc.create_node("/finesse/api/User/1001", Some(&owner), NodeConfig::default())?;
//!
//! // The agent's client subscribes with its full JID, as the Finesse desktop does.
//! let request = Stanza::parse(br#"<iq xmlns='jabber:client' type='set' id='sub1' to='pubsub.finesse.example.com'>
//!   <pubsub xmlns='http://jabber.org/protocol/pubsub'>
//!     <subscribe node='/finesse/api/User/1001' jid='1001@finesse.example.com/desktop'/>
//!   </pubsub></iq>"#)?;
//! svc.handle_stanza(now, &agent, request);
//! let (to, reply) = svc.poll_outgoing().expect("the subscribe result");
//! assert_eq!(to, agent);
//! assert!(matches!(reply, Stanza::Iq(Iq { kind: IqKind::Result(Some(_)), .. })));
//!
//! // Finesse publishes the agent's new state: the Update document travels as escaped text.
//! let update = FinesseNotification::new("<Update><event>PUT</event></Update>");
//! svc.publish(now, &owner, "/finesse/api/User/1001", Item::new(None, Some(update.to_raw())))?;
//! let (to, event) = svc.poll_outgoing().expect("one notification");
//! assert_eq!(to, agent);
//! let wire = String::from_utf8(event.to_bytes().to_vec())?;
//! assert!(wire.contains("<items node='/finesse/api/User/1001'>"));
//! assert!(wire.contains("<notification xmlns='urn:xmpp:push:0'>&lt;Update&gt;&lt;event&gt;PUT"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The run loop of a c2s session
//!
//! After any `handle_*` call or command, drain [`C2sSession::poll_output`] (or
//! [`C2sSession::poll_transmit`] for a byte stream) and [`C2sSession::poll_event`] until both
//! are empty, then arm a timer for [`C2sSession::poll_timeout`]:
//!
//! ```
//! use std::time::Instant;
//! use bytes::BytesMut;
//! use xmpp_pubsub::*;
//!
//! fn run_once(session: &mut C2sSession, now: Instant, input: &[u8], wire: &mut BytesMut) {
//!     session.handle_input(now, input);
//!     loop {
//!         let _ = session.poll_transmit(wire); // write `wire` to the socket
//!         let Some(event) = session.poll_event() else { break };
//!         match event {
//!             // Check the password (the reference stack asks AXL), then answer.
//!             C2sEvent::Authenticate(c) => session.complete_auth(now, Ok(c.authcid)),
//!             C2sEvent::Bound(_jid) => { /* register the route to this session */ }
//!             C2sEvent::Stanza(_stanza) => { /* route: pubsub service, other sessions */ }
//!             C2sEvent::StartTls => { /* TLS handshake, then session.tls_established(now) */ }
//!             C2sEvent::Closed { .. } => { /* flush, then drop the transport */ }
//!         }
//!     }
//!     let _next_deadline = session.poll_timeout(); // call handle_timeout(now) then
//! }
//! # #[allow(clippy::disallowed_methods)]
//! # let now = Instant::now();
//! # let mut cfg = C2sConfig::new("example.com", "id1");
//! # cfg.allow_plain_insecure = true;
//! # let mut s = C2sSession::new(cfg, false, now);
//! # let mut wire = BytesMut::new();
//! # run_once(&mut s, now, b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>", &mut wire);
//! # assert!(wire.ends_with(b"</stream:features>"));
//! ```
//!
//! ## BOSH (XEP-0206)
//!
//! A BOSH connection manager drives the same [`C2sSession`] without bytes: the session
//! creation request and every `xmpp:restart='true'` request become
//! [`C2sSession::handle_stream_open`], each child of a `<body/>` becomes
//! [`C2sSession::handle_element`], and a terminate becomes
//! [`C2sSession::handle_stream_close`]. It sends the [`C2sOutput`]s other than
//! [`C2sOutput::StreamHeader`] inside response bodies and maps [`C2sOutput::StreamError`] to
//! a `remote-stream-error` terminate. Pass `secure = true` when the HTTP side is HTTPS.
//!
//! ## Limits and defaults
//!
//! | limit | default | on excess |
//! |---|---|---|
//! | stanza size (bytes, markup included) | 256 KiB ([`DEFAULT_MAX_STANZA_BYTES`]) | stream error `policy-violation` |
//! | element depth (the stream counts as 1) | 32 ([`DEFAULT_MAX_DEPTH`]) | `policy-violation` |
//! | attributes per element | 32 ([`DEFAULT_MAX_ATTRIBUTES`]) | `policy-violation` |
//! | JID part | 1023 bytes ([`MAX_JID_PART_LEN`]) | `jid-malformed` |
//! | SASL payload | 8 KiB ([`MAX_SASL_PAYLOAD`]) | SASL `incorrect-encoding` |
//! | form fields / values | 64 / 64 | `bad-request` |
//! | items or entries per pubsub payload | 1024 ([`MAX_ITEMS_PER_STANZA`]) | `bad-request` |
//! | nodes / subscriptions per node | 100,000 / 100,000 ([`ServiceConfig`]) | `max-nodes-exceeded` / `too-many-subscriptions` |
//! | `pubsub#max_items` | 10, at most 1,000 | oldest item dropped |
//! | `pubsub#max_payload_size` | 64 KiB | `payload-too-big` |
//! | queued outputs per session | 1,024 ([`C2sConfig::max_queued_outputs`]) | [`DeliverError::QueueFull`] |
//! | login / idle timeout | 60 s / 5 min | `connection-timeout` |
//! | failed SASL attempts | 3 | `policy-violation` |
//!
//! ## Crate features
//!
//! * `tokio`: the `tokio_driver` module (TCP listener, STARTTLS and direct TLS with rustls,
//!   routing, attached sessions, hooks).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod codec;
mod error;
mod session;

#[cfg(fuzzing)]
pub mod fuzzing;

#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub mod tokio_driver;

pub use codec::bind::{is_ping, is_session, ping, Bind};
pub use codec::data_form::{
    DataForm, Field, FieldType, FormType, MAX_FIELD_VALUES, MAX_FORM_FIELDS,
};
pub use codec::disco::{DiscoInfo, DiscoItem, DiscoItems, Identity, MAX_DISCO_ENTRIES};
pub use codec::element::{Element, Node, RawXml, XmlError};
pub use codec::finesse::{FinesseNotification, LEGACY_NOTIFICATION_NS};
pub use codec::jid::{Jid, JidError, MAX_JID_PART_LEN};
pub use codec::limits::{
    XmlLimits, DEFAULT_MAX_ATTRIBUTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_STANZA_BYTES,
};
pub use codec::ns;
pub use codec::payload::PayloadError;
pub use codec::pubsub::{
    Affiliation, AffiliationInfo, Item, PubSub, PubSubEvent, PubSubOwner, SubscriptionInfo,
    SubscriptionState, MAX_ITEMS_PER_STANZA,
};
pub use codec::pubsub_error::{PubSubError, PubSubErrorCondition};
pub use codec::sasl::{PlainCredentials, Sasl, SaslCondition, MAX_SASL_PAYLOAD};
pub use codec::stanza::{Iq, IqKind, Message, MessageType, Presence, PresenceType, Stanza};
pub use codec::stanza_error::{DefinedCondition, ErrorType, StanzaError};
pub use codec::stream::{StreamEvent, StreamHeader, StreamParseError, StreamParser};
pub use codec::stream_error::{StreamError, StreamErrorCondition};
pub use error::Error;
pub use session::c2s::{
    C2sConfig, C2sEvent, C2sOutput, C2sSession, C2sState, DeliverError, TlsPolicy,
};
pub use session::node::{
    AccessModel, NodeConfig, PublishModel, DEFAULT_MAX_ITEMS, DEFAULT_MAX_PAYLOAD_SIZE,
};
pub use session::service::{
    AccessCheck, CreatePolicy, NodeAccess, PubSubService, ServiceConfig, FEATURES,
};
