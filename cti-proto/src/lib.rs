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
