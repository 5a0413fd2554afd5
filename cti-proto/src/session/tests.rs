//! Session rules, one test per rule of the fact sheet (cti.md §4), driven without sockets:
//! bytes are handed from one machine to the other and time is an `Instant` we move.
#![allow(clippy::disallowed_methods)] // an arbitrary base instant; time then moves only by hand

use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};

use super::*;
use crate::codec::{decode, encode};
use crate::enums::{ServiceMask, SessionType, StatusCode};
use crate::message::*;
use crate::version::{CodecConfig, Dialect, ProtocolVersion};
use crate::wire::CtiString;

fn v24() -> CodecConfig {
    CodecConfig::new(ProtocolVersion::ucce(24))
}

fn client_config() -> ClientConfig {
    let mut c = ClientConfig::new(ProtocolVersion::ucce(24), CtiString::from_static("test"));
    c.heartbeat_interval = Some(Duration::from_secs(5));
    c
}

fn bytes_of(msg: impl Into<Message>) -> Bytes {
    let mut b = BytesMut::new();
    encode(&msg.into(), &mut b, &v24()).unwrap();
    b.freeze()
}

fn messages(bytes: Option<Bytes>) -> Vec<Message> {
    let mut buf = BytesMut::from(&bytes.unwrap_or_default()[..]);
    let mut out = Vec::new();
    while let Some(m) = decode(&mut buf, &v24()).unwrap() {
        out.push(m);
    }
    out
}

fn events(c: &mut ClientSession) -> Vec<ClientEvent> {
    std::iter::from_fn(|| c.poll_event()).collect()
}

fn server_events(s: &mut ServerSession) -> Vec<ServerEvent> {
    std::iter::from_fn(|| s.poll_event()).collect()
}

/// A client connected to side A whose OPEN_REQ has been sent; returns its invoke id.
fn opening_client(now: Instant) -> (ClientSession, u32) {
    let mut c = ClientSession::new(client_config());
    c.start(now);
    assert_eq!(events(&mut c), vec![ClientEvent::Connect(Side::A)]);
    c.handle_connected(now);
    let sent = messages(c.poll_transmit());
    let Some(Message::OpenReq(req)) = sent.first() else {
        panic!("expected OPEN_REQ, got {sent:?}")
    };
    (c, req.invoke_id)
}

fn open_client(now: Instant) -> ClientSession {
    let (mut c, id) = opening_client(now);
    c.handle_input(
        now,
        &bytes_of(OpenConf {
            invoke_id: id,
            ..Default::default()
        }),
    );
    assert!(matches!(
        events(&mut c).as_slice(),
        [ClientEvent::Opened { side: Side::A, .. }]
    ));
    c
}

#[test]
fn client_sends_open_req_first_with_its_config() {
    let now = Instant::now();
    let (mut c, _) = opening_client(now);
    assert!(!c.is_open());
    assert_eq!(
        c.poll_timeout(),
        Some(now + Duration::from_secs(30)),
        "open timeout"
    );
    // IdleTimeout = 4 x heartbeat interval (20 s for 5 s).
    let mut c2 = ClientSession::new(client_config());
    c2.start(now);
    c2.handle_connected(now);
    let Some(Message::OpenReq(req)) = messages(c2.poll_transmit()).pop() else {
        panic!()
    };
    assert_eq!(req.idle_timeout, 20);
    assert_eq!(
        req.client_password.as_deref(),
        Some(&b""[..]),
        "password present even empty"
    );
    let _ = c.poll_transmit();
}

#[test]
fn client_heartbeats_every_interval_and_matches_confs() {
    let t0 = Instant::now();
    let mut c = open_client(t0);
    assert_eq!(c.poll_timeout(), Some(t0 + Duration::from_secs(5)));
    for i in 1..=5u64 {
        let now = t0 + Duration::from_secs(5 * i);
        c.handle_timeout(now);
        let sent = messages(c.poll_transmit());
        let [Message::HeartbeatReq(hb)] = sent.as_slice() else {
            panic!("{sent:?}")
        };
        c.handle_input(
            now,
            &bytes_of(HeartbeatConf {
                invoke_id: hb.invoke_id,
                ..Default::default()
            }),
        );
        assert!(
            events(&mut c).is_empty(),
            "a HEARTBEAT_CONF is not reported"
        );
    }
    assert!(c.is_open());
}

