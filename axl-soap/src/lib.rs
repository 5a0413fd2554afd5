//! # `axl-soap`: SOAP 1.1/1.2 envelopes and Cisco AXL, client and server
//!
//! CUCM's Administrative XML Layer (AXL) is SOAP 1.1 over HTTPS at
//! `https://<publisher>:8443/axl/` with HTTP Basic auth; UCCX and Finesse use it to read
//! users and devices and to authenticate agents. This crate gives you:
//!
//! * an **envelope layer** ([`Envelope`], [`Fault`], [`write_envelope`]): SOAP 1.1 and 1.2,
//!   detected by namespace, prefix-agnostic (quick-xml's namespace-resolving reader),
//!   header blocks with `mustUnderstand`, exactly one Body element kept as raw XML, faults
//!   in both versions; size/depth/attribute limits; no DTDs, no entity expansion;
//! * **typed AXL operations** ([`AxlRequest`], [`AxlResponse`], one request/response pair
//!   per operation, [`AxlOperation`]) for `getCCMVersion`, `getUser`, `listUser`,
//!   `addUser`, `updateUser`, `removeUser`, `getPhone`, `listPhone`, `addPhone`,
//!   `updatePhone`, `removePhone`, `getLine`, `listLine`, `executeSQLQuery`,
//!   `executeSQLUpdate` and `doAuthenticateUser`, in schema versions 11.0 to 15.0
//!   ([`AxlVersion`]); other operations pass through as [`UnknownOperation`];
//! * the **`axlError` fault** ([`AxlFault`]) and CUCM's HTTP mapping;
//! * a **client** (feature `client`) and a **server** (feature `server`).
//!
//! ```text
//!  bytes ──► Envelope::parse ──► Payload (raw XML, name, namespace, sequence)
//!                                   │ decode_request / decode_response (serde, unqualified children)
//!                                   ▼
//!                      AxlRequest / AxlResponse / AxlFault ──► encode_* ──► bytes
//!
//!  server: HTTP request ──► Dispatcher (auth, roles, throttle, faults) ──► your AxlService
//!  client: AxlClient::call(GetUserReq) ──► hyper + rustls (pooled, cookie, 503 retry)
//! ```
//!
//! The codec does no I/O and reads no clock. The server's [`Dispatcher`](server::Dispatcher)
//! takes `now` as an argument; only the thin axum/hyper shell reads time.
//!
//! ## Decoding what zeep sends, answering like CUCM
//!
//! ```
//! use axl_soap::*;
//!
//! // The exact bytes zeep 4.3 sends for `service.getUser(userid="jdoe")`.
//! let wire = br#"<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body><ns0:getUser xmlns:ns0="http://www.cisco.com/AXL/API/12.5"><userid>jdoe</userid></ns0:getUser></soap-env:Body></soap-env:Envelope>"#;
//! let call = decode_request(wire, Some("\"CUCM:DB ver=12.5 getUser\""), &Limits::default())?;
//! assert_eq!(call.version, AxlVersion::V12_5);
//! let AxlRequest::GetUser(req) = &call.request else { unreachable!() };
//! assert_eq!(req.userid.as_deref(), Some("jdoe"));
//!
//! let user = User { userid: Some("jdoe".into()), last_name: Some("Doe".into()), ..Default::default() };
//! let mut xml = String::new();
//! encode_response(&mut xml, call.soap, call.version, call.sequence,
//!     &AxlResponse::GetUser(GetUserRes { user }))?;
//! assert!(xml.contains(r#"<ns:getUserResponse xmlns:ns="http://www.cisco.com/AXL/API/12.5"><return><user>"#));
//!
//! // A missing user is AXL fault 5007, sent with HTTP 500.
//! let fault = AxlFault::not_found("getUser", "User");
//! assert_eq!(fault.http_status(SoapVersion::V11), 500);
//! let mut xml = String::new();
//! encode_fault(&mut xml, SoapVersion::V11, &fault);
//! let Err(AxlDecodeError::Fault(back)) = decode_response(xml.as_bytes(), "getUser", &Limits::default())
//! else { unreachable!() };
//! assert_eq!(back.code(), Some(5007));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Limits
//!
//! | limit | default | error |
//! |---|---|---|
//! | envelope size | 1 MiB ([`Limits::default`]; 16 MiB for client responses, [`Limits::for_responses`]) | [`EnvelopeError::TooLarge`] |
//! | element depth | 32 (64 for responses) | [`EnvelopeError::TooDeep`] |
//! | attributes per element | 32 | [`EnvelopeError::TooManyAttributes`] |
//! | header blocks | 32 | [`EnvelopeError::TooManyHeaders`] |
//! | `<!DOCTYPE>`, entities other than the five predefined and character references | refused | [`EnvelopeError::Doctype`], [`EnvelopeError::UnknownEntity`] |
//! | server response size | 8 MB (as CUCM) | AXL fault "Query request too large…" |
//!
//! ## Crate features
//!
//! * `client`: [`client::AxlClient`], async over hyper 1 + rustls (ring): HTTP Basic auth,
//!   `JSESSIONID` reuse, pooled keep-alive connections, typed calls, retry after 503.
//! * `server`: [`server::Dispatcher`] over your [`server::AxlService`], an axum
//!   [`server::router`], a plain/TLS accept loop [`server::serve`], and
//!   [`server::MemoryDirectory`], an in-memory CUCM for tests and demos.
//!
//! Where Cisco's documents are silent (fault codes for bad requests, `doAuthenticateUser`
//! failure semantics, the throttling answer), the decisions taken are in the README.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
// Faults are the error path of a network protocol (rare, then serialized): carrying them
// unboxed keeps `AxlResult<T>` pleasant for implementers of `AxlService`.
#![allow(clippy::result_large_err)]

mod axl;
mod envelope;
mod error;
mod limits;

#[cfg(fuzzing)]
#[allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)]
pub mod fuzzing;

pub use axl::*;
pub use envelope::{
    check_must_understand, write_envelope, write_envelope_with, Attribute, Envelope, Fault,
    FaultCode, HeaderBlock, Payload, SoapVersion, SOAP11_ACTOR_NEXT, SOAP11_ENV_NS, SOAP12_ENV_NS,
    SOAP12_ROLE_NEXT, SOAP12_ROLE_ULTIMATE,
};
pub use error::{AxlDecodeError, EncodeError, EnvelopeError};
pub use limits::Limits;

#[cfg(feature = "server")]
pub mod server;

#[cfg(feature = "client")]
pub mod client;
