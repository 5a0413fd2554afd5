//! Property tests: encode then decode gives the value back; arbitrary bytes never panic;
//! the stream parser gives the same stanzas however the input is split.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::BytesMut;
use proptest::prelude::*;
use xmpp_pubsub::*;

fn name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_-]{0,8}"
}

fn text() -> impl Strategy<Value = String> {
    // Any XML-legal characters, including markup characters that need escaping.
    "[a-zA-Z0-9 <>&'\"\t\n/=;é中]{1,24}"
}

fn ns_uri() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("urn:x:a".to_owned()),
        Just("urn:x:b".to_owned()),
        Just("jabber:client".to_owned()),
        Just(String::new()),
    ]
}

fn element() -> impl Strategy<Value = Element> {
    let leaf = (
        name(),
        ns_uri(),
        prop::collection::vec((name(), text()), 0..3),
    )
        .prop_map(|(n, ns, attrs)| {
            let mut e = Element::new(n, ns);
            for (k, v) in attrs {
                e.set_attr(k, v);
            }
            e
        });
    leaf.prop_recursive(4, 24, 4, |inner| {
        (
            name(),
            ns_uri(),
            prop::collection::vec(
                prop_oneof![inner.prop_map(Node::Element), text().prop_map(Node::Text)],
                0..4,
            ),
        )
            .prop_map(|(n, ns, children)| {
                let mut e = Element::new(n, ns);
                for c in children {
                    // Adjacent text nodes merge on parse; keep at most one in a row.
                    if matches!((&c, e.nodes().last()), (Node::Text(_), Some(Node::Text(_)))) {
                        continue;
                    }
                    e.push(c);
                }
                e
            })
    })
}

fn jid() -> impl Strategy<Value = Jid> {
    (
        proptest::option::of("[a-z0-9._-]{1,10}"),
        "[a-z0-9-]{1,10}(\\.[a-z]{2,5})?",
        proptest::option::of("[a-zA-Z0-9 /@._-]{1,12}"),
    )
        .prop_map(|(l, d, r)| Jid::from_parts(l.as_deref(), &d, r.as_deref()).unwrap())
}

fn payload() -> impl Strategy<Value = Element> {
    element().prop_map(|mut e| {
        // Stanza payloads live in a namespace of their own.
        let mut p = Element::new("x", "urn:x:payload");
        for n in e.take_nodes() {
            p.push(n);
        }
        p
    })
}

fn stanza() -> impl Strategy<Value = Stanza> {
    let id = proptest::option::of("[a-zA-Z0-9-]{1,8}");
    prop_oneof![
        (
            id.clone(),
            proptest::option::of(jid()),
            proptest::option::of(jid()),
            payload(),
            any::<bool>()
        )
            .prop_map(|(id, from, to, p, get)| Stanza::Iq(Iq {
                id: id.unwrap_or_else(|| "i".into()),
                from,
                to,
                lang: None,
                kind: if get { IqKind::Get(p) } else { IqKind::Set(p) },
            })),
        (
            id.clone(),
            proptest::option::of(jid()),
            proptest::option::of(payload())
        )
            .prop_map(|(id, to, p)| {
                Stanza::Iq(Iq {
                    id: id.unwrap_or_else(|| "r".into()),
                    from: None,
                    to,
                    lang: Some("en".into()),
                    kind: IqKind::Result(p),
                })
            }),
        (
            id.clone(),
            proptest::option::of(jid()),
            proptest::option::of(prop::sample::select(MessageType::ALL)),
            prop::collection::vec(payload(), 0..3)
        )
            .prop_map(|(id, to, t, p)| {
                let error = (t == Some(MessageType::Error)).then(|| {
                    StanzaError::new(ErrorType::Cancel, DefinedCondition::ItemNotFound)
                        .with_text("gone")
                });
                Stanza::Message(Message {
                    id,
                    from: None,
                    to,
                    message_type: t,
                    lang: None,
                    payloads: p.into_iter().map(Node::Element).collect(),
                    error,
                })
            }),
        (
            id,
            proptest::option::of(prop::sample::select(PresenceType::ALL)),
            prop::collection::vec(payload(), 0..2)
        )
            .prop_map(|(id, t, p)| {
                let error = (t == Some(PresenceType::Error))
                    .then(|| StanzaError::new(ErrorType::Auth, DefinedCondition::Forbidden));
                Stanza::Presence(Presence {
                    id,
                    presence_type: t,
                    payloads: p,
                    error,
                    ..Presence::default()
                })
            }),
    ]
}

