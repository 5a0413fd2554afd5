//! The XEP-0124/0206 checklist (fact sheet §1.12), one test per item, named after it.

use std::time::{Duration, Instant};

use bytes::Bytes;

use super::*;
use crate::body::{BodyType, Version};

const NS: &str = "xmlns='http://jabber.org/protocol/httpbind'";

struct H {
    server: BoshServer,
    now: Instant,
    sid: SessionId,
    sid_str: String,
}

#[allow(clippy::disallowed_methods)]
fn t0() -> Instant {
    Instant::now()
}

fn server(config: ServerConfig) -> BoshServer {
    BoshServer::with_sid_source(config, Box::new(SequentialSids::default()))
}

impl H {
    /// Creates a session with `attrs` on the creation request (rid 100) and answers it with
    /// features.
    fn new(config: ServerConfig, attrs: &str) -> H {
        let mut server = server(config);
        let now = t0();
        let create = format!("<body {NS} rid='100' to='example.com' {attrs}/>");
        let req = server.handle_request(now, Bytes::from(create), false);
        let Some(ServerEvent::SessionCreated(info)) = server.poll_event() else {
            panic!("no SessionCreated")
        };
        server
            .send(now, info.sid, Bytes::from_static(b"<stream:features/>"))
            .unwrap();
        let resp = server.poll_response().unwrap();
        assert_eq!(resp.request, req);
        H {
            server,
            now,
            sid: info.sid,
            sid_str: info.sid.to_string(),
        }
    }

    fn strophe() -> H {
        H::new(ServerConfig::default(), "wait='60' hold='1' ver='1.6'")
    }

    fn req(&mut self, rid: u64, attrs: &str, payload: &str) -> RequestId {
        let body = format!(
            "<body {NS} rid='{rid}' sid='{}' {attrs}>{payload}</body>",
            self.sid_str
        );
        self.server
            .handle_request(self.now, Bytes::from(body), false)
    }

    fn advance(&mut self, secs: u64) {
        self.now += Duration::from_secs(secs);
        self.server.handle_timeout(self.now);
    }

    fn responses(&mut self) -> Vec<Response> {
        std::iter::from_fn(|| self.server.poll_response()).collect()
    }

    fn events(&mut self) -> Vec<ServerEvent> {
        std::iter::from_fn(|| self.server.poll_event()).collect()
    }

    fn stanzas(&mut self) -> Vec<Bytes> {
        self.events()
            .into_iter()
            .filter_map(|e| match e {
                ServerEvent::Stanza { stanza, .. } => Some(stanza),
                _ => None,
            })
            .collect()
    }

    fn send(&mut self, s: &'static str) {
        self.server
            .send(self.now, self.sid, Bytes::from_static(s.as_bytes()))
            .unwrap();
    }
}

fn parsed(r: &Response) -> Body {
    Body::parse(r.body.clone()).unwrap()
}

fn msg(n: u32) -> String {
    format!("<message xmlns='jabber:client' id='m{n}'/>")
}

// ---------------------------------------------------------------- MUST

#[test]
fn must_parse_exactly_one_body_in_httpbind_namespace() {
    let mut s = server(ServerConfig::default());
    let now = t0();
    for bad in [
        "<body xmlns='jabber:client' rid='1'/>",
        "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'><x>",
        "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'/><body/>",
        "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'><!--c--></body>",
        "<!DOCTYPE x><body xmlns='http://jabber.org/protocol/httpbind' rid='1'/>",
        "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'><a>&ent;</a></body>",
        "not xml at all",
    ] {
        let req = s.handle_request(now, Bytes::from_static(bad.as_bytes()), false);
        let r = s.poll_response().unwrap();
        assert_eq!(r.request, req);
        let b = parsed(&r);
        assert_eq!(b.body_type, Some(BodyType::Terminate), "{bad}");
        assert_eq!(b.condition, Some(Condition::BadRequest), "{bad}");
    }
    assert_eq!(s.session_count(), 0);
}

