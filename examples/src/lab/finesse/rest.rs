//! The REST API: one handler that routes with `finesse_rest_types::match_route`, checks
//! service state, credentials and authorization, and serves or forwards to the CTI side.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method as HttpMethod, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use cti_proto::CtiString;
use finesse_rest_types::{
    match_route, ApiErrorKind, ApiErrorResponse, Operation, PathParams, Resource, RouteMatch,
};
use tokio::sync::mpsc;

use super::cti::{lock_core, wall_ms, CtiCommand, Service};
use super::docs;
use super::model::FinesseCore;
use super::queue::{ObjectQueues, QueueError};
use crate::lab::{AuthOutcome, CredentialCheck};

mod actions;

/// Largest request body read.
const MAX_BODY: usize = 64 * 1024;
/// How long a request waits for the previous request on the same object.
const QUEUE_BOUND: Duration = Duration::from_secs(15);
/// How long a confirmed request keeps its object's turn waiting for the event that
/// carries its result (engines may send the confirmation before the event).
const SETTLE_BOUND: Duration = Duration::from_secs(5);

/// What the handler shares.
pub(crate) struct App {
    pub(crate) core: Arc<Mutex<FinesseCore>>,
    pub(crate) service: Arc<Service>,
    pub(crate) auth: Arc<dyn CredentialCheck>,
    pub(crate) cti: mpsc::Sender<CtiCommand>,
    pub(crate) queues: ObjectQueues,
}

type Reply = Result<Response, ApiErrorResponse>;

fn xml_response(status: StatusCode, xml: String) -> Response {
    let mut r = (status, xml).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml"),
    );
    r
}

fn ok_doc(doc: &impl Resource) -> Reply {
    doc.to_xml()
        .map(|xml| xml_response(StatusCode::OK, xml))
        .map_err(|e| {
            ApiErrorResponse::new(
                ApiErrorKind::InternalServerError,
                "RUNTIME_EXCEPTION",
                Some(e.to_string()),
            )
        })
}

fn error_response(err: &ApiErrorResponse) -> Response {
    let status = StatusCode::from_u16(err.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    xml_response(status, err.to_xml().unwrap_or_default())
}

fn accepted() -> Reply {
    Ok(StatusCode::ACCEPTED.into_response())
}

fn forbidden(user: &str) -> ApiErrorResponse {
    ApiErrorResponse::new(
        ApiErrorKind::Forbidden,
        "The user specified in the authentication credentials and the uri don't match",
        Some(user.to_owned()),
    )
}

fn not_implemented(what: &str) -> ApiErrorResponse {
    ApiErrorResponse::new(
        ApiErrorKind::NotImplemented,
        format!("{what} is not implemented by the lab"),
        None,
    )
}

fn queue_error(e: QueueError) -> ApiErrorResponse {
    let msg = match e {
        QueueError::Timeout => "REQUEST_QUEUE_TIMEOUT",
        QueueError::Full => "REQUEST_QUEUE_FULL",
    };
    ApiErrorResponse::new(ApiErrorKind::ServiceUnavailable, msg, None)
}

fn cti_string(s: &str) -> Option<CtiString> {
    CtiString::new(s.to_owned()).ok()
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, b64) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// The single entry point for every REST request.
pub(crate) async fn handle(app: Arc<App>, req: Request<Body>) -> Response {
    let method = req.method().clone();
    let is_get = method == HttpMethod::GET;
    let request_id = req
        .headers()
        .get("requestId")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .filter(|s| !s.is_empty());
    let reply = dispatch(&app, req, request_id.clone()).await;
    let mut response = match reply {
        Ok(r) => r,
        Err(e) => error_response(&e),
    };
    // finesse.js reads requestId back from non-202 replies to non-GET requests.
    if let (false, Some(id)) = (is_get, request_id) {
        if response.status() != StatusCode::ACCEPTED {
            if let Ok(v) = HeaderValue::from_str(&id) {
                response.headers_mut().insert("requestId", v);
            }
        }
    }
    response
}

async fn dispatch(app: &App, req: Request<Body>, request_id: Option<String>) -> Reply {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or_default().to_owned();
    let is_system_info = path.trim_end_matches('/') == "/finesse/api/SystemInfo";
    // Every request looks at the status; record (and publish) a change it is the first to see.
    app.service.publish_if_changed(wall_ms());
    if !is_system_info && app.service.status().0 != finesse_rest_types::SystemStatus::InService {
        return Err(ApiErrorResponse::out_of_service());
    }
    let (route, params) = match match_route(parts.method.as_str(), &path) {
        RouteMatch::Found { route, params } => (route, params),
        RouteMatch::MethodNotAllowed { allowed } => {
            let mut r =
                error_response(&ApiErrorResponse::method_not_allowed(parts.method.as_str()));
            let allow = allowed
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            if let Ok(v) = HeaderValue::from_str(&allow) {
                r.headers_mut().insert(header::ALLOW, v);
            }
            return Ok(r);
        }
        RouteMatch::NotFound => return Err(ApiErrorResponse::not_found(&path)),
    };
    if route.operation == Operation::GetSystemInfo {
        return ok_doc(&app.service.system_info(wall_ms()));
    }
    let caller = authenticate(app, &parts.headers).await?;
    let body = if route.body.is_some() {
        let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
            ApiErrorResponse::bad_request("The request body is too large or unreadable")
        })?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| ApiErrorResponse::bad_request("The request body is not UTF-8"))?
    } else {
        String::new()
    };
    let ctx = Ctx {
        app,
        caller: &caller,
        params: &params,
        query: &query,
        body: &body,
        request_id,
    };
    ctx.operation(route.operation).await
}

