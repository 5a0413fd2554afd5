//! Finesse's per-object request queue: a request on one user or one dialog is processed
//! only after the CTI confirmation (or failure) of the previous request on that object.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::OwnedMutexGuard;

/// Most objects with a queue at once (idle queues are dropped before this is reached).
const MAX_OBJECTS: usize = 20_000;

/// Why a request could not take its turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueueError {
    /// The previous request on the object did not finish within the bound.
    Timeout,
    /// Too many objects have requests in flight.
    Full,
}

/// One FIFO turn per object key (`user:agent01`, `dialog:16777217`).
#[derive(Debug, Default)]
pub(crate) struct ObjectQueues {
    objects: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// Holding this is having the object's turn; drop it when the CTI request is settled.
pub(crate) type Turn = OwnedMutexGuard<()>;

impl ObjectQueues {
    /// Waits (at most `bound`) for the object's turn. tokio's mutex is fair, so requests
    /// are served in arrival order.
    pub(crate) async fn turn(&self, key: &str, bound: Duration) -> Result<Turn, QueueError> {
        let lock = {
            let mut map = match self.objects.lock() {
                Ok(g) => g,
                Err(p) => p.into_inner(),
            };
            if map.len() >= MAX_OBJECTS {
                map.retain(|_, l| Arc::strong_count(l) > 1);
            }
            if map.len() >= MAX_OBJECTS && !map.contains_key(key) {
                return Err(QueueError::Full);
            }
            map.entry(key.to_owned()).or_default().clone()
        };
        tokio::time::timeout(bound, lock.lock_owned())
            .await
            .map_err(|_| QueueError::Timeout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_turn_waits_for_the_first() {
        let q = ObjectQueues::default();
        let first = q.turn("user:a", Duration::from_secs(5)).await.unwrap();
        // Another object is independent.
        let other = q.turn("user:b", Duration::from_secs(5)).await;
        assert!(other.is_ok());
        // The same object is not available while the first turn is held.
        let second = q.turn("user:a", Duration::from_millis(50)).await;
        assert_eq!(second.err(), Some(QueueError::Timeout));
        drop(first);
        assert!(q.turn("user:a", Duration::from_secs(5)).await.is_ok());
    }
}
