//! The embedder's access check (`PubSubService::set_access_check`): subscribe and
//! retrieve-items refused with `forbidden` (XEP-0060 §6.1.3.x) where it says so; owners,
//! admins and the embedder's own commands are never checked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::time::Instant;

use xmpp_pubsub::*;

const NODE: &str = "/finesse/api/User/1001";

fn service() -> (PubSubService, Jid) {
    let mut svc = PubSubService::new(ServiceConfig::new(Jid::new("pubsub.example.com").unwrap()));
    let owner = Jid::new("finesse@example.com").unwrap();
    svc.create_node(NODE, Some(&owner), NodeConfig::default())
        .unwrap();
    // Only user 1001 may touch its node.
    svc.set_access_check(Some(AccessCheck::new(|who, node, _| {
        node.ends_with(&format!("/{}", who.local().unwrap_or("")))
    })));
    (svc, owner)
}

fn request(svc: &mut PubSubService, from: &Jid, payload: &str) -> String {
    let iq = format!(
        "<iq xmlns='jabber:client' type='{}' id='r1' to='pubsub.example.com'><pubsub xmlns='http://jabber.org/protocol/pubsub'>{payload}</pubsub></iq>",
        if payload.starts_with("<items") { "get" } else { "set" }
    );
    svc.handle_stanza(Instant::now(), from, Stanza::parse(iq.as_bytes()).unwrap());
    let (to, reply) = svc.poll_outgoing().expect("a reply");
    assert_eq!(&to, from);
    String::from_utf8(reply.to_bytes().to_vec()).unwrap()
}

#[test]
fn xep0060_6_1_3_subscribe_refused_by_the_access_check_is_forbidden() {
    let (mut svc, _) = service();
    let other = Jid::new("1002@example.com/desk").unwrap();
    let r = request(
        &mut svc,
        &other,
        &format!("<subscribe node='{NODE}' jid='1002@example.com/desk'/>"),
    );
    assert!(
        r.contains("type='error'") && r.contains("<error type='auth'><forbidden"),
        "{r}"
    );
    assert!(svc.subscriptions(NODE).is_empty());

    let me = Jid::new("1001@example.com/desk").unwrap();
    let r = request(
        &mut svc,
        &me,
        &format!("<subscribe node='{NODE}' jid='1001@example.com/desk'/>"),
    );
    assert!(
        r.contains("type='result'") && r.contains("subscribed"),
        "{r}"
    );
    assert_eq!(svc.subscriptions(NODE).len(), 1);
}

#[test]
fn retrieving_items_is_checked_too() {
    let (mut svc, _) = service();
    let other = Jid::new("1002@example.com/desk").unwrap();
    let r = request(&mut svc, &other, &format!("<items node='{NODE}'/>"));
    assert!(r.contains("<forbidden"), "{r}");
    let me = Jid::new("1001@example.com/desk").unwrap();
    let r = request(&mut svc, &me, &format!("<items node='{NODE}'/>"));
    assert!(r.contains("type='result'"), "{r}");
}

#[test]
fn owners_and_embedder_commands_bypass_the_check() {
    let (mut svc, owner) = service();
    let r = request(
        &mut svc,
        &owner,
        &format!("<subscribe node='{NODE}' jid='finesse@example.com'/>"),
    );
    assert!(r.contains("type='result'"), "{r}");
    // The service's own authority (Finesse's automatic subscriptions).
    let other = Jid::new("1002@example.com").unwrap();
    svc.subscribe(NODE, &other).unwrap();
    assert_eq!(svc.subscriptions(NODE).len(), 2);
    // Removing the check restores the node's own access model (open).
    svc.set_access_check(None);
    let r = request(
        &mut svc,
        &Jid::new("1003@example.com/x").unwrap(),
        &format!("<subscribe node='{NODE}' jid='1003@example.com/x'/>"),
    );
    assert!(r.contains("type='result'"), "{r}");
}
