//! Wire primitives: the fixed-part reader, the floating-field iterator and writer, and the
//! value types of floating fields.

mod fixed;
mod floating;
mod string;

pub(crate) use fixed::{At, Fixed, Reader};
pub use floating::RawField;
pub(crate) use floating::{Field, FloatGroup, FloatIter, FloatSink, FloatValue, FloatWriter};
pub use string::{CtiString, InvalidString, NamedArray, NamedVar, MAX_ECC_NAME, MAX_ECC_VALUE};

/// The message header length: MessageLength (UINT) + MessageType (UINT).
pub const HEADER_LEN: usize = 8;
