//! The Finesse server's REST API driven with the system's `curl`, against a scripted CTI
//! server built on cti-proto's `ServerSession` (the real CCX engine is tested with the
//! whole stack elsewhere).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cti_proto::{
    AgentState as CtiState, AgentStateEvent, BeginCallEvent, CallDeliveredEvent,
    CallEstablishedEvent, ConnectionIdType, ControlFailureCode, ControlFailureConf, CtiString,
    DeviceIdType, Dialect, EndCallEvent, LocalConnectionState, Message, OpenAccept,
    QueryAgentStateConf, ServerConfig, ServerEvent, ServerSession, SetAgentStateConf,
};
use finesse_examples::lab::finesse::{self, FinesseHandle};
use finesse_examples::lab::{
    AuthOutcome, CheckFuture, CredentialCheck, DevCert, LabConfig, NotificationSink, Ports,
    RecordingSink, SeedCredentials,
};
use finesse_rest_types::{
    AgentState, ApiErrors, DialogState, Dialogs, ParticipantState, Resource, SystemInfo,
    SystemStatus, Team, Update, UpdateData, UpdateEvent, User,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

// ---------------------------------------------------------------------------------------
// The scripted CTI server.

/// What the test tells the scripted CTI server to do.
enum Cmd {
    /// Send an unsolicited event.
    Event(Message),
    /// Answer the request with this InvokeID.
    Respond(u32, Message),
    /// Drop the connection and stop listening (the engine is down).
    Down,
}

struct CtiScript {
    addr: SocketAddr,
    cmds: mpsc::UnboundedSender<Cmd>,
    /// Requests other than QUERY_AGENT_STATE_REQ (answered by the script itself).
    requests: mpsc::UnboundedReceiver<(u32, Message)>,
    task: tokio::task::JoinHandle<()>,
}

impl CtiScript {
    async fn start() -> Self {
        Self::start_at("127.0.0.1:0".parse().unwrap()).await
    }

    async fn start_at(addr: SocketAddr) -> Self {
        let listener = TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (cmd_tx, mut cmd_rx) = mpsc::unbounded_channel();
        let (req_tx, req_rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            loop {
                let (mut stream, _) = tokio::select! {
                    a = listener.accept() => a.unwrap(),
                    cmd = cmd_rx.recv() => match cmd { Some(Cmd::Down) | None => return, Some(_) => continue },
                };
                let mut session =
                    ServerSession::new(ServerConfig::new(Dialect::Uccx), Instant::now());
                let mut buf = vec![0u8; 16 * 1024];
                'conn: loop {
                    while let Some(ev) = session.poll_event() {
                        match ev {
                            ServerEvent::OpenRequested(_) => {
                                let accept = OpenAccept {
                                    peripheral_online: true,
                                    ..Default::default()
                                };
                                session.accept_open(Instant::now(), accept).unwrap();
                            }
                            ServerEvent::Request {
                                invoke_id,
                                message: Message::QueryAgentStateReq(_),
                            } => {
                                let conf = QueryAgentStateConf {
                                    invoke_id,
                                    agent_state: CtiState::Logout,
                                    ..Default::default()
                                };
                                session.respond(Instant::now(), conf).unwrap();
                            }
                            ServerEvent::Request { invoke_id, message } => {
                                let _ = req_tx.send((invoke_id, message));
                            }
                            _ => {}
                        }
                    }
                    while let Some(bytes) = session.poll_transmit() {
                        if stream.write_all(&bytes).await.is_err() {
                            break 'conn;
                        }
                    }
                    let deadline = session.poll_timeout().map(tokio::time::Instant::from_std);
                    tokio::select! {
                        read = stream.read(&mut buf) => match read {
                            Ok(0) | Err(_) => break 'conn,
                            Ok(n) => session.handle_input(Instant::now(), &buf[..n]),
                        },
                        cmd = cmd_rx.recv() => match cmd {
                            Some(Cmd::Event(m)) => { session.send_event(Instant::now(), m).unwrap(); }
                            Some(Cmd::Respond(id, mut m)) => {
                                m.set_invoke_id(id);
                                session.respond(Instant::now(), m).unwrap();
                            }
                            Some(Cmd::Down) | None => return,
                        },
                        _ = async {
                            match deadline {
                                Some(d) => tokio::time::sleep_until(d).await,
                                None => std::future::pending().await,
                            }
                        } => session.handle_timeout(Instant::now()),
                    }
                }
            }
        });
        Self {
            addr,
            cmds: cmd_tx,
            requests: req_rx,
            task,
        }
    }

    fn event(&self, m: impl Into<Message>) {
        self.cmds.send(Cmd::Event(m.into())).unwrap();
    }

    fn respond(&self, id: u32, m: impl Into<Message>) {
        self.cmds.send(Cmd::Respond(id, m.into())).unwrap();
    }

    async fn next_request(&mut self) -> (u32, Message) {
        tokio::time::timeout(Duration::from_secs(10), self.requests.recv())
            .await
            .expect("no CTI request within 10 s")
            .expect("script stopped")
    }
}

