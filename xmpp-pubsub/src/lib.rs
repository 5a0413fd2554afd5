//! # `xmpp-pubsub`
//!
//! XMPP streams, stanzas and a sans-IO PubSub (XEP-0060) service, as used by the Cisco Finesse notification service.
//!
//! This crate is a placeholder in the finesse-rs workspace: its contents land with
//! issue #3. It depends on no other protocol crate of the workspace.
//!
//! ```
//! // Nothing to use yet; the crate compiles so that the workspace layout is visible.
//! let _ = xmpp_pubsub::CRATE_STATUS;
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// Where this crate stands: it is an empty placeholder until its issue lands.
pub const CRATE_STATUS: &str = "placeholder";
