//! Issue #8: an agent desktop built on strophe.js (the library Finesse's own desktop uses)
//! logs in over BOSH on the REST origin, drives a whole call over REST and sees every step as
//! a notification: User READY (with its requestId), RESERVED, TALKING; Dialog POST ALERTING,
//! PUT ACTIVE, HELD, ACTIVE again, DELETE; the agent ends in wrap-up (WORK) because
//! its wrap-up is required.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{node, peer_script, set_wrap_up, Lab};
use finesse_examples::lab::WrapUpMode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strophe_agent_takes_a_generated_call_over_rest_and_bosh() {
    let (node, modules) = node();
    let lab = Lab::start(|config| set_wrap_up(config, "agent01", WrapUpMode::Required)).await;
    let agent = lab.config.seed.agent("agent01").unwrap().clone();
    let out = tokio::process::Command::new(node)
        .arg(peer_script("strophe_agent_flow.js"))
        .args([
            lab.https_origin().as_str(),
            lab.admin_url().as_str(),
            lab.config.xmpp_domain.as_str(),
            agent.id.as_str(),
            agent.password.as_str(),
            agent.extension.as_str(),
            "1",
            // UCCX Finesse shows wrap-up as WORK; the engine's CTI WORK_READY maps to WORK_READY.
            "WORK|WORK_READY",
        ])
        .env("NODE_PATH", &modules)
        .env("NODE_EXTRA_CA_CERTS", lab.ca_file())
        .kill_on_drop(true)
        .output()
        .await
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    lab.stop().await;
    assert!(
        out.status.success(),
        "strophe.js flow failed\nstdout: {stdout}\nstderr: {stderr}"
    );
    // The script checked each step; make sure the record agrees on the essentials.
    for state in ["NOT_READY", "READY", "RESERVED", "TALKING"] {
        assert!(
            stdout.contains(&format!("\"{state}\"")),
            "no {state} in {stdout}"
        );
    }
    assert!(
        stdout.contains("\"WORK"),
        "the agent ends in wrap-up: {stdout}"
    );
    assert!(
        stdout.contains("POST ") && stdout.contains("ALERTING"),
        "{stdout}"
    );
    assert!(
        stdout.contains("HELD") && stdout.contains("DELETE "),
        "{stdout}"
    );
}