#[test]
fn three_unconfirmed_heartbeats_fail_the_session_and_fail_over() {
    let t0 = Instant::now();
    let mut c = open_client(t0);
    for i in 1..=3u64 {
        c.handle_timeout(t0 + Duration::from_secs(5 * i));
        assert_eq!(messages(c.poll_transmit()).len(), 1, "heartbeat {i}");
        assert!(c.is_open());
    }
    c.handle_timeout(t0 + Duration::from_secs(20));
    let ev = events(&mut c);
    assert_eq!(
        ev,
        vec![
            ClientEvent::Disconnect,
            ClientEvent::Failover {
                from: Side::A,
                to: Side::B,
                reason: FailureReason::HeartbeatTimeout
            },
            ClientEvent::Connect(Side::B),
        ]
    );
}

#[test]
fn open_timeout_waits_the_retry_delay_then_tries_the_other_side() {
    let t0 = Instant::now();
    let (mut c, _) = opening_client(t0);
    let t1 = t0 + Duration::from_secs(30);
    c.handle_timeout(t1);
    let ev = events(&mut c);
    assert!(ev.contains(&ClientEvent::Failover {
        from: Side::A,
        to: Side::B,
        reason: FailureReason::OpenTimeout
    }));
    assert!(!ev.contains(&ClientEvent::Connect(Side::B)), "waits first");
    assert_eq!(c.poll_timeout(), Some(t1 + Duration::from_secs(5)));
    c.handle_timeout(t1 + Duration::from_secs(5));
    assert_eq!(events(&mut c), vec![ClientEvent::Connect(Side::B)]);
    // The open is replayed on side B.
    c.handle_connected(t1 + Duration::from_secs(5));
    assert!(matches!(
        messages(c.poll_transmit()).as_slice(),
        [Message::OpenReq(_)]
    ));
}

#[test]
fn not_master_moves_to_the_other_node_at_once() {
    let t0 = Instant::now();
    let (mut c, id) = opening_client(t0);
    c.handle_input(
        t0,
        &bytes_of(FailureConf::new(id, StatusCode::ServerNotMaster)),
    );
    let ev = events(&mut c);
    assert_eq!(
        ev,
        vec![
            ClientEvent::Disconnect,
            ClientEvent::Failover {
                from: Side::A,
                to: Side::B,
                reason: FailureReason::NotMaster
            },
            ClientEvent::Connect(Side::B),
        ]
    );
}

#[test]
fn server_offline_event_fails_over() {
    let t0 = Instant::now();
    let mut c = open_client(t0);
    c.handle_input(
        t0,
        &bytes_of(FailureEvent {
            status: StatusCode::CtiServerOffline,
            ..Default::default()
        }),
    );
    assert!(events(&mut c).contains(&ClientEvent::Failover {
        from: Side::A,
        to: Side::B,
        reason: FailureReason::ServerOffline
    }));
}

#[test]
fn requests_are_matched_by_invoke_id_including_failures() {
    let t0 = Instant::now();
    let mut c = open_client(t0);
    let a = c.send_request(t0, SetAgentStateReq::default()).unwrap();
    let b = c.send_request(t0, QueryAgentStateReq::default()).unwrap();
    assert_ne!(a, b);
    let sent = messages(c.poll_transmit());
    assert_eq!(
        sent.iter().map(|m| m.invoke_id()).collect::<Vec<_>>(),
        vec![Some(a), Some(b)]
    );
    // Answers out of order.
    c.handle_input(
        t0,
        &bytes_of(ControlFailureConf {
            invoke_id: b,
            ..Default::default()
        }),
    );
    c.handle_input(
        t0,
        &bytes_of(SetAgentStateConf {
            invoke_id: a,
            ..Default::default()
        }),
    );
    let ev = events(&mut c);
    assert!(
        matches!(&ev[0], ClientEvent::Response { invoke_id, result: Err(RequestError::ControlFailure(_)) } if *invoke_id == b)
    );
    assert!(
        matches!(&ev[1], ClientEvent::Response { invoke_id, result: Ok(Message::SetAgentStateConf(_)) } if *invoke_id == a)
    );
}

