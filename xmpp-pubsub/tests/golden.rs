//! Golden request/response cases after the XEP-0060 examples (`testdata/xep0060`), and the
//! Finesse notification capture shape (`testdata/finesse`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::path::Path;
use std::time::Instant;

use xmpp_pubsub::*;

fn strip_ws(mut el: Element) -> Element {
    let nodes = el.take_nodes();
    for n in nodes {
        match n {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Element(e) => el.push(Node::Element(strip_ws(e))),
            Node::Raw(r) => el.push(Node::Element(strip_ws(r.to_element().unwrap()))),
            other => el.push(other),
        }
    }
    el
}

/// `expected` matches `actual`, with `'*'` wildcards (see testdata/README.md).
fn matches(expected: &Element, actual: &Element, path: &str) -> Result<(), String> {
    if expected.name() != actual.name() || expected.ns() != actual.ns() {
        return Err(format!(
            "{path}: expected <{} xmlns='{}'>, got <{} xmlns='{}'>",
            expected.name(),
            expected.ns(),
            actual.name(),
            actual.ns()
        ));
    }
    let path = format!("{path}/{}", expected.name());
    let mut ea: Vec<_> = expected.attrs().to_vec();
    let mut aa: Vec<_> = actual.attrs().to_vec();
    ea.sort();
    aa.sort();
    if ea.len() != aa.len() {
        return Err(format!("{path}: attributes {ea:?} vs {aa:?}"));
    }
    for ((ek, ev), (ak, av)) in ea.iter().zip(&aa) {
        if ek != ak || (ev != "*" && ev != av) {
            return Err(format!("{path}: attributes {ea:?} vs {aa:?}"));
        }
    }
    if let [Node::Text(t)] = expected.nodes() {
        if t == "*" {
            return Ok(());
        }
    }
    let en = expected.nodes();
    let an = actual.nodes();
    if en.len() != an.len() {
        return Err(format!(
            "{path}: {} children expected, {} found: {actual:?}",
            en.len(),
            an.len()
        ));
    }
    for (e, a) in en.iter().zip(an) {
        match (e, a) {
            (Node::Element(e), Node::Element(a)) => matches(e, a, &path)?,
            (Node::Text(e), Node::Text(a)) if e == "*" || e == a => {}
            _ => return Err(format!("{path}: {e:?} vs {a:?}")),
        }
    }
    Ok(())
}

fn jid(s: &str) -> Jid {
    Jid::new(s).unwrap()
}

fn fixture(now: Instant) -> PubSubService {
    let mut svc = PubSubService::new(ServiceConfig::new(jid("pubsub.shakespeare.lit")));
    let hamlet = jid("hamlet@denmark.lit");
    svc.create_node("princely_musings", Some(&hamlet), NodeConfig::default())
        .unwrap();
    svc.subscribe("princely_musings", &jid("francisco@denmark.lit/barracks"))
        .unwrap();
    let atom = Element::parse(
        b"<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>",
    )
    .unwrap();
    svc.publish(
        now,
        &jid("hamlet@denmark.lit/elsinore"),
        "princely_musings",
        Item::new(
            Some("ae890ac52d0df67ed7cfdf51b644e901".into()),
            Some(RawXml::from_element(&atom)),
        ),
    )
    .unwrap();
    while svc.poll_outgoing().is_some() {}
    svc
}

fn run_case(path: &Path) -> Result<(), String> {
    let now = Instant::now();
    let case = strip_ws(Element::parse(&std::fs::read(path).unwrap()).map_err(|e| e.to_string())?);
    let mut svc = fixture(now);
    let mut actual = Vec::new();
    let mut expected = Vec::new();
    for child in case.children() {
        if child.name() == "expect" {
            expected.extend(child.children().cloned());
            continue;
        }
        let stanza = Stanza::from_element(child.clone()).map_err(|e| e.to_string())?;
        let from = stanza.from().cloned().ok_or("request without from")?;
        svc.handle_stanza(now, &from, stanza);
        while let Some((to, out)) = svc.poll_outgoing() {
            if out.to() != Some(&to) {
                return Err(format!(
                    "destination {to} differs from stanza to {:?}",
                    out.to()
                ));
            }
            // Serialise and re-parse: what goes on the wire is what is compared.
            let el = strip_ws(Element::parse(&out.to_bytes()).map_err(|e| e.to_string())?);
            actual.push(el);
        }
    }
    if actual.len() != expected.len() {
        return Err(format!(
            "{} stanzas expected, {} emitted: {actual:#?}",
            expected.len(),
            actual.len()
        ));
    }
    for (i, (e, a)) in expected.iter().zip(&actual).enumerate() {
        matches(e, a, &format!("#{i}"))?;
    }
    Ok(())
}

#[test]
fn xep0060_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/xep0060");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "test data missing");
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            run_case(f)
                .err()
                .map(|e| format!("{}: {e}", f.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn finesse_user_update_event_parses_and_round_trips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/finesse");
    let wire = std::fs::read(dir.join("user-update-event.xml")).unwrap();
    let update = std::fs::read_to_string(dir.join("user-update.txt")).unwrap();
    let Stanza::Message(m) = Stanza::parse(&wire).unwrap() else {
        panic!("not a message")
    };
    assert_eq!(m.to.as_ref().unwrap().as_str(), "1001@finesse.example.com");
    assert_eq!(m.message_type, None, "Finesse (Openfire) sends no type");
    let event = PubSubEvent::from_element(m.payload("event", ns::PUBSUB_EVENT).unwrap()).unwrap();
    let PubSubEvent::Items { node, items } = &event else {
        panic!("{event:?}")
    };
    assert_eq!(node, "/finesse/api/User/1001");
    assert_eq!(
        items[0].id.as_deref(),
        Some("a6ca891f-8b34-443f-8c7d-dac020d41838330")
    );
    let n = FinesseNotification::from_raw(items[0].payload.as_ref().unwrap()).unwrap();
    assert_eq!(n.ns, ns::FINESSE_NOTIFICATION);
    assert_eq!(n.update_xml, update);
    // Serialising the parsed message gives back the same bytes (modulo quote style).
    let again = Stanza::Message(m.clone()).to_bytes();
    assert_eq!(Stanza::parse(&again).unwrap(), Stanza::Message(m));
    // The 11.x namespace is accepted too.
    let legacy = Element::new("notification", ns::PUBSUB).text("<Update/>");
    assert_eq!(
        FinesseNotification::from_element(&legacy)
            .unwrap()
            .update_xml,
        "<Update/>"
    );
}
