//! One simulated BOSH client: the sans-IO [`bosh::BoshClient`] driven over the session's own
//! HTTP/1.1 connections ([`Links`]), an XEP-0206 login, and waiting for stanzas. The
//! session's task polls its exchanges and their connections itself; a payload's arrival
//! instant is taken when the exchange that carried it completed.

use std::collections::hash_map::RandomState;
use std::collections::VecDeque;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bosh::{BoshClient, ClientConfig, ClientEvent};
use bytes::Bytes;
use futures_util::stream::FuturesUnordered;
use futures_util::StreamExt;
use xmpp_pubsub::{Element, Jid};

use super::http::{bosh_post, now, Endpoint};
use super::link::{Exchange, Links};
use super::stanzas;

/// Who logs in, and how.
#[derive(Debug, Clone)]
pub(crate) struct Login<'a> {
    /// XMPP domain (`to` of the session request).
    pub(crate) domain: &'a str,
    /// Local part of the JID (the SASL authcid).
    pub(crate) user: &'a str,
    /// Password.
    pub(crate) password: &'a str,
    /// Resource to bind.
    pub(crate) resource: &'a str,
    /// Send initial presence after binding.
    pub(crate) presence: bool,
}

/// A payload and the instant the HTTP response carrying it was complete.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    /// When it arrived.
    pub(crate) at: Instant,
    /// The payload (a stanza, `<stream:features/>`, a SASL element, …).
    pub(crate) payload: Bytes,
}

/// A logged-in (or logging-in) BOSH session.
pub(crate) struct BoshConn {
    endpoint: Endpoint,
    links: Links,
    client: BoshClient,
    http_limit: Duration,
    inflight: FuturesUnordered<Exchange<u64>>,
    inbox: VecDeque<Received>,
    ended: Option<String>,
    last_error: Option<String>,
    jid: Option<Jid>,
    next_id: u64,
}

static RID_SALT: AtomicU64 = AtomicU64::new(1);

/// An unpredictable first rid below 2^32 (room for millions of requests under 2^53).
fn initial_rid() -> u64 {
    let salt = RID_SALT.fetch_add(1, Ordering::Relaxed);
    (RandomState::new().hash_one(salt) & 0xffff_ffff).max(1)
}

impl BoshConn {
    fn new(endpoint: &Endpoint, domain: &str, from: Option<String>, wait: u16) -> Self {
        let mut config = ClientConfig::new(domain, initial_rid());
        config.from = from;
        config.wait = wait;
        config.hold = 1;
        BoshConn {
            endpoint: endpoint.clone(),
            links: Links::new(endpoint.addr),
            client: BoshClient::new(config),
            http_limit: Duration::from_secs(u64::from(wait) + 20),
            inflight: FuturesUnordered::new(),
            inbox: VecDeque::new(),
            ended: None,
            last_error: None,
            jid: None,
            next_id: 0,
        }
    }

    /// Creates a session and logs in: session request, SASL PLAIN, restart, bind, session,
    /// optional presence.
    pub(crate) async fn login(
        endpoint: &Endpoint,
        login: &Login<'_>,
        deadline: Instant,
    ) -> Result<BoshConn, String> {
        let bare = format!("{}@{}", login.user, login.domain);
        let mut conn = BoshConn::new(endpoint, login.domain, Some(bare), 60);
        conn.client.connect(now());
        conn.pump(now());
        let features = conn
            .expect(deadline, |r| {
                (stanzas::root_name(&r.payload) == Some("features")).then(|| r.payload.clone())
            })
            .await
            .map_err(|e| format!("session request: {e}"))?;
        if !stanzas::features_offer_plain(&features) {
            return Err("the server offers no SASL PLAIN on this connection".into());
        }
        conn.send(stanzas::sasl_plain(login.user, login.password))?;
        conn.expect(deadline, |r| stanzas::sasl_outcome(&r.payload))
            .await
            .map_err(|e| format!("SASL: {e}"))?
            .map_err(|e| format!("SASL PLAIN refused for {}: {e}", login.user))?;
        conn.client
            .restart(now())
            .map_err(|e| format!("restart: {e}"))?;
        conn.pump(now());
        conn.expect(deadline, |r| {
            (stanzas::root_name(&r.payload) == Some("features")
                && stanzas::features_offer_bind(&r.payload))
            .then_some(())
        })
        .await
        .map_err(|e| format!("features after restart: {e}"))?;
        let id = conn.new_id("bind");
        conn.send(stanzas::bind_request(&id, login.resource))?;
        let payload = conn
            .iq(&id, deadline)
            .await
            .map_err(|e| format!("bind: {e}"))?;
        let jid = stanzas::bound_jid(payload.as_ref()).ok_or("bind: no JID in the result")?;
        conn.jid = Some(jid);
        let id = conn.new_id("sess");
        conn.send(stanzas::session_request(&id))?;
        // A server without the legacy session answers with an error: either is fine.
        let _ = conn.iq(&id, deadline).await;
        if login.presence {
            conn.send(stanzas::initial_presence())?;
        }
        Ok(conn)
    }

