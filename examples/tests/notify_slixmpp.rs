//! Real client: slixmpp (Python) over XMPP c2s with STARTTLS and the lab's development
//! certificate. A supervisor subscribes to its team's node and receives a Finesse publish;
//! the subscription rules refuse other teams' and other agents' nodes with `forbidden`.
//! Needs `.tools/venv` with slixmpp (`.ci/install.sh`); a missing client fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

mod notify_support;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use finesse_examples::lab::NotificationSink;
use notify_support::*;
use tokio::io::{AsyncBufReadExt, BufReader};

fn python() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let python = root.join(".tools/venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run .ci/install.sh to install the Python peers (slixmpp)",
        python.display()
    );
    let check = std::process::Command::new(&python)
        .args(["-c", "import slixmpp"])
        .output()
        .expect("run the venv python");
    assert!(
        check.status.success(),
        "slixmpp is not importable: run .ci/install.sh ({})",
        String::from_utf8_lossy(&check.stderr)
    );
    python
}

async fn next_line(lines: &mut tokio::io::Lines<BufReader<tokio::process::ChildStdout>>) -> String {
    tokio::time::timeout(Duration::from_secs(60), lines.next_line())
        .await
        .expect("slixmpp output within 60 s")
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slixmpp_supervisor_team_node_and_forbidden_nodes() {
    let python = python();
    let lab = start("slixmpp").await;
    let port = lab.notify.xmpp_addr().port().to_string();
    let mut child = tokio::process::Command::new(python)
        .arg(peers_dir().join("notify_slixmpp.py"))
        .args(["127.0.0.1", port.as_str(), DOMAIN])
        .arg(&lab.cert_path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn slixmpp script");
    let mut stderr = child.stderr.take().unwrap();
    let errors = tokio::spawn(async move {
        let mut s = String::new();
        let _ = tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut s).await;
        s
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();

    let ready = next_line(&mut lines).await;
    if ready != "READY" {
        let _ = child.kill().await;
        panic!(
            "slixmpp scenario failed before READY: {ready}\n{}",
            errors.await.unwrap()
        );
    }
    assert_eq!(lab.notify.session_count(), 2, "super01 and agent01 bound");

    let update = "<Update><data><user><loginId>agent01</loginId><state>READY</state></user></data>\
                  <event>PUT</event><requestId></requestId><source>/finesse/api/User/agent01</source></Update>";
    lab.notify.publish("/finesse/api/Team/1/Users", update);
    let event = next_line(&mut lines).await;
    let ok = next_line(&mut lines).await;
    let status = tokio::time::timeout(Duration::from_secs(30), child.wait())
        .await
        .expect("slixmpp exits")
        .unwrap();
    let stderr = errors.await.unwrap();
    assert!(status.success() && ok == "OK", "{event}\n{ok}\n{stderr}");
    assert!(event.starts_with("EVENT "), "{event}");
    for field in [
        "\"node\": \"/finesse/api/Team/1/Users\"".to_owned(),
        "\"tag\": \"{urn:xmpp:push:0}notification\"".to_owned(),
        format!("\"text\": \"{update}\""),
        "\"to\": \"super01@localhost/desk\"".to_owned(),
        "\"from\": \"pubsub.localhost\"".to_owned(),
    ] {
        assert!(event.contains(&field), "{field} in {event}");
    }
    lab.notify.clone().shutdown().await;
}
