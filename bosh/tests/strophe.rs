//! Real client: strophe.js 5 in Node drives the HTTP binding through SASL PLAIN, restart,
//! bind, presence, echoed messages, server-pushed PubSub-style notifications and
//! terminate. Fails (does not skip) when Node or the npm packages are missing: run
//! `.ci/install.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

mod common;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use bosh::{ServerConfig, TerminateReason};
use common::*;

fn node_modules() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let modules = root.join(".tools/node/node_modules");
    for pkg in ["strophe.js", "xhr2", "@xmldom/xmldom", "ws"] {
        assert!(
            modules.join(pkg).join("package.json").exists(),
            "npm package {pkg} is missing under {}: run .ci/install.sh (it runs .ci/install-node.sh)",
            modules.display()
        );
    }
    modules.canonicalize().expect("canonical node_modules path")
}

fn node() -> String {
    let ok = std::process::Command::new("node")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "`node` is not on PATH: run .ci/install.sh (it installs Node and the strophe.js test peer)"
    );
    "node".into()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strophe_js_logs_in_echoes_and_receives_publishes() {
    let modules = node_modules();
    let node = node();
    let (addr, bosh, record) = start(ServerConfig::default()).await;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/strophe_client.js");
    let child = tokio::process::Command::new(node)
        .arg(&script)
        .arg(format!("http://{addr}/http-bind"))
        .arg("5")
        .arg("3")
        .env("NODE_PATH", &modules)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true) // killed on every path, including a panic or the timeout below
        .spawn()
        .expect("spawn node");
    let out = tokio::time::timeout(Duration::from_secs(45), child.wait_with_output())
        .await
        .expect("strophe.js finished within 45 s")
        .expect("node ran");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "strophe.js failed\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(stdout.contains("\"ok\":true"), "{stdout}");
    assert!(
        stdout.contains("\"jid\":\"agent1@example.com/"),
        "bound a full JID: {stdout}"
    );
    for i in 0..5 {
        assert!(
            stdout.contains(&format!("\"hello {i}\"")),
            "echo {i}: {stdout}"
        );
    }
    assert!(stdout.contains("/finesse/api/User/1001"), "{stdout}");
    assert!(
        stdout.contains("<Update>2</Update>"),
        "escaped notification text: {stdout}"
    );

    // The XMPP side saw the whole login, in order, and the session ended cleanly.
    until(|| bosh.session_count() == 0).await;
    let rec = record.lock().unwrap();
    assert_eq!(rec.authenticated, vec!["agent1".to_string()]);
    let kinds: Vec<&str> = rec
        .stanzas
        .iter()
        .map(|(_, s)| s.split([' ', '>', '/']).next().unwrap_or(""))
        .collect();
    assert_eq!(kinds[0], "<auth", "{kinds:?}");
    assert_eq!(kinds[1], "<iq", "bind after restart: {kinds:?}");
    assert!(kinds.contains(&"<presence"));
    assert_eq!(rec.closes.len(), 1);
    assert_eq!(rec.closes[0].1, TerminateReason::Client);
    assert!(rec.closes[0].2.is_empty(), "nothing left undelivered");
}