#[test]
fn must_create_session_with_unique_sid_and_negotiated_wait_requests() {
    let mut s = BoshServer::new(ServerConfig::default());
    let now = t0();
    let mut sids = std::collections::HashSet::new();
    for i in 0..50u64 {
        let create = format!(
            "<body {NS} rid='{}' to='x' wait='60' hold='1' ver='1.6'/>",
            1000 + i
        );
        s.handle_request(now, Bytes::from(create), false);
        let Some(ServerEvent::SessionCreated(info)) = s.poll_event() else {
            panic!()
        };
        s.send(now, info.sid, Bytes::from_static(b"<stream:features/>"))
            .unwrap();
        let b = parsed(&s.poll_response().unwrap());
        let sid = b.sid.unwrap();
        assert_eq!(sid.len(), 32);
        assert!(sids.insert(sid), "sids never repeat");
        assert_eq!(b.wait, Some(60));
        assert_eq!(b.hold, Some(1));
        assert_eq!(b.requests, Some(2), "requests = hold + 1 > hold");
    }
}

#[test]
fn must_cap_wait_and_hold_to_configured_maximum() {
    let h = H::new(ServerConfig::default(), "wait='3600' hold='9' ver='1.6'");
    let mut s = h.server;
    let now = h.now;
    let create = format!("<body {NS} rid='5' wait='3600' hold='9' ver='1.6'/>");
    s.handle_request(now, Bytes::from(create), false);
    let Some(ServerEvent::SessionCreated(info)) = s.poll_event() else {
        panic!()
    };
    assert_eq!((info.wait, info.hold), (120, 2));
}

#[test]
fn must_require_sid_on_later_requests() {
    let mut h = H::strophe();
    // No sid and no rid: a malformed creation request.
    let r = h
        .server
        .handle_request(h.now, Bytes::from(format!("<body {NS}/>")), false);
    let resp = h.server.poll_response().unwrap();
    assert_eq!(resp.request, r);
    assert_eq!(resp.status, 400, "no ver: legacy HTTP code for bad-request");
    // A wrong sid.
    let body = format!("<body {NS} rid='101' sid='0123456789abcdef0123456789abcdef'/>");
    h.server.handle_request(h.now, Bytes::from(body), false);
    assert_eq!(
        parsed(&h.server.poll_response().unwrap()).condition,
        Some(Condition::ItemNotFound)
    );
    assert!(h.server.has_session(h.sid));
}

#[test]
fn must_answer_in_rid_order_and_buffer_out_of_order_bodies() {
    let mut h = H::strophe();
    // rid 102 arrives before 101: buffered, nothing forwarded yet.
    let r102 = h.req(102, "", &msg(2));
    assert!(h.stanzas().is_empty());
    assert!(h.responses().is_empty());
    let r101 = h.req(101, "", &msg(1));
    let st = h.stanzas();
    assert_eq!(st, vec![Bytes::from(msg(1)), Bytes::from(msg(2))]);
    // hold=1: 101 is answered (oldest), 102 stays held.
    let rs = h.responses();
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0].request, r101);
    assert_eq!(h.server.held_requests(h.sid), 1);
    h.send("<message/>");
    assert_eq!(h.responses()[0].request, r102);
}

#[test]
fn must_terminate_item_not_found_for_rid_above_window() {
    let mut h = H::strophe();
    let r = h.req(103, "", ""); // window is (100, 102]
    let rs = h.responses();
    assert_eq!(rs[0].request, r);
    assert_eq!(parsed(&rs[0]).condition, Some(Condition::ItemNotFound));
    assert!(!h.server.has_session(h.sid));
    assert!(matches!(
        h.events().last(),
        Some(ServerEvent::Terminated {
            reason: TerminateReason::Protocol(Condition::ItemNotFound),
            ..
        })
    ));
}

