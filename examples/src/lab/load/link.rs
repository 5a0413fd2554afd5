//! A simulated client's own HTTP/1.1 keep-alive connections, driven inside the client's
//! task.
//!
//! A BOSH client with `hold=1` has at most two requests out, so each simulated session owns
//! its connections instead of sharing a pool: no pool lock, no task per request, no channel
//! to a connection task. The exchange future polls its connection itself while it waits
//! for the answer, so a response is read, parsed and handed to the BOSH client in one task.
//! This matters in the load runs, where the client shares two cores with the server it
//! measures: every cycle the client spends is one the server does not get.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use futures_util::FutureExt;
use http::Request;
use http_body_util::Full;
use hyper::client::conn::http1::{self, Connection, SendRequest};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::http::{read_reply, Reply};

/// One keep-alive connection: the request side and the connection it rides on.
pub(crate) struct Link {
    sender: SendRequest<Full<Bytes>>,
    conn: Connection<TokioIo<TcpStream>, Full<Bytes>>,
}

impl Link {
    /// Opens a connection to `addr`.
    async fn connect(addr: SocketAddr) -> Result<Link, String> {
        let tcp = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect {addr}: {e}"))?;
        tcp.set_nodelay(true)
            .map_err(|e| format!("TCP_NODELAY: {e}"))?;
        let (sender, conn) = http1::handshake(TokioIo::new(tcp))
            .await
            .map_err(|e| format!("http handshake: {e}"))?;
        Ok(Link { sender, conn })
    }

    /// Whether the link can carry another request: polls the connection once, without
    /// waiting, so a close by the server while it sat idle is noticed here and not by a lost
    /// request.
    fn usable(&mut self) -> bool {
        if (&mut self.conn).now_or_never().is_some() {
            return false;
        }
        self.sender.is_ready()
    }
}

/// A future exchanging one request; it gives its link back for reuse when it is still good.
pub(crate) type Exchange<T> =
    Pin<Box<dyn Future<Output = (T, Option<Link>, Result<Reply, String>)> + Send>>;

/// The connections of one simulated client.
pub(crate) struct Links {
    addr: SocketAddr,
    idle: Vec<Link>,
}

impl Links {
    /// No connection yet; they open on first use.
    pub(crate) fn new(addr: SocketAddr) -> Links {
        Links {
            addr,
            idle: Vec::new(),
        }
    }

    /// Takes back the link an exchange returned (`None`: its connection is gone).
    pub(crate) fn put(&mut self, link: Option<Link>) {
        self.idle.extend(link);
    }

    /// An exchange of `req` (tagged `tag`) on an idle link, or on a new one; the whole
    /// answer must arrive within `limit`.
    pub(crate) fn exchange<T: Send + 'static>(
        &mut self,
        tag: T,
        mut req: Request<Full<Bytes>>,
        limit: Duration,
    ) -> Exchange<T> {
        origin_form(&mut req);
        let mut link = None;
        while let Some(mut l) = self.idle.pop() {
            if l.usable() {
                link = Some(l);
                break;
            }
        }
        let addr = self.addr;
        Box::pin(async move {
            let (link, result) = match tokio::time::timeout(limit, run(link, addr, req)).await {
                Ok(r) => r,
                Err(_) => (None, Err(format!("http: no answer within {limit:?}"))),
            };
            (tag, link, result)
        })
    }
}

/// A request built with an absolute URL goes out in origin form (path and query) with its
/// authority as the `Host` header, as a browser sends it (and HTTP/1.1 requires `Host`).
fn origin_form(req: &mut Request<Full<Bytes>>) {
    let Some(authority) = req.uri().authority().cloned() else {
        return;
    };
    if !req.headers().contains_key(http::header::HOST) {
        if let Ok(host) = http::HeaderValue::from_str(authority.as_str()) {
            req.headers_mut().insert(http::header::HOST, host);
        }
    }
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/")
        .parse();
    if let Ok(path) = path {
        *req.uri_mut() = path;
    }
}

/// Sends `req` on `link` (or a new connection) and reads the whole answer, driving the
/// connection meanwhile. The link comes back if the connection is still open.
async fn run(
    link: Option<Link>,
    addr: SocketAddr,
    req: Request<Full<Bytes>>,
) -> (Option<Link>, Result<Reply, String>) {
    let mut link = match link {
        Some(l) => l,
        None => match Link::connect(addr).await {
            Ok(l) => l,
            Err(e) => return (None, Err(e)),
        },
    };
    let answer = link.sender.send_request(req);
    let work = async move {
        let resp = answer.await.map_err(|e| format!("http: {e}"))?;
        read_reply(resp).await
    };
    let mut work = std::pin::pin!(work);
    tokio::select! {
        biased;
        r = &mut work => (Some(link), r),
        closed = &mut link.conn => {
            // The connection ended: whatever it read is already with the answer's future.
            let r = work.now_or_never().unwrap_or_else(|| {
                Err(match closed {
                    Ok(()) => "http: connection closed before the answer".to_owned(),
                    Err(e) => format!("http: {e}"),
                })
            });
            (None, r)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use http::{header, Method};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;

    /// A minimal HTTP/1.1 server: answers `ok<n>` to each request; after `per_conn`
    /// answers on a connection it closes it. Counts the connections it accepted.
    async fn server(per_conn: usize) -> (SocketAddr, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let count = accepted.clone();
        tokio::spawn(async move {
            let mut answered = 0usize;
            while let Ok((mut tcp, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                for _ in 0..per_conn {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 1024];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tcp.read(&mut chunk).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    if buf.is_empty() {
                        break;
                    }
                    answered += 1;
                    let body = format!("ok{answered}");
                    let resp = format!(
                        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if tcp.write_all(resp.as_bytes()).await.is_err() {
                        break;
                    }
                }
                // Dropping the socket closes the connection.
            }
        });
        (addr, accepted)
    }

    fn get(addr: SocketAddr) -> Request<Full<Bytes>> {
        Request::builder()
            .method(Method::GET)
            .uri("/")
            .header(header::HOST, addr.to_string())
            .body(Full::new(Bytes::new()))
            .unwrap()
    }

    async fn run_one(links: &mut Links, addr: SocketAddr) -> Bytes {
        let (tag, link, reply) = links.exchange(7u8, get(addr), Duration::from_secs(5)).await;
        assert_eq!(tag, 7);
        links.put(link);
        let reply = reply.unwrap();
        assert_eq!(reply.status, 200);
        reply.body
    }

    #[tokio::test]
    async fn a_returned_link_carries_the_next_request() {
        let (addr, accepted) = server(usize::MAX).await;
        let mut links = Links::new(addr);
        assert_eq!(run_one(&mut links, addr).await, "ok1");
        assert_eq!(run_one(&mut links, addr).await, "ok2");
        assert_eq!(run_one(&mut links, addr).await, "ok3");
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_link_the_server_closed_while_idle_is_replaced_not_used() {
        let (addr, accepted) = server(1).await;
        let mut links = Links::new(addr);
        assert_eq!(run_one(&mut links, addr).await, "ok1");
        // Let the server's close reach us while the link is idle.
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(run_one(&mut links, addr).await, "ok2");
        assert_eq!(accepted.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn no_server_is_an_error_not_a_hang() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let mut links = Links::new(addr);
        let (_, link, reply) = links.exchange((), get(addr), Duration::from_secs(5)).await;
        assert!(link.is_none());
        assert!(reply.unwrap_err().contains("connect"));
    }
}
