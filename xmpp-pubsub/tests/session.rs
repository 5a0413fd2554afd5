//! Sans-IO c2s scenarios: login over bytes and over elements (the BOSH boundary), errors,
//! timeouts, STARTTLS hand-off, and routing between sessions and the pubsub service.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::time::{Duration, Instant};

use bytes::BytesMut;
use xmpp_pubsub::*;

const OPEN: &str = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";
// "\0alice\0pw"
const AUTH: &str =
    "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHB3</auth>";
const BIND: &str = "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>desk</resource></bind></iq>";

fn config() -> C2sConfig {
    let mut c = C2sConfig::new("example.com", "sid1");
    c.allow_plain_insecure = true;
    c
}

fn transmit(s: &mut C2sSession) -> String {
    let mut out = BytesMut::new();
    let _ = s.poll_transmit(&mut out);
    String::from_utf8(out.to_vec()).unwrap()
}

fn events(s: &mut C2sSession) -> Vec<C2sEvent> {
    std::iter::from_fn(|| s.poll_event()).collect()
}

/// Logs in `user` over bytes; returns the session, established.
fn login(now: Instant, user: &str) -> C2sSession {
    let mut s = C2sSession::new(config(), false, now);
    s.handle_input(now, OPEN.as_bytes());
    let out = transmit(&mut s);
    assert!(
        out.starts_with("<?xml version='1.0'?><stream:stream"),
        "{out}"
    );
    assert!(
        out.contains("id='sid1'") && out.contains("from='example.com'"),
        "{out}"
    );
    assert!(out.contains("<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>"), "{out}");
    s.handle_input(now, AUTH.as_bytes());
    let ev = events(&mut s);
    let [C2sEvent::Authenticate(creds)] = &ev[..] else {
        panic!("{ev:?}")
    };
    assert_eq!(
        (creds.authcid.as_str(), creds.password.as_str()),
        ("alice", "pw")
    );
    assert_eq!(s.state(), C2sState::Authenticating);
    s.complete_auth(now, Ok(user.to_owned()));
    assert_eq!(
        transmit(&mut s),
        "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"
    );
    s.handle_input(now, OPEN.as_bytes());
    let out = transmit(&mut s);
    assert!(
        out.contains("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"),
        "{out}"
    );
    s.handle_input(now, BIND.as_bytes());
    let out = transmit(&mut s);
    assert_eq!(out, format!("<iq id='b1' type='result'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>{user}@example.com/desk</jid></bind></iq>"));
    assert_eq!(
        events(&mut s),
        vec![C2sEvent::Bound(
            Jid::new(&format!("{user}@example.com/desk")).unwrap()
        )]
    );
    assert_eq!(s.state(), C2sState::Established);
    s
}

#[test]
fn rfc6120_login_over_bytes() {
    let now = Instant::now();
    let mut s = login(now, "alice");
    // Ping and disco are answered by the session itself.
    s.handle_input(
        now,
        b"<iq type='get' id='p' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>",
    );
    assert_eq!(
        transmit(&mut s),
        "<iq id='p' from='example.com' to='alice@example.com/desk' type='result'></iq>"
    );
    s.handle_input(
        now,
        b"<iq type='get' id='d'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>",
    );
    assert!(transmit(&mut s).contains("<identity category='server' type='im'/>"));
    // Anything else is handed to the embedder with `from` stamped.
    s.handle_input(now, b"<iq type='get' id='x' to='pubsub.example.com'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscriptions/></pubsub></iq>");
    let ev = events(&mut s);
    let [C2sEvent::Stanza(st)] = &ev[..] else {
        panic!("{ev:?}")
    };
    assert_eq!(st.from().unwrap().as_str(), "alice@example.com/desk");
    // The client closes.
    s.handle_input(now, b"</stream:stream>");
    assert_eq!(transmit(&mut s), "</stream:stream>");
    assert_eq!(events(&mut s), vec![C2sEvent::Closed { error: None }]);
    assert!(s.is_closed());
}

