//! The router's queues: one FIFO of waiting calls per queue (CSQ). Which agent gets a call
//! is [`longest_available`](super::agents::longest_available); which call goes first is
//! decided here: across the queues an agent serves, the call that has waited longest.

use std::collections::VecDeque;
use std::time::Instant;

use jtapi_model::CallId;

/// A call waiting in a queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Waiting {
    /// The call.
    pub(crate) call: CallId,
    /// When it first entered the queue (kept across ring-no-answer requeues).
    pub(crate) since: Instant,
}

/// Per-queue FIFOs, indexed like the engine's queue table.
#[derive(Debug, Default)]
pub(crate) struct Router {
    queues: Vec<VecDeque<Waiting>>,
}

impl Router {
    /// `n` empty queues.
    pub(crate) fn new(n: usize) -> Self {
        Self {
            queues: (0..n).map(|_| VecDeque::new()).collect(),
        }
    }

    /// Appends a new call to queue `q`.
    pub(crate) fn push_back(&mut self, q: usize, w: Waiting) {
        if let Some(queue) = self.queues.get_mut(q) {
            queue.push_back(w);
        }
    }

    /// Puts a call back at the head of queue `q` (ring-no-answer).
    pub(crate) fn push_front(&mut self, q: usize, w: Waiting) {
        if let Some(queue) = self.queues.get_mut(q) {
            queue.push_front(w);
        }
    }

    /// Removes `call` wherever it waits; returns whether it was waiting.
    pub(crate) fn remove(&mut self, call: CallId) -> bool {
        let mut found = false;
        for q in &mut self.queues {
            let before = q.len();
            q.retain(|w| w.call != call);
            found |= q.len() != before;
        }
        found
    }

    /// Removes the head of queue `q`.
    pub(crate) fn pop(&mut self, q: usize) -> Option<Waiting> {
        self.queues.get_mut(q).and_then(VecDeque::pop_front)
    }

    /// The queues whose head call waits, oldest head first.
    pub(crate) fn heads_by_age(&self) -> Vec<usize> {
        let mut heads: Vec<(Instant, usize)> = self
            .queues
            .iter()
            .enumerate()
            .filter_map(|(i, q)| q.front().map(|w| (w.since, i)))
            .collect();
        heads.sort();
        heads.into_iter().map(|(_, i)| i).collect()
    }

    /// The calls waiting in queue `q`, head first.
    pub(crate) fn waiting(&self, q: usize) -> impl Iterator<Item = &Waiting> {
        self.queues.get(q).into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jtapi_model::{Switch, SwitchConfig};
    use std::time::Duration;

    #[test]
    #[allow(clippy::disallowed_methods)]
    fn fifo_with_requeue_at_the_head_and_oldest_head_first() {
        let t0 = Instant::now();
        let mut sw = Switch::new(SwitchConfig::default());
        let (t, _) = sw.add_phone("SEP1", "1").unwrap();
        sw.add_phone("SEP2", "2").unwrap();
        sw.start().unwrap();
        let (c1, _) = sw.dial(t0, t, "2").unwrap();
        let (c2, _) = sw.dial(t0, t, "2").unwrap();
        let mut r = Router::new(2);
        r.push_back(
            0,
            Waiting {
                call: c1,
                since: t0 + Duration::from_secs(2),
            },
        );
        r.push_back(
            1,
            Waiting {
                call: c2,
                since: t0,
            },
        );
        assert_eq!(r.heads_by_age(), vec![1, 0]);
        let w = r.pop(1).unwrap();
        assert_eq!(w.call, c2);
        r.push_front(0, w);
        assert_eq!(r.waiting(0).next().map(|w| w.call), Some(c2));
        assert_eq!(r.waiting(0).count(), 2);
        assert!(r.remove(c1));
        assert!(!r.remove(c1));
        assert_eq!(r.waiting(0).count(), 1);
    }
}
