//! Shared pieces of the notification-service tests: start the service on free loopback
//! ports, a credential check with a locked account, and raw HTTP / XMPP clients.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods
)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use finesse_examples::lab::notify::{self, NotifyHandle};
use finesse_examples::lab::{
    AuthOutcome, CheckFuture, CredentialCheck, DevCert, LabConfig, Ports, SeedCredentials,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const NS: &str = "xmlns='http://jabber.org/protocol/httpbind'";
pub const DOMAIN: &str = "localhost";
pub const LOCKED_USER: &str = "agent10";

/// The seed's passwords, except that `agent10` is locked out (as after five bad passwords).
pub struct LabCheck(SeedCredentials);

impl CredentialCheck for LabCheck {
    fn check<'a>(&'a self, user: &'a str, password: &'a str) -> CheckFuture<'a> {
        if user == LOCKED_USER {
            return Box::pin(std::future::ready(AuthOutcome::Locked {
                remaining: Duration::from_secs(300),
            }));
        }
        self.0.check(user, password)
    }
}

/// A started service and what the tests need to reach it.
pub struct Lab {
    pub notify: NotifyHandle,
    pub config: LabConfig,
    pub cert_path: PathBuf,
    dir: PathBuf,
}

impl Drop for Lab {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub async fn start(name: &str) -> Lab {
    let dir = std::env::temp_dir().join(format!("notify-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = LabConfig {
        ports: Ports::ephemeral(),
        data_dir: dir.clone(),
        ..LabConfig::default()
    };
    let cert = DevCert::load_or_generate(&dir, &config.host_name).unwrap();
    let auth = Arc::new(LabCheck(SeedCredentials::new(config.seed.clone())));
    let notify = notify::start(&config, &cert, auth).await.unwrap();
    Lab {
        notify,
        cert_path: cert.cert_path.clone(),
        config,
        dir,
    }
}

/// The Update document Finesse sends for a user change (finesse.md §2.1 shape).
pub fn user_update(id: &str, state: &str) -> String {
    format!(
        "<Update><data><user><loginId>{id}</loginId><state>{state}</state>\
         <extension>1001</extension></user></data><event>PUT</event>\
         <requestId></requestId><source>/finesse/api/User/{id}</source></Update>"
    )
}

/// The same text escaped as it appears inside `<notification>`.
pub fn escaped(xml: &str) -> String {
    xml.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// POSTs `body` to `/http-bind` on a fresh connection; returns (status, response body).
pub async fn post(addr: SocketAddr, body: &str) -> (u16, String) {
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "POST /http-bind HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    tcp.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), tcp.read_to_end(&mut raw))
        .await
        .expect("BOSH response within 60 s")
        .unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").expect("HTTP response");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status code");
    (status, body.to_owned())
}

/// Value of attribute `name` in the first tag of `xml` (test-grade, either quote).
pub fn attr<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let head = &xml[..xml.find('>').unwrap_or(xml.len())];
    for q in ['\'', '"'] {
        let pat = format!(" {name}={q}");
        if let Some(i) = head.find(&pat) {
            let rest = &head[i + pat.len()..];
            return rest.find(q).map(|j| &rest[..j]);
        }
    }
    None
}

pub fn plain(user: &str, password: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("\0{user}\0{password}"))
}

/// A BOSH client over raw HTTP: one request per connection, consecutive rids.
pub struct RawBosh {
    pub addr: SocketAddr,
    pub sid: String,
    pub rid: u64,
}

impl RawBosh {
    /// Creates a session with Cisco's desktop library's request; returns it and the response.
    pub async fn create_cisco(addr: SocketAddr, user: &str) -> (RawBosh, u16, String) {
        let rid = 1_234_567u64;
        let req = format!(
            "<body xmlns=\"http://jabber.org/protocol/httpbind\" xml:lang=\"en-US\" \
             xmlns:xmpp=\"urn:xmpp:xbosh\" hold=\"1\" ver=\"1.9\" to=\"{DOMAIN}\" wait=\"30\" \
             xmpp:version=\"1.0\" from=\"{user}@{DOMAIN}\" rid=\"{rid}\"/>"
        );
        let (status, body) = post(addr, &req).await;
        let sid = attr(&body, "sid").unwrap_or_default().to_owned();
        (RawBosh { addr, sid, rid }, status, body)
    }

