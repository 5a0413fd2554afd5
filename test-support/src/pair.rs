//! Two stream peers, two pipes and a virtual clock.

use std::time::{Duration, Instant};

use crate::clock::VirtualClock;
use crate::pipe::{Pipe, PipeConfig};

/// A sans-IO endpoint of a byte stream (a CTI session, an XMPP stream, …).
pub trait StreamPeer {
    /// Bytes arrived from the other peer.
    fn handle_input(&mut self, now: Instant, bytes: &[u8]);
    /// Appends bytes to send to `out`; returns whether it wrote any.
    fn poll_transmit(&mut self, now: Instant, out: &mut Vec<u8>) -> bool;
    /// The next instant the peer wants `handle_timeout`.
    fn poll_timeout(&self) -> Option<Instant>;
    /// A timer fired.
    fn handle_timeout(&mut self, now: Instant);
}

/// Runs peer `A` against peer `B` over two [`Pipe`]s, with time jumping to the earliest
/// deadline (no sleeping, fully deterministic for a given seed).
#[derive(Debug)]
pub struct Pair<A, B> {
    clock: VirtualClock,
    a: A,
    b: B,
    a_to_b: Pipe,
    b_to_a: Pipe,
    severed: bool,
}

/// Steps without progress before [`Pair::run_for`] gives up (a livelock guard).
const MAX_STEPS: usize = 1_000_000;

impl<A: StreamPeer, B: StreamPeer> Pair<A, B> {
    /// A pair whose two directions both use `pipe` (seeded differently).
    pub fn new(clock: VirtualClock, a: A, b: B, pipe: PipeConfig) -> Self {
        let reverse = PipeConfig {
            seed: pipe.seed.wrapping_add(0x5151),
            ..pipe
        };
        Self {
            clock,
            a,
            b,
            a_to_b: Pipe::new(pipe),
            b_to_a: Pipe::new(reverse),
            severed: false,
        }
    }

    /// Peer A.
    pub fn a(&self) -> &A {
        &self.a
    }

    /// Peer A, mutably (to issue commands).
    pub fn a_mut(&mut self) -> &mut A {
        &mut self.a
    }

    /// Peer B.
    pub fn b(&self) -> &B {
        &self.b
    }

    /// Peer B, mutably.
    pub fn b_mut(&mut self) -> &mut B {
        &mut self.b
    }

    /// The clock.
    pub fn clock(&self) -> &VirtualClock {
        &self.clock
    }

    /// The current virtual instant.
    pub fn now(&self) -> Instant {
        self.clock.now()
    }

    /// The A → B pipe.
    pub fn a_to_b(&self) -> &Pipe {
        &self.a_to_b
    }

    /// The B → A pipe.
    pub fn b_to_a(&self) -> &Pipe {
        &self.b_to_a
    }

    /// Cuts the link: everything in flight and everything sent from now on is lost.
    pub fn sever(&mut self) {
        self.severed = true;
        self.a_to_b.clear();
        self.b_to_a.clear();
    }

    /// Whether the link is cut.
    pub fn is_severed(&self) -> bool {
        self.severed
    }

    /// Delivers what is due now and lets both peers transmit; returns whether anything
    /// moved.
    pub fn step(&mut self) -> bool {
        let now = self.clock.now();
        let mut moved = false;
        for chunk in self.a_to_b.deliver_due(now) {
            self.b.handle_input(now, &chunk);
            moved = true;
        }
        for chunk in self.b_to_a.deliver_due(now) {
            self.a.handle_input(now, &chunk);
            moved = true;
        }
        let mut out = Vec::new();
        if self.a.poll_transmit(now, &mut out) {
            moved = true;
            if !self.severed {
                self.a_to_b.send(now, &out);
            }
        }
        out.clear();
        if self.b.poll_transmit(now, &mut out) {
            moved = true;
            if !self.severed {
                self.b_to_a.send(now, &out);
            }
        }
        moved
    }

    /// Steps until nothing moves, without advancing time.
    pub fn drive(&mut self) {
        for _ in 0..MAX_STEPS {
            if !self.step() {
                return;
            }
        }
        panic!("Pair::drive: no quiescence after {MAX_STEPS} steps (livelock?)");
    }

    /// The earliest instant anything is due: a timer of either peer or a pipe delivery.
    pub fn next_deadline(&self) -> Option<Instant> {
        [
            self.a.poll_timeout(),
            self.b.poll_timeout(),
            self.a_to_b.next_delivery(),
            self.b_to_a.next_delivery(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Jumps to the next deadline and fires due timers; returns the new instant.
    pub fn advance_to_next_deadline(&mut self) -> Option<Instant> {
        let at = self.next_deadline()?;
        let now = self.clock.advance_to(at);
        if self.a.poll_timeout().is_some_and(|t| t <= now) {
            self.a.handle_timeout(now);
        }
        if self.b.poll_timeout().is_some_and(|t| t <= now) {
            self.b.handle_timeout(now);
        }
        Some(now)
    }

    /// Runs for `budget` of virtual time: drive, jump to the next deadline, repeat. Ends at
    /// exactly `start + budget`.
    pub fn run_for(&mut self, budget: Duration) {
        let end = self.clock.now() + budget;
        for _ in 0..MAX_STEPS {
            self.drive();
            match self.next_deadline() {
                Some(t) if t <= end => {
                    self.advance_to_next_deadline();
                }
                _ => {
                    self.clock.advance_to(end);
                    self.drive();
                    return;
                }
            }
        }
        panic!("Pair::run_for: more than {MAX_STEPS} deadlines in {budget:?} (timer storm?)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends "tick" every second, counts what it hears.
    struct Ticker {
        next: Instant,
        due: bool,
        heard: usize,
    }

    impl StreamPeer for Ticker {
        fn handle_input(&mut self, _now: Instant, bytes: &[u8]) {
            self.heard += bytes.len();
        }
        fn poll_transmit(&mut self, _now: Instant, out: &mut Vec<u8>) -> bool {
            if !self.due {
                return false;
            }
            self.due = false;
            out.extend_from_slice(b"tick");
            true
        }
        fn poll_timeout(&self) -> Option<Instant> {
            Some(self.next)
        }
        fn handle_timeout(&mut self, now: Instant) {
            if now >= self.next {
                self.due = true;
                self.next = now + Duration::from_secs(1);
            }
        }
    }

    fn ticker(now: Instant) -> Ticker {
        Ticker {
            next: now + Duration::from_secs(1),
            due: false,
            heard: 0,
        }
    }

    #[test]
    fn deadline_jumping_fires_timers_without_sleeping() {
        let clock = VirtualClock::new();
        let t0 = clock.now();
        let mut pair = Pair::new(clock, ticker(t0), ticker(t0), PipeConfig::default());
        pair.run_for(Duration::from_secs(10));
        assert_eq!(pair.a().heard, 4 * 10);
        assert_eq!(pair.b().heard, 4 * 10);
        assert_eq!(pair.clock().elapsed(), Duration::from_secs(10));
    }

    #[test]
    fn severed_pair_delivers_nothing() {
        let clock = VirtualClock::new();
        let t0 = clock.now();
        let mut pair = Pair::new(clock, ticker(t0), ticker(t0), PipeConfig::default());
        pair.sever();
        pair.run_for(Duration::from_secs(5));
        assert!(pair.is_severed());
        assert_eq!(pair.a().heard + pair.b().heard, 0);
    }
}
