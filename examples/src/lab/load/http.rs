//! The HTTP side: one keep-alive connection pool shared by every simulated client, POSTs of
//! BOSH bodies and REST requests, each answer stamped with the instant it was complete.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;

use http::{header, HeaderValue, Method, Request, Uri};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// The reading of the clock for every timestamp the load tool takes.
#[allow(clippy::disallowed_methods)] // the I/O glue's one clock read
pub(crate) fn now() -> Instant {
    Instant::now()
}

/// The shared pooled HTTP/1.1 client (plain HTTP; cheap to clone).
pub(crate) type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// A client whose pool keeps idle keep-alive connections for reuse by any session.
pub(crate) fn http_client() -> HttpClient {
    let mut conn = HttpConnector::new();
    conn.set_nodelay(true);
    conn.set_connect_timeout(Some(Duration::from_secs(10)));
    Client::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(150))
        .build(conn)
}

/// A complete HTTP answer.
#[derive(Debug)]
pub(crate) struct Reply {
    /// Status code.
    pub(crate) status: u16,
    /// Body.
    pub(crate) body: Bytes,
    /// When the whole body had arrived.
    pub(crate) at: Instant,
}

/// Sends `req` and reads the whole answer, giving up after `limit`.
pub(crate) async fn exchange(
    client: &HttpClient,
    req: Request<Full<Bytes>>,
    limit: Duration,
) -> Result<Reply, String> {
    let fut = async {
        let resp = client
            .request(req)
            .await
            .map_err(|e| format!("http: {e}"))?;
        read_reply(resp).await
    };
    tokio::time::timeout(limit, fut)
        .await
        .map_err(|_| format!("http: no answer within {limit:?}"))?
}

/// Reads a whole answer; its arrival is when the last byte is in.
pub(crate) async fn read_reply<B>(resp: http::Response<B>) -> Result<Reply, String>
where
    B: hyper::body::Body,
    B::Error: std::fmt::Display,
{
    let status = resp.status().as_u16();
    let body = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("http body: {e}"))?
        .to_bytes();
    Ok(Reply {
        status,
        body,
        at: now(),
    })
}

/// Where the simulated clients send their BOSH requests: the URL, resolved once.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    /// The request target (origin form: path and query).
    pub(crate) path: Uri,
    /// The `Host` header.
    pub(crate) host: HeaderValue,
    /// The address connected to.
    pub(crate) addr: SocketAddr,
}

impl Endpoint {
    /// Resolves a plain `http://` URL (the first address its host has).
    pub(crate) async fn resolve(url: &str) -> Result<Endpoint, String> {
        let uri = parse_url(url)?;
        let authority = uri
            .authority()
            .ok_or_else(|| format!("{url}: no host"))?
            .clone();
        let port = authority.port_u16().unwrap_or(80);
        let addr = tokio::net::lookup_host((authority.host(), port))
            .await
            .map_err(|e| format!("{url}: {e}"))?
            .next()
            .ok_or_else(|| format!("{url}: the host has no address"))?;
        let path = uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/")
            .parse()
            .map_err(|e| format!("{url}: {e}"))?;
        let host = HeaderValue::from_str(authority.as_str()).map_err(|e| format!("{url}: {e}"))?;
        Ok(Endpoint { path, host, addr })
    }
}

/// A BOSH POST of `body` to `endpoint`.
pub(crate) fn bosh_post(endpoint: &Endpoint, body: Bytes) -> Result<Request<Full<Bytes>>, String> {
    Request::builder()
        .method(Method::POST)
        .uri(endpoint.path.clone())
        .header(header::HOST, endpoint.host.clone())
        .header(header::CONTENT_TYPE, "text/xml; charset=utf-8")
        .body(Full::new(body))
        .map_err(|e| format!("request: {e}"))
}

/// A Finesse REST request with Basic credentials, an optional `requestId` header and an XML body.
pub(crate) fn rest_request(
    method: Method,
    url: &str,
    user: &str,
    password: &str,
    request_id: Option<&str>,
    body: Option<String>,
) -> Result<Request<Full<Bytes>>, String> {
    let creds = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let mut b = Request::builder()
        .method(method)
        .uri(url)
        .header(header::AUTHORIZATION, format!("Basic {creds}"))
        .header(header::ACCEPT, "application/xml");
    if let Some(id) = request_id {
        b = b.header("requestId", id);
    }
    let body = match body {
        Some(xml) => {
            b = b.header(header::CONTENT_TYPE, "application/xml");
            Bytes::from(xml)
        }
        None => Bytes::new(),
    };
    b.body(Full::new(body)).map_err(|e| format!("request: {e}"))
}

/// Parses a URL given on the command line or in a target.
pub(crate) fn parse_url(url: &str) -> Result<Uri, String> {
    let uri: Uri = url.parse().map_err(|e| format!("bad URL {url:?}: {e}"))?;
    match uri.scheme_str() {
        Some("http") => Ok(uri),
        Some(other) => Err(format!(
            "{url}: the load tool speaks plain http only (got {other}); use the plain BOSH/REST ports"
        )),
        None => Err(format!("{url}: no scheme")),
    }
}
