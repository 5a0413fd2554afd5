//! Entry points for the cargo-fuzz targets in `fuzz/` (compiled only with `--cfg fuzzing`).
//! Each asserts invariants, not just "no panic".

use std::time::{Duration, Instant};

use crate::codec::element::{Element, RawXml};
use crate::codec::jid::Jid;
use crate::codec::limits::XmlLimits;
use crate::codec::pubsub::Item;
use crate::codec::stanza::Stanza;
use crate::codec::stream::{StreamEvent, StreamParser};
use crate::session::node::NodeConfig;
use crate::session::service::{PubSubService, ServiceConfig};

const HEADER: &[u8] = b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

fn small_limits() -> XmlLimits {
    XmlLimits {
        max_stanza_bytes: 16 * 1024,
        max_depth: 16,
        max_attributes: 16,
    }
}

/// Every stanza that parses must serialise and parse back to the same value.
fn check_stanza(el: Element) -> Option<Stanza> {
    let stanza = Stanza::from_element(el).ok()?;
    let wire = stanza.to_bytes();
    let again = Stanza::parse(&wire).expect("a serialised stanza parses");
    assert_eq!(again, stanza, "parse(serialise(s)) == s");
    Some(stanza)
}

/// Feeds `data` (first byte: chunk size) to the stream parser after a stream header, and
/// to the standalone element parser. Elements that parse must round-trip; the parser's
/// buffer stays within its limit.
pub fn stream_parse(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    if let Ok(el) = Element::parse_with(rest, &small_limits()) {
        let again = Element::parse(&el.to_bytes()).expect("a serialised element parses");
        assert_eq!(again, el, "parse(serialise(e)) == e");
    }
    let step = usize::from(sel % 64) + 1;
    let mut p = StreamParser::new(small_limits());
    let with_header = sel & 0x80 == 0;
    if with_header {
        p.push(HEADER);
    }
    for chunk in rest.chunks(step) {
        p.push(chunk);
        assert!(
            p.buffered() <= small_limits().max_stanza_bytes + step + HEADER.len(),
            "buffer bounded"
        );
        loop {
            match p.next_event() {
                Ok(Some(StreamEvent::Element(el))) => {
                    let _ = check_stanza(el);
                }
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(_) => {
                    assert!(p.next_event().is_err(), "errors are sticky");
                    return;
                }
            }
        }
    }
}

fn jid_for(b: u8) -> Jid {
    let s = match b % 5 {
        0 => "owner@example.com/a",
        1 => "agent@example.com/desk",
        2 => "agent@example.com",
        3 => "other@example.com/x",
        _ => "finesse@example.com/app",
    };
    Jid::new(s).expect("fixed JID")
}

const NODES: [&str; 3] = [
    "/finesse/api/User/1001",
    "/finesse/api/Team/1/Users",
    "nope",
];