#[test]
fn request_times_out_and_pending_requests_fail_on_disconnect() {
    let t0 = Instant::now();
    let mut c = open_client(t0);
    let mut cfgd = client_config();
    cfgd.request_timeout = Duration::from_secs(30);
    let a = c.send_request(t0, SetAgentStateReq::default()).unwrap();
    // Keep heartbeats answered so only the request times out.
    let mut now = t0;
    while now < t0 + Duration::from_secs(30) {
        now += Duration::from_secs(5);
        c.handle_timeout(now);
        for m in messages(c.poll_transmit()) {
            if let Message::HeartbeatReq(hb) = m {
                c.handle_input(
                    now,
                    &bytes_of(HeartbeatConf {
                        invoke_id: hb.invoke_id,
                        ..Default::default()
                    }),
                );
            }
        }
    }
    assert!(events(&mut c).contains(&ClientEvent::Response {
        invoke_id: a,
        result: Err(RequestError::Timeout)
    }));
    let b = c.send_request(now, SetAgentStateReq::default()).unwrap();
    c.handle_disconnected(now);
    assert!(events(&mut c).contains(&ClientEvent::Response {
        invoke_id: b,
        result: Err(RequestError::SessionLost)
    }));
}

#[test]
fn requests_before_open_and_events_as_requests_are_refused_locally() {
    let t0 = Instant::now();
    let (mut c, _) = opening_client(t0);
    assert_eq!(
        c.send_request(t0, SetAgentStateReq::default()),
        Err(SessionError::NotOpen)
    );
    let mut c = open_client(t0);
    assert!(matches!(
        c.send_request(t0, AgentStateEvent::default()),
        Err(SessionError::WrongKind(_))
    ));
}

#[test]
fn opening_on_the_standby_side_moves_to_the_other_side() {
    let t0 = Instant::now();
    let (mut c, id) = opening_client(t0);
    c.handle_input(
        t0,
        &bytes_of(OpenConf {
            invoke_id: id,
            session_type: SessionType::Standby,
            ..Default::default()
        }),
    );
    assert!(events(&mut c).contains(&ClientEvent::Failover {
        from: Side::A,
        to: Side::B,
        reason: FailureReason::Standby
    }));
    c.handle_timeout(t0 + Duration::from_secs(5));
    assert_eq!(events(&mut c), vec![ClientEvent::Connect(Side::B)]);
}

#[test]
fn standby_session_takes_only_heartbeats_until_it_becomes_active() {
    let t0 = Instant::now();
    let mut cfg = client_config();
    cfg.stay_on_standby = true;
    let mut c = ClientSession::new(cfg);
    c.start(t0);
    let _ = events(&mut c);
    c.handle_connected(t0);
    let Some(Message::OpenReq(req)) = messages(c.poll_transmit()).pop() else {
        panic!()
    };
    let id = req.invoke_id;
    c.handle_input(
        t0,
        &bytes_of(OpenConf {
            invoke_id: id,
            session_type: SessionType::Standby,
            ..Default::default()
        }),
    );
    let _ = events(&mut c);
    assert_eq!(
        c.send_request(t0, SetAgentStateReq::default()),
        Err(SessionError::Standby)
    );
    c.handle_input(
        t0,
        &bytes_of(RawMessage {
            message_type: crate::MessageType::StandbyActiveEvent,
            body: Bytes::new(),
        }),
    );
    assert_eq!(events(&mut c), vec![ClientEvent::BecameActive]);
    assert!(c.send_request(t0, SetAgentStateReq::default()).is_ok());
}

