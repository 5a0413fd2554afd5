//! # `cti-proto`: the Cisco CTI Server protocol (GED-188), sans-IO
//!
//! The binary protocol between a CTI client (Finesse, CTI OS, a CTI bridge) and the CTI
//! Server of a UCCE Peripheral Gateway or of the Unified CCX engine: a codec for every
//! message this crate names, and client and server session state machines. Nothing here
//! does I/O or reads a clock: bytes and `Instant`s go in; messages, bytes to send and the
//! next deadline come out. The optional `tokio` feature adds a tokio-util codec and
//! connect/serve drivers.
//!
//! ```text
//!   bytes in ──► decode ──► Message ──► ClientSession / ServerSession ──► events
//!                                          │        ▲
//!   bytes out ◄── encode ◄── Message ◄─────┘        └── commands, handle_timeout(now)
//! ```
//!
//! ## Decoding and encoding
//!
//! ```
//! use bytes::BytesMut;
//! use cti_proto::{decode, encode, CodecConfig, HeartbeatReq, Message, ProtocolVersion};
//!
//! let cfg = CodecConfig::new(ProtocolVersion::ucce(24));
//! let mut wire = BytesMut::new();
//! encode(&HeartbeatReq::new(2).into(), &mut wire, &cfg)?;
//! assert_eq!(&wire[..], &[0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 2]);
//!
//! match decode(&mut wire, &cfg)? {
//!     Some(Message::HeartbeatReq(hb)) => assert_eq!(hb.invoke_id, 2),
//!     other => panic!("unexpected {other:?}"),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ### What a decode costs
//!
//! [`decode`] splits one frame off the input as a shared `Bytes` (no copy) and fills a
//! boxed struct: fixed fields are read straight from the frame, floating fields are walked
//! once, and each STRING becomes a [`CtiString`], a view of the frame validated once (NUL
//! search eight bytes at a time, then UTF-8) that derefs to `&str` for free. A string
//! field costs one reference-count increment (and one decrement when dropped); an empty one
//! costs none. Repeated fields (ECC variables, skill groups) get one allocation of their
//! final size. On the `cti_codec` bench mix (219 bytes a message on average) a message takes
//! about 2,200 instructions to decode and drop, about 10 per byte; the crate's README has
//! the throughput figures.
//!
//! ## Sessions
//!
//! [`ClientSession`] and [`ServerSession`] are state machines with one contract: after any
//! `handle_*` call or command, drain `poll_transmit` (bytes for the socket) and
//! `poll_event` until both return `None`, then arm a timer for `poll_timeout` and call
//! `handle_timeout(now)` when it fires. Here the two are wired back to back:
//!
//! ```
//! use std::time::{Duration, Instant};
//! use cti_proto::*;
//!
//! # #[allow(clippy::disallowed_methods)]
//! let now = Instant::now(); // any origin: time only moves when you move it
//! let mut client = ClientSession::new(ClientConfig::new(
//!     ProtocolVersion::ucce(24),
//!     CtiString::from_static("finesse"),
//! ));
//! let mut server = ServerSession::new(ServerConfig::default(), now);
//!
//! client.start(now);
//! assert_eq!(client.poll_event(), Some(ClientEvent::Connect(Side::A)));
//! client.handle_connected(now); // the driver's TCP connect succeeded
//! server.handle_input(now, &client.poll_transmit().unwrap()); // OPEN_REQ
//! let Some(ServerEvent::OpenRequested(req)) = server.poll_event() else { panic!() };
//! assert_eq!(req.client_id_str(), "finesse");
//! server.accept_open(now, OpenAccept::default())?;
//! assert!(matches!(server.poll_event(), Some(ServerEvent::Opened { .. })));
//! client.handle_input(now, &server.poll_transmit().unwrap()); // OPEN_CONF
//! assert!(matches!(client.poll_event(), Some(ClientEvent::Opened { side: Side::A, .. })));
//!
//! // A request and its confirmation, matched by InvokeID.
//! let id = client.send_request(now, SetAgentStateReq {
//!     agent_state: AgentState::Available,
//!     agent_instrument: Some(CtiString::from_static("1001")),
//!     ..Default::default()
//! })?;
//! server.handle_input(now, &client.poll_transmit().unwrap());
//! let Some(ServerEvent::Request { invoke_id, .. }) = server.poll_event() else { panic!() };
//! server.respond(now, SetAgentStateConf { invoke_id, ..Default::default() })?;
//! client.handle_input(now, &server.poll_transmit().unwrap());
//! assert!(matches!(
//!     client.poll_event(),
//!     Some(ClientEvent::Response { invoke_id, result: Ok(_) }) if invoke_id == id
//! ));
//!
//! // The next thing the client will do on its own: a heartbeat in 30 s.
//! assert_eq!(client.poll_timeout(), Some(now + Duration::from_secs(30)));
//! # Ok::<(), SessionError>(())
//! ```
//!
//! Failover: a client configured with side A and side B (`ClientConfig::duplex`) moves to
//! the other side when the connection breaks, three heartbeats go unanswered, OPEN_CONF
//! does not come, the server says it is offline or not the master, or a v24 maintenance
//! switch is confirmed; it reports [`ClientEvent::Failover`] and replays its OPEN_REQ.
//!
//! ## Versions
//!
//! The codec takes the negotiated [`ProtocolVersion`] as input: it decides which fixed-part
//! fields exist ([`VersionedField`]) and how floating fields are framed ([`FloatingFormat`]:
//! 1-byte tag and length up to UCCE v19 / UCCX v17, 2-byte from UCCE v20 / UCCX v18). UCCE
//! 13–25 and UCCX 10–18 are supported.
//!
//! ## Limits
//!
//! | limit | default | error |
//! |---|---|---|
//! | message length, header included | 12,500 bytes ([`DEFAULT_MAX_MESSAGE_LEN`]) | [`DecodeError::FrameTooLarge`] (fatal) |
//! | each floating field | its tag's maximum (e.g. ClientID 64, ANI 40) | `E_CTI_INVALID_FIELD_LENGTH` |
//! | ECC (NamedVariable + NamedArray data) | 2,000 bytes ([`MAX_ECC_BYTES`]) | `E_CTI_TOO_MUCH_DATA` |
//! | repeated fields | 255 per tag; groups per their protocol maximum | `E_CTI_BAD_MESSAGE_FORMAT` |
//!
//! Unknown message types decode to [`Message::Raw`]; unknown floating tags are kept
//! ([`UnknownTags`]) so a newer peer's data round-trips.
//!
//! Where Cisco's documents disagree or are silent (UCCX v18's floating length width,
//! version-dependent message numbers, a few layouts), the decision taken is recorded in the
//! crate's README.
//!
//! ## Crate features
//!
//! * `tokio`: `tokio_util::codec::{Decoder, Encoder}` for [`CtiCodec`] and the drivers in
//!   [`tokio_driver`].
//! * `proptest`: `Arbitrary` for every message, for property tests of your own code.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod codec;
mod enums;
mod error;
mod message;
mod session;
mod version;
mod wire;

#[cfg(feature = "tokio")]
pub mod tokio_driver;

#[cfg(feature = "proptest")]
pub mod arbitrary;

#[cfg(fuzzing)]
#[allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods
)]
pub mod fuzzing;

pub use codec::{decode, encode, CtiCodec};
pub use enums::*;
pub use error::{DecodeError, EncodeError, MalformedKind};
pub use message::*;
pub use session::{
    ClientConfig, ClientEvent, ClientSession, FailureReason, OpenAccept, RequestError,
    ServerConfig, ServerEvent, ServerRole, ServerSession, SessionError, Side,
};
pub use version::{
    CodecConfig, Dialect, FloatingFormat, ProtocolVersion, UnknownTags, VersionedField,
    DEFAULT_MAX_MESSAGE_LEN, MAX_ECC_BYTES,
};
pub use wire::{
    CtiString, InvalidString, NamedArray, NamedVar, RawField, HEADER_LEN, MAX_ECC_NAME,
    MAX_ECC_VALUE,
};
