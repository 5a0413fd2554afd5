//! Fault tests over real loopback HTTP: lost responses, reordering, window violations,
//! inactivity and pause. Every one checks that no stanza is lost.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

mod common;

use std::time::Duration;

use bosh::{ServerConfig, SessionId, TerminateReason};
use common::*;

fn config() -> ServerConfig {
    ServerConfig {
        max_wait: 5,
        inactivity: Some(2),
        maxpause: Some(10),
        ..ServerConfig::default()
    }
}

fn sid_of(s: &str) -> SessionId {
    SessionId::parse(s).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_response_is_replayed_for_the_same_rid() {
    let (addr, bosh, record) = start(config()).await;
    let sid = create(addr, 10, "wait='5' hold='1'").await;
    // rid 11 is held; the client's connection dies before the answer.
    let conn = post_open(addr, &format!("<body {NS} rid='11' sid='{sid}'/>")).await;
    until(|| bosh.with_server_mut(|s| s.held_requests(sid_of(&sid))) == 1).await;
    drop(conn);
    let handle = record.lock().unwrap().handles[0].clone();
    handle
        .send("<message xmlns='jabber:client' id='only-copy'/>")
        .unwrap();
    until(|| bosh.with_server_mut(|s| s.held_requests(sid_of(&sid))) == 0).await;
    // The client retries rid 11: the cached response, with the stanza, comes back.
    let retry = post(addr, &format!("<body {NS} rid='11' sid='{sid}'/>")).await;
    assert_eq!(retry.status, 200);
    assert!(retry.body.contains("id='only-copy'"), "{}", retry.body);
    // And the same bytes again on a second retry.
    let again = post(addr, &format!("<body {NS} rid='11' sid='{sid}'/>")).await;
    assert_eq!(again.body, retry.body);
    assert_eq!(bosh.session_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_order_rids_inside_the_window_are_delivered_in_order() {
    let (addr, bosh, record) = start(config()).await;
    let sid = create(addr, 20, "wait='5' hold='1'").await;
    // rid 22 first (buffered), then 21.
    let c22 = post_open(
        addr,
        &format!("<body {NS} rid='22' sid='{sid}'><message xmlns='jabber:client' id='b'><body>second</body></message></body>"),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(record.lock().unwrap().stanzas.is_empty(), "22 waits for 21");
    let c21 = post_open(
        addr,
        &format!("<body {NS} rid='21' sid='{sid}'><message xmlns='jabber:client' id='a'><body>first</body></message></body>"),
    )
    .await;
    let r21 = read_reply(c21).await;
    let r22 = read_reply(c22).await;
    let seen: Vec<String> = record
        .lock()
        .unwrap()
        .stanzas
        .iter()
        .map(|(_, s)| s.clone())
        .collect();
    assert_eq!(seen.len(), 2);
    assert!(
        seen[0].contains("id='a'") && seen[1].contains("id='b'"),
        "{seen:?}"
    );
    // Both echoes came back, in order, across the two responses.
    let all = format!("{}{}", r21.body, r22.body);
    let a = all.find("<body>first</body>").expect("echo a");
    let b = all.find("<body>second</body>").expect("echo b");
    assert!(a < b);
    assert_eq!(bosh.session_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rid_past_the_window_terminates_with_item_not_found() {
    let (addr, bosh, record) = start(config()).await;
    let sid = create(addr, 30, "wait='5' hold='1'").await;
    let handle = record.lock().unwrap().handles[0].clone();
    handle
        .send("<message xmlns='jabber:client' id='queued'/>")
        .unwrap();
    let r = post(addr, &format!("<body {NS} rid='33' sid='{sid}'/>")).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("type='terminate'"), "{}", r.body);
    assert!(r.body.contains("condition='item-not-found'"), "{}", r.body);
    assert_eq!(bosh.session_count(), 0);
    // The queued stanza is handed back to the XMPP side, not dropped.
    let rec = record.lock().unwrap();
    let (_, reason, undelivered) = &rec.closes[0];
    assert!(matches!(
        reason,
        TerminateReason::Protocol(bosh::Condition::ItemNotFound)
    ));
    assert_eq!(undelivered.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inactivity_expires_the_session_and_hands_back_queued_stanzas() {
    let (addr, bosh, record) = start(config()).await;
    let sid = create(addr, 40, "wait='1' hold='1'").await;
    // A held request answered empty after wait = 1 s.
    let r = post(addr, &format!("<body {NS} rid='41' sid='{sid}'/>")).await;
    assert!(!r.body.contains("<message"));
    let handle = record.lock().unwrap().handles[0].clone();
    handle
        .send("<message xmlns='jabber:client' id='late'/>")
        .unwrap();
    // inactivity = 2 s with nothing held.
    until(|| bosh.session_count() == 0).await;
    {
        let rec = record.lock().unwrap();
        let (_, reason, undelivered) = &rec.closes[0];
        assert_eq!(reason, &TerminateReason::Inactivity);
        assert_eq!(
            undelivered.len(),
            1,
            "the stanza comes back to the XMPP side"
        );
    }
    let r = post(addr, &format!("<body {NS} rid='42' sid='{sid}'/>")).await;
    assert!(r.body.contains("condition='item-not-found'"), "{}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pause_and_resume_keep_every_stanza() {
    let (addr, bosh, record) = start(config()).await;
    let sid = create(addr, 50, "wait='5' hold='1'").await;
    let held = post_open(addr, &format!("<body {NS} rid='51' sid='{sid}'/>")).await;
    until(|| bosh.with_server_mut(|s| s.held_requests(sid_of(&sid))) == 1).await;
    let pause = post(
        addr,
        &format!("<body {NS} rid='52' sid='{sid}' pause='4'/>"),
    )
    .await;
    assert_eq!(pause.status, 200);
    let held = read_reply(held).await;
    assert!(
        !held.body.contains("<message"),
        "pause answers held requests empty"
    );
    let handle = record.lock().unwrap().handles[0].clone();
    for i in 0..3 {
        handle
            .send(format!("<message xmlns='jabber:client' id='p{i}'/>"))
            .unwrap();
    }
    // Longer than inactivity (2 s), shorter than the pause (4 s).
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(bosh.session_count(), 1);
    let resume = post(addr, &format!("<body {NS} rid='53' sid='{sid}'/>")).await;
    for i in 0..3 {
        assert!(
            resume.body.contains(&format!("id='p{i}'")),
            "{}",
            resume.body
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_preflight_get_and_bad_bodies() {
    let (addr, bosh, _record) = start(config()).await;
    let pre = send(addr, "OPTIONS", "").await;
    assert_eq!(pre.status, 200);
    let h = pre.headers.to_ascii_lowercase();
    assert!(h.contains("access-control-allow-origin: *"));
    assert!(h.contains("access-control-allow-methods: get, post, options"));
    assert!(h.contains("access-control-allow-headers: content-type"));
    let get = send(addr, "GET", "").await;
    assert_eq!(get.status, 200);
    assert!(!get.body.is_empty());
    let bad = post(
        addr,
        "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'><oops></body>",
    )
    .await;
    assert!(bad.body.contains("condition='bad-request'"));
    let huge = post(
        addr,
        &format!("<body {NS} rid='1'>{}</body>", "<a/>".repeat(70_000)),
    )
    .await;
    assert!(huge.body.contains("condition='bad-request'"));
    assert_eq!(bosh.session_count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_cap_refuses_new_sessions() {
    let (addr, bosh, _record) = start(ServerConfig {
        max_sessions: 2,
        ..config()
    })
    .await;
    create(addr, 1, "").await;
    create(addr, 1, "").await;
    let r = post(addr, &format!("<body {NS} rid='1' ver='1.6'/>")).await;
    assert!(
        r.body.contains("condition='policy-violation'"),
        "{}",
        r.body
    );
    assert_eq!(bosh.session_count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_sessions_are_marked_secure_and_stay_on_tls() {
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::rustls;

    let ck = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let cert = ck.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(ck.signing_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server_tls = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.clone()], key)
        .unwrap();
    let record: common::Shared = Default::default();
    let bosh = bosh::http::BoshHttp::new(
        config(),
        bosh::http::HttpConfig::default(),
        TestXmpp {
            record: record.clone(),
        },
    );
    let tls_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let tls_addr = tls_listener.local_addr().unwrap();
    tokio::spawn(bosh.clone().serve_tls(tls_listener, Arc::new(server_tls)));
    let plain_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let plain_addr = plain_listener.local_addr().unwrap();
    tokio::spawn(bosh.clone().serve(plain_listener));

    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert).unwrap();
    let client_tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(client_tls));
    let tcp = tokio::net::TcpStream::connect(tls_addr).await.unwrap();
    let mut tls = connector
        .connect("localhost".try_into().unwrap(), tcp)
        .await
        .unwrap();
    let body = format!("<body {NS} rid='70' to='example.com' ver='1.6' wait='5' hold='1'/>");
    let req = format!(
        "POST /http-bind HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    tls.write_all(req.as_bytes()).await.unwrap();
    let mut raw = String::new();
    tokio::time::timeout(Duration::from_secs(10), tls.read_to_string(&mut raw))
        .await
        .unwrap()
        .unwrap();
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    assert!(raw.contains("secure='true'"), "{raw}");
    let sid = attr(raw.split_once("\r\n\r\n").unwrap().1, "sid")
        .unwrap()
        .to_string();
    // The same session over plain HTTP: the connection is closed, the session survives.
    let mut s = tokio::net::TcpStream::connect(plain_addr).await.unwrap();
    let body = format!("<body {NS} rid='71' sid='{sid}'/>");
    let req = format!(
        "POST /http-bind HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    let n = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut raw))
        .await
        .unwrap()
        .unwrap_or(0);
    assert_eq!(
        n,
        0,
        "closed without an answer: {}",
        String::from_utf8_lossy(&raw)
    );
    assert_eq!(bosh.session_count(), 1);
}
