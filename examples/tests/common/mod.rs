//! What the full-stack tests share: starting the lab on free loopback ports with its own data
//! directory, locating the real peers (curl, node + strophe.js, the Python venv), and driving
//! the REST API with curl.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use finesse_examples::lab::stack::RunningStack;
use finesse_examples::lab::{LabConfig, Ports, WrapUpMode};
use tokio::process::Command;

/// The workspace root (peers are installed under `.tools/` there).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The scripts under `tests/peers/`.
pub fn peer_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/peers")
        .join(name)
}

/// The venv's python with slixmpp and zeep; fails loudly when `.ci/install.sh` has not run.
pub fn python() -> PathBuf {
    let python = workspace_root().join(".tools/venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run .ci/install.sh to install the test peers",
        python.display()
    );
    python
}

/// `node` and the `node_modules` with strophe.js; fails loudly when missing.
pub fn node() -> (String, PathBuf) {
    let modules = workspace_root().join(".tools/node/node_modules");
    assert!(
        modules.join("strophe.js").exists(),
        "{} has no strophe.js: run .ci/install.sh to install the test peers",
        modules.display()
    );
    let ok = std::process::Command::new("node")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(ok, "node is not installed: run .ci/install.sh");
    ("node".into(), modules)
}

/// Fails loudly when curl is missing.
pub fn require_curl() {
    let ok = std::process::Command::new("curl")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(ok, "curl is not installed: run .ci/install.sh");
}

static NEXT_LAB: AtomicU32 = AtomicU32::new(0);

/// A lab on free loopback ports with its own data directory, removed on [`Lab::stop`].
pub struct Lab {
    pub stack: RunningStack,
    pub config: LabConfig,
    data_dir: PathBuf,
}

impl Lab {
    /// Starts the whole stack; `adjust` may change the seed before it starts.
    pub async fn start(adjust: impl FnOnce(&mut LabConfig)) -> Lab {
        let data_dir = std::env::temp_dir().join(format!(
            "finesse-lab-test-{}-{}",
            std::process::id(),
            NEXT_LAB.fetch_add(1, Ordering::Relaxed)
        ));
        let mut config = LabConfig {
            data_dir: data_dir.clone(),
            ports: Ports::ephemeral(),
            ..LabConfig::default()
        };
        adjust(&mut config);
        let stack = RunningStack::start(&config).await.expect("the lab starts");
        let lab = Lab {
            stack,
            config,
            data_dir,
        };
        lab.wait_in_service().await;
        lab
    }

    /// Stops the stack and removes its data directory.
    pub async fn stop(self) {
        self.stack.shutdown().await;
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }

    /// The certificate file clients must trust.
    pub fn ca_file(&self) -> PathBuf {
        self.stack.cert().cert_path.clone()
    }

    /// `https://localhost:<rest_https>` (the REST and `/http-bind` origin).
    pub fn https_origin(&self) -> String {
        format!(
            "https://localhost:{}",
            self.stack.endpoints().rest_https.port()
        )
    }