fn cs(s: &str) -> Option<CtiString> {
    Some(CtiString::new(s.to_owned()).unwrap())
}

fn agent_event(agent: &str, ext: &str, state: CtiState, reason: u16) -> AgentStateEvent {
    AgentStateEvent {
        peripheral_id: 1,
        agent_state: state,
        event_reason_code: reason,
        agent_id_long: cs(agent),
        agent_extension: cs(ext),
        agent_instrument: cs(ext),
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------
// The server under test.

struct Stack {
    finesse: FinesseHandle,
    cti: CtiScript,
    sink: RecordingSink,
    cacert: PathBuf,
    data_dir: PathBuf,
}

static DIRS: AtomicUsize = AtomicUsize::new(0);

async fn start() -> Stack {
    start_with(Arc::new(SeedCredentials::new(LabConfig::default().seed))).await
}

async fn start_with(auth: Arc<dyn CredentialCheck>) -> Stack {
    start_with_sink(auth, Arc::new(SwitchableSink::default())).await
}

/// A recording sink whose `is_up` the test switches.
#[derive(Default)]
struct SwitchableSink {
    inner: RecordingSink,
    down: std::sync::atomic::AtomicBool,
}

impl NotificationSink for SwitchableSink {
    fn publish(&self, node: &str, update_xml: &str) {
        if !self.down.load(Ordering::SeqCst) {
            self.inner.publish(node, update_xml);
        }
    }

    fn is_up(&self) -> bool {
        !self.down.load(Ordering::SeqCst)
    }
}

async fn start_with_sink(auth: Arc<dyn CredentialCheck>, switch: Arc<SwitchableSink>) -> Stack {
    require_curl().await;
    let cti = CtiScript::start().await;
    let data_dir = std::env::temp_dir().join(format!(
        "finesse-rest-test-{}-{}",
        std::process::id(),
        DIRS.fetch_add(1, Ordering::SeqCst)
    ));
    let config = LabConfig {
        ports: Ports::ephemeral(),
        data_dir: data_dir.clone(),
        ..Default::default()
    };
    let cert = DevCert::load_or_generate(&data_dir, "localhost").unwrap();
    let sink = switch.inner.clone();
    let extra =
        axum::Router::new().route("/http-bind", axum::routing::get(|| async { "bosh here" }));
    let finesse = finesse::start(&config, &cert, auth, switch, cti.addr, extra)
        .await
        .unwrap();
    let stack = Stack {
        finesse,
        cti,
        sink,
        cacert: data_dir.join("tls/lab-cert.pem"),
        data_dir,
    };
    stack
        .wait_published("SystemInfo IN_SERVICE", |node, u| {
            node == "/finesse/api/SystemInfo"
                && matches!(&u.data, Some(UpdateData::SystemInfo(s)) if s.status == Some(SystemStatus::InService))
        })
        .await;
    stack
}

impl Stack {
    async fn stop(self) {
        let _ = self.cti.cmds.send(Cmd::Down);
        self.finesse.shutdown().await;
        self.cti.task.abort();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.finesse.rest_http_addr())
    }

    fn published(&self) -> Vec<(String, Update)> {
        self.sink
            .published()
            .into_iter()
            .map(|(node, xml)| {
                let u = Update::from_xml(&xml).unwrap_or_else(|e| panic!("bad Update {xml}: {e}"));
                (node, u)
            })
            .collect()
    }

    /// Waits (at most 10 s) until a publish matches, and returns it.
    async fn wait_published(&self, what: &str, f: impl Fn(&str, &Update) -> bool) -> Update {
        let end = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some((_, u)) = self.published().into_iter().find(|(n, u)| f(n, u)) {
                return u;
            }
            assert!(
                Instant::now() < end,
                "no notification: {what}; got {:#?}",
                self.sink.published()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Signs agent01 in (NOT_READY) through the script.
    async fn login(&mut self, agent: &str, ext: &str) {
        let pw = format!("pw{ext}");
        let body = format!("<User><state>LOGIN</state><extension>{ext}</extension></User>");
        let r = curl(&[
            "-u",
            &format!("{agent}:{pw}"),
            "-X",
            "PUT",
            "-H",
            "Content-Type: application/xml",
            "--data",
            &body,
            &self.url(&format!("/finesse/api/User/{agent}")),
        ])
        .await;
        assert_eq!(r.status, 202, "{}", r.body);
        let (id, req) = self.cti.next_request().await;
        let Message::SetAgentStateReq(req) = req else {
            panic!("expected SET_AGENT_STATE_REQ, got {req:?}")
        };
        assert_eq!(req.agent_state, CtiState::Login);
        assert_eq!(req.agent_id_long.as_deref(), Some(agent));
        assert_eq!(req.agent_instrument.as_deref(), Some(ext));
        assert_eq!(req.agent_password.as_deref(), Some(pw.as_str()));
        assert_eq!(req.peripheral_id, 1);
        self.cti
            .event(agent_event(agent, ext, CtiState::NotReady, 0));
        self.cti.respond(id, SetAgentStateConf::default());
        let node = format!("/finesse/api/User/{agent}");
        self.wait_published("signed in", |n, u| {
            n == node && user_state(u) == Some(AgentState::NotReady)
        })
        .await;
    }
}

fn user_state(u: &Update) -> Option<AgentState> {
    match &u.data {
        Some(UpdateData::User(user)) => user.state.clone(),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// curl.

struct CurlReply {
    status: u16,
    body: String,
    headers: String,
}

async fn require_curl() {
    let ok = tokio::process::Command::new("curl")
        .arg("--version")
        .kill_on_drop(true)
        .output()
        .await
        .is_ok_and(|o| o.status.success());
    assert!(ok, "curl is not installed: run .ci/install.sh");
}

async fn curl(args: &[&str]) -> CurlReply {
    let out = tokio::process::Command::new("curl")
        .args(["-sS", "--max-time", "30", "-D", "-", "-w", "\n%{http_code}"])
        .args(args)
        .kill_on_drop(true)
        .output()
        .await
        .expect("curl is not installed: run .ci/install.sh");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (rest, code) = text.rsplit_once('\n').unwrap_or(("", &text));
    let (headers, body) = rest.split_once("\r\n\r\n").unwrap_or((rest, ""));
    CurlReply {
        status: code.trim().parse().unwrap_or_else(|_| {
            panic!(
                "curl failed: {text} {}",
                String::from_utf8_lossy(&out.stderr)
            )
        }),
        body: body.to_owned(),
        headers: headers.to_owned(),
    }
}

fn api_error(body: &str) -> (String, String) {
    let errors = ApiErrors::from_xml(body).unwrap_or_else(|e| panic!("not ApiErrors: {body}: {e}"));
    let e = &errors.errors[0];
    (e.error_type.clone(), e.error_message.clone())
}

// ---------------------------------------------------------------------------------------
// The tests.

#[tokio::test]
async fn get_user_auth_and_authorization() {
    let stack = start().await;
    let agent01 = ["-u", "agent01:pw1001"];

    // GET User over HTTP: the seed user, signed out.
    let r = curl(&[
        agent01[0],
        agent01[1],
        &stack.url("/finesse/api/User/agent01"),
    ])
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r
        .headers
        .to_ascii_lowercase()
        .contains("content-type: application/xml"));
    let user = User::from_xml(&r.body).unwrap();
    assert_eq!(user.login_id.as_deref(), Some("agent01"));
    assert_eq!(user.extension.as_deref(), Some("1001"));
    assert_eq!(user.first_name.as_deref(), Some("Ada"));
    assert_eq!(user.state, Some(AgentState::Logout));
    assert_eq!(user.team_id.as_deref(), Some("1"));
    assert_eq!(user.uri.as_deref(), Some("/finesse/api/User/agent01"));
    assert!(
        r.body
            .starts_with("<User><dialogs>/finesse/api/User/agent01/Dialogs</dialogs>"),
        "{}",
        r.body
    );

    // The same over HTTPS with the lab certificate; /http-bind is merged in on one origin.
    let https = format!(
        "https://localhost:{}",
        stack.finesse.rest_https_addr().port()
    );
    let cacert = stack.cacert.to_string_lossy().into_owned();
    let r = curl(&[
        "--cacert",
        &cacert,
        agent01[0],
        agent01[1],
        &format!("{https}/finesse/api/User/agent01"),
    ])
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = curl(&["--cacert", &cacert, &format!("{https}/http-bind")]).await;
    assert_eq!((r.status, r.body.as_str()), (200, "bosh here"));

    // Wrong password: 401 with ApiErrors.
    let r = curl(&[
        "-u",
        "agent01:wrong",
        &stack.url("/finesse/api/User/agent01"),
    ])
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        api_error(&r.body),
        ("Authorization Failure".into(), "UNAUTHORIZED".into())
    );
    // No credentials at all.
    let r = curl(&[&stack.url("/finesse/api/User/agent01")]).await;
    assert_eq!(r.status, 401);

    // Another agent's User and Dialogs: 403.
    let r = curl(&[
        agent01[0],
        agent01[1],
        &stack.url("/finesse/api/User/agent02"),
    ])
    .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(api_error(&r.body).0, "Forbidden");
    let r = curl(&[
        agent01[0],
        agent01[1],
        &stack.url("/finesse/api/User/agent02/Dialogs"),
    ])
    .await;
    assert_eq!(r.status, 403);
    // A supervisor reads the users of its team and the Team, not the other team.
    let sup = ["-u", "super01:pw1901"];
    let r = curl(&[sup[0], sup[1], &stack.url("/finesse/api/User/agent02")]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = curl(&[sup[0], sup[1], &stack.url("/finesse/api/Team/1")]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let team = Team::from_xml(&r.body).unwrap();
    assert_eq!(team.name.as_deref(), Some("Sales"));
    assert_eq!(team.users.as_ref().map(Vec::len), Some(5));
    let r = curl(&[sup[0], sup[1], &stack.url("/finesse/api/Team/2")]).await;
    assert_eq!(r.status, 403);
    let r = curl(&[agent01[0], agent01[1], &stack.url("/finesse/api/Team/1")]).await;
    assert_eq!(r.status, 403);

    // Seed data.
    let r = curl(&[
        agent01[0],
        agent01[1],
        &stack.url("/finesse/api/User/agent01/ReasonCodes?category=NOT_READY"),
    ])
    .await;
    assert_eq!(r.status, 200);
    let codes = finesse_rest_types::ReasonCodes::from_xml(&r.body).unwrap();
    assert_eq!(codes.reason_codes.len(), 3);
    let r = curl(&[
        agent01[0],
        agent01[1],
        &stack.url("/finesse/api/User/agent01/WrapUpReasons"),
    ])
    .await;
    assert_eq!(
        finesse_rest_types::WrapUpReasons::from_xml(&r.body)
            .unwrap()
            .wrap_up_reasons
            .len(),
        3
    );
    let r = curl(&[agent01[0], agent01[1], &stack.url("/finesse/api/Queue/1")]).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<name>Sales_CSQ</name>"), "{}", r.body);
    let r = curl(&[
        agent01[0],
        agent01[1],
        &stack.url("/finesse/api/User/agent01/Queues"),
    ])
    .await;
    assert_eq!(
        finesse_rest_types::Queues::from_xml(&r.body)
            .unwrap()
            .queues
            .len(),
        2
    );

    // SystemInfo needs no credentials.
    let r = curl(&[&stack.url("/finesse/api/SystemInfo")]).await;
    assert_eq!(r.status, 200);
    let info = SystemInfo::from_xml(&r.body).unwrap();
    assert_eq!(info.status, Some(SystemStatus::InService));

    // Unknown route, wrong method, bad XML: Finesse's ApiErrors.
    let r = curl(&[agent01[0], agent01[1], &stack.url("/finesse/api/Nothing")]).await;
    assert_eq!(r.status, 404);
    assert_eq!(api_error(&r.body).0, "Not Found");
    let r = curl(&[
        agent01[0],
        agent01[1],
        "-X",
        "DELETE",
        &stack.url("/finesse/api/User/agent01"),
    ])
    .await;
    assert_eq!(r.status, 405);
    assert!(
        r.headers.to_ascii_lowercase().contains("allow:"),
        "{}",
        r.headers
    );
    let r = curl(&[
        agent01[0],
        agent01[1],
        "-X",
        "PUT",
        "-H",
        "requestId: bad-1",
        "--data",
        "<User><state>",
        &stack.url("/finesse/api/User/agent01"),
    ])
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(api_error(&r.body).0, "Bad Request");
    assert!(
        r.headers.to_ascii_lowercase().contains("requestid: bad-1"),
        "{}",
        r.headers
    );
    // READY while signed out: refused by the state machine, nothing sent to CTI.
    let r = curl(&[
        agent01[0],
        agent01[1],
        "-X",
        "PUT",
        "--data",
        "<User><state>READY</state></User>",
        &stack.url("/finesse/api/User/agent01"),
    ])
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(api_error(&r.body).0, "Invalid State");

    stack.stop().await;
}

#[tokio::test]
async fn put_state_is_accepted_then_notified_with_the_request_id_and_serialized() {
    let mut stack = start().await;
    stack.login("agent01", "1001").await;
    let auth = "agent01:pw1001";
    let url = stack.url("/finesse/api/User/agent01");

    // First PUT: 202 at once; the script holds the confirmation.
    let r = curl(&[
        "-u",
        auth,
        "-X",
        "PUT",
        "-H",
        "requestId: r1",
        "--data",
        "<User><state>READY</state></User>",
        &url,
    ])
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    assert!(r.body.is_empty());
    let (id1, req1) = stack.cti.next_request().await;
    assert!(
        matches!(&req1, Message::SetAgentStateReq(r) if r.agent_state == CtiState::Available),
        "{req1:?}"
    );

    // Second PUT on the same user waits for the first's confirmation.
    let url2 = url.clone();
    let second = tokio::spawn(async move {
        curl(&[
            "-u",
            auth,
            "-X",
            "PUT",
            "-H",
            "requestId: r2",
            "--data",
            "<User><state>NOT_READY</state><reasonCodeId>2</reasonCodeId></User>",
            &url2,
        ])
        .await
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(
        stack.cti.requests.try_recv().is_err(),
        "the second request reached CTI before the first was confirmed"
    );
    assert!(
        !second.is_finished(),
        "the second PUT was answered before the first was confirmed"
    );

    // Confirm the first: event, then confirmation.
    stack
        .cti
        .event(agent_event("agent01", "1001", CtiState::Available, 0));
    stack.cti.respond(id1, SetAgentStateConf::default());
    let (id2, req2) = stack.cti.next_request().await;
    let Message::SetAgentStateReq(req2) = req2 else {
        panic!("{req2:?}")
    };
    assert_eq!(req2.agent_state, CtiState::NotReady);
    assert_eq!(
        req2.event_reason_code, 12,
        "reason code id 2 is CTI code 12 (Lunch)"
    );
    stack
        .cti
        .event(agent_event("agent01", "1001", CtiState::NotReady, 12));
    stack.cti.respond(id2, SetAgentStateConf::default());
    let r2 = second.await.unwrap();
    assert_eq!(r2.status, 202, "{}", r2.body);

    let ready = stack
        .wait_published("READY with r1", |n, u| {
            n == "/finesse/api/User/agent01" && u.request_id.as_deref() == Some("r1")
        })
        .await;
    assert_eq!(user_state(&ready), Some(AgentState::Ready));
    assert_eq!(ready.event, UpdateEvent::Put);
    assert_eq!(ready.source, "/finesse/api/User/agent01");
    let nr = stack
        .wait_published("NOT_READY with r2", |n, u| {
            n == "/finesse/api/User/agent01" && u.request_id.as_deref() == Some("r2")
        })
        .await;
    let Some(UpdateData::User(user)) = nr.data else {
        panic!()
    };
    assert_eq!(user.state, Some(AgentState::NotReady));
    assert_eq!(user.reason_code_id, Some(2));
    assert_eq!(
        user.reason_code.and_then(|rc| rc.label).as_deref(),
        Some("Lunch")
    );
    // The team's node got the summary too.
    stack
        .wait_published("team summary", |n, u| {
            n == "/finesse/api/Team/1/Users" && user_state(u) == Some(AgentState::NotReady)
        })
        .await;
    // GET reflects it.
    let r = curl(&["-u", auth, &url]).await;
    assert_eq!(
        User::from_xml(&r.body).unwrap().state,
        Some(AgentState::NotReady)
    );

    // An engine may confirm before it sends the event: the turn is kept until the event,
    // so the next request is checked against the new state (READY again is refused).
    let ready = "<User><state>READY</state></User>";
    let r = curl(&[
        "-u",
        auth,
        "-X",
        "PUT",
        "-H",
        "requestId: r3",
        "--data",
        ready,
        &url,
    ])
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let (id3, _) = stack.cti.next_request().await;
    stack.cti.respond(id3, SetAgentStateConf::default());
    let url4 = url.clone();
    let again = tokio::spawn(async move {
        curl(&[
            "-u",
            auth,
            "-X",
            "PUT",
            "-H",
            "requestId: r4",
            "--data",
            "<User><state>READY</state></User>",
            &url4,
        ])
        .await
    });
    stack
        .cti
        .event(agent_event("agent01", "1001", CtiState::Available, 0));
    let r4 = again.await.unwrap();
    assert_eq!(r4.status, 400, "{}", r4.body);
    assert_eq!(api_error(&r4.body).0, "Invalid State");
    let ready = stack
        .wait_published("READY with r3", |n, u| {
            n == "/finesse/api/User/agent01" && u.request_id.as_deref() == Some("r3")
        })
        .await;
    assert_eq!(user_state(&ready), Some(AgentState::Ready));

    // Supervisors: only their own team's agents, no reason code, and the request reaches CTI.
    let logout = "<User><state>LOGOUT</state></User>";
    let r = curl(&["-u", "super02:pw1902", "-X", "PUT", "--data", logout, &url]).await;
    assert_eq!(r.status, 403, "{}", r.body);
    let with_code = "<User><state>NOT_READY</state><reasonCodeId>1</reasonCodeId></User>";
    let r = curl(&[
        "-u",
        "super01:pw1901",
        "-X",
        "PUT",
        "--data",
        with_code,
        &url,
    ])
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let r = curl(&["-u", "super01:pw1901", "-X", "PUT", "--data", logout, &url]).await;
    assert_eq!(r.status, 202, "{}", r.body);
    let (id, req) = stack.cti.next_request().await;
    assert!(
        matches!(&req, Message::SetAgentStateReq(r) if r.agent_state == CtiState::Logout),
        "{req:?}"
    );
    stack.cti.respond(id, SetAgentStateConf::default());

    stack.stop().await;
}

#[tokio::test]
async fn a_routed_call_becomes_a_dialog_and_a_control_failure_an_api_errors_notification() {
    let mut stack = start().await;
    stack.login("agent01", "1001").await;
    let auth = "agent01:pw1001";
    let dialogs_node = "/finesse/api/User/agent01/Dialogs";

    stack.cti.event(BeginCallEvent {
        peripheral_id: 1,
        connection_call_id: 100,
        connection_device_id_type: ConnectionIdType::Static,
        connection_device_id: cs("8001"),
        ani: cs("5551234"),
        dnis: cs("8001"),
        dialed_number: cs("8001"),
        ..Default::default()
    });
    let mut delivered = CallDeliveredEvent {
        peripheral_id: 1,
        connection_call_id: 100,
        connection_device_id_type: ConnectionIdType::Static,
        connection_device_id: cs("1001"),
        skill_group_number: 1,
        alerting_device_type: DeviceIdType::default(),
        local_connection_state: LocalConnectionState::Alerting,
        alerting_device_id: cs("1001"),
        calling_device_id: cs("5551234"),
        called_device_id: cs("8001"),
        ani: cs("5551234"),
        dnis: cs("8001"),
        ..Default::default()
    };
    delivered.call_data.set_call_variable(1, cs("Chuck Smith"));
    stack.cti.event(delivered);
    let post = stack
        .wait_published("dialog POST", |n, u| {
            n == dialogs_node && u.event == UpdateEvent::Post
        })
        .await;
    assert_eq!(post.source, dialogs_node);

    let r = curl(&["-u", auth, &stack.url(dialogs_node)]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let dialogs = Dialogs::from_xml(&r.body).unwrap();
    let dialog = &dialogs.dialogs[0];
    assert_eq!(dialog.id.as_deref(), Some("100"));
    assert_eq!(dialog.state, Some(DialogState::Alerting));
    assert_eq!(dialog.from_address.as_deref(), Some("5551234"));
    assert_eq!(dialog.call_variable("callVariable1"), Some("Chuck Smith"));
    let me = dialog.participant("1001").unwrap();
    assert_eq!(me.state, Some(ParticipantState::Alerting));
    let mp = dialog.media_properties.as_ref().unwrap();
    assert_eq!(mp.dnis.as_deref(), Some("8001"));
    assert_eq!(mp.queue_name.as_deref(), Some("Sales_CSQ"));

    // Someone else's dialog: 403; an unknown one: 404.
    let r = curl(&[
        "-u",
        "agent02:pw1002",
        &stack.url("/finesse/api/Dialog/100"),
    ])
    .await;
    assert_eq!(r.status, 403);
    let r = curl(&["-u", auth, &stack.url("/finesse/api/Dialog/999")]).await;
    assert_eq!(r.status, 404);
    // HOLD while ALERTING is refused synchronously by the participant rules.
    let hold = "<Dialog><requestedAction>HOLD</requestedAction><targetMediaAddress>1001</targetMediaAddress></Dialog>";
    let r = curl(&[
        "-u",
        auth,
        "-X",
        "PUT",
        "--data",
        hold,
        &stack.url("/finesse/api/Dialog/100"),
    ])
    .await;
    assert_eq!(r.status, 400, "{}", r.body);

    // ANSWER: 202, ANSWER_CALL_REQ, then the PUT notification with the request id.
    let answer = "<Dialog><requestedAction>ANSWER</requestedAction><targetMediaAddress>1001</targetMediaAddress></Dialog>";
    let r = curl(&[
        "-u",
        auth,
        "-X",
        "PUT",
        "-H",
        "requestId: a1",
        "--data",
        answer,
        &stack.url("/finesse/api/Dialog/100"),
    ])
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let (id, req) = stack.cti.next_request().await;
    assert!(
        matches!(&req, Message::AnswerCallReq(a) if a.connection_call_id == 100),
        "{req:?}"
    );
    stack.cti.event(CallEstablishedEvent {
        peripheral_id: 1,
        connection_call_id: 100,
        connection_device_id: cs("1001"),
        answering_device_id: cs("1001"),
        calling_device_id: cs("5551234"),
        local_connection_state: LocalConnectionState::Connect,
        ..Default::default()
    });
    stack.cti.respond(id, cti_proto::AnswerCallConf::default());
    let put = stack
        .wait_published("ACTIVE with a1", |n, u| {
            n == dialogs_node && u.request_id.as_deref() == Some("a1")
        })
        .await;
    assert_eq!(put.source, "/finesse/api/Dialog/100");
    let Some(UpdateData::Dialog(d)) = put.data else {
        panic!("{put:?}")
    };
    assert_eq!(d.state, Some(DialogState::Active));
    assert_eq!(
        d.participant("5551234").and_then(|p| p.state.clone()),
        Some(ParticipantState::Active)
    );

    // UPDATE_CALL_DATA: SET_CALL_DATA_REQ, then the dialog with the new data.
    let data = "<Dialog><requestedAction>UPDATE_CALL_DATA</requestedAction><mediaProperties>\
        <wrapUpReason>Sale made</wrapUpReason><callvariables><CallVariable><name>callVariable1</name>\
        <value>Chuck Jones</value></CallVariable></callvariables></mediaProperties></Dialog>";
    let r = curl(&[
        "-u",
        auth,
        "-X",
        "PUT",
        "-H",
        "requestId: u1",
        "--data",
        data,
        &stack.url("/finesse/api/Dialog/100"),
    ])
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let (id, req) = stack.cti.next_request().await;
    let Message::SetCallDataReq(set) = req else {
        panic!("{req:?}")
    };
    assert_eq!(set.connection_call_id, 100);
    assert_eq!(
        set.call_data.call_variable(1).map(|v| v.as_str()),
        Some("Chuck Jones")
    );
    assert_eq!(set.call_data.call_wrapup_data.as_deref(), Some("Sale made"));
    stack.cti.respond(id, cti_proto::SetCallDataConf::default());
    let put = stack
        .wait_published("call data with u1", |n, u| {
            n == dialogs_node && u.request_id.as_deref() == Some("u1")
        })
        .await;
    let d = match put.data {
        Some(UpdateData::Dialog(d)) => d,
        other => panic!("{other:?}"),
    };
    assert_eq!(d.call_variable("callVariable1"), Some("Chuck Jones"));
    assert_eq!(
        d.media_properties.and_then(|m| m.wrap_up_reason).as_deref(),
        Some("Sale made")
    );

    // HOLD now passes the rules; the CTI server refuses it: apiErrors notification.
    let r = curl(&[
        "-u",
        auth,
        "-X",
        "PUT",
        "-H",
        "requestId: h1",
        "--data",
        hold,
        &stack.url("/finesse/api/Dialog/100"),
    ])
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let (id, req) = stack.cti.next_request().await;
    assert!(matches!(req, Message::HoldCallReq(_)), "{req:?}");
    stack.cti.respond(
        id,
        ControlFailureConf {
            failure_code: ControlFailureCode::InvalidObjectState,
            peripheral_error_code: 0,
            ..Default::default()
        },
    );
    let err = stack
        .wait_published("apiErrors with h1", |n, u| {
            n == dialogs_node && u.request_id.as_deref() == Some("h1")
        })
        .await;
    assert_eq!(err.source, "/finesse/api/Dialog/100");
    let Some(UpdateData::ApiErrors(errors)) = err.data else {
        panic!("{err:?}")
    };
    assert_eq!(errors.errors[0].error_type, "Call Operation Failure");
    assert_eq!(errors.errors[0].error_message, "CF_INVALID_OBJECT_STATE");
    assert_eq!(errors.errors[0].error_data.as_deref(), Some("22"));

    // END_CALL: DELETE from the feed.
    stack.cti.event(EndCallEvent {
        peripheral_id: 1,
        connection_call_id: 100,
        connection_device_id: cs("1001"),
        ..Default::default()
    });
    stack
        .wait_published("dialog DELETE", |n, u| {
            n == dialogs_node && u.event == UpdateEvent::Delete
        })
        .await;
    let r = curl(&["-u", auth, &stack.url(dialogs_node)]).await;
    assert!(
        Dialogs::from_xml(&r.body).unwrap().dialogs.is_empty(),
        "{}",
        r.body
    );

    stack.stop().await;
}

#[tokio::test]
async fn cti_down_puts_the_server_out_of_service() {
    let stack = start().await;
    let r = curl(&[
        "-u",
        "agent01:pw1001",
        &stack.url("/finesse/api/User/agent01"),
    ])
    .await;
    assert_eq!(r.status, 200);

    stack.cti.cmds.send(Cmd::Down).unwrap();
    stack
        .wait_published("SystemInfo OUT_OF_SERVICE", |n, u| {
            n == "/finesse/api/SystemInfo"
                && matches!(&u.data, Some(UpdateData::SystemInfo(s)) if s.status == Some(SystemStatus::OutOfService))
        })
        .await;
    let r = curl(&[&stack.url("/finesse/api/SystemInfo")]).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        SystemInfo::from_xml(&r.body).unwrap().status,
        Some(SystemStatus::OutOfService)
    );
    // Every other request: 503 SERVER_OUT_OF_SERVICE, even before authentication.
    for args in [
        vec!["-u", "agent01:pw1001"],
        vec!["-u", "agent01:wrong"],
        vec![
            "-u",
            "agent01:pw1001",
            "-X",
            "PUT",
            "--data",
            "<User><state>READY</state></User>",
        ],
    ] {
        let mut a: Vec<&str> = args.clone();
        let url = stack.url("/finesse/api/User/agent01");
        a.push(&url);
        let r = curl(&a).await;
        assert_eq!(r.status, 503, "{args:?}: {}", r.body);
        assert_eq!(
            api_error(&r.body),
            ("Service Unavailable".into(), "SERVER_OUT_OF_SERVICE".into())
        );
    }
    stack.stop().await;
}

/// A directory that locks `locked` and is unreachable for `agent02`.
struct FlakyDirectory(SeedCredentials);

impl CredentialCheck for FlakyDirectory {
    fn check<'a>(&'a self, user: &'a str, password: &'a str) -> CheckFuture<'a> {
        match user {
            "locked" => Box::pin(std::future::ready(AuthOutcome::Locked {
                remaining: Duration::from_secs(300),
            })),
            "agent02" => Box::pin(std::future::ready(AuthOutcome::Unavailable(
                "AXL down".into(),
            ))),
            _ => self.0.check(user, password),
        }
    }
}

#[tokio::test]
async fn a_locked_account_is_401_and_an_unreachable_directory_503() {
    let stack = start_with(Arc::new(FlakyDirectory(SeedCredentials::new(
        LabConfig::default().seed,
    ))))
    .await;
    let r = curl(&["-u", "locked:pw", &stack.url("/finesse/api/User/locked")]).await;
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(api_error(&r.body).1, "UNAUTHORIZED");
    let r = curl(&[
        "-u",
        "agent02:pw1002",
        &stack.url("/finesse/api/User/agent02"),
    ])
    .await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(api_error(&r.body).0, "Service Unavailable");
    let r = curl(&[
        "-u",
        "agent01:pw1001",
        &stack.url("/finesse/api/User/agent01"),
    ])
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    stack.stop().await;
}

#[tokio::test]
async fn a_down_notification_service_puts_the_server_out_of_service() {
    let switch = Arc::new(SwitchableSink::default());
    let stack = start_with_sink(
        Arc::new(SeedCredentials::new(LabConfig::default().seed)),
        switch.clone(),
    )
    .await;
    switch.down.store(true, Ordering::SeqCst);
    let r = curl(&[
        "-u",
        "agent01:pw1001",
        &stack.url("/finesse/api/User/agent01"),
    ])
    .await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(api_error(&r.body).1, "SERVER_OUT_OF_SERVICE");
    let r = curl(&[&stack.url("/finesse/api/SystemInfo")]).await;
    let info = SystemInfo::from_xml(&r.body).unwrap();
    assert_eq!(info.status, Some(SystemStatus::OutOfService));
    assert!(info.status_reason.is_some());
    // Back up: IN_SERVICE is published again (the sink is polled every second).
    let before = stack.published().len();
    switch.down.store(false, Ordering::SeqCst);
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        let back = stack.published().into_iter().skip(before).any(|(n, u)| {
            n == "/finesse/api/SystemInfo"
                && matches!(&u.data, Some(UpdateData::SystemInfo(s)) if s.status == Some(SystemStatus::InService))
        });
        if back {
            break;
        }
        assert!(Instant::now() < end, "IN_SERVICE not published again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let r = curl(&[
        "-u",
        "agent01:pw1001",
        &stack.url("/finesse/api/User/agent01"),
    ])
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    stack.stop().await;
}
