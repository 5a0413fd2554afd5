//! Latency summaries (nearest-rank percentiles) and rates.

use std::fmt;
use std::time::Duration;

/// A summary of latency samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LatencyStats {
    /// Number of samples.
    pub count: usize,
    /// Smallest sample.
    pub min: Duration,
    /// Median (nearest rank).
    pub p50: Duration,
    /// 99th percentile (nearest rank).
    pub p99: Duration,
    /// Largest sample.
    pub max: Duration,
    /// Arithmetic mean.
    pub mean: Duration,
}

impl LatencyStats {
    /// Summarises `samples` (all zero when empty).
    pub fn from_samples(samples: &[Duration]) -> LatencyStats {
        if samples.is_empty() {
            return LatencyStats::default();
        }
        let mut sorted = samples.to_vec();
        sorted.sort_unstable();
        let total: Duration = sorted.iter().sum();
        let n = sorted.len();
        LatencyStats {
            count: n,
            min: sorted[0],
            p50: percentile(&sorted, 50),
            p99: percentile(&sorted, 99),
            max: sorted[n - 1],
            mean: total / u32::try_from(n).unwrap_or(u32::MAX),
        }
    }
}

/// Nearest-rank percentile `p` (0–100) of sorted samples.
fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let n = sorted.len();
    let rank = (p * n).div_ceil(100).clamp(1, n);
    sorted[rank - 1]
}

/// `count` events over `window`, per second (0 for an empty window).
pub fn per_second(count: usize, window: Duration) -> f64 {
    let secs = window.as_secs_f64();
    if secs > 0.0 {
        count as f64 / secs
    } else {
        0.0
    }
}

/// Milliseconds with two decimals, for printing.
pub(crate) struct Ms(pub(crate) Duration);

impl fmt::Display for Ms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2} ms", self.0.as_secs_f64() * 1000.0)
    }
}

impl fmt::Display for LatencyStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "n={} min {} p50 {} p99 {} max {} mean {}",
            self.count,
            Ms(self.min),
            Ms(self.p50),
            Ms(self.p99),
            Ms(self.max),
            Ms(self.mean)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: u64) -> Duration {
        Duration::from_millis(v)
    }

    #[test]
    fn nearest_rank_percentiles() {
        let samples: Vec<Duration> = (1..=100).rev().map(ms).collect();
        let s = LatencyStats::from_samples(&samples);
        assert_eq!(s.count, 100);
        assert_eq!(
            (s.min, s.p50, s.p99, s.max),
            (ms(1), ms(50), ms(99), ms(100))
        );
        assert_eq!(s.mean, Duration::from_micros(50_500));
        let one = LatencyStats::from_samples(&[ms(7)]);
        assert_eq!((one.p50, one.p99), (ms(7), ms(7)));
        assert_eq!(LatencyStats::from_samples(&[]).count, 0);
    }

    #[test]
    fn rates() {
        assert_eq!(per_second(500, ms(250)), 2000.0);
        assert_eq!(per_second(5, Duration::ZERO), 0.0);
    }
}