    /// `http://127.0.0.1:<admin>`.
    pub fn admin_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.stack.endpoints().admin.port())
    }

    /// Polls SystemInfo until it says IN_SERVICE (the CTI link and the notification service
    /// are up); panics after 20 s.
    pub async fn wait_in_service(&self) {
        for _ in 0..200 {
            let reply = self
                .rest("GET", "/finesse/api/SystemInfo", None, None, None)
                .await;
            if reply.status == 200 && reply.body.contains("<status>IN_SERVICE</status>") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("SystemInfo never reported IN_SERVICE");
    }

    /// One REST request over HTTPS with curl; `user` is `(id, password)`.
    pub async fn rest(
        &self,
        method: &str,
        path: &str,
        user: Option<(&str, &str)>,
        body: Option<&str>,
        request_id: Option<&str>,
    ) -> Reply {
        curl(
            &format!("{}{path}", self.https_origin()),
            method,
            user,
            body,
            request_id,
            Some(&self.ca_file()),
        )
        .await
    }

    /// The seeded password of `agent`.
    pub fn password(&self, agent: &str) -> String {
        self.config
            .seed
            .agent(agent)
            .expect("seeded agent")
            .password
            .clone()
    }

    /// Signs `agent` in with its extension and makes it READY, over REST; waits until GET User
    /// says READY.
    pub async fn login_ready(&self, agent: &str) {
        let seeded = self.config.seed.agent(agent).expect("seeded agent").clone();
        let path = format!("/finesse/api/User/{agent}");
        let creds = Some((agent, seeded.password.as_str()));
        let body = format!(
            "<User><state>LOGIN</state><extension>{}</extension></User>",
            seeded.extension
        );
        let reply = self.rest("PUT", &path, creds, Some(&body), None).await;
        assert_eq!(reply.status, 202, "LOGIN: {}", reply.body);
        self.wait_user_state(agent, "NOT_READY").await;
        let reply = self
            .rest(
                "PUT",
                &path,
                creds,
                Some("<User><state>READY</state></User>"),
                None,
            )
            .await;
        assert_eq!(reply.status, 202, "READY: {}", reply.body);
        self.wait_user_state(agent, "READY").await;
    }

    /// Polls GET User until its state is `state`; panics after 15 s.
    pub async fn wait_user_state(&self, agent: &str, state: &str) {
        let password = self.password(agent);
        let mut last = String::new();
        for _ in 0..150 {
            let reply = self
                .rest(
                    "GET",
                    &format!("/finesse/api/User/{agent}"),
                    Some((agent, &password)),
                    None,
                    None,
                )
                .await;
            if reply.status == 200 && reply.body.contains(&format!("<state>{state}</state>")) {
                return;
            }
            last = reply.body;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{agent} never reached {state}; last GET User: {last}");
    }

    /// The id of the agent's first dialog, polling GET User/<id>/Dialogs for up to 15 s.
    pub async fn wait_dialog_id(&self, agent: &str) -> String {
        let password = self.password(agent);
        for _ in 0..150 {
            let reply = self
                .rest(
                    "GET",
                    &format!("/finesse/api/User/{agent}/Dialogs"),
                    Some((agent, &password)),
                    None,
                    None,
                )
                .await;
            if let Some(id) =
                first_element(&reply.body, "Dialog").and_then(|d| first_element(&d, "id"))
            {
                return id;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{agent} never got a dialog");
    }

    /// PUTs `action` on `dialog` for `agent`, expecting 202.
    pub async fn dialog_action(&self, agent: &str, dialog: &str, action: &str) {
        let seeded = self.config.seed.agent(agent).expect("seeded agent").clone();
        let body = format!(
            "<Dialog><requestedAction>{action}</requestedAction><targetMediaAddress>{}</targetMediaAddress></Dialog>",
            seeded.extension
        );
        let reply = self
            .rest(
                "PUT",
                &format!("/finesse/api/Dialog/{dialog}"),
                Some((agent, &seeded.password)),
                Some(&body),
                None,
            )
            .await;
        assert_eq!(reply.status, 202, "{action}: {}", reply.body);
    }

    /// Places one customer call into `queue` through the admin endpoint (with curl).
    pub async fn place_call(&self, queue: u32) {
        let reply = curl(
            &format!("{}/calls?queue={queue}&count=1", self.admin_url()),
            "POST",
            None,
            None,
            None,
            None,
        )
        .await;
        assert_eq!(reply.status, 202, "admin /calls: {}", reply.body);
    }
}

/// Sets `agent`'s wrap-up mode in the seed.
pub fn set_wrap_up(config: &mut LabConfig, agent: &str, mode: WrapUpMode) {
    if let Some(a) = config.seed.agents.iter_mut().find(|a| a.id == agent) {
        a.wrap_up = mode;
    }
}

/// A curl reply.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub headers: String,
}

/// Runs curl once; the status comes from `-w %{http_code}`.
pub async fn curl(
    url: &str,
    method: &str,
    user: Option<(&str, &str)>,
    body: Option<&str>,
    request_id: Option<&str>,
    ca: Option<&Path>,
) -> Reply {
    require_curl();
    let mut cmd = Command::new("curl");
    cmd.args([
        "-sS",
        "-D",
        "-",
        "-X",
        method,
        "-w",
        "\n%{http_code}",
        "--max-time",
        "10",
    ]);
    if let Some(ca) = ca {
        cmd.arg("--cacert").arg(ca);
    }
    if let Some((id, password)) = user {
        cmd.args(["-u", &format!("{id}:{password}")]);
    }
    if let Some(request_id) = request_id {
        cmd.args(["-H", &format!("requestId: {request_id}")]);
    }
    if let Some(body) = body {
        cmd.args(["-H", "Content-Type: application/xml", "--data-binary", body]);
    }
    cmd.arg(url).stdin(Stdio::null()).kill_on_drop(true);
    let out = cmd.output().await.expect("run curl");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (rest, code) = text.rsplit_once('\n').unwrap_or(("", text.as_str()));
    let status = code.trim().parse().unwrap_or(0);
    let (headers, body) = rest.split_once("\r\n\r\n").unwrap_or((rest, ""));
    Reply {
        status,
        body: body.to_owned(),
        headers: headers.to_owned(),
    }
}

/// The text inside the first `<name>…</name>` of `xml` (test helper, not a parser).
pub fn first_element(xml: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&close)?;
    Some(xml[start..end].to_owned())
}