#[test]
fn must_terminate_item_not_found_for_unbuffered_old_rid() {
    let mut h = H::strophe();
    for rid in 101..=105 {
        h.req(rid, "", "");
        h.advance(60);
        assert_eq!(h.responses().len(), 1);
    }
    h.req(101, "", ""); // long gone from the cache of `requests` = 2
    let rs = h.responses();
    assert_eq!(parsed(&rs[0]).condition, Some(Condition::ItemNotFound));
    assert!(!h.server.has_session(h.sid));
}

#[test]
fn must_use_content_attribute_as_response_content_type() {
    let mut h = H::new(
        ServerConfig::default(),
        "ver='1.6' content='text/plain; charset=utf-8'",
    );
    h.req(101, "", "");
    h.send("<message/>");
    let r = h.responses().remove(0);
    assert_eq!(r.content_type.as_str(), "text/plain; charset=utf-8");
    let mut d = H::strophe();
    d.req(101, "", "");
    d.send("<message/>");
    assert_eq!(
        d.responses()[0].content_type.as_str(),
        "text/xml; charset=utf-8"
    );
}

#[test]
fn must_include_ack_in_creation_and_later_responses_when_acks_used() {
    let mut s = server(ServerConfig::default());
    let now = t0();
    s.handle_request(
        now,
        Bytes::from(format!("<body {NS} rid='100' ack='1' ver='1.11'/>")),
        false,
    );
    let Some(ServerEvent::SessionCreated(info)) = s.poll_event() else {
        panic!()
    };
    s.send(now, info.sid, Bytes::from_static(b"<f/>")).unwrap();
    let created = parsed(&s.poll_response().unwrap());
    assert_eq!(
        created.ack,
        Some(100),
        "creation response acks the creation rid"
    );
    let sid = info.sid.to_string();
    // 101 held, 102 arrives: 101 is answered while 102 is the highest received -> ack=102.
    let b = |rid: u64| {
        Bytes::from(format!(
            "<body {NS} rid='{rid}' sid='{sid}' ack='100'><m/></body>"
        ))
    };
    s.handle_request(now, b(101), false);
    s.handle_request(now, b(102), false);
    let r = parsed(&s.poll_response().unwrap());
    assert_eq!(r.ack, Some(102));
    // Answering the highest rid itself omits ack.
    s.send(now, info.sid, Bytes::from_static(b"<x/>")).unwrap();
    assert_eq!(parsed(&s.poll_response().unwrap()).ack, None);
}

#[test]
fn must_not_expire_session_without_inactivity_advertised() {
    let cfg = ServerConfig {
        inactivity: None,
        ..ServerConfig::default()
    };
    let mut h = H::new(cfg, "wait='60' hold='1' ver='1.6'");
    let created_inactivity = None::<u16>;
    assert_eq!(created_inactivity, h.server.config().inactivity);
    h.advance(100_000);
    assert!(h.server.has_session(h.sid));
    assert_eq!(h.server.poll_timeout(), None);
}

#[test]
fn must_not_enforce_polling_for_first_request() {
    // `requests`/`polling` are always advertised here; a single quick empty request is fine.
    let mut h = H::strophe();
    h.req(101, "", "");
    assert!(h.responses().is_empty());
    assert!(h.server.has_session(h.sid));
}

#[test]
fn must_forward_payloads_of_terminate_request() {
    let mut h = H::strophe();
    let r = h.req(
        101,
        "type='terminate'",
        "<presence type='unavailable' xmlns='jabber:client'/>",
    );
    let ev = h.events();
    assert!(
        matches!(&ev[0], ServerEvent::Stanza { stanza, .. } if stanza.starts_with(b"<presence"))
    );
    assert!(matches!(
        &ev[1],
        ServerEvent::Terminated {
            reason: TerminateReason::Client,
            ..
        }
    ));
    let rs = h.responses();
    assert_eq!(rs[0].request, r);
    assert_eq!(parsed(&rs[0]).body_type, Some(BodyType::Terminate));
}