#[test]
fn xep0206_login_over_elements_like_bosh() {
    let now = Instant::now();
    let mut s = C2sSession::new(config(), true, now);
    let header = StreamHeader {
        to: Some("example.com".into()),
        version: Some("1.0".into()),
        ..StreamHeader::default()
    };
    s.handle_stream_open(now, header.clone());
    let outs: Vec<C2sOutput> = std::iter::from_fn(|| s.poll_output()).collect();
    assert!(matches!(outs[0], C2sOutput::StreamHeader(_)));
    let C2sOutput::Element(features) = &outs[1] else {
        panic!()
    };
    assert!(features.get_child("mechanisms", ns::SASL).is_some());
    s.handle_element(now, Element::parse(AUTH.as_bytes()).unwrap());
    assert!(matches!(s.poll_event(), Some(C2sEvent::Authenticate(_))));
    s.complete_auth(now, Ok("alice".into()));
    assert!(matches!(s.poll_output(), Some(C2sOutput::Element(e)) if e.is("success", ns::SASL)));
    s.handle_stream_open(now, header); // xmpp:restart='true'
    let _ = std::iter::from_fn(|| s.poll_output()).count();
    let bind = Element::parse(
        format!(
            "<iq xmlns='jabber:client' type='set' id='b'><bind xmlns='{}'/></iq>",
            ns::BIND
        )
        .as_bytes(),
    )
    .unwrap();
    s.handle_element(now, bind);
    let Some(C2sEvent::Bound(jid)) = s.poll_event() else {
        panic!()
    };
    assert_eq!(jid.to_bare().as_str(), "alice@example.com");
    assert_eq!(jid.resource(), Some("sid1-1"), "generated resource");
    s.deliver(Stanza::Message(Message {
        to: Some(jid.clone()),
        ..Message::default()
    }))
    .unwrap();
    assert!(matches!(s.poll_output(), Some(C2sOutput::Stanza(_)))); // the bind result
    assert!(matches!(
        s.poll_output(),
        Some(C2sOutput::Stanza(Stanza::Message(_)))
    ));
}

#[test]
fn stanza_before_auth_is_not_authorized() {
    let now = Instant::now();
    let mut s = C2sSession::new(config(), false, now);
    s.handle_input(now, OPEN.as_bytes());
    let _ = transmit(&mut s);
    s.handle_input(
        now,
        b"<message to='bob@example.com'><body>hi</body></message>",
    );
    let out = transmit(&mut s);
    assert!(
        out.contains("<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"),
        "{out}"
    );
    assert!(out.ends_with("</stream:stream>"));
    assert_eq!(
        events(&mut s),
        vec![C2sEvent::Closed {
            error: Some(StreamErrorCondition::NotAuthorized)
        }]
    );
}

#[test]
fn failed_auth_retries_then_closes() {
    let now = Instant::now();
    let mut s = C2sSession::new(config(), false, now);
    s.handle_input(now, OPEN.as_bytes());
    for attempt in 1..=3 {
        s.handle_input(now, AUTH.as_bytes());
        assert!(matches!(s.poll_event(), Some(C2sEvent::Authenticate(_))));
        s.complete_auth(now, Err(SaslCondition::NotAuthorized));
        let out = transmit(&mut s);
        assert!(
            out.contains(
                "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>"
            ),
            "{out}"
        );
        assert_eq!(s.is_closed(), attempt == 3, "attempt {attempt}");
    }
}

#[test]
fn plain_refused_without_tls_unless_allowed() {
    let now = Instant::now();
    let mut s = C2sSession::new(C2sConfig::new("example.com", "s"), false, now);
    s.handle_input(now, OPEN.as_bytes());
    assert!(!transmit(&mut s).contains("PLAIN"));
    s.handle_input(now, AUTH.as_bytes());
    assert!(transmit(&mut s).contains("<encryption-required/>"));
    assert!(s.poll_event().is_none());
}

#[test]
fn unknown_mechanism_and_bad_base64() {
    let now = Instant::now();
    let mut s = C2sSession::new(config(), false, now);
    s.handle_input(now, OPEN.as_bytes());
    let _ = transmit(&mut s);
    s.handle_input(
        now,
        b"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>biwsbj1</auth>",
    );
    assert!(transmit(&mut s).contains("<invalid-mechanism/>"));
    s.handle_input(
        now,
        b"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>!!!</auth>",
    );
    assert!(transmit(&mut s).contains("<incorrect-encoding/>"));
    s.handle_input(
        now,
        b"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>YWxpY2U=</auth>",
    );
    assert!(transmit(&mut s).contains("<malformed-request/>"));
}

