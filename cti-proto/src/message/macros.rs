//! One declaration per message drives its struct, decoder, encoder, version conforming and
//! proptest strategy, so the two directions cannot drift apart.
//!
//! ```text
//! cti_message! {
//!     /// docs
//!     pub struct OpenConf = OpenConf {           // struct name = MessageType variant
//!         invoke_id: u32,                        // fixed part, in wire order
//!         department_id: i32 => DepartmentId,    // only where VersionedField::DepartmentId
//!     }
//!     floating {
//!         agent_extension: one CtiString [4; 16],      // Option<T>, tag 4, max 16 bytes
//!         named_variables: many NamedVar [82; 251],    // Vec<T>, repeated
//!         skill_groups: group SkillGroup [62|63|64|65; 20], // Vec<G>, at most 20 entries
//!     }
//! }
//! ```

macro_rules! cti_field_ty {
    (one $t:ty) => { Option<$t> };
    (many $t:ty) => { Vec<$t> };
    (group $t:ty) => { Vec<$t> };
    (set $t:ty) => { $t };
}

macro_rules! cti_field_decode {
    (one, $sink:ident, $slot:expr, [$tag:literal], $max:literal, $t:ident, $off:ident, $data:ident) => {
        $sink.one($slot, $tag, $max, $off, $data)
    };
    (many, $sink:ident, $slot:expr, [$tag:literal], $max:literal, $t:ident, $off:ident, $data:ident) => {
        $sink.many($slot, $tag, $max, $off, $data)
    };
    (group, $sink:ident, $slot:expr, [$($tag:literal)|+], $max:literal, $t:ident, $off:ident, $data:ident) => {
        $sink.group($slot, $t, $max, $off, $data)
    };
    (set, $sink:ident, $slot:expr, [$($tag:literal)|+], $max:literal, $t:ident, $off:ident, $data:ident) => {
        ($slot).accept(&mut $sink, $t, $off, $data)
    };
}

macro_rules! cti_field_encode {
    (one, $w:ident, $v:expr, [$tag:literal], $max:literal) => {
        $w.put_opt($tag, $max, $v)
    };
    (many, $w:ident, $v:expr, [$tag:literal], $max:literal) => {
        $w.put_all($tag, $max, $v)
    };
    (group, $w:ident, $v:expr, [$first:literal $(| $tag:literal)*], $max:literal) => {
        $w.put_groups($first, $max, $v)
    };
    (set, $w:ident, $v:expr, [$($tag:literal)|+], $max:literal) => {
        ($v).write(&mut $w)
    };
}

macro_rules! cti_field_conform {
    (one, $v:expr, [$tag:literal], $fmt:ident) => {
        if $tag > $fmt.max_tag() {
            *$v = None;
        }
    };
    (many, $v:expr, [$tag:literal], $fmt:ident) => {
        if $tag > $fmt.max_tag() {
            $v.clear();
        }
    };
    (group, $v:expr, [$($tag:literal)|+], $fmt:ident) => {
        for g in $v.iter_mut() {
            $crate::wire::FloatGroup::conform(g, $fmt);
        }
        $v.retain(|g| !g.is_empty());
    };
    (set, $v:expr, [$($tag:literal)|+], $fmt:ident) => {
        ($v).conform($fmt);
    };
}

#[cfg(feature = "proptest")]
macro_rules! cti_field_strategy {
    (one $t:ty, $max:literal) => {
        ::proptest::option::of(<$t as $crate::arbitrary::FloatArbitrary>::float_strategy(
            $max,
        ))
    };
    (many $t:ty, $max:literal) => {
        ::proptest::collection::vec(
            <$t as $crate::arbitrary::FloatArbitrary>::float_strategy($max),
            0..4,
        )
    };
    (group $t:ty, $max:literal) => {
        ::proptest::collection::vec(<$t as ::proptest::arbitrary::Arbitrary>::arbitrary(), 0..4)
    };
    (set $t:ty, $max:literal) => {
        <$t as ::proptest::arbitrary::Arbitrary>::arbitrary()
    };
}

/// Picks `Some(self.invoke_id)` when the first fixed field is `invoke_id`.
macro_rules! cti_invoke_id {
    ($s:ident; invoke_id $($rest:ident)*) => {
        Some($s.invoke_id)
    };
    ($s:ident; $other:ident $($rest:ident)*) => {
        None
    };
    ($s:ident;) => {
        None
    };
}