    /// Sends `payload` in the next request and returns the response body.
    pub async fn send(&mut self, payload: &str) -> String {
        let body = self.next_body(payload, "");
        post(self.addr, &body).await.1
    }

    /// The request body for the next rid.
    pub fn next_body(&mut self, payload: &str, extra: &str) -> String {
        self.rid += 1;
        format!(
            "<body {NS} rid='{}' sid='{}'{extra}>{payload}</body>",
            self.rid, self.sid
        )
    }

    /// SASL PLAIN, restart, bind `resource`; returns the bound JID.
    pub async fn login(&mut self, user: &str, password: &str, resource: &str) -> String {
        let auth = self
            .send(&format!(
                "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{}</auth>",
                plain(user, password)
            ))
            .await;
        assert!(auth.contains("<success"), "SASL: {auth}");
        let restart = self.next_body(
            "",
            &format!(" xmlns:xmpp='urn:xmpp:xbosh' xmpp:restart='true' to='{DOMAIN}'"),
        );
        let features = post(self.addr, &restart).await.1;
        assert!(
            features.contains("urn:ietf:params:xml:ns:xmpp-bind"),
            "{features}"
        );
        let bound = self
            .send(&format!(
                "<iq xmlns='jabber:client' type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>{resource}</resource></bind></iq>"
            ))
            .await;
        let start = bound.find("<jid>").expect("bound jid") + 5;
        let end = bound.find("</jid>").unwrap();
        bound[start..end].to_owned()
    }
}

/// A plain-TCP XMPP client (no TLS), enough to log in and exchange stanzas.
pub struct RawXmpp {
    pub tcp: TcpStream,
    pub buf: String,
}

impl RawXmpp {
    pub async fn connect(addr: SocketAddr) -> RawXmpp {
        let mut c = RawXmpp {
            tcp: TcpStream::connect(addr).await.unwrap(),
            buf: String::new(),
        };
        c.open().await;
        c.read_until("</stream:features>").await;
        c
    }

    async fn open(&mut self) {
        self.write(&format!(
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='{DOMAIN}' version='1.0'>"
        ))
        .await;
    }

    pub async fn write(&mut self, s: &str) {
        self.tcp.write_all(s.as_bytes()).await.unwrap();
    }

    /// Reads until `marker` appears; returns everything up to and including it.
    pub async fn read_until(&mut self, marker: &str) -> String {
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(i) = self.buf.find(marker) {
                let rest = self.buf.split_off(i + marker.len());
                return std::mem::replace(&mut self.buf, rest);
            }
            let n = tokio::time::timeout(Duration::from_secs(30), self.tcp.read(&mut chunk))
                .await
                .unwrap_or_else(|_| panic!("no {marker} within 30 s; got {}", self.buf))
                .unwrap();
            assert!(n > 0, "stream closed before {marker}; got {}", self.buf);
            self.buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
        }
    }

    /// SASL PLAIN; returns the server's answer element (`<success/>` or `<failure>…`).
    pub async fn auth(&mut self, user: &str, password: &str) -> String {
        self.write(&format!(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{}</auth>",
            plain(user, password)
        ))
        .await;
        let mut chunk = [0u8; 4096];
        loop {
            for end in [
                "</failure>",
                "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>",
            ] {
                if let Some(i) = self.buf.find(end) {
                    let rest = self.buf.split_off(i + end.len());
                    return std::mem::replace(&mut self.buf, rest);
                }
            }
            let n = tokio::time::timeout(Duration::from_secs(30), self.tcp.read(&mut chunk))
                .await
                .expect("SASL answer within 30 s")
                .unwrap();
            assert!(n > 0, "closed during SASL: {}", self.buf);
            self.buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
        }
    }

    /// Logs in and binds `resource`.
    pub async fn login(addr: SocketAddr, user: &str, password: &str, resource: &str) -> RawXmpp {
        let mut c = RawXmpp::connect(addr).await;
        let a = c.auth(user, password).await;
        assert!(a.contains("<success"), "{a}");
        c.open().await;
        c.read_until("</stream:features>").await;
        c.write(&format!(
            "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>{resource}</resource></bind></iq>"
        ))
        .await;
        c.read_until("</iq>").await;
        c
    }
}

pub fn peers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers")
}

/// Waits (polling, bounded) until `f` holds.
pub async fn until(mut f: impl FnMut() -> bool) {
    for _ in 0..600 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("condition not reached within 30 s");
}
