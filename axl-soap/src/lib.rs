//! # `axl-soap`
//!
//! SOAP 1.1/1.2 envelopes and typed Cisco AXL operations, with client and server.
//!
//! This crate is a placeholder in the finesse-rs workspace: its contents land with
//! issue #5. It depends on no other protocol crate of the workspace.
//!
//! ```
//! // Nothing to use yet; the crate compiles so that the workspace layout is visible.
//! let _ = axl_soap::CRATE_STATUS;
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// Where this crate stands: it is an empty placeholder until its issue lands.
pub const CRATE_STATUS: &str = "placeholder";
