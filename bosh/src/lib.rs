//! # `bosh`: XEP-0124 / XEP-0206 BOSH, sans-IO
//!
//! BOSH carries XMPP over HTTP long-polling: the client keeps a request open at the
//! connection manager, which answers it as soon as a stanza is ready (or empty after
//! `wait`), and the client sends the next one at once. Cisco Finesse desktops receive every
//! notification this way (strophe.js against Openfire's `/http-bind`).
//!
//! This crate has three parts:
//!
//! * a **codec** for the `<body/>` wrapper ([`Body`], [`parse_body`], [`Body::write_to`]):
//!   every XEP-0124/0206 attribute, payloads kept as raw XML slices, typed errors, limits;
//! * a **connection manager** ([`BoshServer`]): any number of sessions, the rid window,
//!   hold, wait, acks and retransmission, inactivity and pause, overactivity, terminate and
//!   restart; HTTP bodies and `Instant`s in, responses, XMPP-side events and deadlines out;
//! * a **client** ([`BoshClient`]) for tests and Rust embedders;
//!
//! plus, behind the `hyper` feature, an HTTP binding (`http` module) that serves
//! [`BoshServer`] at `/http-bind` and reaches the XMPP side through a trait.
//!
//! ```text
//!  HTTP POST body ──► handle_request(now, body) ──► BoshServer ──► poll_event() ──► XMPP side
//!  HTTP response  ◄── poll_response()          ◄──    │  ▲    ◄── send(sid, stanza) ◄──┘
//!                                                     ▼  └── handle_timeout(now)
//!                                               poll_timeout()
//! ```
//!
//! ## A session from creation to delivery
//!
//! ```
//! use std::time::Instant;
//! use bosh::{Body, BoshServer, ServerConfig, ServerEvent};
//! use bytes::Bytes;
//!
//! # #[allow(clippy::disallowed_methods)]
//! let now = Instant::now(); // any origin: time only moves when you move it
//! let mut server = BoshServer::new(ServerConfig::default());
//!
//! // strophe.js' creation request (wait 60, hold 1).
//! let create = Body {
//!     rid: Some(1000), to: Some("example.com".into()), wait: Some(60), hold: Some(1),
//!     ver: Some(bosh::Version::V1_6), xmpp_version: Some("1.0".into()),
//!     ..Body::default()
//! };
//! let r0 = server.handle_request(now, create.to_bytes(), false);
//! let Some(ServerEvent::SessionCreated(info)) = server.poll_event() else { panic!() };
//! server.send(now, info.sid, Bytes::from_static(b"<stream:features/>"))?;
//! let created = Body::parse(server.poll_response().unwrap().body).unwrap();
//! assert_eq!((created.wait, created.hold, created.requests), (Some(60), Some(1), Some(2)));
//!
//! // The client's next request is held ...
//! let poll = Body { rid: Some(1001), sid: created.sid.clone(), ..Body::default() };
//! let r1 = server.handle_request(now, poll.to_bytes(), false);
//! assert!(server.poll_response().is_none());
//! // ... until the XMPP side has something for it.
//! server.send(now, info.sid, Bytes::from_static(b"<message xmlns='jabber:client'/>"))?;
//! let resp = server.poll_response().unwrap();
//! assert_eq!(resp.request, r1);
//! assert_eq!(Body::parse(resp.body).unwrap().payloads.len(), 1);
//! # let _ = r0;
//! # Ok::<(), bosh::SendError>(())
//! ```
//!
//! ## Limits and defaults
//!
//! | what | default | on excess |
//! |---|---|---|
//! | body size | 256 KiB ([`BodyLimits`]) | `bad-request` |
//! | payloads per body / nesting / attributes | 256 / 32 / 64 | `bad-request` |
//! | `wait` | client's, capped at 120 s (60 s if absent) | capped |
//! | `hold` | client's, capped at 2; `requests` = hold + 1 | capped |
//! | `inactivity` / `polling` / `maxpause` | 30 s / 2 s / 120 s | session ends / `policy-violation` / capped |
//! | live sessions | 100,000 | `policy-violation` (403 for legacy clients) |
//! | queued stanzas per session | 1,024 stanzas, 1 MiB | [`SendError::QueueFull`] |
//! | cached responses | `requests`, or up to 16 unacknowledged when the client acks | oldest dropped |
//! | repeats of one rid | 8 | `policy-violation` |
//!
//! See [`ServerConfig`] for all of them.
//!
//! ## Crate features
//!
//! * `hyper`: the HTTP binding in the `http` module (hyper 1, CORS, TLS with tokio-rustls,
//!   the `XmppService` trait, session cap and per-session queue bounds from [`ServerConfig`]).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod body;
mod client;
mod error;
mod server;

#[cfg(feature = "hyper")]
#[cfg_attr(docsrs, doc(cfg(feature = "hyper")))]
pub mod http;

#[cfg(fuzzing)]
#[allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods
)]
pub mod fuzzing;

pub use body::{
    parse_body, Body, BodyLimits, BodyType, Condition, Version, MAX_RID, NS_HTTPBIND, NS_STREAMS,
    NS_XBOSH,
};

pub use client::{BoshClient, ClientConfig, ClientEvent, OutgoingRequest};
pub use error::{BodyError, ClientError, SendError};
pub use server::{
    BoshServer, ContentType, RandomSids, RequestId, Response, SequentialSids, ServerConfig,
    ServerEvent, SessionId, SessionInfo, SidSource, TerminateReason,
};
