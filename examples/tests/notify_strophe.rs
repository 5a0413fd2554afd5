//! Real client: strophe.js (the Finesse 12.5 desktop's XMPP library) logs in over BOSH as
//! agent01, is subscribed by the server to its User node, is refused another agent's node,
//! and receives the Update Finesse publishes through `NotificationSink::publish`.
//! Fails (does not skip) when Node or the npm packages are missing: run `.ci/install.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

mod notify_support;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use finesse_examples::lab::NotificationSink;
use notify_support::*;
use tokio::io::{AsyncBufReadExt, BufReader};

fn node_modules() -> PathBuf {
    let modules = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.tools/node/node_modules");
    for pkg in ["strophe.js", "xhr2", "@xmldom/xmldom"] {
        assert!(
            modules.join(pkg).join("package.json").exists(),
            "npm package {pkg} is missing under {}: run .ci/install.sh",
            modules.display()
        );
    }
    modules.canonicalize().expect("canonical node_modules path")
}

fn node_ok() {
    let ok = std::process::Command::new("node")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(ok, "`node` is not on PATH: run .ci/install.sh");
}

async fn next_line(lines: &mut tokio::io::Lines<BufReader<tokio::process::ChildStdout>>) -> String {
    // strophe logs to stdout too; the script's own lines are JSON objects.
    loop {
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("strophe.js output within 30 s")
            .unwrap()
            .unwrap_or_default();
        if line.is_empty() || line.starts_with('{') {
            return line;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strophe_over_bosh_is_auto_subscribed_and_receives_the_update() {
    let modules = node_modules();
    node_ok();
    let lab = start("strophe").await;
    let url = format!("http://{}/http-bind", lab.notify.bosh_http_addr());
    let mut child = tokio::process::Command::new("node")
        .arg(peers_dir().join("notify_strophe.js"))
        .args([
            url.as_str(),
            "agent01@localhost",
            "pw1001",
            "/finesse/api/User/agent02",
        ])
        .env("NODE_PATH", &modules)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn node");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let connected = next_line(&mut lines).await;
    assert!(connected.contains("\"event\":\"connected\""), "{connected}");
    assert!(
        connected.contains("\"jid\":\"agent01@localhost/1001\""),
        "{connected}"
    );
    assert!(
        connected.contains("\"forbidden\":\"forbidden\""),
        "agent02's node is refused: {connected}"
    );
    assert_eq!(lab.notify.session_count(), 1);

    // Finesse publishes the agent's new state; the client never subscribed itself.
    let update = user_update("agent01", "NOT_READY");
    lab.notify.publish("/finesse/api/User/agent01", &update);
    let notification = next_line(&mut lines).await;
    // JSON.stringify escapes neither `<` nor `>`; the Update has no quotes.
    for field in [
        "\"event\":\"notification\"".to_owned(),
        "\"node\":\"/finesse/api/User/agent01\"".to_owned(),
        "\"ns\":\"urn:xmpp:push:0\"".to_owned(),
        "\"from\":\"pubsub.localhost\"".to_owned(),
        "\"to\":\"agent01@localhost\"".to_owned(),
        format!("\"text\":\"{update}\""),
        "\"finessePresence\":\"finesse@localhost/webapp\"".to_owned(),
    ] {
        assert!(notification.contains(&field), "{field} in {notification}");
    }

    let done = next_line(&mut lines).await;
    let status = tokio::time::timeout(Duration::from_secs(30), child.wait())
        .await
        .expect("strophe.js exits")
        .unwrap();
    assert!(status.success(), "{done}");
    assert!(done.contains("\"ok\":true"), "{done}");
    until(|| lab.notify.session_count() == 0).await;
    lab.notify.clone().shutdown().await;
}
