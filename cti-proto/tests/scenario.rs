//! Sans-IO scenarios on test-support's two-peer driver: a client and a server session over a
//! pipe that splits every write at random points and adds latency, with virtual time. Ten
//! minutes of heartbeats run in milliseconds, and a cut link is detected by missed
//! heartbeats, exactly as the fact sheet's session rules say.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use cti_proto::{
    AgentState, ClientConfig, ClientEvent, ClientSession, CtiString, FailureReason, Message,
    OpenAccept, ProtocolVersion, ServerConfig, ServerEvent, ServerSession, SetAgentStateConf,
    SetAgentStateReq, Side,
};
use test_support::{Pair, PipeConfig, StreamPeer, VirtualClock};

/// A client session that plays the driver's part: it "connects" at once.
struct Client {
    session: ClientSession,
    events: Vec<ClientEvent>,
}

impl Client {
    fn drain(&mut self, now: Instant) {
        while let Some(ev) = self.session.poll_event() {
            if let ClientEvent::Connect(_) = ev {
                self.session.handle_connected(now);
            }
            self.events.push(ev);
        }
    }
}

impl StreamPeer for Client {
    fn handle_input(&mut self, now: Instant, bytes: &[u8]) {
        self.session.handle_input(now, bytes);
        self.drain(now);
    }
    fn poll_transmit(&mut self, now: Instant, out: &mut Vec<u8>) -> bool {
        self.drain(now);
        match self.session.poll_transmit() {
            Some(b) => {
                out.extend_from_slice(&b);
                true
            }
            None => false,
        }
    }
    fn poll_timeout(&self) -> Option<Instant> {
        self.session.poll_timeout()
    }
    fn handle_timeout(&mut self, now: Instant) {
        self.session.handle_timeout(now);
        self.drain(now);
    }
}

/// A server session that accepts every open and confirms SET_AGENT_STATE_REQ.
struct Server {
    session: ServerSession,
    heartbeats: usize,
}

impl Server {
    fn drain(&mut self, now: Instant) {
        while let Some(ev) = self.session.poll_event() {
            match ev {
                ServerEvent::OpenRequested(_) => {
                    self.session
                        .accept_open(now, OpenAccept::default())
                        .unwrap();
                }
                ServerEvent::Request { invoke_id, .. } => self
                    .session
                    .respond(
                        now,
                        SetAgentStateConf {
                            invoke_id,
                            ..Default::default()
                        },
                    )
                    .unwrap(),
                ServerEvent::Heartbeat { .. } => self.heartbeats += 1,
                _ => {}
            }
        }
    }
}

impl StreamPeer for Server {
    fn handle_input(&mut self, now: Instant, bytes: &[u8]) {
        self.session.handle_input(now, bytes);
        self.drain(now);
    }
    fn poll_transmit(&mut self, now: Instant, out: &mut Vec<u8>) -> bool {
        self.drain(now);
        match self.session.poll_transmit() {
            Some(b) => {
                out.extend_from_slice(&b);
                true
            }
            None => false,
        }
    }
    fn poll_timeout(&self) -> Option<Instant> {
        self.session.poll_timeout()
    }
    fn handle_timeout(&mut self, now: Instant) {
        self.session.handle_timeout(now);
        self.drain(now);
    }
}

fn lab(version: ProtocolVersion) -> Pair<Client, Server> {
    let clock = VirtualClock::new();
    let now = clock.now();
    let mut cfg = ClientConfig::new(version, CtiString::from_static("finesse"));
    cfg.heartbeat_interval = Some(Duration::from_secs(30));
    let mut client = Client {
        session: ClientSession::new(cfg),
        events: Vec::new(),
    };
    client.session.start(now);
    client.drain(now);
    let server_cfg = ServerConfig::new(version.dialect);
    let server = Server {
        session: ServerSession::new(server_cfg, now),
        heartbeats: 0,
    };
    let pipe = PipeConfig {
        latency: Duration::from_millis(20),
        split_chunks: true,
        seed: 2026,
        ..PipeConfig::default()
    };
    Pair::new(clock, client, server, pipe)
}

#[test]
fn ten_minutes_of_heartbeats_over_a_fragmenting_pipe() {
    for version in [
        ProtocolVersion::ucce(19),
        ProtocolVersion::ucce(24),
        ProtocolVersion::uccx(18),
    ] {
        let mut pair = lab(version);
        pair.run_for(Duration::from_secs(1));
        assert!(pair.a().session.is_open(), "{version}");
        assert!(pair.b().session.is_open(), "{version}");
        pair.run_for(Duration::from_secs(600));
        // One heartbeat every 30 s; the server's 120 s idle timeout never fires.
        assert_eq!(pair.b().heartbeats, 20, "{version}");
        assert!(pair.a().session.is_open() && pair.b().session.is_open());

        let now = pair.now();
        let id = pair
            .a_mut()
            .session
            .send_request(
                now,
                SetAgentStateReq {
                    agent_state: AgentState::Available,
                    agent_instrument: Some(CtiString::from_static("1001")),
                    ..Default::default()
                },
            )
            .unwrap();
        pair.run_for(Duration::from_secs(1));
        let answered = pair.a().events.iter().any(|e| {
            matches!(e, ClientEvent::Response { invoke_id, result: Ok(Message::SetAgentStateConf(_)) } if *invoke_id == id)
        });
        assert!(answered, "{version}: {:?}", pair.a().events);
        assert!(
            pair.a_to_b().stats().delivered > pair.a_to_b().stats().sent,
            "chunks were split"
        );
    }
}

#[test]
fn a_cut_link_is_detected_by_three_missed_heartbeats() {
    let mut pair = lab(ProtocolVersion::ucce(24));
    pair.run_for(Duration::from_secs(5));
    assert!(pair.a().session.is_open());
    let cut_at = pair.now();
    pair.sever();
    pair.run_for(Duration::from_secs(300));
    let failover_at = pair.a().events.iter().position(|e| {
        matches!(
            e,
            ClientEvent::Failover {
                from: Side::A,
                to: Side::B,
                reason: FailureReason::HeartbeatTimeout
            }
        )
    });
    assert!(failover_at.is_some(), "{:?}", pair.a().events);
    // The server, hearing nothing, fails the session at its idle timeout (4 x 30 s).
    assert!(pair.b().session.is_finished());
    assert!(pair.now() - cut_at >= Duration::from_secs(120));
}
