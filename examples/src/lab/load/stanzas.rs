//! The XMPP the load client sends and reads: login (XEP-0206 SASL PLAIN, bind, session),
//! presence, pubsub create/subscribe/publish, and the pubsub event decoder. No I/O.

use base64::Engine as _;
use bytes::{BufMut, Bytes, BytesMut};
use xmpp_pubsub::{
    ns, Bind, Element, FinesseNotification, Iq, IqKind, Item, Jid, PubSub, PubSubEvent, RawXml,
    Sasl, Stanza,
};

/// The local name of a payload's root element (`features` for `<stream:features …>`), or
/// `None` when the bytes do not start with a tag.
pub(crate) fn root_name(payload: &[u8]) -> Option<&str> {
    let rest = payload.strip_prefix(b"<")?;
    let end = rest
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        .unwrap_or(rest.len());
    let qname = std::str::from_utf8(&rest[..end]).ok()?;
    let local = qname.rsplit(':').next().unwrap_or(qname);
    (!local.is_empty()).then_some(local)
}

/// Whether a `<stream:features/>` payload offers resource binding.
pub(crate) fn features_offer_bind(payload: &[u8]) -> bool {
    contains(payload, ns::BIND.as_bytes())
}

/// Whether a `<stream:features/>` payload offers SASL PLAIN.
pub(crate) fn features_offer_plain(payload: &[u8]) -> bool {
    contains(payload, b">PLAIN<")
}

/// Byte-substring search.
pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(hay, needle).is_some()
}

