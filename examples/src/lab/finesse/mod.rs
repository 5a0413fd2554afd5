//! The Finesse server: the REST API over HTTP and HTTPS, a CTI client of the CCX engine,
//! and notifications through a [`NotificationSink`].
//!
//! ```text
//!  curl / desktop ──REST──► rest (axum, one handler routed by finesse-rest-types)
//!                              │  auth: Arc<dyn CredentialCheck>     ▲ GET: documents
//!                              │  per-object queue (until CTI conf)  │
//!                              ▼                                     │
//!                        cti driver ──TCP──► CCX engine (cti-proto ClientSession)
//!                              │ events + confirmations, in wire order
//!                              ▼
//!                        FinesseCore (sans-IO: CTI message in → User/Dialog + Publish out)
//!                              │
//!                              ▼
//!                     Arc<dyn NotificationSink>::publish(node, <Update>)
//! ```
//!
//! # Behaviour and decisions
//!
//! * **Ports**: `ports.rest_http` (plain; Finesse's 8082) and `ports.rest_https` (TLS with
//!   the lab's [`DevCert`], 8445), both serving the same router, merged with the
//!   `extra_routes` the lead passes (the BOSH `/http-bind` router, so REST and BOSH share an
//!   origin). Every path the extra router does not claim reaches the REST handler, so any
//!   unknown path gets Finesse's 404 `ApiErrors` and a known path with the wrong method a
//!   405 with `Allow`. HTTP/1.1 only (Finesse 12.5 also offers HTTP/2; not needed here).
//! * **Out of service**: the server is `IN_SERVICE` only while the sink is up, the CTI
//!   session is open and every agent's state has been queried after the open
//!   (QUERY_AGENT_STATE_REQ per seed agent; an engine that refuses the query still counts
//!   as loaded). Otherwise every request except `GET SystemInfo` gets **503** with
//!   `Service Unavailable` / `SERVER_OUT_OF_SERVICE`, before authentication (Finesse
//!   answers *every* request so). Status changes are published on
//!   `/finesse/api/SystemInfo` at once for CTI changes, and within a second for the sink
//!   (polled: [`NotificationSink`] has no callback); the sink cannot carry the
//!   OUT_OF_SERVICE caused by its own outage, only the IN_SERVICE after it.
//! * **Authentication**: HTTP Basic on every route except `GET SystemInfo` (the desktop
//!   reads it before sign-in; fact sheet §1.3, M). `Rejected` and `Locked` →
//!   401 `Authorization Failure` / `UNAUTHORIZED` with the user as ErrorData (the lockout
//!   itself lives in the check); `Unavailable` → 503 `SERVER_OUT_OF_SERVICE`. No
//!   `WWW-Authenticate` header is sent (browser gadgets must not get a password dialog).
//! * **Authorization**: an agent reads and changes only its own User, Dialogs, Queues and
//!   reason codes; a supervisor may also read the users of its team and its `Team`, and
//!   may set READY / NOT_READY / LOGOUT on them (Finesse's supervisor rules from
//!   `finesse-rest-types`). Dialog PUTs need the caller among the dialog's agents and, when
//!   given, `targetMediaAddress` equal to the caller's extension. A refusal is **403**
//!   `Forbidden` with Finesse's "credentials and the uri don't match" message — the brief
//!   asks for 403; real Finesse documents 401 `Invalid Authorization User Specified`.
//! * **PUT/POST**: checked synchronously (XML, `validate_*`, the agent state machine,
//!   participant actions, reason code ids against the seed), then answered **202** at
//!   once with an empty body. The result arrives as a notification carrying the request's
//!   `requestId` header; a non-202 answer to a non-GET echoes `requestId` as a response
//!   header (finesse.js reads it).
//! * **Per-object queue**: requests on one user (`PUT User`, `POST User/Dialogs`) or one
//!   dialog take turns: the next one is *checked and sent* only after the CTI
//!   confirmation or failure of the previous one, so it is checked against the state the
//!   first produced. Since an engine may send the confirmation before the event that
//!   carries the result, a confirmed request keeps the turn until that event has been
//!   applied (at most 5 s more: under a burst of thousands of requests the event can trail its confirmation by over a second). A request waits at most 15 s for its turn (then 503
//!   `REQUEST_QUEUE_TIMEOUT`); the 202 of a queued request is sent when its turn comes.
//! * **CTI failures** (FAILURE_CONF, CONTROL_FAILURE_CONF, timeout, session lost) become an
//!   `apiErrors` notification with the request id: for dialog requests on the user's
//!   Dialogs node (source `/finesse/api/Dialog/{id}`, errorType `Call Operation Failure`,
//!   errorData the CTI code, errorMessage the constant, e.g. `CF_INVALID_OBJECT_STATE`);
//!   for user state requests on the User node (source the user, errorType
//!   `Invalid State`), as finesse.md §2.2 records for real Finesse.
//! * **CTI client**: one bridge-mode session (ALL_EVENTS | CLIENT_CONTROL |
//!   AGENT_STATE_CONTROL_ONLY, all call and agent-state mask bits, PeripheralID 1, the
//!   highest UCCX version cti-proto supports), heartbeats every 5 s (3 misses fail it),
//!   reconnect with exponential backoff (0.5 s doubling to 30 s). After each open, stale
//!   dialogs are deleted from the feeds (calls during an outage produce no events, as on
//!   Finesse) and agent states are queried again.
//! * **CTI → resources** ([`FinesseCore`]): AGENT_STATE_EVENT → User `state`,
//!   `reasonCodeId` + `ReasonCode` (the seed code whose CTI code matches), `stateChangeTime`
//!   (now − StateDuration), published on `/finesse/api/User/<id>` and as a summary on
//!   `/finesse/api/Team/<team>/Users`. UCCX mapping: HOLD → TALKING, WORK_NOT_READY →
//!   WORK, WORK_READY → WORK_READY (the CCX engine emits it; UCCX Finesse documents WORK only),
//!   BUSY_OTHER → NOT_READY. Call events map through `finesse_rest_types::map_cti_event`
//!   (axl-jtapi.md §5.4): a dialog enters an agent's feed with a POST on
//!   `/finesse/api/User/<id>/Dialogs` when the agent's phone first appears (ALERTING for a
//!   routed call, INITIATING for the agent's own call), changes are PUTs with source
//!   `/finesse/api/Dialog/<id>`, END_CALL is the DELETE. `mediaProperties` carry DNIS,
//!   dialedNumber, queue name/number (from the CSQ), callType and the call variables
//!   (CallVariable1–10 and ECC). Queue statistics are served on GET but not published
//!   (UCCX Finesse sends no Queue notifications).
//! * **MAKE_CALL** is sent as MAKE_CALL_REQ when the CTI server granted CLIENT_CONTROL;
//!   otherwise 501 `Not Implemented`. Dialog actions: ANSWER (ANSWER_CALL_REQ), HOLD,
//!   RETRIEVE, DROP (CLEAR_CONNECTION_REQ on the agent's connection), UPDATE_CALL_DATA
//!   (SET_CALL_DATA_REQ: callVariable1–10, ECC `user.*`, wrapUpReason; the dialog is
//!   updated on the confirmation when no CALL_DATA_UPDATE_EVENT carried it) and SEND_DTMF.
//!   Other actions (consult, transfer, conference, …) and the routes of the route table the
//!   lab does not serve (configuration writes, phone books, workflows, …) answer 501
//!   `Not Implemented`.
//! * **Request ids** are attached to the first notification the request causes, whether
//!   its event arrives before or after the CTI confirmation; an id confirmed more than 3 s
//!   earlier without a resulting event is dropped, so it never marks a later unsolicited
//!   change. A MAKE_CALL's id marks the POST of the new outgoing dialog.

