//! Hostile input through the public API: typed errors, no panic, other sessions unharmed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::time::Instant;

use bosh::{Body, BodyError, BoshServer, Condition, ServerConfig, ServerEvent};
use bytes::Bytes;

const NS: &str = "xmlns='http://jabber.org/protocol/httpbind'";

fn parse(s: String) -> Result<Body, BodyError> {
    Body::parse(Bytes::from(s))
}

#[test]
fn billion_laughs_is_refused_at_the_dtd() {
    let doc = format!("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;'>]><body {NS}><m>&lol2;</m></body>");
    assert!(matches!(
        parse(doc),
        Err(BodyError::Forbidden { what: "DTD", .. })
    ));
}

#[test]
fn deep_nesting_is_refused() {
    let doc = format!(
        "<body {NS}>{}{}</body>",
        "<a>".repeat(10_000),
        "</a>".repeat(10_000)
    );
    assert!(matches!(
        parse(doc),
        Err(BodyError::TooDeep { max: 32, .. })
    ));
}

#[test]
fn many_children_and_attributes_are_refused() {
    assert!(matches!(
        parse(format!("<body {NS}>{}</body>", "<a/>".repeat(257))),
        Err(BodyError::TooManyChildren { max: 256 })
    ));
    let attrs: String = (0..65).map(|i| format!(" a{i}='1'")).collect();
    assert!(matches!(
        parse(format!("<body {NS}><m{attrs}/></body>")),
        Err(BodyError::TooManyAttributes { .. })
    ));
}

#[test]
fn duplicate_attributes_and_bad_utf8_are_typed_errors() {
    assert!(matches!(
        parse(format!("<body {NS} rid='1' rid='2'/>")),
        Err(BodyError::Xml { .. })
    ));
    let mut raw = format!("<body {NS}><m>").into_bytes();
    raw.extend_from_slice(&[0xff, 0xfe]);
    raw.extend_from_slice(b"</m></body>");
    assert!(
        matches!(Body::parse(Bytes::from(raw)), Err(BodyError::Xml { offset, .. }) if offset > 0)
    );
}

#[test]
fn errors_say_where() {
    let e = parse(format!("<body {NS}>text</body>")).unwrap_err();
    assert!(e.to_string().contains("byte"), "{e}");
    assert_eq!(e.condition(), Condition::BadRequest);
}

#[test]
fn garbage_does_not_disturb_other_sessions() {
    let mut s = BoshServer::new(ServerConfig::default());
    let now = Instant::now();
    s.handle_request(
        now,
        Bytes::from(format!("<body {NS} rid='10' ver='1.6'/>")),
        false,
    );
    let Some(ServerEvent::SessionCreated(info)) = s.poll_event() else {
        panic!()
    };
    s.send(now, info.sid, Bytes::from_static(b"<f/>")).unwrap();
    let _ = s.poll_response().unwrap();
    for junk in [
        &b"\x00\x01\x02"[..],
        b"<body",
        b"<?xml version='1.0'?>",
        b"<body xmlns='http://jabber.org/protocol/httpbind' rid='99999999999999999999'/>",
        b"<body xmlns='http://jabber.org/protocol/httpbind' sid='zz' rid='1'/>",
    ] {
        s.handle_request(now, Bytes::copy_from_slice(junk), false);
        let r = s.poll_response().unwrap();
        assert!(Body::parse(r.body).unwrap().is_terminate());
    }
    assert!(s.has_session(info.sid));
    let next = format!("<body {NS} rid='11' sid='{}'><m/></body>", info.sid);
    s.handle_request(now, Bytes::from(next), false);
    assert!(matches!(s.poll_event(), Some(ServerEvent::Stanza { .. })));
}