#[test]
fn must_honour_pause_only_if_maxpause_advertised() {
    let cfg = ServerConfig {
        maxpause: None,
        ..ServerConfig::default()
    };
    let mut h = H::new(cfg, "wait='60' hold='1' ver='1.6'");
    h.req(101, "pause='60'", "");
    assert!(
        h.responses().is_empty(),
        "pause ignored: request is held like any other"
    );
}

#[test]
fn must_restart_stream_and_advertise_restartlogic() {
    let mut s = server(ServerConfig::default());
    let now = t0();
    s.handle_request(
        now,
        Bytes::from(format!(
            "<body {NS} rid='100' to='x' ver='1.6' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh'/>"
        )),
        false,
    );
    let Some(ServerEvent::SessionCreated(info)) = s.poll_event() else {
        panic!()
    };
    s.send(now, info.sid, Bytes::from_static(b"<stream:features/>"))
        .unwrap();
    let created = parsed(&s.poll_response().unwrap());
    assert!(created.xmpp_restartlogic);
    assert_eq!(created.xmpp_version.as_deref(), Some("1.0"));
    assert!(created.stream_ns);
    let body = format!(
        "<body {NS} rid='101' sid='{}' xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh'><ignored/></body>",
        info.sid
    );
    s.handle_request(now, Bytes::from(body), false);
    assert_eq!(s.poll_event(), Some(ServerEvent::Restart { sid: info.sid }));
    assert_eq!(
        s.poll_event(),
        None,
        "stanzas in a restart body are ignored"
    );
    s.send(
        now,
        info.sid,
        Bytes::from_static(b"<stream:features><bind/></stream:features>"),
    )
    .unwrap();
    let r = parsed(&s.poll_response().unwrap());
    assert!(r.stream_ns);
}

#[test]
fn must_keep_secure_session_encrypted() {
    let mut s = server(ServerConfig::default());
    let now = t0();
    s.handle_request(
        now,
        Bytes::from(format!("<body {NS} rid='100' ver='1.6'/>")),
        true,
    );
    let Some(ServerEvent::SessionCreated(info)) = s.poll_event() else {
        panic!()
    };
    let body = format!("<body {NS} rid='101' sid='{}'/>", info.sid);
    let r = s.handle_request(now, Bytes::from(body.clone()), false);
    let resp = s.poll_response().unwrap();
    assert_eq!(resp.request, r);
    assert!(resp.close_connection);
    assert!(s.has_session(info.sid), "the session is not terminated");
    s.handle_request(now, Bytes::from(body), true);
    assert!(s.has_session(info.sid));
}

// ---------------------------------------------------------------- SHOULD

#[test]
fn should_send_creation_attributes() {
    let mut s = server(ServerConfig::default());
    let now = t0();
    s.handle_request(
        now,
        Bytes::from(format!(
            "<body {NS} rid='100' to='example.com' ver='1.6' hold='1' wait='60'/>"
        )),
        false,
    );
    let Some(ServerEvent::SessionCreated(info)) = s.poll_event() else {
        panic!()
    };
    s.send(now, info.sid, Bytes::from_static(b"<stream:features/>"))
        .unwrap();
    let b = parsed(&s.poll_response().unwrap());
    assert_eq!(b.ver, Some(Version::V1_6), "min(ours, client's)");
    assert_eq!(b.polling, Some(2));
    assert_eq!(b.inactivity, Some(30));
    assert_eq!(b.maxpause, Some(120));
    assert_eq!(b.from.as_deref(), Some("example.com"));
    assert_eq!(b.payloads, vec![Bytes::from_static(b"<stream:features/>")]);
}