async fn authenticate(app: &App, headers: &HeaderMap) -> Result<String, ApiErrorResponse> {
    let Some((user, password)) = basic_credentials(headers) else {
        return Err(ApiErrorResponse::unauthorized(""));
    };
    match app.auth.check(&user, &password).await {
        AuthOutcome::Accepted { user } => Ok(user),
        AuthOutcome::Rejected | AuthOutcome::Locked { .. } => {
            Err(ApiErrorResponse::unauthorized(user))
        }
        AuthOutcome::Unavailable(why) => {
            tracing::warn!(%why, "credential check unavailable");
            Err(ApiErrorResponse::out_of_service())
        }
    }
}

struct Ctx<'a> {
    app: &'a App,
    caller: &'a str,
    params: &'a PathParams,
    query: &'a str,
    body: &'a str,
    request_id: Option<String>,
}

impl Ctx<'_> {
    fn core(&self) -> std::sync::MutexGuard<'_, FinesseCore> {
        lock_core(&self.app.core)
    }

    fn id(&self) -> &str {
        self.params.id().unwrap_or_default()
    }

    fn query_param(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
    }

    /// The caller's team if they are a supervisor.
    fn supervised_team(&self) -> Option<u32> {
        let core = self.core();
        let a = core.seed_agent(self.caller)?;
        a.supervisor.then_some(a.team)
    }

    /// Known user, readable by the caller (itself, or a supervisor of its team).
    fn readable_user(&self, id: &str) -> Result<(), ApiErrorResponse> {
        let team = {
            let core = self.core();
            core.seed_agent(id)
                .map(|a| a.team)
                .ok_or_else(|| ApiErrorResponse::unknown_user(id))?
        };
        if id == self.caller || self.supervised_team() == Some(team) {
            Ok(())
        } else {
            Err(forbidden(self.caller))
        }
    }

    /// Known user that is the caller.
    fn own_user(&self, id: &str) -> Result<(), ApiErrorResponse> {
        if self.core().seed_agent(id).is_none() {
            return Err(ApiErrorResponse::unknown_user(id));
        }
        if id == self.caller {
            Ok(())
        } else {
            Err(forbidden(self.caller))
        }
    }

    async fn operation(&self, op: Operation) -> Reply {
        match op {
            Operation::GetUser => {
                self.readable_user(self.id())?;
                let user = self.core().user(self.id());
                ok_doc(&user.ok_or_else(|| ApiErrorResponse::unknown_user(self.id()))?)
            }
            Operation::ChangeUserState => self.change_user_state().await,
            Operation::GetUserDialogs => {
                self.readable_user(self.id())?;
                ok_doc(&self.core().dialogs_of(self.id()))
            }
            Operation::CreateDialog => self.make_call().await,
            Operation::GetDialog => {
                let call_id = self.dialog_id()?;
                let team = self.supervised_team();
                let dialog = {
                    let core = self.core();
                    let (dialog, owners) = core
                        .dialog(call_id)
                        .ok_or_else(|| ApiErrorResponse::unknown_dialog(self.id()))?;
                    let allowed = owners.iter().any(|o| {
                        o == self.caller
                            || (team.is_some() && core.seed_agent(o).map(|a| a.team) == team)
                    });
                    if !allowed {
                        return Err(forbidden(self.caller));
                    }
                    dialog.clone()
                };
                ok_doc(&dialog)
            }
            Operation::UpdateDialog => self.update_dialog().await,
            Operation::GetUserQueues => {
                self.readable_user(self.id())?;
                let queues = self.core().user_queues(self.id());
                ok_doc(&queues.ok_or_else(|| ApiErrorResponse::unknown_user(self.id()))?)
            }
            Operation::GetUserReasonCodes => {
                self.readable_user(self.id())?;
                let category = self.query_param("category");
                ok_doc(&docs::reason_codes(self.core().seed(), category.as_deref()))
            }
            Operation::ListReasonCodes => {
                let category = self.query_param("category");
                ok_doc(&docs::reason_codes(self.core().seed(), category.as_deref()))
            }
            Operation::GetUserReasonCode | Operation::GetReasonCode => {
                if op == Operation::GetUserReasonCode {
                    self.readable_user(self.id())?;
                }
                let rc_id = self
                    .params
                    .get("reasonCodeId")
                    .or(self.params.id())
                    .unwrap_or_default()
                    .to_owned();
                let core = self.core();
                let rc = core
                    .seed()
                    .reason_codes
                    .iter()
                    .find(|rc| rc.id.to_string() == rc_id)
                    .map(docs::reason_code)
                    .ok_or_else(|| {
                        ApiErrorResponse::new(
                            ApiErrorKind::NotFound,
                            "Reason code not found",
                            Some(rc_id.clone()),
                        )
                    })?;
                ok_doc(&rc)
            }
            Operation::GetUserWrapUpReasons => {
                self.readable_user(self.id())?;
                ok_doc(&docs::wrap_up_reasons(self.core().seed()))
            }
            Operation::ListWrapUpReasons => ok_doc(&docs::wrap_up_reasons(self.core().seed())),
            Operation::GetTeam => {
                let team_id: u32 = self.id().parse().map_err(|_| self.team_not_found())?;
                let team = self
                    .core()
                    .team(team_id)
                    .ok_or_else(|| self.team_not_found())?;
                if self.supervised_team() != Some(team_id) {
                    return Err(forbidden(self.caller));
                }
                ok_doc(&team)
            }
            Operation::GetQueue => {
                let queue = self
                    .id()
                    .parse()
                    .ok()
                    .and_then(|q| self.core().queue(q))
                    .ok_or_else(|| {
                        ApiErrorResponse::new(
                            ApiErrorKind::NotFound,
                            "Queue not found",
                            Some(self.id().to_owned()),
                        )
                    })?;
                ok_doc(&queue)
            }
            other => Err(not_implemented(&format!("{other:?}"))),
        }
    }

    fn team_not_found(&self) -> ApiErrorResponse {
        ApiErrorResponse::new(
            ApiErrorKind::TeamIdNotFound,
            "Team not found",
            Some(self.id().to_owned()),
        )
    }

    fn dialog_id(&self) -> Result<u32, ApiErrorResponse> {
        self.id()
            .parse()
            .map_err(|_| ApiErrorResponse::unknown_dialog(self.id()))
    }

    fn parse_error(e: impl std::fmt::Display) -> ApiErrorResponse {
        ApiErrorResponse::bad_request(format!("Invalid XML: {e}"))
    }
}
