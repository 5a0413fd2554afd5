//! Real client: Python `ciscoaxl` + zeep with Cisco's AXL 12.5 WSDL (loaded from the
//! installed `ciscoaxl` package) against our server over TLS on loopback. Fails, never
//! skips, when Python or the packages are missing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use axl_soap::server::ServerConfig;

fn venv_python() -> PathBuf {
    // Canonical, so that Python finds the venv's pyvenv.cfg next to the real path.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace root");
    let python = root.join(".tools/venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run .ci/install.sh (it installs zeep and ciscoaxl into .tools/venv)",
        python.display()
    );
    python
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zeep_and_ciscoaxl_against_our_server() {
    let python = venv_python();
    let server = common::start(true, ServerConfig::default()).await;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/zeep_client.py");
    let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("zeep-home-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();

    let mut cmd = tokio::process::Command::new(&python);
    cmd.arg(&script)
        .arg("127.0.0.1")
        .arg(server.addr.port().to_string())
        .arg(common::ADMIN.0)
        .arg(common::ADMIN.1)
        // requests lets these override verify=False; the test's certificate is self-signed.
        .env_remove("REQUESTS_CA_BUNDLE")
        .env_remove("CURL_CA_BUNDLE")
        .env_remove("SSL_CERT_FILE")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env("NO_PROXY", "*")
        .env("HOME", &home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; run .ci/install.sh", python.display()));
    // kill_on_drop ends the child on timeout or panic.
    let output = tokio::time::timeout(Duration::from_secs(180), child.wait_with_output())
        .await
        .expect("zeep client timed out after 180 s")
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let _ = std::fs::remove_dir_all(&home);
    assert_ne!(
        output.status.code(),
        Some(3),
        "Python packages missing: run .ci/install.sh\n{stderr}"
    );
    assert!(
        output.status.success(),
        "zeep client failed ({:?})\nstdout:\n{stdout}\nstderr:\n{stderr}",
        output.status
    );
    for expected in [
        "ok ciscoaxl getCCMVersion",
        "ok ciscoaxl missing user is Fault 5007",
        "ok zeep-strict getUser nested",
        "ok zeep-strict executeSQLQuery",
        "ok zeep-strict doAuthenticateUser wrong password",
        "ok bad credentials refused with 401",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    assert!(stdout.contains("PASSED 3"), "{stdout}");
}