#[test]
fn should_answer_oldest_held_request_when_hold_exceeded() {
    let mut h = H::strophe();
    let r101 = h.req(101, "", "");
    assert!(h.responses().is_empty());
    let r102 = h.req(102, "", &msg(1));
    let rs = h.responses();
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0].request, r101);
    assert!(parsed(&rs[0]).payloads.is_empty());
    assert_eq!(h.server.held_requests(h.sid), 1);
    let _ = r102;
}

#[test]
fn should_answer_empty_body_after_wait() {
    let mut h = H::strophe();
    let r = h.req(101, "", "");
    h.advance(59);
    assert!(h.responses().is_empty());
    h.advance(1);
    let rs = h.responses();
    assert_eq!(rs[0].request, r);
    assert!(parsed(&rs[0]).payloads.is_empty());
}

#[test]
fn should_replay_cached_response_byte_identical() {
    let mut h = H::strophe();
    h.req(101, "", "");
    h.send("<message xmlns='jabber:client'><body>hi</body></message>");
    let first = h.responses().remove(0);
    let again = h.req(101, "", "");
    let replay = h.responses().remove(0);
    assert_eq!(replay.request, again);
    assert_eq!(replay.body, first.body);
}

#[test]
fn should_answer_superseded_held_request_with_recoverable_error() {
    let mut h = H::strophe();
    let old = h.req(101, "", "");
    let new = h.req(101, "", "");
    let rs = h.responses();
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0].request, old);
    assert_eq!(parsed(&rs[0]).body_type, Some(BodyType::Error));
    h.send("<message/>");
    assert_eq!(h.responses()[0].request, new);
}

#[test]
fn should_cap_repeats_with_policy_violation() {
    let mut h = H::strophe();
    h.req(101, "", "");
    h.send("<message/>");
    let _ = h.responses();
    for _ in 0..8 {
        h.req(101, "", "");
        assert_eq!(parsed(&h.responses()[0]).body_type, None);
    }
    h.req(101, "", "");
    assert_eq!(
        parsed(&h.responses()[0]).condition,
        Some(Condition::PolicyViolation)
    );
}

#[test]
fn should_terminate_policy_violation_on_too_many_simultaneous_requests() {
    let mut h = H::new(ServerConfig::default(), "wait='60' hold='2' ver='1.6'");
    h.req(101, "", &msg(1));
    h.req(102, "", &msg(2));
    // hold=2 -> requests=3; 104 and 103 both in the window but four outstanding.
    h.req(104, "", &msg(4));
    h.req(103, "", &msg(3));
    let last = h.responses().pop().unwrap();
    assert_eq!(
        parsed(&last).condition,
        Some(Condition::OtherRequest).or(Some(Condition::PolicyViolation))
    );
    assert!(!h.server.has_session(h.sid));
}

#[test]
fn an_empty_poll_overtaken_by_the_clients_next_request_is_not_overactivity() {
    // The client sends an empty poll (101) and then a payload (102) on two connections; 102
    // reaches the server first. Both are within `requests`, and the newest one carries data.
    let mut h = H::strophe();
    h.req(102, "", &msg(2));
    h.req(101, "", "");
    assert!(h.server.has_session(h.sid), "the session survives");
    let answered: Vec<_> = h.responses().iter().map(parsed).collect();
    assert!(
        answered.iter().all(|b| b.condition.is_none()),
        "{answered:?}"
    );
}

#[test]
fn should_allow_one_extra_request_for_pause_or_terminate() {
    let mut h = H::strophe();
    h.req(101, "", &msg(1));
    let _ = h.responses();
    h.req(102, "", &msg(2)); // held: 102 ; outstanding 1
    h.req(103, "", &msg(3)); // outstanding 2 == requests; 102 answered
    let _ = h.responses();
    // 104 would be a third; as a terminate it is allowed.
    h.req(104, "type='terminate'", "");
    assert!(matches!(
        h.events().last(),
        Some(ServerEvent::Terminated {
            reason: TerminateReason::Client,
            ..
        })
    ));
}

