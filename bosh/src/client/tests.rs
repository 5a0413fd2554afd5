//! BoshClient against BoshServer with a virtual clock and lossy delivery.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use bytes::Bytes;
use test_support::SplitMix64;

use super::*;
use crate::server::{BoshServer, RequestId, SequentialSids, ServerConfig, ServerEvent};

struct Net {
    client: BoshClient,
    server: BoshServer,
    now: Instant,
    pending: HashMap<RequestId, u64>,
    rng: SplitMix64,
    /// Probability (per mille) that a response is lost on the way back.
    loss: u64,
    /// The client's HTTP layer notices the loss (connection reset) instead of timing out.
    notify: bool,
    got: Vec<Bytes>,
    echoed: usize,
}

impl Net {
    fn new(loss: u64, seed: u64) -> Net {
        Net::with(loss, seed, true, 60)
    }

    fn with(loss: u64, seed: u64, notify: bool, wait: u16) -> Net {
        #[allow(clippy::disallowed_methods)]
        let now = Instant::now();
        Net {
            client: BoshClient::new(ClientConfig {
                wait,
                max_attempts: 12,
                ..ClientConfig::new("example.com", 1000)
            }),
            server: BoshServer::with_sid_source(
                ServerConfig::default(),
                Box::new(SequentialSids::default()),
            ),
            now,
            pending: HashMap::new(),
            rng: SplitMix64::new(seed),
            loss,
            notify,
            got: Vec::new(),
            echoed: 0,
        }
    }

    /// Moves everything that can move, then jumps the clock to the next deadline.
    fn step(&mut self) {
        for _ in 0..100 {
            let mut progress = false;
            while let Some(r) = self.client.poll_request() {
                let id = self.server.handle_request(self.now, r.body, false);
                self.pending.insert(id, r.rid);
                progress = true;
            }
            while let Some(ev) = self.server.poll_event() {
                match ev {
                    ServerEvent::SessionCreated(info) => {
                        self.server
                            .send(
                                self.now,
                                info.sid,
                                Bytes::from_static(b"<stream:features/>"),
                            )
                            .unwrap();
                    }
                    ServerEvent::Stanza { sid, stanza } => {
                        self.echoed += 1;
                        self.server.send(self.now, sid, stanza).unwrap();
                    }
                    _ => {}
                }
                progress = true;
            }
            while let Some(resp) = self.server.poll_response() {
                let rid = self.pending.remove(&resp.request).unwrap();
                if self.rng.next_u64() % 1000 < self.loss {
                    // Lost on the way back.
                    if self.notify {
                        self.client.handle_failure(self.now, rid, None);
                        progress = true;
                    }
                    continue;
                }
                self.client.handle_response(self.now, rid, &resp.body);
                progress = true;
            }
            while let Some(ev) = self.client.poll_event() {
                if let ClientEvent::Stanza(s) = ev {
                    self.got.push(s);
                }
                progress = true;
            }
            if !progress {
                break;
            }
        }
    }

    fn advance_to_next_deadline(&mut self) {
        let next = [self.client.poll_timeout(), self.server.poll_timeout()]
            .into_iter()
            .flatten()
            .min();
        if let Some(t) = next {
            self.now = self.now.max(t);
        }
        self.client.handle_timeout(self.now);
        self.server.handle_timeout(self.now);
        self.step();
    }
}

#[test]
fn connects_and_keeps_hold_requests_in_flight() {
    let mut n = Net::new(0, 1);
    n.client.connect(n.now);
    n.step();
    assert!(n.client.is_connected());
    assert_eq!(n.got, vec![Bytes::from_static(b"<stream:features/>")]);
    assert_eq!(n.client.in_flight(), 1, "one empty poll held (hold=1)");
    n.client
        .send(n.now, Bytes::from_static(b"<message id='1'/>"))
        .unwrap();
    n.step();
    assert_eq!(
        n.got.last().unwrap(),
        &Bytes::from_static(b"<message id='1'/>")
    );
    assert_eq!(n.client.in_flight(), 1);
}

#[test]
fn lost_responses_are_recovered_with_the_same_rid_and_nothing_is_lost() {
    // Half the runs: the HTTP layer reports the loss; the other half: silent loss, found by
    // the retry timer (wait 10 s + 1 s, so two losses in a row stay inside the 30 s
    // inactivity).
    for seed in 0..40 {
        let notify = seed % 2 == 0;
        let mut n = Net::with(if notify { 300 } else { 100 }, seed, notify, 10);
        n.client.connect(n.now);
        n.step();
        for _ in 0..20 {
            n.advance_to_next_deadline();
            if n.client.is_connected() {
                break;
            }
        }
        assert!(n.client.is_connected(), "seed {seed}");
        let total = 40;
        for i in 0..total {
            let s = format!("<message id='{i}'/>");
            n.client.send(n.now, Bytes::from(s)).unwrap();
            n.step();
            n.now += Duration::from_millis(10);
        }
        for _ in 0..200 {
            if n.got.len() > total {
                break;
            }
            n.advance_to_next_deadline();
        }
        let echoes: Vec<_> = n.got.iter().skip(1).cloned().collect();
        let expected: Vec<_> = (0..total)
            .map(|i| Bytes::from(format!("<message id='{i}'/>")))
            .collect();
        assert_eq!(echoes, expected, "seed {seed}: every echo, once, in order");
    }
}

#[test]
fn terminate_ends_both_sides() {
    let mut n = Net::new(0, 3);
    n.client.connect(n.now);
    n.step();
    n.client.terminate(n.now);
    n.step();
    assert!(!n.client.is_connected());
    assert_eq!(n.server.session_count(), 0);
}

#[test]
fn pause_is_refused_without_maxpause_and_sent_with_it() {
    let mut n = Net::new(0, 4);
    n.client.connect(n.now);
    n.step();
    assert_eq!(
        n.client.pause(n.now, 500),
        Err(ClientError::PauseNotAllowed)
    );
    n.client.pause(n.now, 60).unwrap();
    n.step();
    assert_eq!(n.server.session_count(), 1);
    n.now += Duration::from_secs(59);
    n.server.handle_timeout(n.now);
    assert_eq!(n.server.session_count(), 1, "paused past inactivity");
}
