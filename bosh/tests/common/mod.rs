//! Shared pieces of the loopback tests: a small XMPP side (SASL PLAIN, bind, echo, publish)
//! and a minimal HTTP/1.1 client over raw TCP (so a test can drop a connection on purpose).
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods
)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bosh::http::{BoshHttp, HttpConfig, Outbox, StreamHandle, XmppService, XmppStream};
use bosh::{ServerConfig, SessionId, SessionInfo, TerminateReason};
use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const NS: &str = "xmlns='http://jabber.org/protocol/httpbind'";

/// What the XMPP side saw.
#[derive(Default)]
pub struct Record {
    pub stanzas: Vec<(SessionId, String)>,
    pub closes: Vec<(SessionId, TerminateReason, Vec<Bytes>)>,
    pub handles: Vec<StreamHandle>,
    pub authenticated: Vec<String>,
}

pub type Shared = Arc<Mutex<Record>>;

/// The in-test XMPP side.
pub struct TestXmpp {
    pub record: Shared,
}

pub struct TestStream {
    record: Shared,
    handle: StreamHandle,
    authed: bool,
    user: String,
}

const SASL_FEATURES: &str = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>";
const BIND_FEATURES: &str = "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session></stream:features>";

impl XmppService for TestXmpp {
    type Stream = TestStream;
    fn open(&mut self, _info: &SessionInfo, handle: StreamHandle, out: &mut Outbox) -> TestStream {
        out.send(Bytes::from_static(SASL_FEATURES.as_bytes()));
        self.record.lock().unwrap().handles.push(handle.clone());
        TestStream {
            record: self.record.clone(),
            handle,
            authed: false,
            user: String::new(),
        }
    }
}

/// Value of attribute `name` in the first tag of `xml` (test-grade, not a parser).
pub fn attr<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let tag_end = xml.find('>').unwrap_or(xml.len());
    let head = &xml[..tag_end];
    for q in ['\'', '"'] {
        let pat = format!(" {name}={q}");
        if let Some(i) = head.find(&pat) {
            let rest = &head[i + pat.len()..];
            return rest.find(q).map(|j| &rest[..j]);
        }
    }
    None
}

/// Text between `<tag>` (or `<tag ...>`) and `</tag>`.
pub fn text<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = xml.find(&format!("<{tag}"))?;
    let start = open + xml[open..].find('>')? + 1;
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(&xml[start..end])
}

fn b64decode(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let Some(v) = A.iter().position(|&a| a == c) else {
            continue;
        };
        buf = buf << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    out
}

impl XmppStream for TestStream {
    fn on_stanza(&mut self, stanza: Bytes, out: &mut Outbox) {
        let s = String::from_utf8(stanza.to_vec()).unwrap();
        self.record
            .lock()
            .unwrap()
            .stanzas
            .push((self.handle.sid(), s.clone()));
        if s.starts_with("<auth") {
            let creds = b64decode(text(&s, "auth").unwrap_or(""));
            let parts: Vec<&[u8]> = creds.split(|&b| b == 0).collect();
            if parts.len() == 3 && parts[2] == b"secret" {
                self.authed = true;
                self.user = String::from_utf8_lossy(parts[1]).into_owned();
                self.record
                    .lock()
                    .unwrap()
                    .authenticated
                    .push(self.user.clone());
                out.send(Bytes::from_static(
                    b"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>",
                ));
            } else {
                out.send(Bytes::from_static(
                    b"<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>",
                ));
            }
        } else if s.starts_with("<iq") {
            let id = attr(&s, "id").unwrap_or("x");
            if s.contains("urn:ietf:params:xml:ns:xmpp-bind") {
                let res = text(&s, "resource").unwrap_or("bosh");
                out.send(format!(
                    "<iq xmlns='jabber:client' type='result' id='{id}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>{}@example.com/{res}</jid></bind></iq>",
                    self.user
                ));
            } else {
                out.send(format!(
                    "<iq xmlns='jabber:client' type='result' id='{id}'/>"
                ));
            }
        } else if s.starts_with("<message") {
            let body = text(&s, "body").unwrap_or("");
            if let Some(n) = body.strip_prefix("publish ") {
                // Deliver later, from another task, like a PubSub notification.
                let n: usize = n.trim().parse().unwrap_or(1);
                let handle = self.handle.clone();
                tokio::spawn(async move {
                    for i in 0..n {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        let _ = handle.send(format!(
                            "<message xmlns='jabber:client' from='pubsub.example.com' id='pub{i}'><event xmlns='http://jabber.org/protocol/pubsub#event'><items node='/finesse/api/User/1001'><item id='i{i}'><notification xmlns='http://jabber.org/protocol/pubsub'>&lt;Update&gt;{i}&lt;/Update&gt;</notification></item></items></event></message>"
                        ));
                    }
                });
            } else {
                let id = attr(&s, "id").unwrap_or("");
                out.send(format!(
                    "<message xmlns='jabber:client' from='echo@example.com' id='{id}' type='chat'><body>{body}</body></message>"
                ));
            }
        }
    }

