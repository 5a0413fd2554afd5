//! # `finesse-rest-types`
//!
//! Typed Cisco Finesse REST API resources, requests and notifications.
//!
//! This crate is a placeholder in the finesse-rs workspace: its contents land with
//! issue #7. It depends on no other protocol crate of the workspace.
//!
//! ```
//! // Nothing to use yet; the crate compiles so that the workspace layout is visible.
//! let _ = finesse_rest_types::CRATE_STATUS;
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// Where this crate stands: it is an empty placeholder until its issue lands.
pub const CRATE_STATUS: &str = "placeholder";