mod cti;
mod docs;
mod model;
mod queue;
mod rest;
mod serve;

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use self::cti::{CtiCommand, Driver, Service};
use self::docs::NodeFacts;
pub use self::model::{FinesseCore, Publish};
use self::queue::ObjectQueues;
use self::rest::App;
use crate::lab::{CredentialCheck, DevCert, LabConfig, NotificationSink};

/// A running Finesse server; stop it with [`FinesseHandle::shutdown`].
#[derive(Debug)]
pub struct FinesseHandle {
    http_addr: SocketAddr,
    https_addr: SocketAddr,
    stop: watch::Sender<bool>,
    cti: mpsc::Sender<CtiCommand>,
    tasks: Vec<JoinHandle<()>>,
    cti_task: JoinHandle<()>,
}

impl FinesseHandle {
    /// Where the plain-HTTP REST API listens.
    pub fn rest_http_addr(&self) -> SocketAddr {
        self.http_addr
    }

    /// Where the HTTPS REST API listens.
    pub fn rest_https_addr(&self) -> SocketAddr {
        self.https_addr
    }

    /// Stops both listeners (open connections are dropped) and closes the CTI session
    /// (CLOSE_REQ, at most 2 s for the answer).
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
        let _ = self.cti.send(CtiCommand::Close).await;
        let mut cti_task = self.cti_task;
        if tokio::time::timeout(std::time::Duration::from_secs(2), &mut cti_task)
            .await
            .is_err()
        {
            cti_task.abort();
        }
    }
}