/// Builds one request from a few bytes (so the fuzzer reaches deep into the service), as
/// XML, to be parsed like anything a client sends.
fn template(b: &[u8]) -> String {
    let g = |i: usize| b.get(i).copied().unwrap_or(0);
    let node = NODES[usize::from(g(1)) % NODES.len()];
    let jid = jid_for(g(2));
    let id = g(3);
    let ps = "http://jabber.org/protocol/pubsub";
    let body = match g(0) % 16 {
        0 => format!("<pubsub xmlns='{ps}'><create node='{node}'/></pubsub>"),
        1 => format!("<pubsub xmlns='{ps}'><subscribe node='{node}' jid='{jid}'/></pubsub>"),
        2 => format!("<pubsub xmlns='{ps}'><unsubscribe node='{node}' jid='{jid}'/></pubsub>"),
        3 => format!("<pubsub xmlns='{ps}'><publish node='{node}'><item id='i{id}'><notification xmlns='urn:xmpp:push:0'>&lt;Update/&gt;</notification></item></publish></pubsub>"),
        4 => format!("<pubsub xmlns='{ps}'><retract node='{node}' notify='1'><item id='i{id}'/></retract></pubsub>"),
        5 => format!("<pubsub xmlns='{ps}'><items node='{node}' max_items='{}'/></pubsub>", g(4) % 4),
        6 => format!("<pubsub xmlns='{ps}'><subscriptions/></pubsub>"),
        7 => format!("<pubsub xmlns='{ps}'><affiliations/></pubsub>"),
        8 => format!("<pubsub xmlns='{ps}#owner'><delete node='{node}'/></pubsub>"),
        9 => format!("<pubsub xmlns='{ps}#owner'><purge node='{node}'/></pubsub>"),
        10 => format!("<pubsub xmlns='{ps}#owner'><configure node='{node}'><x xmlns='jabber:x:data' type='submit'><field var='pubsub#access_model'><value>{}</value></field><field var='pubsub#max_items'><value>{}</value></field></x></configure></pubsub>", ["open", "authorize", "whitelist", "roster"][usize::from(g(4)) % 4], g(5)),
        11 => format!("<pubsub xmlns='{ps}#owner'><affiliations node='{node}'><affiliation jid='{}' affiliation='{}'/></affiliations></pubsub>", jid.bare_str(), ["owner", "publisher", "member", "none", "outcast"][usize::from(g(4)) % 5]),
        12 => format!("<pubsub xmlns='{ps}#owner'><subscriptions node='{node}'><subscription jid='{jid}' subscription='{}'/></subscriptions></pubsub>", ["subscribed", "none", "pending"][usize::from(g(4)) % 3]),
        13 => format!("<pubsub xmlns='{ps}'><options node='{node}' jid='{jid}'><x xmlns='jabber:x:data' type='submit'><field var='pubsub#deliver'><value>{}</value></field></x></options></pubsub>", g(4) % 2),
        14 => format!("<query xmlns='http://jabber.org/protocol/disco#{}' node='{node}'/>", if g(4) % 2 == 0 { "info" } else { "items" }),
        _ => format!("<pubsub xmlns='{ps}#owner'><configure node='{node}'/></pubsub>"),
    };
    let ty = if g(0) % 16 >= 5 && g(0) % 16 <= 7 || g(0) % 16 == 14 || g(0) % 16 == 15 {
        "get"
    } else {
        "set"
    };
    format!("<iq type='{ty}' id='f{id}' to='pubsub.example.com'>{body}</iq>")
}

/// Drives a [`PubSubService`] with stanzas parsed from `data`: either raw XML after a stream
/// header (first byte even) or requests built from byte templates (odd). Every output must
/// serialise and re-parse, be addressed to its destination, and stay bounded.
pub fn pubsub_service(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    #[allow(clippy::disallowed_methods)]
    let mut now = Instant::now();
    let mut cfg = ServiceConfig::new(Jid::new("pubsub.example.com").expect("fixed JID"));
    cfg.max_nodes = 8;
    cfg.max_subscriptions_per_node = 8;
    cfg.max_items_cap = 8;
    cfg.admins = vec![Jid::new("finesse@example.com").expect("fixed JID")];
    let mut svc = PubSubService::new(cfg);
    let owner = jid_for(0);
    let _ = svc.create_node(NODES[0], Some(&owner), NodeConfig::default());
    let _ = svc.publish(
        now,
        &owner,
        NODES[0],
        Item::new(
            None,
            Some(RawXml::from_element(&Element::new("n", "urn:x"))),
        ),
    );
    let mut inputs: Vec<(Jid, Element)> = Vec::new();
    if mode % 2 == 0 {
        let mut p = StreamParser::new(small_limits());
        p.push(HEADER);
        p.push(rest);
        let mut k = 0u8;
        while let Ok(Some(ev)) = p.next_event() {
            if let StreamEvent::Element(el) = ev {
                inputs.push((jid_for(k), el));
                k = k.wrapping_add(1);
            }
        }
    } else {
        for chunk in rest.chunks(6) {
            let xml = template(chunk);
            let el = Element::parse(xml.as_bytes()).expect("template XML parses");
            let from = jid_for(chunk.get(5).copied().unwrap_or(0) >> 3);
            inputs.push((from, el));
        }
    }
    for (from, el) in inputs {
        let Some(stanza) = check_stanza(el) else {
            continue;
        };
        now += Duration::from_millis(10);
        svc.handle_stanza(now, &from, stanza);
        let mut n = 0;
        while let Some((to, out)) = svc.poll_outgoing() {
            n += 1;
            assert!(
                n <= 64,
                "outputs of one request bounded by the subscription limit"
            );
            assert_eq!(out.to(), Some(&to), "destination matches the stanza");
            let wire = out.to_bytes();
            Stanza::parse(&wire).expect("service output parses");
        }
        assert!(svc.node_count() <= 8, "node limit");
    }
}