fn raw() -> impl Strategy<Value = RawXml> {
    payload().prop_map(|e| RawXml::from_element(&e))
}

fn form() -> impl Strategy<Value = DataForm> {
    (
        prop::sample::select(FormType::ALL),
        prop::collection::vec(
            (
                name(),
                proptest::option::of(prop::sample::select(FieldType::ALL)),
                prop::collection::vec(text(), 0..3),
            ),
            0..4,
        ),
    )
        .prop_map(|(t, fields)| {
            let mut f = DataForm::new(t, Some(ns::PUBSUB_NODE_CONFIG));
            for (var, ft, values) in fields {
                f.fields.push(Field {
                    var: Some(var),
                    field_type: ft,
                    values,
                    ..Field::default()
                });
            }
            f
        })
}

fn item() -> impl Strategy<Value = Item> {
    (proptest::option::of(name()), proptest::option::of(raw())).prop_map(|(id, payload)| Item {
        id,
        publisher: None,
        payload,
    })
}

fn pubsub() -> impl Strategy<Value = PubSub> {
    prop_oneof![
        (proptest::option::of(name()), proptest::option::of(form()))
            .prop_map(|(node, config)| PubSub::Create { node, config }),
        (name(), jid()).prop_map(|(node, jid)| PubSub::Subscribe {
            node,
            jid,
            options: None
        }),
        (name(), jid(), proptest::option::of(name()))
            .prop_map(|(node, jid, subid)| PubSub::Unsubscribe { node, jid, subid }),
        (name(), jid(), prop::sample::select(SubscriptionState::ALL)).prop_map(|(node, jid, s)| {
            PubSub::Subscription(SubscriptionInfo {
                node: Some(node),
                jid,
                state: Some(s),
                subid: Some("s1".into()),
            })
        }),
        (
            name(),
            prop::collection::vec(item(), 0..3),
            proptest::option::of(form())
        )
            .prop_map(|(node, items, options)| PubSub::Publish {
                node,
                items,
                options
            }),
        (name(), any::<bool>(), prop::collection::vec(name(), 0..3))
            .prop_map(|(node, notify, ids)| PubSub::Retract { node, notify, ids }),
        (
            name(),
            proptest::option::of(0u32..100),
            prop::collection::vec(item(), 0..3)
        )
            .prop_map(|(node, max_items, items)| PubSub::Items {
                node,
                max_items,
                subid: None,
                items
            }),
        (
            proptest::option::of(name()),
            prop::collection::vec((name(), prop::sample::select(Affiliation::ALL)), 0..3)
        )
            .prop_map(|(node, list)| PubSub::Affiliations {
                node,
                list: list
                    .into_iter()
                    .map(|(n, affiliation)| AffiliationInfo {
                        node: Some(n),
                        jid: None,
                        affiliation
                    })
                    .collect()
            }),
    ]
}

fn event() -> impl Strategy<Value = PubSubEvent> {
    prop_oneof![
        (name(), prop::collection::vec(item(), 0..3))
            .prop_map(|(node, items)| PubSubEvent::Items { node, items }),
        (name(), prop::collection::vec(name(), 1..3))
            .prop_map(|(node, ids)| PubSubEvent::Retract { node, ids }),
        (name(), proptest::option::of("xmpp:[a-z]{1,5}"))
            .prop_map(|(node, redirect)| PubSubEvent::Delete { node, redirect }),
        name().prop_map(|node| PubSubEvent::Purge { node }),
        (name(), proptest::option::of(form()))
            .prop_map(|(node, form)| PubSubEvent::Configuration { node, form }),
    ]
}

const HEADER: &str = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

fn parse_stream(chunks: &[&[u8]]) -> Vec<StreamEvent> {
    let mut p = StreamParser::new(XmlLimits::default());
    let mut out = Vec::new();
    for c in chunks {
        p.push(c);
        while let Some(ev) = p.next_event().unwrap() {
            out.push(ev);
        }
    }
    out
}