/// Starts the Finesse server: REST on `config.ports.rest_http` and
/// `config.ports.rest_https` (with `cert`), `extra_routes` merged into both, and the CTI
/// client connecting to `cti_addr` (it keeps retrying while the engine is away; the
/// server is OUT_OF_SERVICE meanwhile).
pub async fn start(
    config: &LabConfig,
    cert: &DevCert,
    auth: Arc<dyn CredentialCheck>,
    sink: Arc<dyn NotificationSink>,
    cti_addr: SocketAddr,
    extra_routes: axum::Router,
) -> io::Result<FinesseHandle> {
    let tls = cert
        .server_config(&[b"http/1.1"])
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
    let http = crate::lab::listen::bind(config.addr(config.ports.rest_http))?;
    let https = crate::lab::listen::bind(config.addr(config.ports.rest_https))?;
    let http_addr = http.local_addr()?;
    let https_addr = https.local_addr()?;

    let facts = NodeFacts {
        host: config.host_name.clone(),
        https_port: https_addr.port(),
        xmpp_port: config.ports.xmpp,
        xmpps_port: config.ports.xmpps,
        xmpp_domain: config.xmpp_domain.clone(),
        cti_heartbeat_secs: cti::HEARTBEAT.as_secs(),
    };
    let core = Arc::new(Mutex::new(FinesseCore::new(
        config.seed.clone(),
        cti::wall_ms(),
    )));
    let service = Arc::new(Service::new(sink, facts));
    service.publish_if_changed(cti::wall_ms());
    let (cti_tx, cti_rx) = mpsc::channel(256);
    let driver = Driver {
        addr: cti_addr,
        core: core.clone(),
        service: service.clone(),
        commands: cti_rx,
        self_tx: cti_tx.clone(),
    };
    let cti_task = tokio::spawn(driver.run());

    let app = Arc::new(App {
        core,
        service: service.clone(),
        auth,
        cti: cti_tx.clone(),
        queues: ObjectQueues::default(),
    });
    let router = extra_routes.fallback(move |req: axum::extract::Request| {
        let app = app.clone();
        async move { rest::handle(app, req).await }
    });
    let (stop, stop_rx) = watch::channel(false);
    let tasks = vec![
        tokio::spawn(watch_sink(service, stop_rx.clone())),
        tokio::spawn(serve::serve(http, None, router.clone(), stop_rx.clone())),
        tokio::spawn(serve::serve(https, Some(tls), router, stop_rx)),
    ];
    tracing::info!(%http_addr, %https_addr, %cti_addr, "Finesse REST API listening");
    Ok(FinesseHandle {
        http_addr,
        https_addr,
        stop,
        cti: cti_tx,
        tasks,
        cti_task,
    })
}

/// Notices the sink going down or up (it has no callback) and publishes SystemInfo changes.
async fn watch_sink(service: Arc<Service>, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = tick.tick() => service.publish_if_changed(cti::wall_ms()),
            _ = stop.changed() => return,
        }
    }
}
