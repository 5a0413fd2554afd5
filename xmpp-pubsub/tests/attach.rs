//! The tokio driver's embedder hooks: sessions attached from another transport (BOSH) share
//! the routing with TCP sessions, the bind hook runs for both, and the direct-TLS listener.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use xmpp_pubsub::tokio_driver::{Server, ServerConfig, ServerHandle, SessionSignal, StaticUsers};
use xmpp_pubsub::*;

const DOMAIN: &str = "example.com";
const OPEN: &str = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";
const NODE: &str = "/finesse/api/SystemInfo";

fn tls_config() -> (Arc<rustls::ServerConfig>, Arc<rustls::ClientConfig>) {
    let cert = rcgen::generate_simple_self_signed(vec![DOMAIN.to_owned()]).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::try_from(cert.signing_key.serialize_der()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.cert.der().clone()], key)
        .unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.cert.der().clone()).unwrap();
    let client = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    (Arc::new(server), Arc::new(client))
}

async fn start() -> (
    SocketAddr,
    SocketAddr,
    ServerHandle,
    Arc<rustls::ClientConfig>,
) {
    let mut config = ServerConfig::new(DOMAIN).unwrap();
    config.allow_plain_insecure = true;
    let users = StaticUsers::new([("1001", "pw"), ("1002", "pw")]);
    let mut server = Server::bind("127.0.0.1:0".parse().unwrap(), config, users)
        .await
        .unwrap();
    let (tls, client) = tls_config();
    let direct = server
        .listen_direct_tls("127.0.0.1:0".parse().unwrap(), tls)
        .await
        .unwrap();
    let addr = server.local_addr().unwrap();
    let handle = server.handle();
    let owner = Jid::new("finesse@example.com").unwrap();
    handle
        .with_pubsub(|ps| ps.create_node(NODE, Some(&owner), NodeConfig::default()))
        .unwrap();
    // Finesse-style: every user who binds is subscribed (bare JID) by the server.
    handle.set_bind_hook(Some(Arc::new(|jid: &Jid, ps: &mut PubSubService| {
        ps.subscribe(NODE, &jid.to_bare()).unwrap();
    })));
    tokio::spawn(server.run());
    (addr, direct, handle, client)
}

async fn read_until<S: AsyncRead + Unpin>(s: &mut S, buf: &mut String, marker: &str) -> String {
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(i) = buf.find(marker) {
            let rest = buf.split_off(i + marker.len());
            return std::mem::replace(buf, rest);
        }
        let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut chunk))
            .await
            .unwrap_or_else(|_| panic!("no {marker}: {buf}"))
            .unwrap();
        assert!(n > 0, "closed before {marker}: {buf}");
        buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
    }
}

/// "\0<user>\0pw" in base64 for users 1001 / 1002.
fn auth(user: &str) -> &'static str {
    match user {
        "1001" => {
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>ADEwMDEAcHc=</auth>"
        }
        _ => "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>ADEwMDIAcHc=</auth>",
    }
}

