//! Issue #8: the `finesse-lab` binary, as the README's first command runs it, starts on a
//! config file's ports, generates its certificate, answers SystemInfo IN_SERVICE, and stops
//! cleanly (exit 0) on Ctrl-C (SIGINT). The test removes its data directory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::TcpListener;
use std::process::Stdio;
use std::time::Duration;

use common::curl;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_starts_on_a_config_file_and_stops_on_ctrl_c() {
    let dir = std::env::temp_dir().join(format!("finesse-lab-binary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let names = [
        "axl_https",
        "cti",
        "rest_https",
        "rest_http",
        "xmpp",
        "xmpps",
        "bosh_https",
        "bosh_http",
        "admin",
    ];
    let ports: Vec<(&str, u16)> = names.iter().map(|n| (*n, free_port())).collect();
    let mut toml = format!("data_dir = {:?}\n[ports]\n", dir.join("data"));
    for (name, port) in &ports {
        toml.push_str(&format!("{name} = {port}\n"));
    }
    let config = dir.join("lab.toml");
    std::fs::write(&config, toml).unwrap();
    let port = |name: &str| ports.iter().find(|(n, _)| *n == name).unwrap().1;

    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_finesse-lab"))
        .arg("--config")
        .arg(&config)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start finesse-lab");

    let url = format!(
        "http://127.0.0.1:{}/finesse/api/SystemInfo",
        port("rest_http")
    );
    let mut in_service = false;
    for _ in 0..300 {
        let reply = curl(&url, "GET", None, None, None, None).await;
        if reply.body.contains("<status>IN_SERVICE</status>") {
            in_service = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        dir.join("data/tls").exists(),
        "certificates generated under the data directory"
    );

    let pid = child.id().expect("running") as i32;
    let signalled = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("finesse-lab exits within 20 s of Ctrl-C")
        .unwrap();
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        use tokio::io::AsyncReadExt;
        let _ = out.read_to_string(&mut stdout).await;
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        in_service,
        "SystemInfo never said IN_SERVICE; stdout: {stdout}"
    );
    assert!(status.success(), "exit status {status}; stdout: {stdout}");
    assert!(
        stdout.contains("agent01"),
        "the seeded users are printed: {stdout}"
    );
}