    fn on_restart(&mut self, out: &mut Outbox) {
        out.send(Bytes::from_static(BIND_FEATURES.as_bytes()));
    }

    fn on_close(&mut self, reason: &TerminateReason, undelivered: Vec<Bytes>) {
        self.record
            .lock()
            .unwrap()
            .closes
            .push((self.handle.sid(), reason.clone(), undelivered));
    }
}

/// Starts the binding on a random loopback port.
pub async fn start(config: ServerConfig) -> (SocketAddr, BoshHttp<TestXmpp>, Shared) {
    let record: Shared = Arc::default();
    let bosh = BoshHttp::new(
        config,
        HttpConfig::default(),
        TestXmpp {
            record: record.clone(),
        },
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(bosh.clone().serve(listener));
    (addr, bosh, record)
}

/// An HTTP response, as read by [`post`].
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

fn request_bytes(addr: SocketAddr, method: &str, body: &str) -> Vec<u8> {
    format!(
        "{method} /http-bind HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Sends one request on a new connection and reads the whole response (10 s limit).
pub async fn send(addr: SocketAddr, method: &str, body: &str) -> Reply {
    tokio::time::timeout(Duration::from_secs(10), async {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(&request_bytes(addr, method, body))
            .await
            .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await.unwrap();
        let raw = String::from_utf8(raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let status = head[9..12].parse().unwrap();
        Reply {
            status,
            headers: head.to_string(),
            body: body.to_string(),
        }
    })
    .await
    .expect("HTTP response within 10 s")
}

/// POSTs a body.
pub async fn post(addr: SocketAddr, body: &str) -> Reply {
    send(addr, "POST", body).await
}

/// Sends a request and returns the open connection without reading (to read or drop later).
pub async fn post_open(addr: SocketAddr, body: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(&request_bytes(addr, "POST", body))
        .await
        .unwrap();
    s
}

/// Reads the response from a connection opened by [`post_open`].
pub async fn read_reply(mut s: TcpStream) -> Reply {
    tokio::time::timeout(Duration::from_secs(10), async {
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await.unwrap();
        let raw = String::from_utf8(raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        Reply {
            status: head[9..12].parse().unwrap(),
            headers: head.to_string(),
            body: body.to_string(),
        }
    })
    .await
    .expect("HTTP response within 10 s")
}

/// Waits (up to 5 s) until `f` holds.
pub async fn until(mut f: impl FnMut() -> bool) {
    for _ in 0..500 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("condition not reached within 5 s");
}

/// Creates a session (rid `rid`) and returns its sid, after the creation response.
pub async fn create(addr: SocketAddr, rid: u64, attrs: &str) -> String {
    let r = post(
        addr,
        &format!("<body {NS} rid='{rid}' to='example.com' ver='1.6' xmpp:version='1.0' xmlns:xmpp='urn:xmpp:xbosh' {attrs}/>"),
    )
    .await;
    assert_eq!(r.status, 200);
    attr(&r.body, "sid")
        .expect("sid on creation response")
        .to_string()
}
