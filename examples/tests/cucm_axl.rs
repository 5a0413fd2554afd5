//! The CUCM simulator's AXL side over real loopback sockets: zeep with Cisco's AXL WSDL
//! (from the installed `ciscoaxl` package) against the seeded server, and
//! `AxlCredentialCheck` against the live server. Fails, never skips, when Python or the
//! packages are missing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use finesse_examples::lab::cucm::{
    self, AxlCredentialCheck, CucmConfig, CucmHandle, LockoutPolicy,
};
use finesse_examples::lab::{AuthOutcome, CredentialCheck, DevCert, LabConfig, Ports};

struct Lab {
    config: LabConfig,
    cert: DevCert,
    dir: PathBuf,
}

impl Drop for Lab {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn lab(name: &str) -> Lab {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cucm-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = LabConfig {
        ports: Ports::ephemeral(),
        data_dir: dir.join("data"),
        ..LabConfig::default()
    };
    let cert = DevCert::load_or_generate(&config.data_dir, &config.host_name).unwrap();
    Lab { config, cert, dir }
}

async fn start(lab: &Lab) -> CucmHandle {
    cucm::start(&lab.config, &CucmConfig::default(), &lab.cert)
        .await
        .unwrap()
}

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
async fn zeep_with_ciscos_wsdl_sees_the_seed() {
    let python = venv_python();
    let lab = lab("zeep");
    let server = start(&lab).await;
    let defaults = CucmConfig::default();
    let seed = &lab.config.seed;
    let users = seed
        .agents
        .iter()
        .map(|a| {
            format!(
                "{},{},{},{},{}",
                a.id, a.first_name, a.last_name, a.extension, a.password
            )
        })
        .collect::<Vec<_>>()
        .join(";");
    let route_points = seed
        .queues
        .iter()
        .map(|q| q.route_point.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/peers/zeep_lab_axl.py");
    let home = lab.dir.join("home");
    std::fs::create_dir_all(&home).unwrap();

    let mut cmd = tokio::process::Command::new(&python);
    cmd.arg(&script)
        .arg("127.0.0.1")
        .arg(server.axl_addr().port().to_string())
        .arg(&defaults.app_user)
        .arg(&defaults.app_password)
        .arg(&lab.cert.cert_path)
        .env("LAB_USERS", users)
        .env("LAB_ROUTE_POINTS", route_points)
        // requests lets this override any `verify` given in code: point it at the lab's
        // certificate, so every client (zeep, ciscoaxl) verifies against it.
        .env("REQUESTS_CA_BUNDLE", &lab.cert.cert_path)
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
    server.shutdown().await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
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
        "ok getUser agent01 names",
        "ok getUser agent01 device",
        "ok listPhone shows every seeded phone",
        "ok each phone's line is its extension",
        "ok executeSQLQuery enduser",
        "ok executeSQLQuery join primary extensions",
        "ok executeSQLQuery join route points",
        "ok doAuthenticateUser right password",
        "ok doAuthenticateUser wrong password",
        "ok getUser unknown user is axlError 5007",
        "ok ciscoaxl sql_query route point",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    assert!(stdout.contains("PASSED"), "{stdout}");
}

fn checker(lab: &Lab, server: &CucmHandle, app_password: &str) -> AxlCredentialCheck {
    AxlCredentialCheck::new(
        server.axl_url(),
        CucmConfig::default().app_user,
        app_password.to_owned(),
        lab.cert.client_config().unwrap(),
        LockoutPolicy::default(),
    )
}

fn accepted(user: &str) -> AuthOutcome {
    AuthOutcome::Accepted { user: user.into() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_axl_credential_check_accepts_rejects_locks_and_notices_the_server_going() {
    let lab = lab("check");
    let server = start(&lab).await;
    assert!(server.axl_url().starts_with("https://127.0.0.1:"));
    let check: Arc<dyn CredentialCheck> =
        Arc::new(checker(&lab, &server, &CucmConfig::default().app_password));

    // Accept, with the directory's spelling of the user id.
    assert_eq!(check.check("agent01", "pw1001").await, accepted("agent01"));
    assert_eq!(check.check("AGENT02", "pw1002").await, accepted("agent02"));
    // Reject a wrong password and an unknown user.
    assert_eq!(
        check.check("agent01", "pw1002").await,
        AuthOutcome::Rejected
    );
    assert_eq!(check.check("nobody", "pw1001").await, AuthOutcome::Rejected);

    // Five wrong passwords lock the account; then even the right one is refused.
    for _ in 0..5 {
        assert_eq!(check.check("agent03", "wrong").await, AuthOutcome::Rejected);
    }
    match check.check("agent03", "pw1003").await {
        AuthOutcome::Locked { remaining } => {
            assert!(
                remaining > Duration::from_secs(4 * 60) && remaining <= Duration::from_secs(300)
            )
        }
        other => panic!("expected Locked, got {other:?}"),
    }
    // Other accounts are not affected.
    assert_eq!(check.check("agent04", "pw1004").await, accepted("agent04"));

    // A wrong application password makes AXL unusable, not the agent wrong.
    let misconfigured = checker(&lab, &server, "not-the-app-password");
    assert!(matches!(
        misconfigured.check("agent05", "pw1005").await,
        AuthOutcome::Unavailable(_)
    ));

    server.shutdown().await;
    // AXL is gone: an answer that needs it is Unavailable (and counts for nothing) ...
    match check.check("agent05", "pw1005").await {
        AuthOutcome::Unavailable(why) => assert!(!why.is_empty()),
        other => panic!("expected Unavailable, got {other:?}"),
    }
    // ... while credentials accepted a moment ago still come from the cache.
    assert_eq!(check.check("agent04", "pw1004").await, accepted("agent04"));
}
