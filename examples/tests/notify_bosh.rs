//! The notification service over BOSH with raw HTTP: Cisco's desktop library's session
//! request, a full XEP-0206 login, automatic subscription, a Finesse publish, BOSH and TCP
//! clients reaching each other, SASL failures, and `/http-bind` mounted on another origin.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

mod notify_support;

use finesse_examples::lab::NotificationSink;
use notify_support::*;

/// Cisco's CAXL (jabberwerx 2014.04) creation request, byte for byte as observed
/// (finesse.md §2.4): `hold=1 ver=1.9 wait=30 xmpp:version=1.0 from=<bare JID> to=<domain>`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cisco_desktop_library_session_request_is_answered() {
    let lab = start("cisco").await;
    let (mut bosh, status, body) =
        RawBosh::create_cisco(lab.notify.bosh_http_addr(), "agent01").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.starts_with("<body"), "{body}");
    assert_eq!(bosh.sid.len(), 32, "128-bit sid in hex: {body}");
    assert_eq!(attr(&body, "wait"), Some("30"), "{body}");
    assert_eq!(attr(&body, "hold"), Some("1"), "{body}");
    assert_eq!(attr(&body, "requests"), Some("2"), "{body}");
    assert_eq!(attr(&body, "ver"), Some("1.9"), "{body}");
    assert_eq!(attr(&body, "xmpp:version"), Some("1.0"), "{body}");
    assert_eq!(attr(&body, "xmpp:restartlogic"), Some("true"), "{body}");
    assert!(body.contains("xmlns:stream="), "{body}");
    assert!(
        body.contains("<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>"),
        "{body}"
    );

    // The library then logs in on that session (PLAIN, restart, bind).
    let jid = bosh.login("agent01", "pw1001", "1001").await;
    assert_eq!(jid, "agent01@localhost/1001");
    until(|| lab.notify.session_count() == 1).await;

    // Initial presence: the server answers with the Finesse web application's presence.
    let presence = bosh.send("<presence xmlns='jabber:client'/>").await;
    assert!(
        presence.contains("<presence xmlns='jabber:client' from='finesse@localhost/webapp' to='agent01@localhost/1001'"),
        "{presence}"
    );

    // The next request is held until Finesse publishes on the agent's node, which the
    // server subscribed them to at login.
    let held = bosh.next_body("", "");
    let addr = bosh.addr;
    let poll = tokio::spawn(async move { post(addr, &held).await });
    let update = user_update("agent01", "READY");
    lab.notify.publish("/finesse/api/User/agent01", &update);
    let (status, event) = poll.await.unwrap();
    assert_eq!(status, 200);
    assert!(event.contains("from='pubsub.localhost'"), "{event}");
    assert!(
        event.contains("to='agent01@localhost'"),
        "bare JID: {event}"
    );
    assert!(
        event.contains("<items node='/finesse/api/User/agent01'>"),
        "{event}"
    );
    assert!(
        event.contains(&format!(
            "<notification xmlns='urn:xmpp:push:0'>{}</notification>",
            escaped(&update)
        )),
        "{event}"
    );
    lab.notify.clone().shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bosh_and_tcp_sessions_share_one_server() {
    let lab = start("cross").await;
    let (mut bosh, _, _) = RawBosh::create_cisco(lab.notify.bosh_http_addr(), "agent01").await;
    bosh.login("agent01", "pw1001", "desk").await;
    let mut tcp = RawXmpp::login(lab.notify.xmpp_addr(), "agent02", "pw1002", "tcp").await;
    until(|| lab.notify.session_count() == 2).await;

    // TCP → BOSH.
    let held = bosh.next_body("", "");
    let addr = bosh.addr;
    let poll = tokio::spawn(async move { post(addr, &held).await });
    tcp.write(
        "<message to='agent01@localhost' type='chat' id='m1'><body>from tcp</body></message>",
    )
    .await;
    let (_, got) = poll.await.unwrap();
    assert!(got.contains("from='agent02@localhost/tcp'"), "{got}");
    assert!(got.contains("<body>from tcp</body>"), "{got}");

    // BOSH → TCP. Nothing comes back at once, so that request is held ...
    let msg = bosh.next_body("<message xmlns='jabber:client' to='agent02@localhost/tcp' type='chat' id='m2'><body>from bosh</body></message>", "");
    let poll = tokio::spawn(async move { post(addr, &msg).await });
    let m = tcp.read_until("</message>").await;
    assert!(m.contains("from bosh"), "{m}");

    // ... and a publish reaches each user on their own nodes only.
    lab.notify.publish(
        "/finesse/api/User/agent02",
        &user_update("agent02", "READY"),
    );
    let m = tcp.read_until("</message>").await;
    assert!(m.contains("/finesse/api/User/agent02"), "{m}");
    lab.notify.publish(
        "/finesse/api/SystemInfo",
        "<Update><event>PUT</event></Update>",
    );
    let (_, got) = poll.await.unwrap();
    assert!(got.contains("/finesse/api/SystemInfo"), "{got}");
    assert!(!got.contains("agent02"), "{got}");
    let m = tcp.read_until("</message>").await;
    assert!(m.contains("/finesse/api/SystemInfo"), "{m}");

    // Over TCP: another agent's node is forbidden, a publish is forbidden.
    tcp.write("<iq type='set' id='s1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='/finesse/api/User/agent01' jid='agent02@localhost/tcp'/></pubsub></iq>").await;
    let r = tcp.read_until("</iq>").await;
    assert!(
        r.contains("type='error'") && r.contains("<forbidden"),
        "{r}"
    );
    tcp.write("<iq type='set' id='p1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='/finesse/api/User/agent02'><item><x xmlns='urn:x'/></item></publish></pubsub></iq>").await;
    let r = tcp.read_until("</iq>").await;
    assert!(
        r.contains("type='error'") && r.contains("<forbidden"),
        "{r}"
    );
    lab.notify.clone().shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_and_locked_account_fail_sasl_on_both_transports() {
    let lab = start("sasl").await;
    let (mut bosh, _, _) = RawBosh::create_cisco(lab.notify.bosh_http_addr(), "agent01").await;
    let r = bosh
        .send(&format!(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{}</auth>",
            plain("agent01", "wrong")
        ))
        .await;
    assert!(
        r.contains("<failure") && r.contains("<not-authorized/>"),
        "{r}"
    );
    let r = bosh
        .send(&format!(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{}</auth>",
            plain(LOCKED_USER, "pw1010")
        ))
        .await;
    assert!(
        r.contains("<failure") && r.contains("<account-disabled/>"),
        "{r}"
    );

    let mut tcp = RawXmpp::connect(lab.notify.xmpp_addr()).await;
    let r = tcp.auth("agent01", "wrong").await;
    assert!(r.contains("<not-authorized/>"), "{r}");
    let r = tcp.auth(LOCKED_USER, "pw1010").await;
    assert!(r.contains("<account-disabled/>"), "{r}");
    // The right password still works on the same stream.
    let r = tcp.auth("agent01", "pw1001").await;
    assert!(r.contains("<success"), "{r}");
    assert_eq!(lab.notify.session_count(), 0, "nothing bound");
    lab.notify.clone().shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_bind_router_serves_bosh_on_another_origin() {
    let lab = start("router").await;
    let app = axum::Router::new()
        .route(
            "/finesse/api/SystemInfo",
            axum::routing::get(|| async { "ok" }),
        )
        .merge(lab.notify.http_bind_router());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let (mut bosh, status, body) = RawBosh::create_cisco(addr, "agent03").await;
    assert_eq!(status, 200);
    assert!(body.contains("<mechanism>PLAIN</mechanism>"), "{body}");
    assert_eq!(
        bosh.login("agent03", "pw1003", "web").await,
        "agent03@localhost/web"
    );
    until(|| lab.notify.session_count() == 1).await;

    // CORS preflight, as a browser sends it for text/xml.
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    tcp.write_all(b"OPTIONS /http-bind/ HTTP/1.1\r\nHost: x\r\nOrigin: http://page\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut raw = String::new();
    tcp.read_to_string(&mut raw).await.unwrap();
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    let lower = raw.to_ascii_lowercase();
    assert!(lower.contains("access-control-allow-origin: *"), "{raw}");
    assert!(
        lower.contains("access-control-allow-methods: get, post, options"),
        "{raw}"
    );
    server.abort();
    lab.notify.clone().shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_tls_port_offers_plain_without_starttls() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let lab = start("xmpps").await;
    let cert = finesse_examples::lab::DevCert::load_or_generate(&lab.config.data_dir, "localhost")
        .unwrap();
    let connector = tokio_rustls::TlsConnector::from(cert.client_config().unwrap());
    let tcp = tokio::net::TcpStream::connect(lab.notify.xmpps_addr())
        .await
        .unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut tls = connector.connect(name, tcp).await.unwrap();
    tls.write_all(b"<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>")
        .await
        .unwrap();
    let mut got = String::new();
    let mut buf = [0u8; 4096];
    while !got.contains("</stream:features>") {
        let n = tokio::time::timeout(std::time::Duration::from_secs(10), tls.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0, "{got}");
        got.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(got.contains("<mechanism>PLAIN</mechanism>"), "{got}");
    assert!(!got.contains("starttls"), "already encrypted: {got}");
    lab.notify.clone().shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bosh_over_https_with_the_dev_certificate() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let lab = start("https").await;
    let cert = finesse_examples::lab::DevCert::load_or_generate(&lab.config.data_dir, "localhost")
        .unwrap();
    let connector = tokio_rustls::TlsConnector::from(cert.client_config().unwrap());
    let tcp = tokio::net::TcpStream::connect(lab.notify.bosh_https_addr())
        .await
        .unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut tls = connector.connect(name, tcp).await.unwrap();
    let body = format!(
        "<body xmlns=\"http://jabber.org/protocol/httpbind\" xml:lang=\"en-US\" \
         xmlns:xmpp=\"urn:xmpp:xbosh\" hold=\"1\" ver=\"1.9\" to=\"{DOMAIN}\" wait=\"30\" \
         xmpp:version=\"1.0\" from=\"agent01@{DOMAIN}\" rid=\"42\"/>"
    );
    let req = format!(
        "POST /http-bind HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    tls.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        tls.read_to_end(&mut raw),
    )
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("<mechanism>PLAIN</mechanism>"), "{text}");
    lab.notify.clone().shutdown().await;
}
