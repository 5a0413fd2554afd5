//! # `jtapi-model`
//!
//! The JTAPI 1.2 call model as a sans-IO state machine, and a simulated switch.
//!
//! This crate is a placeholder in the finesse-rs workspace: its contents land with
//! issue #6. It depends on no other protocol crate of the workspace.
//!
//! ```
//! // Nothing to use yet; the crate compiles so that the workspace layout is visible.
//! let _ = jtapi_model::CRATE_STATUS;
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// Where this crate stands: it is an empty placeholder until its issue lands.
pub const CRATE_STATUS: &str = "placeholder";