#[test]
fn maintenance_request_is_answered_and_the_switch_fails_over() {
    let t0 = Instant::now();
    let mut c = open_client(t0);
    c.handle_input(
        t0,
        &bytes_of(ActiveMaintenanceReq {
            invoke_id: 77,
            ..Default::default()
        }),
    );
    let sent = messages(c.poll_transmit());
    assert!(
        matches!(sent.as_slice(), [Message::ActiveMaintenanceResp(r)] if r.invoke_id == 77 && r.accepted)
    );
    c.handle_input(
        t0,
        &bytes_of(ActiveMaintenanceEvent {
            proceed: true,
            ..Default::default()
        }),
    );
    let ev = events(&mut c);
    assert!(ev.contains(&ClientEvent::Connect(Side::B)));
}

#[test]
fn close_waits_five_seconds_for_close_conf() {
    let t0 = Instant::now();
    let mut c = open_client(t0);
    c.close(t0);
    let sent = messages(c.poll_transmit());
    assert!(matches!(sent.as_slice(), [Message::CloseReq(r)] if r.status == StatusCode::NoError));
    assert_eq!(c.poll_timeout(), Some(t0 + Duration::from_secs(5)));
    c.handle_timeout(t0 + Duration::from_secs(5));
    assert_eq!(
        events(&mut c),
        vec![ClientEvent::Disconnect, ClientEvent::Closed]
    );
    assert!(c.is_closed());
}

#[test]
fn malformed_input_is_reported_and_skipped() {
    let t0 = Instant::now();
    let mut c = open_client(t0);
    // A HEARTBEAT_CONF one byte short, then a good AGENT_STATE_EVENT.
    c.handle_input(t0, &[0, 0, 0, 3, 0, 0, 0, 6, 0, 0, 0]);
    c.handle_input(t0, &bytes_of(AgentStateEvent::default()));
    let ev = events(&mut c);
    assert!(matches!(&ev[0], ClientEvent::Malformed(text) if text.contains("offset")));
    assert!(matches!(
        &ev[1],
        ClientEvent::Message(Message::AgentStateEvent(_))
    ));
    assert!(c.is_open());
}

// ---- server ----

fn open_req(invoke_id: u32) -> OpenReq {
    OpenReq {
        invoke_id,
        version_number: 24,
        idle_timeout: 20,
        peripheral_id: u32::MAX,
        services_requested: ServiceMask::ALL_EVENTS | ServiceMask::CLIENT_CONTROL,
        client_id: Some(CtiString::from_static("x")),
        client_password: Some(Bytes::new()),
        ..Default::default()
    }
}

fn server_reply(s: &mut ServerSession) -> Vec<Message> {
    messages(s.poll_transmit())
}

fn open_server(now: Instant) -> ServerSession {
    let mut s = ServerSession::new(ServerConfig::default(), now);
    s.handle_input(now, &bytes_of(open_req(1)));
    assert!(matches!(
        server_events(&mut s).as_slice(),
        [ServerEvent::OpenRequested(_)]
    ));
    s.accept_open(now, OpenAccept::default()).unwrap();
    assert!(matches!(server_reply(&mut s).as_slice(), [Message::OpenConf(c)] if c.invoke_id == 1));
    let _ = server_events(&mut s);
    s
}

fn failure(s: &mut ServerSession) -> (u32, StatusCode) {
    match server_reply(s).as_slice() {
        [Message::FailureConf(f)] => (f.invoke_id, f.status),
        other => panic!("expected FAILURE_CONF, got {other:?}"),
    }
}

