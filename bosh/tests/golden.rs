//! Golden vectors from `testdata/` (provenance in `testdata/README.md`): each decodes to the
//! expected attributes, and re-encoding decodes to the same value.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use bosh::{Body, BodyType, Condition, Version};
use bytes::Bytes;

fn load(name: &str) -> Body {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name);
    let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let body = Body::parse(Bytes::from(raw)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let again = Body::parse(body.to_bytes()).unwrap_or_else(|e| panic!("{name} re-encoded: {e}"));
    assert_eq!(
        again, body,
        "{name}: decode(encode(decode(file))) == decode(file)"
    );
    body
}

#[test]
fn every_file_in_testdata_round_trips() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut n = 0;
    for dir in ["requests", "responses"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let name = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            load(&name);
            n += 1;
        }
    }
    assert!(n >= 10, "only {n} golden files");
}

#[test]
fn strophe_creation_profile() {
    let b = load("requests/strophe-5-creation.xml");
    assert_eq!(
        (b.wait, b.hold, b.ver),
        (Some(60), Some(1), Some(Version::V1_6))
    );
    assert_eq!(b.content.as_deref(), Some("text/xml; charset=utf-8"));
    assert_eq!(b.xmpp_version.as_deref(), Some("1.0"));
    assert!(b.sid.is_none());
}

#[test]
fn cisco_desktop_creation_profile() {
    let b = load("requests/cisco-desktop-creation.xml");
    assert_eq!(
        (b.wait, b.hold, b.ver),
        (Some(30), Some(1), Some(Version::new(1, 9)))
    );
    assert_eq!(b.from.as_deref(), Some("agent1001@finesse.example.com"));
    assert!(
        Version::new(1, 11) > Version::new(1, 9),
        "minor compares as an integer"
    );
}

#[test]
fn stanza_creation_profile() {
    let b = load("requests/stanza-12-creation.xml");
    assert_eq!((b.wait, b.hold), (Some(30), Some(2)));
}

#[test]
fn auth_restart_terminate_requests() {
    let auth = load("requests/strophe-5-auth-plain.xml");
    assert!(auth.payloads[0].starts_with(b"<auth "));
    let restart = load("requests/strophe-5-restart.xml");
    assert!(restart.xmpp_restart && restart.payloads.is_empty());
    let term = load("requests/client-terminate-with-presence.xml");
    assert_eq!(term.body_type, Some(BodyType::Terminate));
    assert_eq!(term.payloads.len(), 1);
}

#[test]
fn peer_creation_responses() {
    let p = load("responses/prosody-0.12-creation.xml");
    assert_eq!(
        (p.requests, p.polling, p.inactivity),
        (Some(2), Some(5), Some(60))
    );
    assert_eq!(p.secure, Some(true));
    assert!(p.stream_ns && p.payloads[0].starts_with(b"<stream:features>"));
    assert!(!p.xmpp_restartlogic);
    let o = load("responses/openfire-creation-with-ack.xml");
    assert_eq!(o.ack, Some(1945501137));
    assert_eq!(o.maxpause, Some(300));
}

#[test]
fn remote_stream_error_and_notification() {
    let t = load("responses/terminate-remote-stream-error.xml");
    assert_eq!(t.condition, Some(Condition::RemoteStreamError));
    assert_eq!(t.payloads.len(), 2);
    assert!(t.payloads[1].starts_with(b"<stream:error>"));
    let n = load("responses/finesse-notification.xml");
    let s = std::str::from_utf8(&n.payloads[0]).unwrap();
    assert!(s.contains("node='/finesse/api/User/1001'"));
    assert!(
        s.contains("&lt;Update&gt;"),
        "payload bytes are kept verbatim"
    );
}
