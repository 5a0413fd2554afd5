//! Property tests: every body round-trips through encode/decode; arbitrary and mutated
//! input never panics the decoder or the connection manager.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::time::{Duration, Instant};

use bosh::{Body, BodyType, BoshServer, Condition, ServerConfig, Version, MAX_RID};
use bytes::Bytes;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    "[ -~àé€\t\n]{0,12}"
}

fn opt<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    prop::option::of(s)
}

fn condition() -> impl Strategy<Value = Condition> {
    prop_oneof![
        Just(Condition::BadRequest),
        Just(Condition::ItemNotFound),
        Just(Condition::PolicyViolation),
        Just(Condition::RemoteStreamError),
        Just(Condition::SystemShutdown),
        Just(Condition::SeeOtherUri),
        "x-[a-z]{1,8}".prop_map(Condition::Other),
    ]
}

const PAYLOADS: &[&str] = &[
    "<message xmlns='jabber:client' to='a@b'><body>x &amp; y &lt;z&gt; &#233;</body></message>",
    "<presence xmlns='jabber:client'/>",
    "<iq xmlns='jabber:client' type='get' id='1'><query xmlns='jabber:iq:roster'/></iq>",
    "<a><b><c>deep</c></b></a>",
    "<x y=\"1\"><![CDATA[raw <text>]]></x>",
];
const STREAM_PAYLOADS: &[&str] = &[
    "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>",
    "<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>",
];

prop_compose! {
    fn body()(
        a in (opt(1..=MAX_RID), opt(text()), opt(text()), opt(text()), opt(text()),
              opt((0u16..20, 0u16..20).prop_map(|(a, b)| Version::new(a, b))),
              opt(any::<u16>()), opt(any::<u8>()), opt(any::<u8>()), opt(any::<u16>())),
        b in (opt(any::<u16>()), opt(any::<u16>()), opt(any::<u16>()), opt(0..=MAX_RID),
              opt(0..=MAX_RID), opt(any::<u32>()),
              opt(prop_oneof![Just(BodyType::Terminate), Just(BodyType::Error)]),
              opt(condition()), opt(text()), opt(text())),
        c in (opt(text()), opt(text()), opt(text()), opt(text()), opt(any::<bool>()),
              opt(text()), opt(text()), opt(text()), any::<bool>(), any::<bool>()),
        stream_ns in any::<bool>(),
        picks in prop::collection::vec(0usize..7, 0..5),
        extra_ns in opt(text()),
    ) -> Body {
        let namespaces: Vec<(String, String)> =
            extra_ns.map(|t| ("a".to_owned(), format!("urn:{t}"))).into_iter().collect();
        let mut payloads: Vec<Bytes> = picks
            .into_iter()
            .filter_map(|i| match i {
                0..=4 => Some(PAYLOADS[i]),
                _ if stream_ns => Some(STREAM_PAYLOADS[i - 5]),
                _ => None,
            })
            .map(|s: &'static str| Bytes::from_static(s.as_bytes()))
            .collect();
        if !namespaces.is_empty() {
            payloads.push(Bytes::from_static(b"<a:x/>"));
        }
        Body {
            rid: a.0, sid: a.1, to: a.2, from: a.3, lang: a.4, ver: a.5, wait: a.6, hold: a.7,
            requests: a.8, polling: a.9,
            inactivity: b.0, maxpause: b.1, pause: b.2, ack: b.3, report: b.4, time: b.5,
            body_type: b.6, condition: b.7, route: b.8, content: b.9,
            accept: c.0, charsets: c.1, authid: c.2, stream: c.3, secure: c.4, newkey: c.5,
            key: c.6, xmpp_version: c.7, xmpp_restart: c.8, xmpp_restartlogic: c.9,
            stream_ns,
            namespaces,
            payloads,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn encode_then_decode_is_identity(b in body()) {
        let wire = b.to_bytes();
        let back = Body::parse(wire.clone());
        prop_assert_eq!(back.as_ref(), Ok(&b), "{}", String::from_utf8_lossy(&wire));
        // And bytes -> value -> bytes is stable.
        prop_assert_eq!(back.unwrap().to_bytes(), wire);
    }

    #[test]
    fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Body::parse(Bytes::from(data));
    }

    #[test]
    fn mutated_bodies_never_panic(b in body(), cut in any::<prop::sample::Index>(), flip in any::<u8>()) {
        let mut wire = b.to_bytes().to_vec();
        if !wire.is_empty() {
            let i = cut.index(wire.len());
            wire[i] ^= flip;
            let _ = Body::parse(Bytes::from(wire.clone()));
            wire.truncate(i);
            let _ = Body::parse(Bytes::from(wire));
        }
    }

    #[test]
    fn server_survives_any_request_sequence(
        reqs in prop::collection::vec((0u8..6, 0u64..8, prop::collection::vec(any::<u8>(), 0..64)), 1..40),
    ) {
        let mut s = BoshServer::new(ServerConfig::default());
        let mut now = Instant::now();
        let mut sid = String::new();
        for (kind, k, junk) in reqs {
            let body = match kind {
                0 => format!("<body xmlns='http://jabber.org/protocol/httpbind' rid='{}' ver='1.6' hold='1'/>", 100 + k),
                1 => format!("<body xmlns='http://jabber.org/protocol/httpbind' rid='{}' sid='{sid}'><m/></body>", 100 + k),
                2 => format!("<body xmlns='http://jabber.org/protocol/httpbind' rid='{}' sid='{sid}' pause='5'/>", 100 + k),
                3 => format!("<body xmlns='http://jabber.org/protocol/httpbind' rid='{}' sid='{sid}' type='terminate'/>", 100 + k),
                4 => { now += Duration::from_secs(k * 10); s.handle_timeout(now); continue; }
                _ => String::from_utf8_lossy(&junk).into_owned(),
            };
            s.handle_request(now, Bytes::from(body), false);
            while let Some(ev) = s.poll_event() {
                if let bosh::ServerEvent::SessionCreated(info) = ev {
                    sid = info.sid.to_string();
                    let _ = s.send(now, info.sid, Bytes::from_static(b"<stream:features/>"));
                }
            }
            while let Some(r) = s.poll_response() {
                if !r.close_connection && r.status == 200 {
                    prop_assert!(Body::parse(r.body).is_ok(), "every response parses");
                }
            }
        }
    }
}
