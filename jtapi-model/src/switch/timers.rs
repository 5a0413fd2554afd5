//! One cancellable timer per connection, ordered by deadline then arming order.

use std::collections::BTreeMap;
use std::time::Instant;

use crate::arena::{ConnectionId, IdMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TimerKind {
    RingTimeout,
    PortPickup,
    FarEnd,
}

#[derive(Debug, Default)]
pub(crate) struct Timers {
    by_due: BTreeMap<(Instant, u64), (ConnectionId, TimerKind)>,
    by_conn: IdMap<ConnectionId, (Instant, u64)>,
    seq: u64,
}

impl Timers {
    pub(crate) fn arm(&mut self, conn: ConnectionId, due: Instant, kind: TimerKind) {
        self.cancel(conn);
        self.seq += 1;
        let key = (due, self.seq);
        self.by_due.insert(key, (conn, kind));
        self.by_conn.insert(conn, key);
    }

    pub(crate) fn cancel(&mut self, conn: ConnectionId) {
        if let Some(key) = self.by_conn.remove(&conn) {
            self.by_due.remove(&key);
        }
    }

    pub(crate) fn pop_due(&mut self, now: Instant) -> Option<(Instant, (ConnectionId, TimerKind))> {
        let (&key, _) = self.by_due.first_key_value()?;
        if key.0 > now {
            return None;
        }
        let v = self.by_due.remove(&key)?;
        self.by_conn.remove(&v.0);
        Some((key.0, v))
    }

    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        self.by_due.first_key_value().map(|(k, _)| k.0)
    }
}