#[test]
fn should_terminate_policy_violation_when_polling_too_frequently() {
    let mut h = H::new(ServerConfig::default(), "wait='0' hold='0' ver='1.6'");
    h.req(101, "", "");
    assert_eq!(
        h.responses().len(),
        1,
        "hold=0: answered at once (features)"
    );
    h.advance(2);
    h.req(102, "", "");
    assert_eq!(parsed(&h.responses()[0]).payloads.len(), 0);
    h.advance(1);
    h.req(103, "", "");
    let r = h.responses().remove(0);
    assert_eq!(parsed(&r).condition, Some(Condition::PolicyViolation));
}

#[test]
fn should_accept_polling_at_the_advertised_interval() {
    let mut h = H::new(ServerConfig::default(), "wait='0' hold='0' ver='1.6'");
    for rid in 101..110 {
        h.req(rid, "", "");
        assert_eq!(parsed(&h.responses()[0]).body_type, None);
        h.advance(2);
    }
    assert!(h.server.has_session(h.sid));
}

#[test]
fn should_destroy_silently_on_inactivity_then_item_not_found() {
    let mut h = H::strophe();
    h.req(101, "", "");
    h.advance(60); // wait expires, answered empty; no request held from now on
    assert_eq!(h.responses().len(), 1);
    h.advance(29);
    assert!(h.server.has_session(h.sid));
    h.advance(1);
    assert!(!h.server.has_session(h.sid));
    assert!(h.responses().is_empty(), "silently");
    assert!(matches!(
        h.events().last(),
        Some(ServerEvent::Terminated {
            reason: TerminateReason::Inactivity,
            ..
        })
    ));
    h.req(102, "", "");
    assert_eq!(
        parsed(&h.responses()[0]).condition,
        Some(Condition::ItemNotFound)
    );
}

#[test]
fn should_answer_terminate_with_empty_and_ack_on_oldest_held() {
    let mut h = H::strophe();
    let held = h.req(101, "", "");
    let term = h.req(102, "type='terminate'", "");
    let rs = h.responses();
    let for_held = rs.iter().find(|r| r.request == held).unwrap();
    let for_term = rs.iter().find(|r| r.request == term).unwrap();
    assert_eq!(parsed(for_held).body_type, Some(BodyType::Terminate));
    assert_eq!(parsed(for_term).body_type, None);
}

#[test]
fn should_send_legacy_http_codes_to_clients_without_ver() {
    let mut h = H::new(ServerConfig::default(), "wait='60' hold='1'");
    h.req(105, "", "");
    let r = h.responses().remove(0);
    assert_eq!(r.status, 404);
    assert!(r.body.is_empty());
}

#[test]
fn should_send_remote_stream_error_with_payload() {
    let mut h = H::strophe();
    h.req(101, "", "");
    h.server
        .send(h.now, h.sid, Bytes::from_static(b"<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>"))
        .unwrap();
    h.server
        .terminate(h.now, h.sid, Condition::RemoteStreamError)
        .unwrap();
    let b = parsed(&h.responses()[0]);
    assert_eq!(b.condition, Some(Condition::RemoteStreamError));
    assert!(b.stream_ns);
    assert!(b.payloads[0].starts_with(b"<stream:error>"));
}

#[test]
fn should_send_system_shutdown_to_every_session() {
    let mut h = H::strophe();
    let held = h.req(101, "", "");
    h.server.shutdown(h.now);
    let r = h.responses().remove(0);
    assert_eq!(r.request, held);
    assert_eq!(parsed(&r).condition, Some(Condition::SystemShutdown));
    h.server.handle_request(
        h.now,
        Bytes::from(format!("<body {NS} rid='1' ver='1.6'/>")),
        false,
    );
    assert_eq!(
        parsed(&h.server.poll_response().unwrap()).condition,
        Some(Condition::SystemShutdown)
    );
}