macro_rules! cti_set_invoke_id {
    ($s:ident, $id:ident; invoke_id $($rest:ident)*) => {
        $s.invoke_id = $id;
    };
    ($s:ident, $id:ident; $other:ident $($rest:ident)*) => {
        let _ = $id;
    };
    ($s:ident, $id:ident;) => {
        let _ = $id;
    };
}

macro_rules! cti_message {
    (
        $(#[$meta:meta])*
        pub struct $name:ident = $mtype:ident {
            $( $(#[$fmeta:meta])* $fname:ident : $fty:ty $(=> $gate:ident)? ,)*
        }
        floating {
            $( $(#[$lmeta:meta])* $lname:ident : $lkind:ident $lty:ty [$($ltag:literal)|+ ; $lmax:literal] ,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $fname: $fty, )*
            $( $(#[$lmeta])* pub $lname: cti_field_ty!($lkind $lty), )*
            /// Floating fields this crate does not define for the message, in wire order
            /// (kept with [`UnknownTags::Keep`](crate::UnknownTags::Keep)).
            pub unknown: Vec<$crate::wire::RawField>,
        }

        impl $crate::message::Body for $name {
            const TYPE: $crate::enums::MessageType = $crate::enums::MessageType::$mtype;

            #[allow(unused_variables, unused_mut, clippy::manual_range_patterns)]
            fn decode_boxed(
                body: &::bytes::Bytes,
                cfg: &$crate::version::CodecConfig,
            ) -> Result<Box<Self>, $crate::wire::At> {
                let mut r = $crate::wire::Reader::new(body);
                let mut out = Box::<Self>::default();
                $(
                    if true $(&& cfg.version.has($crate::version::VersionedField::$gate))? {
                        out.$fname = $crate::wire::Fixed::read(&mut r, stringify!($fname))?;
                    }
                )*
                let mut sink = $crate::wire::FloatSink::new(cfg);
                for field in $crate::wire::FloatIter::new(body, r.pos(), cfg.format()) {
                    let (tag, off, data) = field?;
                    match tag {
                        $(
                            $($ltag)|+ => cti_field_decode!(
                                $lkind, sink, &mut out.$lname, [$($ltag)|+], $lmax, tag, off, data
                            )?,
                        )*
                        _ => sink.unknown(&mut out.unknown, tag, off, data)?,
                    }
                }
                Ok(out)
            }

            #[allow(unused_variables, unused_mut)]
            fn encode_body(
                &self,
                dst: &mut ::bytes::BytesMut,
                cfg: &$crate::version::CodecConfig,
            ) -> Result<(), $crate::error::EncodeError> {
                $(
                    if true $(&& cfg.version.has($crate::version::VersionedField::$gate))? {
                        $crate::wire::Fixed::write(&self.$fname, dst);
                    }
                )*
                let mut w = $crate::wire::FloatWriter::new(dst, cfg, Self::TYPE);
                $( cti_field_encode!($lkind, w, &self.$lname, [$($ltag)|+], $lmax)?; )*
                for f in &self.unknown {
                    w.put_raw(f)?;
                }
                Ok(())
            }

            #[allow(unused_variables)]
            fn conform_to(&mut self, cfg: &$crate::version::CodecConfig) {
                let fmt = cfg.format();
                $(
                    if !(true $(&& cfg.version.has($crate::version::VersionedField::$gate))?) {
                        self.$fname = Default::default();
                    }
                )*
                $( cti_field_conform!($lkind, &mut self.$lname, [$($ltag)|+], fmt); )*
                self.unknown.retain(|f| f.tag <= fmt.max_tag());
                if cfg.unknown_tags != $crate::version::UnknownTags::Keep {
                    self.unknown.clear();
                }
            }

            fn invoke_id(&self) -> Option<u32> {
                cti_invoke_id!(self; $($fname)*)
            }

            fn set_invoke_id(&mut self, id: u32) {
                cti_set_invoke_id!(self, id; $($fname)*);
            }
        }

        #[cfg(feature = "proptest")]
        impl ::proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = ::proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                use ::proptest::prelude::*;
                let s = Just(Self::default()).boxed();
                $(
                    let s = (s, any::<$fty>())
                        .prop_map(|(mut m, v)| { m.$fname = v; m })
                        .boxed();
                )*
                $(
                    let s = (s, cti_field_strategy!($lkind $lty, $lmax))
                        .prop_map(|(mut m, v)| { m.$lname = v; m })
                        .boxed();
                )*
                (s, ::proptest::collection::vec($crate::arbitrary::raw_field(), 0..2))
                    .prop_map(|(mut m, v)| { m.unknown = v; m })
                    .boxed()
            }
        }
    };
}

/// A repeated group of floating fields; every member is optional, and an entry starts at a
/// member that the previous entry already has.
macro_rules! cti_group {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $fname:ident : $fty:ty [$tag:literal ; $max:literal] ,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $fname: Option<$fty>, )+
        }

        impl $name {
            /// Whether no member is set.
            pub fn is_empty(&self) -> bool {
                true $(&& self.$fname.is_none())+
            }
        }

        impl $crate::wire::FloatGroup for $name {
            fn has(&self, tag: u16) -> bool {
                match tag {
                    $( $tag => self.$fname.is_some(), )+
                    _ => false,
                }
            }

            fn set(
                &mut self,
                sink: &mut $crate::wire::FloatSink,
                tag: u16,
                off: usize,
                data: $crate::wire::Field<'_>,
            ) -> Result<(), $crate::wire::At> {
                match tag {
                    $( $tag => self.$fname = Some(sink.value(tag, $max, off, data)?), )+
                    _ => {}
                }
                Ok(())
            }

            fn write(&self, w: &mut $crate::wire::FloatWriter<'_>) -> Result<(), $crate::error::EncodeError> {
                $( w.put_opt($tag, $max, &self.$fname)?; )+
                Ok(())
            }

            fn conform(&mut self, fmt: $crate::version::FloatingFormat) {
                $(
                    if $tag > fmt.max_tag() {
                        self.$fname = None;
                    }
                )+
            }
        }

        #[cfg(feature = "proptest")]
        impl ::proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = ::proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                use ::proptest::prelude::*;
                // The first member is always present: it is what starts an entry.
                cti_group!(@strategy $name; first; $($fname : $fty [$max]),+)
            }
        }
    };
    (@strategy $name:ident; first; $f0:ident : $t0:ty [$m0:literal] $(, $fname:ident : $fty:ty [$max:literal])*) => {{
        let s = <$t0 as $crate::arbitrary::FloatArbitrary>::float_strategy($m0)
            .prop_map(|v| $name { $f0: Some(v), ..Default::default() })
            .boxed();
        $(
            let s = (s, ::proptest::option::of(<$fty as $crate::arbitrary::FloatArbitrary>::float_strategy($max)))
                .prop_map(|(mut g, v)| { g.$fname = v; g })
                .boxed();
        )*
        s
    }};
}

