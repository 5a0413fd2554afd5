//! # `bosh`
//!
//! Sans-IO BOSH (XEP-0124 / XEP-0206) connection manager and client sessions.
//!
//! This crate is a placeholder in the finesse-rs workspace: its contents land with
//! issue #4. It depends on no other protocol crate of the workspace.
//!
//! ```
//! // Nothing to use yet; the crate compiles so that the workspace layout is visible.
//! let _ = bosh::CRATE_STATUS;
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// Where this crate stands: it is an empty placeholder until its issue lands.
pub const CRATE_STATUS: &str = "placeholder";
