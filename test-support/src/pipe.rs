//! A one-way byte pipe with latency and optional, reproducible faults.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::rng::SplitMix64;

/// Faults and delays of a [`Pipe`]. The default is a perfect, instantaneous pipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipeConfig {
    /// One-way delay of every chunk.
    pub latency: Duration,
    /// Chunks dropped, per thousand.
    pub drop_per_mille: u32,
    /// Chunks delivered twice, per thousand.
    pub duplicate_per_mille: u32,
    /// Extra random delay up to this much (reorders chunks).
    pub reorder_jitter: Duration,
    /// Deliver each chunk as several smaller chunks cut at random points (exercises
    /// decoders that must wait for the rest of a frame).
    pub split_chunks: bool,
    /// PRNG seed.
    pub seed: u64,
}

impl Default for PipeConfig {
    fn default() -> Self {
        Self {
            latency: Duration::ZERO,
            drop_per_mille: 0,
            duplicate_per_mille: 0,
            reorder_jitter: Duration::ZERO,
            split_chunks: false,
            seed: 0,
        }
    }
}

/// Counters of what a [`Pipe`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PipeStats {
    /// Chunks sent into the pipe.
    pub sent: u64,
    /// Bytes sent into the pipe.
    pub bytes_sent: u64,
    /// Chunks dropped.
    pub dropped: u64,
    /// Chunks duplicated.
    pub duplicated: u64,
    /// Chunks delivered (after splitting).
    pub delivered: u64,
}

/// A one-way pipe: chunks go in with [`send`](Self::send) and come out of
/// [`deliver_due`](Self::deliver_due) once their delivery time has come.
#[derive(Debug, Clone)]
pub struct Pipe {
    config: PipeConfig,
    rng: SplitMix64,
    queue: VecDeque<(Instant, Vec<u8>)>,
    stats: PipeStats,
}

impl Pipe {
    /// A pipe with `config`.
    pub fn new(config: PipeConfig) -> Self {
        Self {
            rng: SplitMix64::new(config.seed),
            config,
            queue: VecDeque::new(),
            stats: PipeStats::default(),
        }
    }

    /// Sends `bytes` at `now`.
    pub fn send(&mut self, now: Instant, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        self.stats.sent += 1;
        self.stats.bytes_sent += bytes.len() as u64;
        if self.rng.chance(self.config.drop_per_mille) {
            self.stats.dropped += 1;
            return;
        }
        let copies = if self.rng.chance(self.config.duplicate_per_mille) {
            self.stats.duplicated += 1;
            2
        } else {
            1
        };
        for _ in 0..copies {
            let jitter_ns = self.rng.below(self.config.reorder_jitter.as_nanos() as u64);
            let at = now + self.config.latency + Duration::from_nanos(jitter_ns);
            if self.config.split_chunks && bytes.len() > 1 {
                let mut rest = bytes;
                while !rest.is_empty() {
                    let take = 1 + self.rng.below(rest.len() as u64) as usize;
                    let (head, tail) = rest.split_at(take.min(rest.len()));
                    self.insert(at, head.to_vec());
                    rest = tail;
                }
            } else {
                self.insert(at, bytes.to_vec());
            }
        }
    }

    /// Keeps the queue ordered by delivery time, stable for equal times.
    fn insert(&mut self, at: Instant, chunk: Vec<u8>) {
        let pos = self
            .queue
            .iter()
            .position(|(t, _)| *t > at)
            .unwrap_or(self.queue.len());
        self.queue.insert(pos, (at, chunk));
    }

    /// When the next chunk is due.
    pub fn next_delivery(&self) -> Option<Instant> {
        self.queue.front().map(|(t, _)| *t)
    }

    /// Removes and returns every chunk due at `now`, in delivery order.
    pub fn deliver_due(&mut self, now: Instant) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        while self.queue.front().is_some_and(|(t, _)| *t <= now) {
            if let Some((_, chunk)) = self.queue.pop_front() {
                self.stats.delivered += 1;
                out.push(chunk);
            }
        }
        out
    }

    /// Drops everything in flight (a cut link).
    pub fn clear(&mut self) {
        self.queue.clear();
    }

    /// What the pipe has done.
    pub fn stats(&self) -> PipeStats {
        self.stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_chunks_concatenate_to_the_original() {
        let t = crate::VirtualClock::new().now();
        let mut p = Pipe::new(PipeConfig {
            split_chunks: true,
            seed: 3,
            ..PipeConfig::default()
        });
        let data: Vec<u8> = (0..200).map(|i| i as u8).collect();
        p.send(t, &data);
        let chunks = p.deliver_due(t);
        assert!(chunks.len() > 1);
        assert_eq!(chunks.concat(), data);
    }

    #[test]
    fn latency_delays_delivery() {
        let t = crate::VirtualClock::new().now();
        let mut p = Pipe::new(PipeConfig {
            latency: Duration::from_millis(10),
            ..PipeConfig::default()
        });
        p.send(t, b"x");
        assert!(p.deliver_due(t).is_empty());
        assert_eq!(p.next_delivery(), Some(t + Duration::from_millis(10)));
        assert_eq!(
            p.deliver_due(t + Duration::from_millis(10)),
            vec![b"x".to_vec()]
        );
    }

    #[test]
    fn drop_rate_is_reproducible_for_a_seed() {
        let t = crate::VirtualClock::new().now();
        let run = |seed| {
            let mut p = Pipe::new(PipeConfig {
                drop_per_mille: 300,
                seed,
                ..PipeConfig::default()
            });
            for _ in 0..1000 {
                p.send(t, b"ab");
            }
            p.stats().dropped
        };
        let d = run(9);
        assert_eq!(d, run(9));
        assert!((200..400).contains(&d), "{d}");
    }
}
