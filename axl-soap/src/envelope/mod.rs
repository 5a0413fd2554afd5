//! The SOAP envelope layer: versions, parsing, writing, faults.

mod fault;
mod parse;
mod version;
mod write;

pub use fault::{Fault, FaultCode};
pub use parse::{check_must_understand, Attribute, Envelope, HeaderBlock, Payload};
pub use version::*;
pub use write::{write_envelope, write_envelope_with};
