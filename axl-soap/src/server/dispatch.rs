//! The request dispatcher: HTTP request in, HTTP response out. No sockets and no clock:
//! `now` is an argument, so it can be driven by tests, benches and fuzzers directly.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use http::{header, HeaderValue, Method, Request, Response, StatusCode};

use super::service::{Access, AxlService, CallContext};
use super::throttle::{ThrottleConfig, WriteThrottle};
use crate::{
    check_must_understand, decode_request, encode_fault, encode_response, AxlDecodeError, AxlFault,
    AxlRequest, AxlResponse, EnvelopeError, Fault, FaultCode, Limits, OperationKind, SoapVersion,
};

/// Server settings.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Limits on request envelopes (default 1 MiB, depth 32).
    pub limits: Limits,
    /// Largest response body. Above it, CUCM's "Query request too large" fault is sent
    /// instead. Default 8 MB, as CUCM.
    pub max_response_bytes: usize,
    /// Write throttling; `None` disables it. Default [`ThrottleConfig::default`].
    pub write_throttle: Option<ThrottleConfig>,
    /// Realm in `WWW-Authenticate`.
    pub realm: String,
    /// Set a `JSESSIONID` cookie on responses to requests that carry none (CUCM does;
    /// clients are advised to send it back). Default `true`. Basic auth is still checked
    /// on every request.
    pub session_cookies: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            limits: Limits::default(),
            max_response_bytes: 8 * 1000 * 1000,
            write_throttle: Some(ThrottleConfig::default()),
            realm: "Cisco AXL".to_owned(),
            session_cookies: true,
        }
    }
}

/// The body `GET /axl/` answers with (CUCM shows a similar "AXL is working" page).
pub const AXL_STATUS_PAGE: &str = "<html><head><title>Cisco AXL Web Service</title></head><body><p>Cisco CallManager: AXL Web Service</p><p>The AXL Web Service is working and accepting requests. Use HTTP POST to send a request.</p></body></html>";

/// Dispatches AXL HTTP requests to an [`AxlService`].
///
/// Order of checks for `POST /axl/`: Basic credentials (401), AXL role (403), envelope
/// and `SOAPAction` (SOAP fault, HTTP 500, or 400 for SOAP 1.2 Sender faults),
/// `mustUnderstand` headers, write permission of read-only users (403 + fault), write
/// throttling (503 + `Retry-After` + fault), then the operation. Answers come in the
/// request's SOAP version.
pub struct Dispatcher<S> {
    service: Arc<S>,
    config: ServerConfig,
    throttle: Option<Mutex<WriteThrottle>>,
    session_seed: std::collections::hash_map::RandomState,
    session_counter: std::sync::atomic::AtomicU64,
}

impl<S> std::fmt::Debug for Dispatcher<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