/// A non-repeating set of floating fields shared by several messages (the call context:
/// ANI, DNIS, call variables, ECC, …). Members are `one T` (at most once) or `many T`.
macro_rules! cti_set {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $fname:ident : $kind:ident $fty:ty [$tag:literal ; $max:literal] ,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $fname: cti_field_ty!($kind $fty), )+
        }

        impl $name {
            /// The tags that belong to this set.
            pub const TAGS: &'static [u16] = &[$($tag),+];

            #[inline(always)]
            pub(crate) fn accept(
                &mut self,
                sink: &mut $crate::wire::FloatSink,
                tag: u16,
                off: usize,
                data: $crate::wire::Field<'_>,
            ) -> Result<(), $crate::wire::At> {
                match tag {
                    $( $tag => cti_field_decode!($kind, sink, &mut self.$fname, [$tag], $max, tag, off, data), )+
                    _ => Ok(()),
                }
            }

            pub(crate) fn write(
                &self,
                w: &mut $crate::wire::FloatWriter<'_>,
            ) -> Result<(), $crate::error::EncodeError> {
                $( cti_field_encode!($kind, w, &self.$fname, [$tag], $max)?; )+
                Ok(())
            }

            pub(crate) fn conform(&mut self, fmt: $crate::version::FloatingFormat) {
                $( cti_field_conform!($kind, &mut self.$fname, [$tag], fmt); )+
            }
        }

        #[cfg(feature = "proptest")]
        impl ::proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = ::proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                use ::proptest::prelude::*;
                let s = Just(Self::default()).boxed();
                $(
                    let s = (s, cti_field_strategy!($kind $fty, $max))
                        .prop_map(|(mut m, v)| { m.$fname = v; m })
                        .boxed();
                )+
                s
            }
        }
    };
}
