//! The finesse-rs reference stack and demos (binaries under `src/bin/`).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
