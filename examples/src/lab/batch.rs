//! Taking a burst in one turn: a task woken for one message also takes the ones already
//! queued behind it, so a burst costs one wake-up and (for the CTI tasks) one write, not
//! one per message.

use tokio::sync::mpsc;

/// Hands `f` the messages already waiting in `rx`, at most `limit` of them, without
/// waiting for more; stops early when `f` returns false. Every message taken is handed to
/// `f`: none is dropped at the limit.
pub(crate) fn take_queued<T>(
    rx: &mut mpsc::Receiver<T>,
    limit: usize,
    mut f: impl FnMut(T) -> bool,
) {
    for _ in 0..limit {
        let Ok(message) = rx.try_recv() else {
            return;
        };
        if !f(message) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_up_to_the_limit_and_leaves_the_rest_queued() {
        let (tx, mut rx) = mpsc::channel(16);
        for i in 0..10 {
            tx.try_send(i).unwrap();
        }
        let mut got = Vec::new();
        take_queued(&mut rx, 4, |m| {
            got.push(m);
            true
        });
        assert_eq!(got, [0, 1, 2, 3]);
        take_queued(&mut rx, 100, |m| {
            got.push(m);
            m != 6
        });
        assert_eq!(
            got,
            [0, 1, 2, 3, 4, 5, 6],
            "stops after the message f refused"
        );
        assert_eq!(rx.try_recv().ok(), Some(7), "nothing taken was lost");
    }
}