async fn login<S: AsyncRead + AsyncWrite + Unpin>(s: &mut S, buf: &mut String, user: &str) {
    s.write_all(OPEN.as_bytes()).await.unwrap();
    read_until(s, buf, "</stream:features>").await;
    s.write_all(auth(user).as_bytes()).await.unwrap();
    read_until(s, buf, "<success").await;
    s.write_all(OPEN.as_bytes()).await.unwrap();
    read_until(s, buf, "</stream:features>").await;
    s.write_all(b"<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>tcp</resource></bind></iq>")
        .await
        .unwrap();
    read_until(s, buf, "</iq>").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attached_sessions_share_routing_and_the_bind_hook() {
    let (addr, _, handle, _) = start().await;
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    let mut buf = String::new();
    login(&mut tcp, &mut buf, "1001").await;

    let mut bosh = handle.attach(Jid::new("1002@example.com/bosh").unwrap());
    assert_eq!(bosh.jid().as_str(), "1002@example.com/bosh");
    // The TCP session's route exists once its client has the bind result.
    assert_eq!(handle.session_count(), 2);
    let subs = handle.with_pubsub(|ps| ps.subscriptions(NODE));
    let mut subscribed: Vec<String> = subs.iter().map(|s| s.jid.to_string()).collect();
    subscribed.sort();
    assert_eq!(
        subscribed,
        ["1001@example.com", "1002@example.com"],
        "hook ran for both"
    );

    // TCP → attached.
    tcp.write_all(b"<message to='1002@example.com' id='m1'><body>hi</body></message>")
        .await
        .unwrap();
    let SessionSignal::Stanza(Stanza::Message(m)) = bosh.next().await else {
        panic!("a message")
    };
    assert_eq!(m.from.unwrap().as_str(), "1001@example.com/tcp");

    // Attached → TCP, and a bounce for nobody.
    let msg = Stanza::parse(b"<message xmlns='jabber:client' to='1001@example.com/tcp' id='m2'><body>back</body></message>").unwrap();
    assert!(bosh.route(msg).is_none());
    let got = read_until(&mut tcp, &mut buf, "</message>").await;
    assert!(
        got.contains("from='1002@example.com/bosh'") && got.contains("back"),
        "{got}"
    );
    let iq = Stanza::parse(b"<iq xmlns='jabber:client' type='get' id='q' to='nobody@example.com/x'><ping xmlns='urn:xmpp:ping'/></iq>").unwrap();
    let bounce = handle.route(bosh.jid(), iq).expect("an error reply");
    assert!(bounce.is_error());

    // Broadcast presence goes to the presence hook, which answers for a service account.
    handle.set_presence_hook(Some(Arc::new(|from: &Jid, p: &Presence| {
        if p.presence_type.is_some() {
            return Vec::new();
        }
        vec![Stanza::Presence(Presence {
            from: Some(Jid::new("finesse@example.com/app").unwrap()),
            to: Some(from.clone()),
            ..Presence::default()
        })]
    })));
    let initial = Stanza::parse(b"<presence xmlns='jabber:client'/>").unwrap();
    assert!(bosh.route(initial).is_none());
    let SessionSignal::Stanza(Stanza::Presence(p)) = bosh.next().await else {
        panic!("the service account's presence")
    };
    assert_eq!(p.from.unwrap().as_str(), "finesse@example.com/app");
    assert_eq!(p.to.unwrap().as_str(), "1002@example.com/bosh");
    tcp.write_all(b"<presence/>").await.unwrap();
    let got = read_until(&mut tcp, &mut buf, "</presence>").await;
    assert!(
        got.contains("<presence") && got.contains("from='finesse@example.com/app'"),
        "{got}"
    );

    // A publish fans out to both transports.
    let owner = Jid::new("finesse@example.com").unwrap();
    handle.with_pubsub(|ps| {
        let update = FinesseNotification::new("<Update/>");
        ps.publish(
            std::time::Instant::now(),
            &owner,
            NODE,
            Item::new(None, Some(update.to_raw())),
        )
        .unwrap()
    });
    let SessionSignal::Stanza(Stanza::Message(m)) = bosh.next().await else {
        panic!("the event")
    };
    assert_eq!(m.to.unwrap().as_str(), "1002@example.com");
    let got = read_until(&mut tcp, &mut buf, "</message>").await;
    assert!(got.contains(NODE), "{got}");

    // The same full JID attached again wins; the first is told `conflict`.
    let mut again = handle.attach(Jid::new("1002@example.com/bosh").unwrap());
    assert_eq!(
        bosh.next().await,
        SessionSignal::Close(StreamErrorCondition::Conflict)
    );
    drop(bosh);
    assert_eq!(
        handle.session_count(),
        2,
        "dropping the loser keeps the winner"
    );
    handle.shutdown();
    assert_eq!(
        again.next().await,
        SessionSignal::Close(StreamErrorCondition::SystemShutdown)
    );
    drop(again);
    assert_eq!(
        handle
            .bound_jids()
            .iter()
            .filter(|j| j.as_str().contains("bosh"))
            .count(),
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_tls_listener_serves_a_secure_stream() {
    let (_, direct, handle, client) = start().await;
    let tcp = TcpStream::connect(direct).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from(DOMAIN).unwrap();
    let mut tls = tokio_rustls::TlsConnector::from(client)
        .connect(name, tcp)
        .await
        .unwrap();
    let mut buf = String::new();
    tls.write_all(OPEN.as_bytes()).await.unwrap();
    let features = read_until(&mut tls, &mut buf, "</stream:features>").await;
    assert!(!features.contains("starttls"), "{features}");
    assert!(
        features.contains("<mechanism>PLAIN</mechanism>"),
        "{features}"
    );
    tls.write_all(auth("1001").as_bytes()).await.unwrap();
    read_until(&mut tls, &mut buf, "<success").await;
    tls.write_all(OPEN.as_bytes()).await.unwrap();
    read_until(&mut tls, &mut buf, "</stream:features>").await;
    tls.write_all(b"<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>tls</resource></bind></iq>")
        .await
        .unwrap();
    read_until(&mut tls, &mut buf, "</iq>").await;
    // As above: routed before the bind result went out.
    assert_eq!(handle.session_count(), 1);
    handle.shutdown();
}