/// How many `<item>` elements a payload carries, counted on the raw bytes without parsing
/// (an item's own payload is escaped text or namespaced elements, never a bare `<item`).
pub(crate) fn count_items(payload: &[u8]) -> usize {
    memchr::memmem::find_iter(payload, b"<item")
        .filter(|&at| {
            matches!(
                payload.get(at + 5),
                Some(b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r')
            )
        })
        .count()
}

/// `<auth mechanism='PLAIN'>` for `user` / `password` (RFC 4616, empty authzid).
pub(crate) fn sasl_plain(user: &str, password: &str) -> Bytes {
    let mut msg = Vec::with_capacity(user.len() + password.len() + 2);
    msg.push(0);
    msg.extend_from_slice(user.as_bytes());
    msg.push(0);
    msg.extend_from_slice(password.as_bytes());
    let b64 = base64::engine::general_purpose::STANDARD.encode(msg);
    let mut out = BytesMut::with_capacity(b64.len() + 80);
    out.put_slice(b"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>");
    out.put_slice(b64.as_bytes());
    out.put_slice(b"</auth>");
    out.freeze()
}

/// The outcome of SASL, when `payload` is a SASL `<success/>` or `<failure/>`.
pub(crate) fn sasl_outcome(payload: &[u8]) -> Option<Result<(), String>> {
    match root_name(payload)? {
        "success" => Some(Ok(())),
        "failure" => {
            let reason = Element::parse(payload)
                .ok()
                .and_then(|el| Sasl::from_element(&el).ok())
                .map(|s| match s {
                    Sasl::Failure { condition, .. } => format!("{condition:?}"),
                    other => format!("{other:?}"),
                })
                .unwrap_or_else(|| String::from_utf8_lossy(payload).into_owned());
            Some(Err(reason))
        }
        _ => None,
    }
}

/// A resource-bind request with id `id`.
pub(crate) fn bind_request(id: &str, resource: &str) -> Bytes {
    Stanza::Iq(Iq::set(
        id,
        None,
        Bind::Request {
            resource: Some(resource.to_owned()),
        }
        .to_element(),
    ))
    .to_bytes()
}

/// The legacy session request (RFC 3921) with id `id`; servers that do not need it answer
/// it anyway.
pub(crate) fn session_request(id: &str) -> Bytes {
    Stanza::Iq(Iq::set(id, None, Element::new("session", ns::SESSION))).to_bytes()
}

/// Initial presence, priority 0 (Finesse wants a non-negative priority).
pub(crate) fn initial_presence() -> Bytes {
    Bytes::from_static(b"<presence xmlns='jabber:client'><priority>0</priority></presence>")
}

/// Subscribe `jid` to `node` at `service`.
pub(crate) fn subscribe(id: &str, service: &Jid, node: &str, jid: &Jid) -> Bytes {
    let ps = PubSub::Subscribe {
        node: node.to_owned(),
        jid: jid.clone(),
        options: None,
    };
    Stanza::Iq(Iq::set(id, Some(service.clone()), ps.to_element())).to_bytes()
}

/// Create `node` at `service` with the service's default configuration.
pub(crate) fn create_node(id: &str, service: &Jid, node: &str) -> Bytes {
    let ps = PubSub::Create {
        node: Some(node.to_owned()),
        config: None,
    };
    Stanza::Iq(Iq::set(id, Some(service.clone()), ps.to_element())).to_bytes()
}

/// Publish one item `item_id` on `node` whose payload is a Finesse `<notification>` carrying
/// an `<Update>` with `marker` as its requestId.
pub(crate) fn publish(id: &str, service: &Jid, node: &str, item_id: &str, marker: &str) -> Bytes {
    let item = Item::new(
        Some(item_id.to_owned()),
        Some(FinesseNotification::new(fanout_update(node, marker)).to_raw()),
    );
    let ps = PubSub::Publish {
        node: node.to_owned(),
        items: vec![item],
        options: None,
    };
    Stanza::Iq(Iq::set(id, Some(service.clone()), ps.to_element())).to_bytes()
}

/// The `<Update>` document a fan-out publish carries (`marker` is its requestId).
pub fn fanout_update(node: &str, marker: &str) -> String {
    let mut source = String::with_capacity(node.len());
    for c in node.chars() {
        match c {
            '<' => source.push_str("&lt;"),
            '>' => source.push_str("&gt;"),
            '&' => source.push_str("&amp;"),
            c => source.push(c),
        }
    }
    format!(
        "<Update><data><loadTest><marker>{marker}</marker></loadTest></data><event>PUT</event>\
         <requestId>{marker}</requestId><source>{source}</source></Update>"
    )
}

/// Parses a payload as a `jabber:client` stanza; a stanza without its own `xmlns` (some
/// connection managers leave it to the `<body/>`'s default) is read as `jabber:client`.
pub(crate) fn parse_stanza(payload: &[u8]) -> Option<Stanza> {
    if let Ok(s) = Stanza::parse(payload) {
        return Some(s);
    }
    let name = root_name(payload)?;
    if !matches!(name, "iq" | "message" | "presence") {
        return None;
    }
    // Only a root without any default namespace declaration is retried.
    let head_end = payload.iter().position(|b| *b == b'>')?;
    if contains(&payload[..head_end], b"xmlns=") {
        return None;
    }
    let split = 1 + name.len();
    let mut fixed = Vec::with_capacity(payload.len() + 24);
    fixed.extend_from_slice(&payload[..split]);
    fixed.extend_from_slice(b" xmlns='jabber:client'");
    fixed.extend_from_slice(&payload[split..]);
    Stanza::parse(&fixed).ok()
}

/// The answer to IQ `id`: `Ok(payload)` for a result, `Err(text)` for an error.
pub(crate) fn iq_answer(stanza: &Stanza, id: &str) -> Option<Result<Option<Element>, String>> {
    let Stanza::Iq(iq) = stanza else {
        return None;
    };
    if iq.id != id {
        return None;
    }
    match &iq.kind {
        IqKind::Result(p) => Some(Ok(p.clone())),
        IqKind::Error { error, .. } => Some(Err(format!("{error:?}"))),
        _ => None,
    }
}

/// The JID a bind result assigned.
pub(crate) fn bound_jid(payload: Option<&Element>) -> Option<Jid> {
    match Bind::from_element(payload?) {
        Ok(Bind::Result(jid)) => Some(jid),
        _ => None,
    }
}

/// A published item as a subscriber received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReceivedItem {
    /// The node it was published on.
    pub(crate) node: String,
    /// The item id, if the service sent one.
    pub(crate) id: Option<String>,
    /// The payload as serialised XML.
    pub(crate) payload: Option<RawXml>,
}

impl ReceivedItem {
    /// The Finesse `<Update>` document inside the payload, if it is a `<notification>`.
    pub(crate) fn update_xml(&self) -> Option<String> {
        FinesseNotification::from_raw(self.payload.as_ref()?)
            .ok()
            .map(|n| n.update_xml)
    }

    /// Whether the item id is `marker` or the payload contains it.
    pub(crate) fn carries(&self, marker: &str) -> bool {
        self.id.as_deref() == Some(marker)
            || self
                .payload
                .as_ref()
                .is_some_and(|p| contains(p.as_bytes(), marker.as_bytes()))
    }
}