#[test]
fn wrong_host_and_version() {
    let now = Instant::now();
    let mut s = C2sSession::new(config(), false, now);
    s.handle_input(now, OPEN.replace("example.com", "other.org").as_bytes());
    let out = transmit(&mut s);
    assert!(
        out.contains("<stream:stream") && out.contains("<host-unknown"),
        "{out}"
    );
    let mut s = C2sSession::new(config(), false, now);
    s.handle_input(
        now,
        OPEN.replace(" to='example.com' version='1.0'", " to='example.com'")
            .as_bytes(),
    );
    let out = transmit(&mut s);
    assert!(out.contains("<unsupported-version"), "{out}");
}

#[test]
fn restricted_xml_gets_a_header_then_the_error() {
    let now = Instant::now();
    let mut s = C2sSession::new(config(), false, now);
    s.handle_input(
        now,
        b"<?xml version='1.0'?><!DOCTYPE foo [<!ENTITY x 'y'>]>",
    );
    let out = transmit(&mut s);
    assert!(
        out.starts_with("<?xml version='1.0'?><stream:stream"),
        "{out}"
    );
    assert!(
        out.contains("<restricted-xml xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"),
        "{out}"
    );
    assert!(s.is_closed());
}

#[test]
fn forged_from_is_invalid_from() {
    let now = Instant::now();
    let mut s = login(now, "alice");
    s.handle_input(
        now,
        b"<message from='bob@example.com/x' to='carol@example.com'/>",
    );
    assert!(transmit(&mut s).contains("<invalid-from"));
    assert!(s.is_closed());
}

#[test]
fn malformed_iq_gets_a_stanza_error_and_the_stream_survives() {
    let now = Instant::now();
    let mut s = login(now, "alice");
    s.handle_input(now, b"<iq type='get' id='q1'/>");
    let out = transmit(&mut s);
    assert!(
        out.contains("id='q1'") && out.contains("<bad-request"),
        "{out}"
    );
    assert_eq!(s.state(), C2sState::Established);
}

#[test]
fn idle_and_login_timeouts() {
    let t0 = Instant::now();
    let mut s = C2sSession::new(config(), false, t0);
    assert_eq!(s.poll_timeout(), Some(t0 + Duration::from_secs(60)));
    s.handle_timeout(t0 + Duration::from_secs(59)); // early: no-op
    assert!(!s.is_closed());
    s.handle_timeout(t0 + Duration::from_secs(60));
    assert!(transmit(&mut s).contains("<connection-timeout"));

    let mut s = login(t0, "alice");
    assert_eq!(s.poll_timeout(), Some(t0 + Duration::from_secs(300)));
    let t1 = t0 + Duration::from_secs(200);
    s.handle_input(t1, b" ");
    assert_eq!(s.poll_timeout(), Some(t1 + Duration::from_secs(300)));
    s.handle_timeout(t1 + Duration::from_secs(300));
    assert!(s.is_closed());
}

#[test]
fn starttls_hand_off() {
    let now = Instant::now();
    let mut cfg = C2sConfig::new("example.com", "s");
    cfg.tls = TlsPolicy::Required;
    let mut s = C2sSession::new(cfg, false, now);
    s.handle_input(now, OPEN.as_bytes());
    let out = transmit(&mut s);
    assert!(
        out.contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"),
        "{out}"
    );
    assert!(!out.contains("mechanisms"));
    // Plaintext bytes after <starttls/> must be discarded (RFC 6120 §5.4.3.3).
    s.handle_input(
        now,
        b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><injected/>",
    );
    assert_eq!(
        transmit(&mut s),
        "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
    );
    assert_eq!(events(&mut s), vec![C2sEvent::StartTls]);
    s.tls_established(now);
    assert!(s.is_secure());
    s.handle_input(now, OPEN.as_bytes());
    let out = transmit(&mut s);
    assert!(
        out.contains("<mechanism>PLAIN</mechanism>") && !out.contains("starttls"),
        "{out}"
    );
}

#[test]
fn deliver_is_bounded() {
    let now = Instant::now();
    let mut cfg = config();
    cfg.max_queued_outputs = 2;
    let mut s = C2sSession::new(cfg, false, now);
    assert_eq!(
        s.deliver(Stanza::Message(Message::default())),
        Err(DeliverError::NotEstablished)
    );
    s.handle_input(now, OPEN.as_bytes());
    s.handle_input(now, AUTH.as_bytes());
    let _ = events(&mut s);
    s.complete_auth(now, Ok("alice".into()));
    s.handle_input(now, OPEN.as_bytes());
    s.handle_input(now, BIND.as_bytes());
    let _ = transmit(&mut s);
    s.deliver(Stanza::Message(Message::default())).unwrap();
    s.deliver(Stanza::Message(Message::default())).unwrap();
    assert_eq!(
        s.deliver(Stanza::Message(Message::default())),
        Err(DeliverError::QueueFull)
    );
}

