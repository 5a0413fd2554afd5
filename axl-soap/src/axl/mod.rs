//! Cisco AXL: versions, typed operations, faults and whole messages.

mod fault;
mod message;
mod ops;
mod records;
pub(crate) mod tags;
mod version;

pub use fault::{AxlError, AxlFault};
pub use message::{
    decode_request, decode_response, encode_fault, encode_request, encode_response, AxlCall,
    AxlReply,
};
pub use ops::*;
pub use records::*;
pub use tags::{ReturnedTags, Tag, TagFilter};
pub use version::{AxlVersion, SoapAction, AXL_NS_PREFIX};
