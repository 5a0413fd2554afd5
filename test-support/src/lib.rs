//! Dev-only helpers for finesse-rs tests (placeholder, filled in next).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
