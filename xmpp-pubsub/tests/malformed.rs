//! Hostile input through the public API: every case ends in the protocol's own error, never
//! a panic, and memory stays bounded.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    clippy::field_reassign_with_default
)]

use std::time::Instant;

use bytes::BytesMut;
use xmpp_pubsub::*;

const OPEN: &str = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";

fn closed_with(input: &[&[u8]]) -> (Option<StreamErrorCondition>, String) {
    let now = Instant::now();
    let mut cfg = C2sConfig::new("example.com", "s");
    cfg.allow_plain_insecure = true;
    cfg.limits.max_stanza_bytes = 4096;
    let mut s = C2sSession::new(cfg, false, now);
    let mut wire = BytesMut::new();
    for chunk in input {
        s.handle_input(now, chunk);
        let _ = s.poll_transmit(&mut wire);
    }
    let mut error = None;
    while let Some(ev) = s.poll_event() {
        if let C2sEvent::Closed { error: e } = ev {
            error = e;
        }
    }
    (error, String::from_utf8_lossy(&wire).into_owned())
}

#[test]
fn billion_laughs_is_restricted_xml() {
    let (e, out) = closed_with(&[b"<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;'>]><stream:stream>"]);
    assert_eq!(e, Some(StreamErrorCondition::RestrictedXml), "{out}");
}

#[test]
fn undeclared_entity_inside_a_stanza() {
    let (e, _) = closed_with(&[OPEN.as_bytes(), b"<message><body>&lol;</body></message>"]);
    assert_eq!(e, Some(StreamErrorCondition::RestrictedXml));
}

#[test]
fn comment_and_pi_are_restricted() {
    let (e, _) = closed_with(&[OPEN.as_bytes(), b"<!-- hi -->"]);
    assert_eq!(e, Some(StreamErrorCondition::RestrictedXml));
    let (e, _) = closed_with(&[OPEN.as_bytes(), b"<message><?php x ?></message>"]);
    assert_eq!(e, Some(StreamErrorCondition::RestrictedXml));
}

#[test]
fn oversized_stanza_is_policy_violation_without_buffering_it() {
    let big = vec![b'a'; 1 << 20];
    let (e, _) = closed_with(&[OPEN.as_bytes(), b"<message><body>", &big]);
    assert_eq!(e, Some(StreamErrorCondition::PolicyViolation));
    let mut p = StreamParser::new(XmlLimits {
        max_stanza_bytes: 4096,
        ..XmlLimits::default()
    });
    p.push(OPEN.as_bytes());
    let _ = p.next_event();
    p.push(b"<message a='");
    for _ in 0..100 {
        p.push(&[b'x'; 1000]);
        if p.next_event().is_err() {
            break;
        }
    }
    assert!(p.next_event().is_err());
    assert_eq!(p.buffered(), 0, "the buffer is released on error");
}

#[test]
fn deep_nesting_and_attribute_floods() {
    let deep = "<a>".repeat(1000);
    let (e, _) = closed_with(&[OPEN.as_bytes(), b"<message>", deep.as_bytes()]);
    assert_eq!(e, Some(StreamErrorCondition::PolicyViolation));
    let attrs: String = (0..200).map(|i| format!(" a{i}='1'")).collect();
    let (e, _) = closed_with(&[OPEN.as_bytes(), format!("<message{attrs}/>").as_bytes()]);
    assert_eq!(e, Some(StreamErrorCondition::PolicyViolation));
}

#[test]
fn unbound_prefix_and_wrong_namespace() {
    let (e, _) = closed_with(&[OPEN.as_bytes(), b"<foo:message/>"]);
    assert_eq!(e, Some(StreamErrorCondition::InvalidNamespace));
    let (e, _) = closed_with(&[
        b"<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'>",
    ]);
    assert_eq!(e, Some(StreamErrorCondition::InvalidNamespace));
}

