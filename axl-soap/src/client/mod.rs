//! The AXL client (feature `client`): typed calls over hyper + rustls with Basic auth,
//! `JSESSIONID` reuse, pooled keep-alive connections and retry after HTTP 503.

mod error;
mod tls;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use http::{header, HeaderValue, Method, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

pub use error::ClientError;
pub use tls::{tls_config_insecure, tls_config_with_roots};

use crate::{
    decode_response, encode_request, AxlFault, AxlOperation, AxlRequest, AxlResponse, AxlVersion,
    Envelope, Limits, SoapVersion,
};

/// Settings for [`AxlClient`]; start with [`AxlClient::builder`].
#[derive(Debug, Clone)]
pub struct AxlClientBuilder {
    url: String,
    username: String,
    password: String,
    version: AxlVersion,
    tls: Option<Arc<rustls::ClientConfig>>,
    timeout: Duration,
    max_retries: u32,
    max_retry_wait: Duration,
    max_idle: usize,
    limits: Limits,
}

impl AxlClientBuilder {
    /// AXL schema version to speak (default 12.5).
    #[must_use]
    pub fn version(mut self, version: AxlVersion) -> Self {
        self.version = version;
        self
    }

    /// TLS settings for `https` URLs (see [`tls_config_with_roots`] and
    /// [`tls_config_insecure`]). Required for `https`.
    #[must_use]
    pub fn tls(mut self, config: Arc<rustls::ClientConfig>) -> Self {
        self.tls = Some(config);
        self
    }

    /// Time allowed for one attempt (connect, send, receive). Default 30 s.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Retries after HTTP 503 (default 3), waiting `Retry-After` seconds (or 1 s, 2 s,
    /// 4 s … without one), each wait capped at `max_wait` (default 30 s).
    #[must_use]
    pub fn retries(mut self, max_retries: u32, max_wait: Duration) -> Self {
        self.max_retries = max_retries;
        self.max_retry_wait = max_wait;
        self
    }

    /// Idle connections kept for reuse (default 4).
    #[must_use]
    pub fn max_idle_connections(mut self, n: usize) -> Self {
        self.max_idle = n;
        self
    }

    /// Limits applied to responses (default [`Limits::for_responses`]: 16 MiB).
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`ClientError::Config`] for a URL that is not `http(s)://host[:port]/path`, or
    /// `https` without [`tls`](Self::tls).
    pub fn build(self) -> Result<AxlClient, ClientError> {
        let uri: Uri = self
            .url
            .parse()
            .map_err(|e| ClientError::Config(format!("bad URL {}: {e}", self.url)))?;
        let https = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => {
                return Err(ClientError::Config(format!(
                    "URL {} must be http or https",
                    self.url
                )))
            }
        };
        let host = uri
            .host()
            .ok_or_else(|| ClientError::Config(format!("URL {} has no host", self.url)))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        let tls = match (https, self.tls.clone()) {
            (true, None) => {
                return Err(ClientError::Config(
                    "https needs TLS settings: call .tls(...)".into(),
                ))
            }
            (true, Some(cfg)) => {
                let name = rustls::pki_types::ServerName::try_from(host.clone())
                    .map_err(|e| ClientError::Config(format!("bad TLS server name {host}: {e}")))?;
                Some((tokio_rustls::TlsConnector::from(cfg), name))
            }
            (false, _) => None,
        };
        let credentials = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", self.username, self.password));
        let authorization = HeaderValue::from_str(&format!("Basic {credentials}"))
            .map_err(|_| ClientError::Config("credentials contain invalid characters".into()))?;
        let host_header = HeaderValue::from_str(&match uri.port_u16() {
            Some(p) => format!("{host}:{p}"),
            None => host.clone(),
        })
        .map_err(|_| ClientError::Config("bad host".into()))?;
        Ok(AxlClient {
            inner: Arc::new(Inner {
                uri,
                host,
                port,
                host_header,
                tls,
                authorization,
                settings: self,
                idle: Mutex::new(Vec::new()),
                cookie: Mutex::new(None),
            }),
        })
    }
}

struct Inner {
    uri: Uri,
    host: String,
    port: u16,
    host_header: HeaderValue,
    tls: Option<(
        tokio_rustls::TlsConnector,
        rustls::pki_types::ServerName<'static>,
    )>,
    authorization: HeaderValue,
    settings: AxlClientBuilder,
    idle: Mutex<Vec<SendRequest<Full<Bytes>>>>,
    cookie: Mutex<Option<String>>,
}