    /// The full JID bound at login.
    pub(crate) fn jid(&self) -> Option<&Jid> {
        self.jid.as_ref()
    }

    /// A fresh IQ id with a prefix.
    pub(crate) fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    /// Queues a payload (sent at once if the request budget allows).
    pub(crate) fn send(&mut self, payload: Bytes) -> Result<(), String> {
        let t = now();
        self.client
            .send(t, payload)
            .map_err(|e| format!("send: {e}"))?;
        self.pump(t);
        Ok(())
    }

    /// Sends an IQ built elsewhere and waits for its answer.
    pub(crate) async fn iq(
        &mut self,
        id: &str,
        deadline: Instant,
    ) -> Result<Option<Element>, String> {
        self.expect(deadline, |r| {
            stanzas::parse_stanza(&r.payload).and_then(|s| stanzas::iq_answer(&s, id))
        })
        .await?
    }

    /// Consumes received payloads until `f` accepts one (others are dropped).
    pub(crate) async fn expect<T>(
        &mut self,
        deadline: Instant,
        mut f: impl FnMut(&Received) -> Option<T>,
    ) -> Result<T, String> {
        loop {
            while let Some(r) = self.inbox.pop_front() {
                if let Some(v) = f(&r) {
                    return Ok(v);
                }
            }
            if let Some(why) = &self.ended {
                return Err(why.clone());
            }
            self.step(deadline).await?;
        }
    }

    /// Drives the session until `deadline` or until it ends, handing every payload to `f`.
    pub(crate) async fn run_until(
        &mut self,
        deadline: Instant,
        mut f: impl FnMut(&Received),
    ) -> Result<(), String> {
        loop {
            while let Some(r) = self.inbox.pop_front() {
                f(&r);
            }
            if let Some(why) = &self.ended {
                return Err(why.clone());
            }
            if now() >= deadline {
                return Ok(());
            }
            match self.step(deadline).await {
                Ok(()) => {}
                Err(_) if now() >= deadline => return Ok(()),
                Err(e) => return Err(e),
            }
        }
    }

    /// Waits for one thing to happen: an HTTP answer, a retry timer, or `deadline`
    /// (an error). Cancel-safe.
    pub(crate) async fn step(&mut self, deadline: Instant) -> Result<(), String> {
        let timer = self.client.poll_timeout();
        let retry = async {
            match timer {
                Some(t) => tokio::time::sleep_until(t.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            done = self.inflight.next(), if !self.inflight.is_empty() => {
                match done {
                    Some((rid, link, Ok(reply))) => {
                        self.links.put(link);
                        if reply.status == 200 {
                            self.client.handle_response(reply.at, rid, &reply.body);
                        } else {
                            self.last_error = Some(format!("HTTP status {}", reply.status));
                            self.client.handle_failure(reply.at, rid, Some(reply.status));
                        }
                        self.pump(reply.at);
                    }
                    Some((rid, _, Err(e))) => {
                        tracing::debug!(rid, error = %e, "BOSH request failed");
                        self.last_error = Some(e);
                        let t = now();
                        self.client.handle_failure(t, rid, None);
                        self.pump(t);
                    }
                    None => {}
                }
            }
            () = retry => {
                let t = now();
                self.client.handle_timeout(t);
                self.pump(t);
            }
            () = tokio::time::sleep_until(deadline.into()) => {
                return Err("timed out".into());
            }
        }
        if self.inflight.is_empty() && self.ended.is_none() && !self.client.is_connected() {
            self.ended = Some("the session has no request left".into());
        }
        Ok(())
    }

    /// Ends the session (terminate request) and waits briefly for its answer.
    pub(crate) async fn close(mut self) {
        let t = now();
        self.client.terminate(t);
        self.pump(t);
        let deadline = t + Duration::from_secs(5);
        while self.ended.is_none() && !self.inflight.is_empty() {
            if self.step(deadline).await.is_err() {
                break;
            }
        }
    }

    /// Starts the requests the client wants sent and collects its events (payloads are
    /// stamped with `at`, the arrival of the response that carried them).
    fn pump(&mut self, at: Instant) {
        while let Some(req) = self.client.poll_request() {
            match bosh_post(&self.endpoint, req.body) {
                Ok(request) => {
                    let exchange = self.links.exchange(req.rid, request, self.http_limit);
                    self.inflight.push(exchange);
                }
                Err(e) => {
                    self.ended = Some(e);
                    return;
                }
            }
        }
        while let Some(ev) = self.client.poll_event() {
            match ev {
                ClientEvent::Stanza(payload) => self.inbox.push_back(Received { at, payload }),
                ClientEvent::Terminated { condition } => {
                    self.ended = Some(match condition {
                        Some(c) => format!("session terminated by the server: {c:?}"),
                        None => match &self.last_error {
                            Some(e) => format!("session ended after {e}"),
                            None => "session ended".into(),
                        },
                    });
                }
                _ => {}
            }
        }
    }
}
