//! The path from the Finesse server to the notification service.
//!
//! Finesse publishes every change as an XMPP PubSub item. In the lab the Finesse server and
//! the notification service run in one process and Finesse publishes through this trait,
//! which the notification service implements on top of the real `xmpp-pubsub` service (the
//! same code path a client's publish takes, minus the socket).

use std::sync::{Arc, Mutex};

/// Where Finesse sends its notifications.
pub trait NotificationSink: Send + Sync + 'static {
    /// Publishes `update_xml` (a complete Finesse `<Update>` document, unescaped) as one item
    /// on `node` (e.g. `/finesse/api/User/agent01`), creating the node if it does not exist.
    fn publish(&self, node: &str, update_xml: &str);

    /// Whether the notification service is up (SystemInfo reports IN_SERVICE only then).
    fn is_up(&self) -> bool;
}

/// A [`NotificationSink`] that records what was published (tests).
#[derive(Debug, Clone, Default)]
pub struct RecordingSink {
    published: Arc<Mutex<Vec<(String, String)>>>,
}

impl RecordingSink {
    /// An empty recorder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every `(node, update_xml)` published so far, oldest first.
    pub fn published(&self) -> Vec<(String, String)> {
        self.published
            .lock()
            .map(|items| items.clone())
            .unwrap_or_default()
    }
}

impl NotificationSink for RecordingSink {
    fn publish(&self, node: &str, update_xml: &str) {
        if let Ok(mut items) = self.published.lock() {
            items.push((node.to_owned(), update_xml.to_owned()));
        }
    }

    fn is_up(&self) -> bool {
        true
    }
}