#[test]
fn server_refuses_requests_before_open() {
    let t0 = Instant::now();
    let mut s = ServerSession::new(ServerConfig::default(), t0);
    s.handle_input(
        t0,
        &bytes_of(SetAgentStateReq {
            invoke_id: 9,
            ..Default::default()
        }),
    );
    assert_eq!(failure(&mut s), (9, StatusCode::SessionNotOpen));
}

#[test]
fn server_refuses_a_second_open() {
    let t0 = Instant::now();
    let mut s = open_server(t0);
    s.handle_input(t0, &bytes_of(open_req(2)));
    assert_eq!(failure(&mut s), (2, StatusCode::SessionAlreadyOpen));
}

#[test]
fn server_validates_open_req() {
    let t0 = Instant::now();
    let cases: Vec<(OpenReq, StatusCode)> = vec![
        (
            OpenReq {
                version_number: 12,
                ..open_req(1)
            },
            StatusCode::InvalidVersion,
        ),
        (
            OpenReq {
                version_number: 26,
                ..open_req(1)
            },
            StatusCode::InvalidVersion,
        ),
        (
            OpenReq {
                idle_timeout: 19,
                ..open_req(1)
            },
            StatusCode::InvalidTimeout,
        ),
        (
            OpenReq {
                reserved2: 1,
                ..open_req(1)
            },
            StatusCode::InvalidReservedField,
        ),
        (
            OpenReq {
                services_requested: ServiceMask::from_bits_retain(0x200),
                ..open_req(1)
            },
            StatusCode::InvalidServiceMask,
        ),
        (
            OpenReq {
                client_id: None,
                ..open_req(1)
            },
            StatusCode::RequiredDataMissing,
        ),
        (
            OpenReq {
                client_password: None,
                ..open_req(1)
            },
            StatusCode::RequiredDataMissing,
        ),
        (
            OpenReq {
                services_requested: ServiceMask::CLIENT_EVENTS,
                ..open_req(1)
            },
            StatusCode::RequiredDataMissing,
        ),
    ];
    for (req, status) in cases {
        let mut s = ServerSession::new(ServerConfig::default(), t0);
        s.handle_input(t0, &bytes_of(req.clone()));
        assert_eq!(failure(&mut s), (1, status), "{req:?}");
        assert!(!server_events(&mut s)
            .iter()
            .any(|e| matches!(e, ServerEvent::OpenRequested(_))));
        assert!(!s.is_open());
    }
    // No heartbeats (0xFFFFFFFF) is accepted.
    let mut s = ServerSession::new(ServerConfig::default(), t0);
    s.handle_input(
        t0,
        &bytes_of(OpenReq {
            idle_timeout: u32::MAX,
            ..open_req(1)
        }),
    );
    assert!(matches!(
        server_events(&mut s).as_slice(),
        [ServerEvent::OpenRequested(_)]
    ));
}

#[test]
fn uccx_refuses_agent_and_bridge_mode_together() {
    let t0 = Instant::now();
    let mut s = ServerSession::new(ServerConfig::new(Dialect::Uccx), t0);
    let mut wire = BytesMut::new();
    let req = OpenReq {
        version_number: 11,
        services_requested: ServiceMask::CLIENT_EVENTS | ServiceMask::ALL_EVENTS,
        peripheral_id: 1,
        agent_instrument: Some(CtiString::from_static("1001")),
        ..open_req(4)
    };
    encode(
        &req.into(),
        &mut wire,
        &CodecConfig::new(ProtocolVersion::uccx(11)),
    )
    .unwrap();
    s.handle_input(t0, &wire);
    let mut out = BytesMut::from(&s.poll_transmit().unwrap()[..]);
    let reply = decode(&mut out, &CodecConfig::new(ProtocolVersion::uccx(11))).unwrap();
    assert!(
        matches!(reply, Some(Message::FailureConf(f)) if f.status == StatusCode::InvalidServiceMask)
    );
}