/// An async AXL client. Cheap to clone; clones share the connection pool and session.
///
/// ```no_run
/// # async fn demo() -> Result<(), axl_soap::client::ClientError> {
/// use axl_soap::client::{tls_config_insecure, AxlClient};
/// use axl_soap::GetUserReq;
///
/// let axl = AxlClient::builder("https://cucm.example.com:8443/axl/", "axladmin", "secret")
///     .tls(tls_config_insecure())
///     .build()?;
/// let user = axl
///     .call(GetUserReq { userid: Some("jdoe".into()), ..Default::default() })
///     .await?
///     .user;
/// println!("{:?}", user.telephone_number);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AxlClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for AxlClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AxlClient")
            .field("url", &self.inner.uri)
            .field("username", &self.inner.settings.username)
            .field("version", &self.inner.settings.version)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

struct RawResponse {
    status: StatusCode,
    retry_after: Option<Duration>,
    body: Bytes,
}

impl AxlClient {
    /// Starts building a client for `url` (e.g. `https://cucm:8443/axl/`) with HTTP Basic
    /// credentials.
    pub fn builder(
        url: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> AxlClientBuilder {
        AxlClientBuilder {
            url: url.into(),
            username: username.into(),
            password: password.into(),
            version: AxlVersion::default(),
            tls: None,
            timeout: Duration::from_secs(30),
            max_retries: 3,
            max_retry_wait: Duration::from_secs(30),
            max_idle: 4,
            limits: Limits::for_responses(),
        }
    }

    /// The AXL version this client speaks.
    #[must_use]
    pub fn version(&self) -> AxlVersion {
        self.inner.settings.version
    }

    /// The session cookie(s) received so far (`JSESSIONID=…`), sent back on every request.
    #[must_use]
    pub fn session_cookie(&self) -> Option<String> {
        lock(&self.inner.cookie).clone()
    }

    /// `GET /axl/` with the credentials, as ciscoaxl does before anything else.
    ///
    /// # Errors
    /// [`ClientError::Unauthorized`] (401), [`ClientError::Forbidden`] (403), other
    /// statuses and transport errors.
    pub async fn check(&self) -> Result<(), ClientError> {
        let r = self.attempt(Method::GET, None, Bytes::new()).await?;
        match r.status.as_u16() {
            200 => Ok(()),
            401 => Err(ClientError::Unauthorized),
            403 => Err(ClientError::Forbidden),
            status => Err(ClientError::Status {
                status,
                body: snippet(&r.body),
            }),
        }
    }

    /// Calls a typed operation: `client.call(GetUserReq { … }).await?` gives a
    /// [`GetUserRes`](crate::GetUserRes).
    ///
    /// # Errors
    /// [`ClientError::Fault`] for an AXL fault (e.g. 5007), and transport, status and
    /// decoding errors.
    pub async fn call<O: AxlOperation>(&self, request: O) -> Result<O::Response, ClientError> {
        let response = self.call_request(request.into()).await?;
        O::unwrap_response(response).map_err(|_| ClientError::WrongResponse(O::NAME))
    }

    /// Calls any operation, typed or [`Unknown`](AxlRequest::Unknown).
    ///
    /// # Errors
    /// As [`AxlClient::call`].
    pub async fn call_request(&self, request: AxlRequest) -> Result<AxlResponse, ClientError> {
        let version = self.inner.settings.version;
        let mut body = String::new();
        encode_request(&mut body, SoapVersion::V11, version, None, &request)?;
        let body = Bytes::from(body);
        let action = format!("\"{}\"", version.soap_action(request.name()));
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let r = self
                .attempt(Method::POST, Some(&action), body.clone())
                .await?;
            match r.status.as_u16() {
                200 => {
                    let reply =
                        decode_response(&r.body, request.name(), &self.inner.settings.limits)?;
                    return Ok(reply.response);
                }
                401 => return Err(ClientError::Unauthorized),
                503 if attempts <= self.inner.settings.max_retries => {
                    let backoff = Duration::from_secs(1u64 << (attempts - 1).min(5));
                    let wait = r
                        .retry_after
                        .unwrap_or(backoff)
                        .min(self.inner.settings.max_retry_wait);
                    tokio::time::sleep(wait).await;
                }
                503 => return Err(ClientError::Throttled { attempts }),
                status => {
                    // A SOAP fault travels with 500 (and with 403/503 from some servers).
                    if let Ok(env) = Envelope::parse(&r.body, &self.inner.settings.limits) {
                        if let Some(Ok(fault)) = env.fault() {
                            return Err(ClientError::Fault(Box::new(AxlFault::from_fault(fault))));
                        }
                    }
                    return Err(match status {
                        403 => ClientError::Forbidden,
                        _ => ClientError::Status {
                            status,
                            body: snippet(&r.body),
                        },
                    });
                }
            }
        }
    }

