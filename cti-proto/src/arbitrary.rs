//! proptest strategies for the value types (feature `proptest`).
//!
//! Every message implements [`proptest::arbitrary::Arbitrary`] with values that its type
//! can carry (strings within their tag's maximum, ECC within its limits), so
//! `decode(encode(m)) == m` holds for every generated `m` once it is
//! [conformed](crate::Message::conform_to) to the version under test.

use bytes::Bytes;
use proptest::prelude::*;

use crate::wire::{CtiString, NamedArray, NamedVar, RawField};

/// Text of at most `max_bytes` bytes (no NUL): mostly printable ASCII, some UTF-8.
pub fn text(max_bytes: usize) -> impl Strategy<Value = CtiString> {
    prop::collection::vec(
        prop_oneof![
            16 => (0x20u8..0x7f).prop_map(char::from),
            1 => Just('é'),
            1 => Just('€'),
        ],
        0..=max_bytes,
    )
    .prop_map(move |chars| {
        let mut s = String::new();
        for c in chars {
            if s.len() + c.len_utf8() > max_bytes {
                break;
            }
            s.push(c);
        }
        CtiString::new(s).unwrap_or_default()
    })
}

/// Opaque bytes of at most `max` bytes.
pub fn unspec(max: usize) -> impl Strategy<Value = Bytes> {
    prop::collection::vec(any::<u8>(), 0..=max).prop_map(Bytes::from)
}

/// A NamedVariable within the ECC limits.
pub fn named_var() -> impl Strategy<Value = NamedVar> {
    (text(32), text(40)).prop_map(|(name, value)| NamedVar { name, value })
}

/// A NamedArray element within the ECC limits.
pub fn named_array() -> impl Strategy<Value = NamedArray> {
    (any::<u8>(), text(32), text(40)).prop_map(|(index, name, value)| NamedArray {
        index,
        name,
        value,
    })
}

/// An unknown floating field with a tag no message defines (tags 240–242 are unassigned).
pub fn raw_field() -> impl Strategy<Value = RawField> {
    (240u16..=242, unspec(20)).prop_map(|(tag, data)| RawField { tag, data })
}

/// A value of a floating field: the strategy the message macros use per type.
pub trait FloatArbitrary: Sized {
    /// A strategy for values of at most `max` data bytes.
    fn float_strategy(max: usize) -> BoxedStrategy<Self>;
}

impl FloatArbitrary for CtiString {
    fn float_strategy(max: usize) -> BoxedStrategy<Self> {
        // `max` counts the NUL.
        text(max.saturating_sub(1)).boxed()
    }
}

impl FloatArbitrary for Bytes {
    fn float_strategy(max: usize) -> BoxedStrategy<Self> {
        unspec(max).boxed()
    }
}

impl FloatArbitrary for NamedVar {
    fn float_strategy(_max: usize) -> BoxedStrategy<Self> {
        named_var().boxed()
    }
}

impl FloatArbitrary for NamedArray {
    fn float_strategy(_max: usize) -> BoxedStrategy<Self> {
        named_array().boxed()
    }
}

macro_rules! float_arbitrary_via_any {
    ($($t:ty),*) => {$(
        impl FloatArbitrary for $t {
            fn float_strategy(_max: usize) -> BoxedStrategy<Self> {
                any::<$t>().boxed()
            }
        }
    )*};
}

float_arbitrary_via_any!(
    u8,
    u16,
    u32,
    i32,
    crate::AgentState,
    crate::DeviceIdType,
    crate::LocalConnectionState,
    crate::EventCause,
    crate::LineType,
    crate::CallType,
    crate::PeripheralType,
    crate::ConnectionIdType
);