/// Two sessions and the pubsub service wired by a tiny router, as the tokio driver does.
#[test]
fn sessions_routed_through_pubsub_service() {
    let now = Instant::now();
    let mut agent = login(now, "1001");
    let mut finesse = login(now, "finesse");
    let mut svc = PubSubService::new(ServiceConfig::new(Jid::new("pubsub.example.com").unwrap()));
    let route = |from: &mut C2sSession, to: &mut C2sSession, svc: &mut PubSubService, xml: &str| {
        from.handle_input(now, xml.as_bytes());
        for ev in events(from) {
            let C2sEvent::Stanza(st) = ev else {
                panic!("{ev:?}")
            };
            let jid = from.jid().unwrap().clone();
            svc.handle_stanza(now, &jid, st);
        }
        while let Some((dest, st)) = svc.poll_outgoing() {
            if Some(&dest) == from.jid() {
                from.deliver(st).unwrap();
            } else {
                assert_eq!(Some(&dest), to.jid());
                to.deliver(st).unwrap();
            }
        }
        (transmit(from), transmit(to))
    };
    let (a, _) = route(&mut finesse, &mut agent, &mut svc, "<iq type='set' id='c' to='pubsub.example.com'><pubsub xmlns='http://jabber.org/protocol/pubsub'><create node='/finesse/api/User/1001'/></pubsub></iq>");
    assert!(a.contains("type='result'"), "{a}");
    let (a, _) = route(&mut agent, &mut finesse, &mut svc, "<iq type='set' id='s' to='pubsub.example.com'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='/finesse/api/User/1001' jid='1001@example.com/desk'/></pubsub></iq>");
    assert!(a.contains("subscription='subscribed'"), "{a}");
    let (f, a) = route(&mut finesse, &mut agent, &mut svc, "<iq type='set' id='p' to='pubsub.example.com'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='/finesse/api/User/1001'><item id='i1'><notification xmlns='urn:xmpp:push:0'>&lt;Update&gt;&lt;event&gt;PUT&lt;/event&gt;&lt;/Update&gt;</notification></item></publish></pubsub></iq>");
    assert!(f.contains("<item id='i1'/>"), "{f}");
    assert!(a.starts_with("<message id='ps"), "{a}");
    assert!(
        a.contains("from='pubsub.example.com' to='1001@example.com/desk'"),
        "{a}"
    );
    assert!(a.contains("<items node='/finesse/api/User/1001'><item id='i1'><notification xmlns='urn:xmpp:push:0'>&lt;Update&gt;&lt;event&gt;PUT&lt;/event&gt;&lt;/Update&gt;</notification></item></items>"), "{a}");
}

#[test]
fn fan_out_shares_one_serialisation() {
    let now = Instant::now();
    let mut svc = PubSubService::new(ServiceConfig::new(Jid::new("pubsub.example.com").unwrap()));
    let owner = Jid::new("finesse@example.com").unwrap();
    svc.create_node("n", Some(&owner), NodeConfig::default())
        .unwrap();
    for i in 0..100 {
        svc.subscribe("n", &Jid::new(&format!("a{i}@example.com/r")).unwrap())
            .unwrap();
    }
    let payload = FinesseNotification::new("<Update/>").to_raw();
    svc.publish(now, &owner, "n", Item::new(None, Some(payload)))
        .unwrap();
    let mut ptrs = std::collections::HashSet::new();
    let mut ids = std::collections::HashSet::new();
    let mut n = 0;
    while let Some((to, st)) = svc.poll_outgoing() {
        let Stanza::Message(m) = st else { panic!() };
        assert_eq!(m.to.as_ref(), Some(&to));
        assert!(ids.insert(m.id.clone().unwrap()), "message ids are unique");
        let [Node::Raw(raw)] = &m.payloads[..] else {
            panic!()
        };
        ptrs.insert(raw.as_bytes().as_ptr());
        n += 1;
    }
    assert_eq!(n, 100);
    assert_eq!(ptrs.len(), 1, "every notification shares the same bytes");
}