proptest! {
    #[test]
    fn element_round_trip(e in element()) {
        let bytes = e.to_bytes();
        prop_assert_eq!(Element::parse(&bytes).unwrap(), e);
    }

    #[test]
    fn jid_round_trip(j in jid()) {
        prop_assert_eq!(Jid::new(j.as_str()).unwrap(), j.clone());
        prop_assert!(j.to_bare().is_bare());
        let bare = j.to_bare();
        prop_assert_eq!(bare.as_str(), j.bare_str());
    }

    #[test]
    fn stanza_round_trip(s in stanza()) {
        let bytes = s.to_bytes();
        prop_assert_eq!(Stanza::parse(&bytes).unwrap(), s);
    }

    #[test]
    fn pubsub_round_trip(p in pubsub()) {
        let wire = p.to_element().to_bytes();
        let back = PubSub::from_element(&Element::parse(&wire).unwrap()).unwrap();
        prop_assert_eq!(back, p);
    }

    #[test]
    fn event_round_trip(e in event()) {
        let wire = e.to_element().to_bytes();
        let back = PubSubEvent::from_element(&Element::parse(&wire).unwrap()).unwrap();
        prop_assert_eq!(back, e);
    }

    #[test]
    fn data_form_round_trip(f in form()) {
        let back = DataForm::from_element(&Element::parse(&f.to_element().to_bytes()).unwrap()).unwrap();
        prop_assert_eq!(back, f);
    }

    #[test]
    fn sasl_round_trip(data in prop::collection::vec(any::<u8>(), 0..64), mech in "[A-Z0-9-]{1,12}") {
        for s in [Sasl::Auth { mechanism: mech.clone(), initial: data.clone() }, Sasl::Response(data.clone()), Sasl::Challenge(data.clone())] {
            let back = Sasl::from_element(&Element::parse(&s.to_element().to_bytes()).unwrap()).unwrap();
            prop_assert_eq!(back, s);
        }
    }

    #[test]
    fn stream_every_split_same_stanzas(stanzas in prop::collection::vec(stanza(), 1..4), seed in any::<u64>()) {
        let mut wire = BytesMut::new();
        wire.extend_from_slice(HEADER.as_bytes());
        for s in &stanzas {
            s.write_to(&mut wire);
            wire.extend_from_slice(b" \n");
        }
        wire.extend_from_slice(b"</stream:stream>");
        let whole = parse_stream(&[&wire]);
        prop_assert_eq!(whole.len(), stanzas.len() + 2);
        for (ev, s) in whole[1..].iter().zip(&stanzas) {
            let StreamEvent::Element(el) = ev else { panic!("{ev:?}") };
            prop_assert_eq!(&Stanza::from_element(el.clone()).unwrap(), s);
        }
        // Two-way splits at a few positions, and a many-way split.
        let n = wire.len();
        for k in 0..8u64 {
            let at = ((seed.rotate_left(k as u32 * 8) as usize) % (n + 1)).min(n);
            prop_assert_eq!(&parse_stream(&[&wire[..at], &wire[at..]]), &whole);
        }
        let step = (seed as usize % 7) + 1;
        let chunks: Vec<&[u8]> = wire.chunks(step).collect();
        prop_assert_eq!(&parse_stream(&chunks), &whole);
    }

    #[test]
    fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Element::parse(&data);
        let _ = Stanza::parse(&data);
        let mut p = StreamParser::new(XmlLimits::default());
        p.push(HEADER.as_bytes());
        p.push(&data);
        for _ in 0..64 {
            match p.next_event() {
                Ok(Some(StreamEvent::Element(e))) => { let _ = Stanza::from_element(e); }
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => break,
            }
        }
    }

    #[test]
    fn xml_like_garbage_never_panics(data in "[<>/a-z ='\"&;#x0-9!\\[\\]?-]{0,200}") {
        let _ = Element::parse(data.as_bytes());
        let mut p = StreamParser::new(XmlLimits::default());
        p.push(HEADER.as_bytes());
        p.push(data.as_bytes());
        for _ in 0..64 {
            match p.next_event() {
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => break,
            }
        }
    }
}
