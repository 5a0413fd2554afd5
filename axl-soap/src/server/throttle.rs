//! Write throttling: a token bucket driven by the caller's clock.

use std::time::{Duration, Instant};

/// Token-bucket settings for writes (add/update/remove/executeSQLUpdate). CUCM throttles
/// writes when its change-notification queue backs up and answers HTTP 503; this models
/// that as a rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThrottleConfig {
    /// Writes allowed back to back. Default 100.
    pub burst: u32,
    /// Sustained writes per second. Default 20.
    pub per_second: f64,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        ThrottleConfig {
            burst: 100,
            per_second: 20.0,
        }
    }
}

/// A token bucket. Sans-IO: every call takes `now`.
#[derive(Debug, Clone)]
pub struct WriteThrottle {
    config: ThrottleConfig,
    tokens: f64,
    last: Option<Instant>,
}

impl WriteThrottle {
    /// A full bucket.
    #[must_use]
    pub fn new(config: ThrottleConfig) -> Self {
        WriteThrottle {
            config,
            tokens: f64::from(config.burst),
            last: None,
        }
    }

    fn refill(&mut self, now: Instant) {
        if let Some(last) = self.last {
            let elapsed = now.saturating_duration_since(last).as_secs_f64();
            self.tokens =
                (self.tokens + elapsed * self.config.per_second).min(f64::from(self.config.burst));
        }
        self.last = Some(now);
    }

    /// Takes one token. `Err(wait)` says how long until one is available.
    ///
    /// # Errors
    /// The time until the next token when the bucket is empty.
    pub fn try_acquire(&mut self, now: Instant) -> Result<(), Duration> {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else if self.config.per_second > 0.0 {
            Err(Duration::from_secs_f64(
                ((1.0 - self.tokens) / self.config.per_second).min(3600.0),
            ))
        } else {
            Err(Duration::from_secs(3600))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::disallowed_methods)]
    fn bucket() {
        let t0 = Instant::now();
        let mut t = WriteThrottle::new(ThrottleConfig {
            burst: 2,
            per_second: 1.0,
        });
        assert!(t.try_acquire(t0).is_ok());
        assert!(t.try_acquire(t0).is_ok());
        let wait = t.try_acquire(t0).unwrap_err();
        assert_eq!(wait, Duration::from_secs(1));
        assert!(t.try_acquire(t0 + Duration::from_millis(500)).is_err());
        assert!(t.try_acquire(t0 + Duration::from_millis(1000)).is_ok());
    }
}
