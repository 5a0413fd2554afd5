//! Dev-only helpers for finesse-rs tests of sans-IO protocol machines: a virtual clock, a
//! deterministic lossy byte pipe, and a driver that runs two stream peers against each
//! other, jumping the clock to the earliest deadline instead of sleeping.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use test_support::{Pair, PipeConfig, StreamPeer, VirtualClock};
//!
//! /// Echoes what it receives.
//! #[derive(Default)]
//! struct Echo { pending: Vec<u8>, seen: Vec<u8> }
//!
//! impl StreamPeer for Echo {
//!     fn handle_input(&mut self, _now: Instant, bytes: &[u8]) {
//!         self.seen.extend_from_slice(bytes);
//!         self.pending.extend_from_slice(bytes);
//!     }
//!     fn poll_transmit(&mut self, _now: Instant, out: &mut Vec<u8>) -> bool {
//!         let any = !self.pending.is_empty();
//!         out.append(&mut self.pending);
//!         any
//!     }
//!     fn poll_timeout(&self) -> Option<Instant> { None }
//!     fn handle_timeout(&mut self, _now: Instant) {}
//! }
//!
//! /// Sends one greeting, then listens.
//! #[derive(Default)]
//! struct Greeter { sent: bool, heard: Vec<u8> }
//!
//! impl StreamPeer for Greeter {
//!     fn handle_input(&mut self, _now: Instant, bytes: &[u8]) { self.heard.extend_from_slice(bytes) }
//!     fn poll_transmit(&mut self, _now: Instant, out: &mut Vec<u8>) -> bool {
//!         if self.sent { return false }
//!         self.sent = true;
//!         out.extend_from_slice(b"hello");
//!         true
//!     }
//!     fn poll_timeout(&self) -> Option<Instant> { None }
//!     fn handle_timeout(&mut self, _now: Instant) {}
//! }
//!
//! let config = PipeConfig { latency: Duration::from_millis(5), split_chunks: true, seed: 7, ..PipeConfig::default() };
//! let mut pair = Pair::new(VirtualClock::new(), Greeter::default(), Echo::default(), config);
//! pair.run_for(Duration::from_secs(1));
//! assert_eq!(pair.a().heard, b"hello");
//! assert_eq!(pair.b().seen, b"hello");
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod clock;
mod pair;
mod pipe;
mod rng;

pub use clock::VirtualClock;
pub use pair::{Pair, StreamPeer};
pub use pipe::{Pipe, PipeConfig, PipeStats};
pub use rng::SplitMix64;