#[test]
fn not_well_formed() {
    for bad in [
        &b"<message></iq>"[..],
        b"<message a='1' a='2'/>",
        b"<message>\xff\xfe</message>",
        b"<message <x/>",
        b"text",
    ] {
        let (e, out) = closed_with(&[OPEN.as_bytes(), bad]);
        assert!(
            matches!(e, Some(StreamErrorCondition::NotWellFormed)),
            "{}: {e:?} {out}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn garbage_before_the_header() {
    let (e, out) = closed_with(&[b"\x00\x01GET / HTTP/1.1\r\n"]);
    assert!(e.is_some(), "{out}");
    assert!(out.contains("<stream:error>"));
}

#[test]
fn pubsub_bad_payloads_get_stanza_errors() {
    let now = Instant::now();
    let mut svc = PubSubService::new(ServiceConfig::new(Jid::new("pubsub.example.com").unwrap()));
    let me = Jid::new("a@example.com/r").unwrap();
    for (xml, condition) in [
        ("<pubsub xmlns='http://jabber.org/protocol/pubsub'/>", DefinedCondition::FeatureNotImplemented),
        ("<pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='n' jid='@@'/></pubsub>", DefinedCondition::BadRequest),
        ("<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='n' max_items='-1'/></pubsub>", DefinedCondition::BadRequest),
        ("<pubsub xmlns='http://jabber.org/protocol/pubsub'><bogus/></pubsub>", DefinedCondition::FeatureNotImplemented),
        ("<pubsub xmlns='http://jabber.org/protocol/pubsub'><create node='n'/><configure><x xmlns='jabber:x:data' type='submit'><field var='pubsub#max_items'><value>lots</value></field></x></configure></pubsub>", DefinedCondition::NotAcceptable),
    ] {
        let iq = Iq::set("1", Some(svc.jid().clone()), Element::parse(xml.as_bytes()).unwrap());
        svc.handle_stanza(now, &me, Stanza::Iq(iq));
        let (_, Stanza::Iq(reply)) = svc.poll_outgoing().unwrap() else { panic!() };
        let IqKind::Error { error, .. } = reply.kind else { panic!("{xml}: {reply:?}") };
        assert_eq!(error.condition, condition, "{xml}");
        assert!(svc.poll_outgoing().is_none());
    }
    assert_eq!(svc.node_count(), 0, "a refused create creates nothing");
}

#[test]
fn service_limits() {
    let now = Instant::now();
    let mut cfg = ServiceConfig::new(Jid::new("pubsub.example.com").unwrap());
    cfg.max_nodes = 2;
    cfg.max_subscriptions_per_node = 2;
    let mut svc = PubSubService::new(cfg);
    let owner = Jid::new("o@example.com").unwrap();
    svc.create_node("a", Some(&owner), NodeConfig::default())
        .unwrap();
    svc.create_node("b", Some(&owner), NodeConfig::default())
        .unwrap();
    let e = svc
        .create_node("c", Some(&owner), NodeConfig::default())
        .unwrap_err();
    assert_eq!(e.pubsub, Some(PubSubErrorCondition::MaxNodesExceeded));
    for i in 0..2 {
        svc.subscribe("a", &Jid::new(&format!("u{i}@example.com")).unwrap())
            .unwrap();
    }
    let e = svc
        .subscribe("a", &Jid::new("u9@example.com").unwrap())
        .unwrap_err();
    assert_eq!(e.pubsub, Some(PubSubErrorCondition::TooManySubscriptions));
    // max_items caps the store, oldest dropped first.
    let mut cfg = NodeConfig::default();
    cfg.max_items = 2;
    svc.set_affiliation("b", &owner, Affiliation::Owner)
        .unwrap();
    let payload = FinesseNotification::new("<Update/>").to_raw();
    let mut svc2 = PubSubService::new(ServiceConfig::new(Jid::new("ps.example.com").unwrap()));
    svc2.create_node("n", Some(&owner), cfg).unwrap();
    for i in 0..5 {
        svc2.publish(
            now,
            &owner,
            "n",
            Item::new(Some(format!("i{i}")), Some(payload.clone())),
        )
        .unwrap();
    }
    let ids: Vec<_> = svc2.items("n").into_iter().map(|i| i.id.unwrap()).collect();
    assert_eq!(ids, ["i3", "i4"]);
    // Payload too big.
    let mut small = NodeConfig::default();
    small.max_payload_size = 10;
    svc2.create_node("small", Some(&owner), small).unwrap();
    let e = svc2
        .publish(now, &owner, "small", Item::new(None, Some(payload)))
        .unwrap_err();
    assert_eq!(e.pubsub, Some(PubSubErrorCondition::PayloadTooBig));
}
