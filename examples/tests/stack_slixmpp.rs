//! Issue #8: a supervisor's slixmpp session over XMPP/TCP (STARTTLS) subscribes to its team's
//! node, is refused the other team's node, and watches an agent of its team go through a call
//! (NOT_READY, READY, RESERVED, TALKING, READY again: the agent's wrap-up is optional) while
//! the test drives the agent over REST with curl.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Stdio;
use std::time::Duration;

use common::{peer_script, python, Lab};
use tokio::io::{AsyncBufReadExt, BufReader};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slixmpp_supervisor_watches_a_team_agent_take_a_call() {
    let python = python();
    let lab = Lab::start(|_| {}).await;
    let supervisor = lab.config.seed.agent("super01").unwrap().clone();
    let mut child = tokio::process::Command::new(python)
        .arg(peer_script("slixmpp_supervisor.py"))
        .arg("127.0.0.1")
        .arg(lab.stack.endpoints().xmpp.port().to_string())
        .arg(&lab.config.xmpp_domain)
        .arg(lab.ca_file())
        .args([
            supervisor.id.as_str(),
            supervisor.password.as_str(),
            "1",
            "2",
            "agent02",
        ])
        .arg("NOT_READY,READY,RESERVED,TALKING,READY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("run slixmpp");
    // Drain stderr as it comes so a chatty client never blocks on a full pipe.
    let mut stderr = child.stderr.take().unwrap();
    let stderr_text = tokio::spawn(async move {
        let mut text = String::new();
        let _ = tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut text).await;
        text
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let subscribed = tokio::time::timeout(Duration::from_secs(30), lines.next_line()).await;
    let first = match subscribed {
        Ok(Ok(Some(line))) => line,
        other => {
            let _ = child.kill().await;
            panic!(
                "slixmpp did not subscribe: {other:?}\nstderr: {}",
                stderr_text.await.unwrap_or_default()
            );
        }
    };
    assert_eq!(first, "SUBSCRIBED");

    lab.login_ready("agent02").await;
    lab.place_call(1).await;
    lab.wait_user_state("agent02", "RESERVED").await;
    let dialog = lab.wait_dialog_id("agent02").await;
    lab.dialog_action("agent02", &dialog, "ANSWER").await;
    lab.wait_user_state("agent02", "TALKING").await;
    lab.dialog_action("agent02", &dialog, "DROP").await;
    lab.wait_user_state("agent02", "READY").await;

    let report = tokio::time::timeout(Duration::from_secs(90), lines.next_line()).await;
    let _ = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
    let _ = child.kill().await;
    let status = child.wait().await.unwrap();
    lab.stop().await;
    let stderr = stderr_text.await.unwrap_or_default();
    let report = match report {
        Ok(Ok(Some(line))) => line,
        other => panic!("no report from slixmpp ({other:?}); stderr: {stderr}"),
    };
    assert!(
        status.success(),
        "slixmpp supervisor failed: {report}\nstderr: {stderr}"
    );
    assert!(
        report.contains("\"forbidden_other_team\": true"),
        "{report}"
    );
}
