//! `cti_enum!`: a closed set of named code points plus an `Unknown` fallback, so a value
//! from a newer protocol version passes through instead of failing the message.

macro_rules! cti_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $repr:ty {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this crate does not name; kept so it round-trips.
            Unknown($repr),
        }

        impl $name {
            /// The wire value.
            pub const fn value(self) -> $repr {
                match self {
                    $( $name::$variant => $value, )+
                    $name::Unknown(v) => v,
                }
            }

            /// The variant for a wire value (`Unknown` when it is not a named one).
            pub const fn from_value(v: $repr) -> Self {
                match v {
                    $( $value => $name::$variant, )+
                    other => $name::Unknown(other),
                }
            }

            /// Cisco's name of the value, without the common prefix.
            pub const fn name(self) -> Option<&'static str> {
                match self {
                    $( $name::$variant => Some(stringify!($variant)), )+
                    $name::Unknown(_) => None,
                }
            }
        }

        impl From<$repr> for $name {
            fn from(v: $repr) -> Self {
                Self::from_value(v)
            }
        }

        impl From<$name> for $repr {
            fn from(v: $name) -> $repr {
                v.value()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}({})", n, self.value()),
                    None => write!(f, "{}({})", stringify!($name), self.value()),
                }
            }
        }

        impl $crate::wire::Fixed for $name {
            #[inline(always)]
            fn read(r: &mut $crate::wire::Reader<'_>, field: &'static str) -> Result<Self, $crate::wire::At> {
                <$repr as $crate::wire::Fixed>::read(r, field).map(Self::from_value)
            }
            fn write(&self, dst: &mut ::bytes::BytesMut) {
                <$repr as $crate::wire::Fixed>::write(&self.value(), dst)
            }
        }

        impl $crate::wire::FloatValue for $name {
            fn decode_data(data: $crate::wire::Field<'_>, tag: u16) -> Result<Self, $crate::MalformedKind> {
                <$repr as $crate::wire::FloatValue>::decode_data(data, tag).map(Self::from_value)
            }
            fn data_len(&self) -> usize {
                ::std::mem::size_of::<$repr>()
            }
            fn write_data(&self, dst: &mut ::bytes::BytesMut) {
                <$repr as $crate::wire::Fixed>::write(&self.value(), dst)
            }
        }

        #[cfg(feature = "proptest")]
        impl ::proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = ::proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                use ::proptest::prelude::*;
                prop_oneof![
                    3 => prop::sample::select(vec![$( $name::$variant ),+]),
                    1 => any::<$repr>().prop_map($name::from_value),
                ]
                .boxed()
            }
        }
    };
}

/// Bit masks whose unknown bits are kept (bitflags with `from_bits_retain`).
macro_rules! cti_mask {
    (
        $(#[$($meta:tt)*])*
        pub struct $name:ident : $repr:ty {
            $( $(#[$($vmeta:tt)*])* const $flag:ident = $value:expr; )+
        }
    ) => {
        ::bitflags::bitflags! {
            $(#[$($meta)*])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct $name: $repr {
                $( $(#[$($vmeta)*])* const $flag = $value; )+
                // Keep every other bit: a newer peer's flags round-trip.
                const _ = !0;
            }
        }

        impl $crate::wire::Fixed for $name {
            #[inline(always)]
            fn read(r: &mut $crate::wire::Reader<'_>, field: &'static str) -> Result<Self, $crate::wire::At> {
                <$repr as $crate::wire::Fixed>::read(r, field).map(Self::from_bits_retain)
            }
            fn write(&self, dst: &mut ::bytes::BytesMut) {
                <$repr as $crate::wire::Fixed>::write(&self.bits(), dst)
            }
        }

        #[cfg(feature = "proptest")]
        impl ::proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = ::proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                use ::proptest::prelude::*;
                any::<$repr>().prop_map(Self::from_bits_retain).boxed()
            }
        }
    };
}