#[test]
fn non_master_node_answers_server_not_master() {
    let t0 = Instant::now();
    let cfg = ServerConfig {
        role: ServerRole::NotMaster,
        ..ServerConfig::default()
    };
    let mut s = ServerSession::new(cfg, t0);
    s.handle_input(t0, &bytes_of(open_req(3)));
    assert_eq!(failure(&mut s), (3, StatusCode::ServerNotMaster));
}

#[test]
fn standby_accepts_only_active_standby_clients_and_serves_only_heartbeats() {
    let t0 = Instant::now();
    let cfg = ServerConfig {
        role: ServerRole::Standby,
        ..ServerConfig::default()
    };
    let mut s = ServerSession::new(cfg.clone(), t0);
    s.handle_input(t0, &bytes_of(open_req(1)));
    assert_eq!(failure(&mut s), (1, StatusCode::CtiServerOffline));
    let mut s = ServerSession::new(cfg, t0);
    let req = OpenReq {
        services_requested: ServiceMask::ALL_EVENTS | ServiceMask::ACTIVE_STANDBY,
        ..open_req(1)
    };
    s.handle_input(t0, &bytes_of(req));
    let _ = server_events(&mut s);
    s.accept_open(t0, OpenAccept::default()).unwrap();
    assert!(
        matches!(server_reply(&mut s).as_slice(), [Message::OpenConf(c)] if c.session_type == SessionType::Standby)
    );
    s.handle_input(
        t0,
        &bytes_of(SetAgentStateReq {
            invoke_id: 5,
            ..Default::default()
        }),
    );
    assert_eq!(failure(&mut s), (5, StatusCode::CtiServerOffline));
}

#[test]
fn server_answers_heartbeats_and_close() {
    let t0 = Instant::now();
    let mut s = open_server(t0);
    s.handle_input(t0, &bytes_of(HeartbeatReq::new(11)));
    assert!(
        matches!(server_reply(&mut s).as_slice(), [Message::HeartbeatConf(c)] if c.invoke_id == 11)
    );
    s.handle_input(
        t0,
        &bytes_of(CloseReq {
            invoke_id: 12,
            ..Default::default()
        }),
    );
    assert!(
        matches!(server_reply(&mut s).as_slice(), [Message::CloseConf(c)] if c.invoke_id == 12)
    );
    assert!(server_events(&mut s).contains(&ServerEvent::Closed {
        status: StatusCode::NoError
    }));
    assert!(s.is_finished());
}

#[test]
fn idle_timeout_is_reset_by_any_message() {
    let t0 = Instant::now();
    let mut s = open_server(t0);
    assert_eq!(s.poll_timeout(), Some(t0 + Duration::from_secs(20)));
    let t1 = t0 + Duration::from_secs(15);
    s.handle_input(
        t1,
        &bytes_of(QueryAgentStateReq {
            invoke_id: 3,
            ..Default::default()
        }),
    );
    assert_eq!(s.poll_timeout(), Some(t1 + Duration::from_secs(20)));
    s.handle_timeout(t0 + Duration::from_secs(20));
    assert!(!s.is_finished(), "spurious timeout is a no-op");
    s.handle_timeout(t1 + Duration::from_secs(20));
    assert!(s.is_finished());
    assert!(matches!(
        server_events(&mut s).last(),
        Some(ServerEvent::Failed(_))
    ));
}

#[test]
fn malformed_request_gets_failure_conf_and_the_session_goes_on() {
    let t0 = Instant::now();
    let mut s = open_server(t0);
    // SET_AGENT_STATE_REQ InvokeID 8 whose body stops inside the fixed part.
    s.handle_input(t0, &[0, 0, 0, 6, 0, 0, 0, 38, 0, 0, 0, 8, 0, 0]);
    assert_eq!(failure(&mut s), (8, StatusCode::BadMessageFormat));
    // An over-long ClientID-like field: AgentInstrument (tag 6) of 65 bytes.
    let mut body = vec![0u8; 21];
    body[3] = 9;
    body.extend_from_slice(&[0, 6, 0, 65]);
    body.extend_from_slice(&[b'a'; 65]);
    let mut wire = (body.len() as u32).to_be_bytes().to_vec();
    wire.extend_from_slice(&38u32.to_be_bytes());
    wire.extend_from_slice(&body);
    s.handle_input(t0, &wire);
    assert_eq!(failure(&mut s), (9, StatusCode::InvalidFieldLength));
    assert!(s.is_open());
    s.handle_input(t0, &bytes_of(HeartbeatReq::new(10)));
    assert!(matches!(
        server_reply(&mut s).as_slice(),
        [Message::HeartbeatConf(_)]
    ));
}

