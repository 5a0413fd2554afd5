//! A clock that only moves when the test moves it.

use std::time::{Duration, Instant};

/// A virtual clock: a base `Instant` plus the time the test has advanced.
#[derive(Debug, Clone, Copy)]
pub struct VirtualClock {
    base: Instant,
    now: Instant,
}

impl VirtualClock {
    /// A clock starting at the real current instant (the only clock read; afterwards time
    /// moves only through [`advance`](Self::advance) / [`advance_to`](Self::advance_to)).
    #[allow(clippy::disallowed_methods)] // the one real reading: an arbitrary origin
    pub fn new() -> Self {
        Self::starting_at(Instant::now())
    }

    /// A clock starting at `base`.
    pub fn starting_at(base: Instant) -> Self {
        Self { base, now: base }
    }

    /// The current virtual instant.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// Moves time forward by `d`.
    pub fn advance(&mut self, d: Duration) -> Instant {
        self.now += d;
        self.now
    }

    /// Moves time forward to `t`; an instant in the past leaves the clock where it is.
    pub fn advance_to(&mut self, t: Instant) -> Instant {
        if t > self.now {
            self.now = t;
        }
        self.now
    }

    /// Virtual time elapsed since the start.
    pub fn elapsed(&self) -> Duration {
        self.now - self.base
    }
}

impl Default for VirtualClock {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_goes_backwards() {
        let mut c = VirtualClock::new();
        let t0 = c.now();
        c.advance(Duration::from_secs(5));
        c.advance_to(t0);
        assert_eq!(c.elapsed(), Duration::from_secs(5));
        c.advance_to(t0 + Duration::from_secs(9));
        assert_eq!(c.elapsed(), Duration::from_secs(9));
    }
}