#[test]
fn should_answer_all_held_on_pause_and_stretch_inactivity() {
    let mut h = H::new(ServerConfig::default(), "wait='60' hold='2' ver='1.6'");
    let a = h.req(101, "", "");
    let b = h.req(102, "pause='100'", "");
    let rs = h.responses();
    assert_eq!(rs.iter().map(|r| r.request).collect::<Vec<_>>(), vec![a, b]);
    assert!(rs.iter().all(|r| parsed(r).payloads.is_empty()));
    // Stanzas during the pause are kept for the next request.
    h.send("<message id='during-pause'/>");
    assert!(h.responses().is_empty());
    h.advance(99);
    assert!(
        h.server.has_session(h.sid),
        "pause (100 s) overrides inactivity (30 s)"
    );
    let c = h.req(103, "", "");
    let r = h.responses().remove(0);
    assert_eq!(r.request, c);
    assert_eq!(
        parsed(&r).payloads[0],
        Bytes::from_static(b"<message id='during-pause'/>")
    );
}

#[test]
fn should_report_unacknowledged_response() {
    let mut h = H::new(
        ServerConfig::default(),
        "wait='60' hold='1' ver='1.11' ack='1'",
    );
    h.req(101, "ack='100'", "");
    h.send("<message id='lost'/>");
    let _ = h.responses();
    h.now += Duration::from_secs(10);
    // The client's ack says it never saw 101's response.
    h.req(102, "ack='100'", "");
    let r = parsed(&h.responses()[0]);
    assert_eq!(r.report, Some(101));
    assert!(r.time.unwrap() >= 10_000);
}

#[test]
fn should_refuse_sessions_beyond_the_cap() {
    let mut s = server(ServerConfig {
        max_sessions: 1,
        ..ServerConfig::default()
    });
    let now = t0();
    s.handle_request(
        now,
        Bytes::from(format!("<body {NS} rid='1' ver='1.6'/>")),
        false,
    );
    s.handle_request(
        now,
        Bytes::from(format!("<body {NS} rid='1' ver='1.6'/>")),
        false,
    );
    let r = s.poll_response().unwrap();
    assert_eq!(parsed(&r).condition, Some(Condition::PolicyViolation));
    assert_eq!(s.session_count(), 1);
}

#[test]
fn bounded_queue_refuses_and_keeps_everything_accepted() {
    let mut h = H::new(
        ServerConfig {
            max_queued_stanzas: 3,
            ..ServerConfig::default()
        },
        "wait='60' hold='1' ver='1.6'",
    );
    for _ in 0..3 {
        h.send("<m/>");
    }
    assert!(matches!(
        h.server.send(h.now, h.sid, Bytes::from_static(b"<m/>")),
        Err(SendError::QueueFull { stanzas: 3, .. })
    ));
    h.req(101, "", "");
    assert_eq!(parsed(&h.responses()[0]).payloads.len(), 3);
}

#[test]
fn undelivered_stanzas_are_handed_back_when_a_session_dies() {
    let mut h = H::strophe();
    h.send("<m id='1'/>");
    h.send("<m id='2'/>");
    h.advance(30);
    let ev = h.events();
    let Some(ServerEvent::Terminated { undelivered, .. }) = ev.last() else {
        panic!()
    };
    assert_eq!(undelivered.len(), 2);
}

#[test]
fn timer_heap_stays_bounded() {
    let mut h = H::strophe();
    for rid in 101..5000u64 {
        h.req(rid, "", "<m/>");
        let _ = h.responses();
        h.now += Duration::from_millis(1);
    }
    assert!(h.server.timers.len() <= 2 * h.server.sessions.len() + 1025);
}

#[test]
fn hot_type_sizes() {
    // Pinned so a field added to a hot struct is a conscious decision (memory per session).
    let session = std::mem::size_of::<session::Session>();
    let body = std::mem::size_of::<Body>();
    eprintln!("Session {session} B, Body {body} B");
    assert!(session <= 512, "Session is {session} bytes");
}
