//! Session id sources: injected, so tests can pin them and embedders can use their own RNG.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

/// Where a [`BoshServer`](crate::BoshServer) gets the 16 bytes of each new session id.
/// Ids must be unpredictable (XEP-0124 §7.1); the server retries on a collision.
pub trait SidSource: Send {
    /// The next 16 bytes.
    fn next_sid(&mut self) -> [u8; 16];
}

/// The default [`SidSource`]: SipHash, keyed from the process' random `RandomState` keys,
/// over a counter. Outsiders cannot predict it without the per-process keys. Plug your own
/// CSPRNG through [`BoshServer::with_sid_source`](crate::BoshServer::with_sid_source) if you
/// need a stronger guarantee.
#[derive(Debug)]
pub struct RandomSids {
    a: RandomState,
    b: RandomState,
    counter: u64,
}

impl Default for RandomSids {
    fn default() -> Self {
        RandomSids {
            a: RandomState::new(),
            b: RandomState::new(),
            counter: 0,
        }
    }
}

impl SidSource for RandomSids {
    fn next_sid(&mut self) -> [u8; 16] {
        self.counter = self.counter.wrapping_add(1);
        let hi = self.a.hash_one(self.counter);
        let lo = self.b.hash_one(self.counter ^ 0x5bd1_e995);
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&hi.to_be_bytes());
        out[8..].copy_from_slice(&lo.to_be_bytes());
        out
    }
}

/// A predictable [`SidSource`] for tests: 1, 2, 3, … (big-endian in the last 8 bytes).
#[derive(Debug, Default)]
pub struct SequentialSids(pub u64);

impl SidSource for SequentialSids {
    fn next_sid(&mut self) -> [u8; 16] {
        self.0 = self.0.wrapping_add(1);
        let mut out = [0u8; 16];
        out[8..].copy_from_slice(&self.0.to_be_bytes());
        out
    }
}