/// The pubsub items a `<message/>` event carries (empty for any other stanza).
pub(crate) fn event_items(stanza: &Stanza) -> Vec<ReceivedItem> {
    let Stanza::Message(m) = stanza else {
        return Vec::new();
    };
    let Some(ev) = m.payload("event", ns::PUBSUB_EVENT) else {
        return Vec::new();
    };
    match PubSubEvent::from_element(ev) {
        Ok(PubSubEvent::Items { node, items }) => items
            .into_iter()
            .map(|i| ReceivedItem {
                node: node.clone(),
                id: i.id,
                payload: i.payload,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The text of the first `<tag>…</tag>` in an XML document (tests look into `<Update>`s).
#[cfg(test)]
fn first_text<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = xml.find(&open)? + open.len();
    let len = xml[start..].find(&close)?;
    Some(&xml[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_counted_on_the_raw_bytes() {
        let one = b"<message><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='n'><item id='1'>&lt;Update/&gt;</item></items></event></message>";
        assert_eq!(count_items(one), 1);
        let two = b"<items node='n'><item id='1'/><item>x</item></items>";
        assert_eq!(count_items(two), 2);
        assert_eq!(count_items(b"<items node='n'/>"), 0);
        assert_eq!(count_items(b""), 0);
        assert!(contains(b"abc fanout-1 def", b"fanout-1"));
        assert!(!contains(b"abc", b""));
        assert!(!contains(b"ab", b"abc"));
    }

    #[test]
    fn root_names() {
        assert_eq!(
            root_name(b"<stream:features><x/></stream:features>"),
            Some("features")
        );
        assert_eq!(root_name(b"<success xmlns='x'/>"), Some("success"));
        assert_eq!(root_name(b"<iq/>"), Some("iq"));
        assert_eq!(root_name(b"text"), None);
        assert_eq!(root_name(b"<"), None);
    }

    #[test]
    fn plain_auth_encodes_authcid_and_password() {
        let auth = sasl_plain("load1", "secret");
        let el = Element::parse(&auth).unwrap();
        match Sasl::from_element(&el).unwrap() {
            Sasl::Auth { mechanism, initial } => {
                assert_eq!(mechanism, "PLAIN");
                assert_eq!(initial, b"\0load1\0secret");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sasl_outcomes() {
        assert_eq!(
            sasl_outcome(b"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"),
            Some(Ok(()))
        );
        let f = sasl_outcome(
            b"<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>",
        );
        assert!(
            matches!(f, Some(Err(ref e)) if e.contains("NotAuthorized")),
            "{f:?}"
        );
        assert_eq!(
            sasl_outcome(b"<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"),
            None
        );
    }

    #[test]
    fn features_detection() {
        let prosody = b"<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><required/></bind></stream:features>";
        assert!(features_offer_bind(prosody));
        let sasl = b"<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms></stream:features>";
        assert!(features_offer_plain(sasl));
        assert!(!features_offer_bind(sasl));
    }

    #[test]
    fn bind_result_is_read() {
        let reply = parse_stanza(b"<iq type='result' id='b1' xmlns='jabber:client'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>load1@localhost/load</jid></bind></iq>").unwrap();
        let payload = iq_answer(&reply, "b1").unwrap().unwrap();
        assert_eq!(
            bound_jid(payload.as_ref()).map(|j| j.as_str().to_owned()),
            Some("load1@localhost/load".to_owned())
        );
        assert!(iq_answer(&reply, "other").is_none());
    }

    #[test]
    fn stanza_without_namespace_is_read_as_jabber_client() {
        let s = parse_stanza(b"<iq type='result' id='s1'/>").unwrap();
        assert!(matches!(iq_answer(&s, "s1"), Some(Ok(None))));
        let err = parse_stanza(b"<iq type='error' id='c1' xmlns='jabber:client'><error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>").unwrap();
        assert!(matches!(iq_answer(&err, "c1"), Some(Err(_))));
        assert!(parse_stanza(b"<foo/>").is_none());
        assert!(parse_stanza(b"not xml").is_none());
    }

    #[test]
    fn prosody_event_is_decoded_and_matched() {
        let marker = "fanout-42";
        let wire = format!(
            "<message type='headline' from='pubsub.localhost' to='load1@localhost/load' id='x' xmlns='jabber:client'>\
             <event xmlns='http://jabber.org/protocol/pubsub#event'><items node='load'>\
             <item id='{marker}'><notification xmlns='urn:xmpp:push:0'>&lt;Update&gt;&lt;requestId&gt;{marker}&lt;/requestId&gt;&lt;/Update&gt;</notification></item>\
             </items></event></message>"
        );
        let s = parse_stanza(wire.as_bytes()).unwrap();
        let items = event_items(&s);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].node, "load");
        assert!(items[0].carries(marker));
        assert!(!items[0].carries("fanout-43"));
        let update = items[0].update_xml().unwrap();
        assert_eq!(first_text(&update, "requestId"), Some(marker));
    }

    #[test]
    fn publish_round_trips_through_the_decoder() {
        let service = Jid::new("pubsub.localhost").unwrap();
        let bytes = publish("p1", &service, "/finesse/api/User/1", "i1", "m-1");
        let Stanza::Iq(iq) = parse_stanza(&bytes).unwrap() else {
            panic!()
        };
        let IqKind::Set(el) = iq.kind else { panic!() };
        match PubSub::from_element(&el).unwrap() {
            PubSub::Publish { node, items, .. } => {
                assert_eq!(node, "/finesse/api/User/1");
                let item = ReceivedItem {
                    node,
                    id: items[0].id.clone(),
                    payload: items[0].payload.clone(),
                };
                let update = item.update_xml().unwrap();
                assert_eq!(first_text(&update, "requestId"), Some("m-1"));
                assert_eq!(first_text(&update, "source"), Some("/finesse/api/User/1"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn first_text_finds_update_fields() {
        let u = "<Update><data><user><state>READY</state></user></data><event>PUT</event><requestId>r1</requestId></Update>";
        assert_eq!(first_text(u, "state"), Some("READY"));
        assert_eq!(first_text(u, "requestId"), Some("r1"));
        assert_eq!(first_text(u, "missing"), None);
        assert_eq!(first_text("<a>unterminated", "a"), None);
    }
    /// The login script the load client sends, played against the project's own c2s state
    /// machine (XEP-0206 mode: elements and restarts, no bytes): every step is accepted and
    /// every answer is read back by the client-side helpers.
    #[test]
    #[allow(clippy::disallowed_methods)]
    fn login_script_is_accepted_by_a_c2s_session() {
        use xmpp_pubsub::{C2sConfig, C2sEvent, C2sOutput, C2sSession, C2sState, StreamHeader};
        let now = std::time::Instant::now();
        let header = || StreamHeader {
            to: Some("localhost".into()),
            version: Some("1.0".into()),
            ..StreamHeader::default()
        };
        let elements = |s: &mut C2sSession| -> Vec<Bytes> {
            std::iter::from_fn(|| s.poll_output())
                .filter_map(|o| match o {
                    C2sOutput::Element(e) => Some(e.to_bytes()),
                    C2sOutput::Stanza(st) => Some(st.to_bytes()),
                    _ => None,
                })
                .collect()
        };
        let mut s = C2sSession::new(C2sConfig::new("localhost", "sid1"), true, now);
        s.handle_stream_open(now, header());
        let features = elements(&mut s);
        assert!(features
            .iter()
            .any(|f| root_name(f) == Some("features") && features_offer_plain(f)));

        s.handle_element(now, Element::parse(&sasl_plain("load1", "pw")).unwrap());
        match s.poll_event() {
            Some(C2sEvent::Authenticate(c)) => {
                assert_eq!((c.authcid.as_str(), c.password.as_str()), ("load1", "pw"))
            }
            other => panic!("{other:?}"),
        }
        s.complete_auth(now, Ok("load1".into()));
        let out = elements(&mut s);
        assert!(
            out.iter().any(|o| sasl_outcome(o) == Some(Ok(()))),
            "{out:?}"
        );

        s.handle_stream_open(now, header()); // the BOSH restart
        let out = elements(&mut s);
        assert!(out
            .iter()
            .any(|f| root_name(f) == Some("features") && features_offer_bind(f)));

        s.handle_element(now, Element::parse(&bind_request("bind1", "load")).unwrap());
        let out = elements(&mut s);
        let jid = out
            .iter()
            .filter_map(|o| parse_stanza(o))
            .find_map(|st| iq_answer(&st, "bind1"))
            .and_then(|a| bound_jid(a.ok()?.as_ref()))
            .unwrap();
        assert_eq!(jid.as_str(), "load1@localhost/load");
        assert_eq!(s.state(), C2sState::Established);

        s.handle_element(now, Element::parse(&session_request("sess2")).unwrap());
        let out = elements(&mut s);
        assert!(out
            .iter()
            .filter_map(|o| parse_stanza(o))
            .any(|st| iq_answer(&st, "sess2").is_some()));

        let service = Jid::new("pubsub.localhost").unwrap();
        s.handle_element(
            now,
            Element::parse(&subscribe("sub3", &service, "load", &jid)).unwrap(),
        );
        let routed = std::iter::from_fn(|| s.poll_event()).find_map(|e| match e {
            C2sEvent::Stanza(Stanza::Iq(iq)) => Some(iq),
            _ => None,
        });
        let iq = routed.unwrap();
        assert_eq!(iq.to.as_ref().map(Jid::as_str), Some("pubsub.localhost"));
        let IqKind::Set(el) = iq.kind else { panic!() };
        assert!(matches!(
            PubSub::from_element(&el).unwrap(),
            PubSub::Subscribe { ref node, ref jid, .. } if node == "load" && jid.as_str() == "load1@localhost/load"
        ));
    }
}
