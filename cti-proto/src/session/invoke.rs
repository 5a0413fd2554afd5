//! InvokeID allocation and the table of requests waiting for their confirmation.

use std::collections::HashMap;
use std::time::Instant;

/// Allocates InvokeIDs: a per-connection counter that skips 0 and IDs still pending.
#[derive(Debug, Clone)]
pub(crate) struct InvokeIds {
    next: u32,
}

impl InvokeIds {
    pub(crate) fn new() -> Self {
        Self { next: 1 }
    }

    pub(crate) fn allocate<T>(&mut self, pending: &HashMap<u32, T>) -> u32 {
        loop {
            let id = self.next;
            self.next = self.next.wrapping_add(1);
            if id != 0 && !pending.contains_key(&id) {
                return id;
            }
        }
    }
}

/// The earliest deadline of a table of `(…, deadline)` entries.
pub(crate) fn earliest<'a, T: 'a>(
    entries: impl Iterator<Item = &'a T>,
    deadline: impl Fn(&T) -> Instant,
) -> Option<Instant> {
    entries.map(deadline).min()
}
