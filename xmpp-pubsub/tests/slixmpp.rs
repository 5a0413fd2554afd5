//! Real-client conformance: slixmpp (Python) drives the tokio c2s server on loopback.
//!
//! Needs `.tools/venv` with slixmpp (`.ci/install.sh`). A missing client fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use xmpp_pubsub::tokio_driver::{Server, ServerConfig, ServerHandle, StaticUsers};

const DOMAIN: &str = "finesse.example.com";
const TIMEOUT: Duration = Duration::from_secs(90);

fn python() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let python = root.join(".tools/venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run .ci/install.sh to install the Python peers (slixmpp)",
        python.display()
    );
    let check = Command::new(&python)
        .args(["-c", "import slixmpp"])
        .output()
        .expect("run the venv python");
    assert!(
        check.status.success(),
        "slixmpp is not importable from {}: run .ci/install.sh ({})",
        python.display(),
        String::from_utf8_lossy(&check.stderr)
    );
    python
}

/// Kills the child when dropped, so a failing assertion never leaves it running.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn users() -> StaticUsers {
    StaticUsers::new([("1001", "agent-secret"), ("finesse", "finesse-secret")])
}

fn run_script(python: &Path, port: u16, ca: Option<&Path>) -> (bool, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/slixmpp_pubsub.py");
    let mut cmd = Command::new(python);
    cmd.arg(&script)
        .args(["127.0.0.1", &port.to_string(), DOMAIN])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(ca) = ca {
        cmd.arg(ca);
    }
    let mut child = KillOnDrop(cmd.spawn().expect("spawn slixmpp script"));
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            let mut out = String::new();
            use std::io::Read;
            child
                .0
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
            let mut err = String::new();
            child
                .0
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return (
                status.success() && out.contains("OK"),
                format!("{out}\n{err}"),
            );
        }
        assert!(
            Instant::now() < deadline,
            "slixmpp script did not finish within {TIMEOUT:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn start(config: ServerConfig) -> (tokio::runtime::Runtime, u16, ServerHandle) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = rt
        .block_on(Server::bind(
            "127.0.0.1:0".parse().unwrap(),
            config,
            users(),
        ))
        .unwrap();
    let port = server.local_addr().unwrap().port();
    let handle = server.handle();
    rt.spawn(server.run());
    (rt, port, handle)
}

#[test]
fn slixmpp_plain_login_create_subscribe_publish_retract() {
    let python = python();
    let mut config = ServerConfig::new(DOMAIN).unwrap();
    config.allow_plain_insecure = true;
    let (rt, port, handle) = start(config);
    let (ok, output) = run_script(&python, port, None);
    handle.shutdown();
    drop(rt);
    assert!(ok, "slixmpp scenario failed:\n{output}");
}

#[test]
fn slixmpp_starttls_with_rustls() {
    let python = python();
    let cert = rcgen::generate_simple_self_signed(vec![DOMAIN.to_owned()]).unwrap();
    let dir = std::env::temp_dir().join(format!("xmpp-pubsub-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, cert.cert.pem()).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::try_from(cert.signing_key.serialize_der()).unwrap();
    let tls = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert.cert.der().clone()], key)
    .unwrap();
    let mut config = ServerConfig::new(DOMAIN).unwrap();
    config.tls = Some(Arc::new(tls));
    config.tls_required = true;
    let (rt, port, handle) = start(config);
    let (ok, output) = run_script(&python, port, Some(&ca));
    handle.shutdown();
    drop(rt);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(ok, "slixmpp STARTTLS scenario failed:\n{output}");
}