#[test]
fn oversize_frame_fails_the_session_with_a_reason() {
    let t0 = Instant::now();
    let mut s = open_server(t0);
    s.handle_input(t0, &[0, 0, 0x40, 0, 0, 0, 0, 38]);
    assert!(s.is_finished());
    assert!(
        matches!(server_events(&mut s).last(), Some(ServerEvent::Failed(why)) if why.contains("exceeds"))
    );
}

#[test]
fn events_follow_the_clients_masks() {
    let t0 = Instant::now();
    let mut s = ServerSession::new(ServerConfig::default(), t0);
    let req = OpenReq {
        call_msg_mask: crate::CallMsgMask::DELIVERED,
        agent_state_mask: crate::AgentStateMask::AVAILABLE,
        ..open_req(1)
    };
    s.handle_input(t0, &bytes_of(req));
    let _ = server_events(&mut s);
    s.accept_open(t0, OpenAccept::default()).unwrap();
    let _ = server_reply(&mut s);
    assert_eq!(s.send_event(t0, CallDeliveredEvent::default()), Ok(true));
    assert_eq!(s.send_event(t0, CallClearedEvent::default()), Ok(false));
    let ready = AgentStateEvent {
        agent_state: crate::AgentState::Available,
        ..Default::default()
    };
    let talking = AgentStateEvent {
        agent_state: crate::AgentState::Talking,
        ..Default::default()
    };
    assert_eq!(s.send_event(t0, ready), Ok(true));
    assert_eq!(s.send_event(t0, talking), Ok(false));
    assert_eq!(s.send_event(t0, SystemEvent::default()), Ok(true));
}

#[test]
fn respond_requires_a_pending_invoke_id() {
    let t0 = Instant::now();
    let mut s = open_server(t0);
    assert_eq!(
        s.respond(
            t0,
            SetAgentStateConf {
                invoke_id: 4,
                ..Default::default()
            }
        ),
        Err(SessionError::UnknownInvokeId(4))
    );
    s.handle_input(
        t0,
        &bytes_of(SetAgentStateReq {
            invoke_id: 4,
            ..Default::default()
        }),
    );
    assert!(matches!(
        server_events(&mut s).as_slice(),
        [ServerEvent::Request { invoke_id: 4, .. }]
    ));
    assert_eq!(
        s.respond(
            t0,
            SetAgentStateConf {
                invoke_id: 4,
                ..Default::default()
            }
        ),
        Ok(())
    );
    assert!(matches!(
        server_reply(&mut s).as_slice(),
        [Message::SetAgentStateConf(_)]
    ));
}

#[test]
fn client_and_server_sessions_talk_to_each_other() {
    let t0 = Instant::now();
    let mut c = ClientSession::new(client_config());
    let mut s = ServerSession::new(ServerConfig::default(), t0);
    c.start(t0);
    let _ = events(&mut c);
    c.handle_connected(t0);
    s.handle_input(t0, &c.poll_transmit().unwrap());
    assert!(matches!(
        server_events(&mut s).as_slice(),
        [ServerEvent::OpenRequested(_)]
    ));
    s.accept_open(t0, OpenAccept::default()).unwrap();
    c.handle_input(t0, &s.poll_transmit().unwrap());
    assert!(c.is_open() && s.is_open());
    assert_eq!(s.version(), ProtocolVersion::ucce(24));
}