    async fn attempt(
        &self,
        method: Method,
        action: Option<&str>,
        body: Bytes,
    ) -> Result<RawResponse, ClientError> {
        let timeout = self.inner.settings.timeout;
        tokio::time::timeout(timeout, self.exchange(method, action, body))
            .await
            .map_err(|_| ClientError::Timeout(timeout))?
    }

    async fn exchange(
        &self,
        method: Method,
        action: Option<&str>,
        body: Bytes,
    ) -> Result<RawResponse, ClientError> {
        let inner = &self.inner;
        let mut sender = self.connection().await?;
        let path = inner.uri.path_and_query().map_or("/axl/", |p| p.as_str());
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, inner.host_header.clone())
            .header(header::AUTHORIZATION, inner.authorization.clone());
        if let Some(action) = action {
            builder = builder
                .header(header::CONTENT_TYPE, "text/xml; charset=utf-8")
                .header("SOAPAction", action);
        }
        if let Some(cookie) = lock(&inner.cookie).clone() {
            builder = builder.header(header::COOKIE, cookie);
        }
        let request = builder
            .body(Full::new(body))
            .map_err(|e| ClientError::Config(e.to_string()))?;
        let response = sender.send_request(request).await?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        self.remember_cookies(response.headers());
        let limit = inner.settings.limits.max_bytes;
        let body = Limited::new(response.into_body(), limit)
            .collect()
            .await
            .map_err(|e| match e.downcast::<hyper::Error>() {
                Ok(h) => ClientError::Http(*h),
                Err(_) => ClientError::TooLarge(limit),
            })?
            .to_bytes();
        if !sender.is_closed() {
            let mut idle = lock(&inner.idle);
            if idle.len() < inner.settings.max_idle {
                idle.push(sender);
            }
        }
        Ok(RawResponse {
            status,
            retry_after,
            body,
        })
    }

    fn remember_cookies(&self, headers: &http::HeaderMap) {
        let mut found: Vec<String> = Vec::new();
        for v in headers.get_all(header::SET_COOKIE) {
            let Ok(v) = v.to_str() else { continue };
            let pair = v.split(';').next().unwrap_or("").trim();
            if pair.starts_with("JSESSIONID") && pair.contains('=') {
                found.push(pair.to_owned());
            }
        }
        if found.is_empty() {
            return;
        }
        let mut cookie = lock(&self.inner.cookie);
        let mut pairs: Vec<String> = cookie
            .as_deref()
            .map(|c| c.split("; ").map(str::to_owned).collect())
            .unwrap_or_default();
        for new in found {
            let name = new.split('=').next().unwrap_or("").to_owned();
            pairs.retain(|p| p.split('=').next() != Some(name.as_str()));
            pairs.push(new);
        }
        *cookie = Some(pairs.join("; "));
    }

    async fn connection(&self) -> Result<SendRequest<Full<Bytes>>, ClientError> {
        loop {
            let candidate = lock(&self.inner.idle).pop();
            match candidate {
                Some(mut sender) => {
                    if !sender.is_closed() && sender.ready().await.is_ok() {
                        return Ok(sender);
                    }
                }
                None => break,
            }
        }
        let inner = &self.inner;
        let tcp = TcpStream::connect((inner.host.as_str(), inner.port))
            .await
            .map_err(ClientError::Connect)?;
        let _ = tcp.set_nodelay(true);
        match &inner.tls {
            Some((connector, name)) => {
                let tls = connector
                    .connect(name.clone(), tcp)
                    .await
                    .map_err(ClientError::Connect)?;
                let (sender, conn) =
                    hyper::client::conn::http1::handshake(TokioIo::new(tls)).await?;
                tokio::spawn(async move {
                    let _ = conn.await;
                });
                Ok(sender)
            }
            None => {
                let (sender, conn) =
                    hyper::client::conn::http1::handshake(TokioIo::new(tcp)).await?;
                tokio::spawn(async move {
                    let _ = conn.await;
                });
                Ok(sender)
            }
        }
    }
}

fn snippet(body: &[u8]) -> String {
    String::from_utf8_lossy(body.get(..body.len().min(200)).unwrap_or_default()).into_owned()
}