fn parse_basic(value: &HeaderValue) -> Option<(String, String)> {
    let v = value.to_str().ok()?;
    let (scheme, token) = v.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(token.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (user, pass) = text.split_once(':')?;
    Some((user.to_owned(), pass.to_owned()))
}

/// A non-SOAP answer. Error pages are plain text (not XML), so that SOAP clients report
/// the HTTP status rather than trying to read a fault out of them.
fn plain(status: StatusCode, body: &'static str) -> Response<Bytes> {
    let mut r = Response::new(Bytes::from_static(body.as_bytes()));
    *r.status_mut() = status;
    let ct = if status == StatusCode::OK {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    r
}

fn soap_response(status: u16, soap: SoapVersion, body: String) -> Response<Bytes> {
    let mut r = Response::new(Bytes::from(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = HeaderValue::from_str(&soap.content_type(None)) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

fn fault_response(status: Option<u16>, soap: SoapVersion, fault: &AxlFault) -> Response<Bytes> {
    let mut body = String::new();
    encode_fault(&mut body, soap, fault);
    soap_response(
        status.unwrap_or_else(|| fault.http_status(soap)),
        soap,
        body,
    )
}

/// The fault for a request that could not be decoded.
fn decode_fault(err: &AxlDecodeError) -> AxlFault {
    match err {
        AxlDecodeError::Envelope(EnvelopeError::VersionMismatch { .. }) => AxlFault {
            fault: Fault::new(FaultCode::VersionMismatch, err.to_string()),
            axl: None,
        },
        AxlDecodeError::Body { operation, .. } => AxlFault::new(
            AxlFault::INVALID_REQUEST,
            err.to_string(),
            operation.clone(),
        ),
        _ => AxlFault::client(err.to_string()),
    }
}

impl<S: AxlService> Dispatcher<S> {
    /// A dispatcher over `service`.
    pub fn new(service: Arc<S>, config: ServerConfig) -> Self {
        Dispatcher {
            throttle: config
                .write_throttle
                .map(|c| Mutex::new(WriteThrottle::new(c))),
            service,
            config,
            session_seed: std::collections::hash_map::RandomState::new(),
            session_counter: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// The service.
    pub fn service(&self) -> &Arc<S> {
        &self.service
    }

    fn unauthorized(&self) -> Response<Bytes> {
        let mut r = plain(StatusCode::UNAUTHORIZED, "401 Unauthorized\n");
        if let Ok(v) = HeaderValue::from_str(&format!(
            "Basic realm=\"{}\"",
            self.config.realm.replace('"', "")
        )) {
            r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
        r
    }

    fn session_cookie(&self) -> Option<HeaderValue> {
        use std::hash::{BuildHasher, Hasher};
        let n = self
            .session_counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut a = self.session_seed.build_hasher();
        a.write_u64(n);
        let mut b = self.session_seed.build_hasher();
        b.write_u64(!n);
        let id = format!("{:016X}{:016X}", a.finish(), b.finish());
        HeaderValue::from_str(&format!("JSESSIONID={id}; Path=/axl; Secure; HttpOnly")).ok()
    }

    /// Serves one HTTP request. `now` drives write throttling.
    pub async fn handle(&self, now: Instant, request: Request<Bytes>) -> Response<Bytes> {
        let has_cookie = request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .any(|v| v.to_str().is_ok_and(|s| s.contains("JSESSIONID=")));
        let mut response = self.handle_inner(now, request).await;
        if self.config.session_cookies
            && !has_cookie
            && response.status() != StatusCode::UNAUTHORIZED
        {
            if let Some(cookie) = self.session_cookie() {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
        }
        response
    }

    async fn handle_inner(&self, now: Instant, request: Request<Bytes>) -> Response<Bytes> {
        let path = request.uri().path();
        if path != "/axl/" && path != "/axl" {
            return plain(StatusCode::NOT_FOUND, "404 Not Found\n");
        }
        let Some((user, pass)) = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(parse_basic)
        else {
            return self.unauthorized();
        };
        let access = self.service.authenticate(&user, &pass);
        match access {
            Access::Denied => return self.unauthorized(),
            Access::NoAxlRole => {
                return plain(
                    StatusCode::FORBIDDEN,
                    "403 Forbidden: this user has no AXL access\n",
                )
            }
            Access::ReadOnly | Access::ReadWrite => {}
        }
        match *request.method() {
            Method::GET | Method::HEAD => return plain(StatusCode::OK, AXL_STATUS_PAGE),
            Method::POST => {}
            _ => {
                let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
                r.headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
                return r;
            }
        }

        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let hinted = SoapVersion::from_content_type(content_type);
        let action = match hinted {
            Some(SoapVersion::V12) => {
                SoapVersion::action_from_content_type(content_type).map(str::to_owned)
            }
            _ => request
                .headers()
                .get("soapaction")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        };
        let call = match decode_request(request.body(), action.as_deref(), &self.config.limits) {
            Ok(call) => call,
            Err(err) => {
                let soap = hinted.unwrap_or_default();
                return fault_response(None, soap, &decode_fault(&err));
            }
        };
        let soap = call.soap;
        // This server understands no header block.
        if let Err(fault) = check_must_understand(&call.headers, |_| false) {
            return fault_response(None, soap, &AxlFault { fault, axl: None });
        }

        let name = call.request.name().to_owned();
        if call.request.kind() == OperationKind::Write {
            if access == Access::ReadOnly {
                let fault = AxlFault::client(format!(
                    "User {user} has read-only AXL access and cannot call {name}"
                ));
                return fault_response(Some(403), soap, &fault);
            }
            if let Some(throttle) = &self.throttle {
                let verdict = match throttle.lock() {
                    Ok(mut t) => t.try_acquire(now),
                    Err(poisoned) => poisoned.into_inner().try_acquire(now),
                };
                if let Err(wait) = verdict {
                    return self.throttled(soap, &name, wait);
                }
            }
        }

        let ctx = CallContext {
            username: user,
            access,
            version: call.version,
            sequence: call.sequence,
        };
        let result = self.call(&ctx, call.request.clone()).await;
        match result {
            Ok(mut response) => {
                response.apply_returned_tags(&call.request);
                let mut body = String::new();
                if let Err(err) =
                    encode_response(&mut body, soap, call.version, call.sequence, &response)
                {
                    let fault = AxlFault::new(AxlFault::INVALID_REQUEST, err.to_string(), name);
                    return fault_response(Some(500), soap, &fault);
                }
                if body.len() > self.config.max_response_bytes {
                    return fault_response(
                        None,
                        soap,
                        &too_large(&name, &response, body.len(), self.config.max_response_bytes),
                    );
                }
                soap_response(200, soap, body)
            }
            Err(fault) => fault_response(None, soap, &fault),
        }
    }

    fn throttled(&self, soap: SoapVersion, name: &str, wait: Duration) -> Response<Bytes> {
        let fault = AxlFault {
            fault: Fault::receiver(format!(
                "AXL write throttled: too many outstanding database change notifications; retry {name} later"
            )),
            axl: None,
        };
        let mut r = fault_response(Some(503), soap, &fault);
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        if let Ok(v) = HeaderValue::from_str(&secs.max(1).to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    }

    async fn call(&self, ctx: &CallContext, request: AxlRequest) -> Result<AxlResponse, AxlFault> {
        let s = &self.service;
        Ok(match request {
            AxlRequest::GetCcmVersion(r) => {
                AxlResponse::GetCcmVersion(s.get_ccm_version(ctx, r).await?)
            }
            AxlRequest::GetUser(r) => {
                if r.userid.is_none() && r.uuid.is_none() {
                    return Err(AxlFault::new(
                        AxlFault::INVALID_REQUEST,
                        "getUser needs userid or uuid",
                        "getUser",
                    ));
                }
                AxlResponse::GetUser(s.get_user(ctx, r).await?)
            }
            AxlRequest::ListUser(r) => {
                if !r.search_criteria.is_specified() {
                    return Err(no_criteria("listUser"));
                }
                AxlResponse::ListUser(s.list_user(ctx, r).await?)
            }
            AxlRequest::AddUser(r) => AxlResponse::AddUser(s.add_user(ctx, r).await?),
            AxlRequest::UpdateUser(r) => AxlResponse::UpdateUser(s.update_user(ctx, r).await?),
            AxlRequest::RemoveUser(r) => AxlResponse::RemoveUser(s.remove_user(ctx, r).await?),
            AxlRequest::GetPhone(r) => {
                if r.name.is_none() && r.uuid.is_none() {
                    return Err(AxlFault::new(
                        AxlFault::INVALID_REQUEST,
                        "getPhone needs name or uuid",
                        "getPhone",
                    ));
                }
                AxlResponse::GetPhone(s.get_phone(ctx, r).await?)
            }
            AxlRequest::ListPhone(r) => {
                if !r.search_criteria.is_specified() {
                    return Err(no_criteria("listPhone"));
                }
                AxlResponse::ListPhone(s.list_phone(ctx, r).await?)
            }
            AxlRequest::AddPhone(r) => AxlResponse::AddPhone(s.add_phone(ctx, r).await?),
            AxlRequest::UpdatePhone(r) => AxlResponse::UpdatePhone(s.update_phone(ctx, r).await?),
            AxlRequest::RemovePhone(r) => AxlResponse::RemovePhone(s.remove_phone(ctx, r).await?),
            AxlRequest::GetLine(r) => AxlResponse::GetLine(s.get_line(ctx, r).await?),
            AxlRequest::ListLine(r) => {
                if !r.search_criteria.is_specified() {
                    return Err(no_criteria("listLine"));
                }
                AxlResponse::ListLine(s.list_line(ctx, r).await?)
            }
            AxlRequest::ExecuteSqlQuery(r) => {
                AxlResponse::ExecuteSqlQuery(s.execute_sql_query(ctx, r).await?)
            }
            AxlRequest::ExecuteSqlUpdate(r) => {
                AxlResponse::ExecuteSqlUpdate(s.execute_sql_update(ctx, r).await?)
            }
            AxlRequest::DoAuthenticateUser(r) => {
                if r.password.is_none() == r.pin.is_none() {
                    return Err(AxlFault::new(
                        AxlFault::INVALID_REQUEST,
                        "doAuthenticateUser needs exactly one of password or pin",
                        "doAuthenticateUser",
                    ));
                }
                AxlResponse::DoAuthenticateUser(s.do_authenticate_user(ctx, r).await?)
            }
            AxlRequest::Unknown(u) => AxlResponse::Unknown(s.unknown_operation(ctx, u).await?),
        })
    }
}

fn no_criteria(op: &str) -> AxlFault {
    AxlFault::new(
        AxlFault::INVALID_REQUEST,
        format!("{op}: at least one searchCriteria element is required"),
        op,
    )
}

fn too_large(op: &str, response: &AxlResponse, len: usize, max: usize) -> AxlFault {
    let rows = match response {
        AxlResponse::ListUser(r) => r.users.len(),
        AxlResponse::ListPhone(r) => r.phones.len(),
        AxlResponse::ListLine(r) => r.lines.len(),
        AxlResponse::ExecuteSqlQuery(r) => r.rows.len(),
        _ => 1,
    };
    let suggested = rows.saturating_mul(max) / len.max(1);
    AxlFault::new(
        AxlFault::INVALID_REQUEST,
        format!("Query request too large. Total rows matched: {rows} rows. Suggestive Row Fetch: less than {suggested} rows"),
        op,
    )
}
