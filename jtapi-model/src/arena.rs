//! Typed, generation-checked ids and the small arena they index.
//!
//! Every object of the call model lives in a [`Arena`] slot; an id is the slot index plus
//! the slot's generation when the object was stored. Freeing a slot bumps its generation,
//! so an id kept after its object is gone never reaches the slot's next occupant.

use std::fmt;
use std::num::NonZeroU32;

/// Something that names an arena slot: an index and a generation.
pub(crate) trait ArenaKey: Copy {
    fn from_parts(index: u32, generation: NonZeroU32) -> Self;
    fn index(self) -> u32;
    fn generation(self) -> NonZeroU32;
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name {
            index: u32,
            generation: NonZeroU32,
        }

        impl $name {
            /// The slot index (ids of live objects are dense from 0).
            pub fn index(self) -> u32 {
                self.index
            }

            /// The generation: how many objects have used this slot before, plus one.
            pub fn generation(self) -> u32 {
                self.generation.get()
            }
        }

        impl ArenaKey for $name {
            fn from_parts(index: u32, generation: NonZeroU32) -> Self {
                Self { index, generation }
            }
            fn index(self) -> u32 {
                self.index
            }
            fn generation(self) -> NonZeroU32 {
                self.generation
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}v{}"), self.index, self.generation)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self, f)
            }
        }
    };
}

id_type!(
    /// Names a [`Call`](crate::CallInfo) of a [`Provider`](crate::Provider).
    CallId,
    "call#"
);
id_type!(
    /// Names an Address (a directory number, route point or external number).
    AddressId,
    "addr#"
);
id_type!(
    /// Names a Terminal (a phone, CTI port or route point device).
    TerminalId,
    "term#"
);
id_type!(
    /// Names a Connection: the relationship between a Call and an Address.
    ConnectionId,
    "conn#"
);
id_type!(
    /// Names a TerminalConnection: the relationship between a Connection and a Terminal.
    TerminalConnectionId,
    "tc#"
);
id_type!(
    /// Names an observer registered with [`Provider::add_observer`](crate::Provider::add_observer).
    ObserverId,
    "obs#"
);

struct Slot<T> {
    generation: NonZeroU32,
    value: Option<T>,
}

/// A vector of slots with a free list. Slots are reused; the generation tells old ids apart.
pub(crate) struct Arena<K, T> {
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
    len: usize,
    _key: std::marker::PhantomData<K>,
}

impl<K: ArenaKey, T> Default for Arena<K, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: ArenaKey, T> Arena<K, T> {
    pub(crate) fn new() -> Self {
        Self {
            slots: Vec::new(),
            free: Vec::new(),
            len: 0,
            _key: std::marker::PhantomData,
        }
    }

    /// Stores `value`; `None` when the index space (u32) is exhausted.
    pub(crate) fn insert(&mut self, value: T) -> Option<K> {
        if let Some(index) = self.free.pop() {
            let slot = self.slots.get_mut(index as usize)?;
            slot.value = Some(value);
            self.len += 1;
            return Some(K::from_parts(index, slot.generation));
        }
        let index = u32::try_from(self.slots.len()).ok()?;
        self.slots.push(Slot {
            generation: NonZeroU32::MIN,
            value: Some(value),
        });
        self.len += 1;
        Some(K::from_parts(index, NonZeroU32::MIN))
    }

    pub(crate) fn get(&self, key: K) -> Option<&T> {
        let slot = self.slots.get(key.index() as usize)?;
        if slot.generation == key.generation() {
            slot.value.as_ref()
        } else {
            None
        }
    }

    pub(crate) fn get_mut(&mut self, key: K) -> Option<&mut T> {
        let slot = self.slots.get_mut(key.index() as usize)?;
        if slot.generation == key.generation() {
            slot.value.as_mut()
        } else {
            None
        }
    }

    pub(crate) fn contains(&self, key: K) -> bool {
        self.get(key).is_some()
    }

    /// Frees the slot and returns its value. The slot's generation moves on; a slot whose
    /// generation would wrap is retired (never reused) so old ids can never alias.
    pub(crate) fn remove(&mut self, key: K) -> Option<T> {
        let slot = self.slots.get_mut(key.index() as usize)?;
        if slot.generation != key.generation() {
            return None;
        }
        let value = slot.value.take()?;
        self.len -= 1;
        if let Some(next) = slot.generation.checked_add(1) {
            slot.generation = next;
            self.free.push(key.index());
        }
        Some(value)
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (K, &T)> + '_ {
        self.slots.iter().enumerate().filter_map(|(i, s)| {
            let v = s.value.as_ref()?;
            Some((K::from_parts(i as u32, s.generation), v))
        })
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = K> + '_ {
        self.iter().map(|(k, _)| k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_ids_do_not_alias() {
        let mut a: Arena<CallId, &str> = Arena::new();
        let x = a.insert("x").unwrap();
        assert_eq!(a.remove(x), Some("x"));
        let y = a.insert("y").unwrap();
        assert_eq!(x.index(), y.index());
        assert_ne!(x, y);
        assert_eq!(a.get(x), None);
        assert_eq!(a.get(y), Some(&"y"));
        assert_eq!(a.remove(x), None);
        assert_eq!(a.len(), 1);
        assert_eq!(a.keys().collect::<Vec<_>>(), vec![y]);
    }
}

/// FNV-1a, for maps keyed by our own ids (never by outside input, which keeps SipHash).
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A `HashMap` keyed by ids.
pub(crate) type IdMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;
