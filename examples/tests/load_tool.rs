//! Issue #8's load tool, end to end at a small N: `lab-load compare --ours-only` fans
//! publishes out to BOSH sessions of the lab's notification service (warm-up, measured
//! rounds, the median's figures, the CPU split), and `lab-load stack` runs agents through
//! the whole lab (BOSH login, REST PUTs, generated calls) without an error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

fn lab_load(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_lab-load"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run lab-load");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "lab-load {args:?} failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn fanout_reaches_every_session_in_every_round() {
    let out = lab_load(&[
        "compare",
        "--ours-only",
        "-n",
        "20",
        "--warmup",
        "1",
        "--rounds",
        "3",
    ]);
    assert!(
        out.contains("20 sessions requested, 20 ready") && out.contains("20 delivered"),
        "{out}"
    );
    let rounds = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("last delivery in each round (ms): "))
        .expect("per-round figures");
    assert_eq!(rounds.split(", ").count(), 3, "{out}");
    assert!(out.contains("a warm-up: last delivery"), "{out}");
    if cfg!(target_os = "linux") {
        assert!(out.contains("lab-server"), "the server's CPU share: {out}");
    }
    assert!(!out.contains("errors"), "{out}");
}

#[test]
fn agents_run_through_the_whole_lab_without_an_error() {
    let out = lab_load(&["stack", "-n", "4"]);
    assert!(out.contains("4 requested, 4 logged in"), "{out}");
    assert!(out.contains("4 placed, 4 answered+dropped"), "{out}");
    let row = out
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("4 "))
        .expect("the summary row");
    assert_eq!(
        row.split_whitespace().last(),
        Some("0"),
        "errors column: {out}"
    );
}

/// More agents than Finesse's CTI driver and the engine take in one turn (256 commands)
/// act in the same instant: every request must still get its answer (a batch boundary
/// once dropped the request that crossed it, seen as CTI_SESSION_LOST).
#[test]
fn a_burst_larger_than_a_batch_loses_no_request() {
    let out = lab_load(&["stack", "-n", "600", "--no-calls", "--own-runtime"]);
    assert!(out.contains("600 requested, 600 logged in"), "{out}");
    assert!(out.contains("n=1200 "), "every timed PUT answered: {out}");
    assert!(out.contains("state changes: 1800 PUTs"), "{out}");
    if cfg!(target_os = "linux") {
        assert!(out.contains("lab-server"), "the lab's CPU share: {out}");
    }
    assert!(!out.contains("errors:"), "{out}");
}

/// With a think time the agents pace themselves: each change still gets its answer, and
/// the phase lasts at least the pauses.
#[test]
fn paced_agents_wait_between_their_changes() {
    let out = lab_load(&[
        "stack",
        "-n",
        "4",
        "--cycles",
        "2",
        "--think",
        "0.1",
        "--no-calls",
    ]);
    assert!(out.contains("n=16 "), "{out}");
    let phase_ms: f64 = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("state changes: 20 PUTs in "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|ms| ms.parse().ok())
        .unwrap_or_else(|| panic!("no state-change line: {out}"));
    assert!(phase_ms >= 400.0, "four pauses of 100 ms: {out}");
    assert!(!out.contains("errors:"), "{out}");
}

/// `--lab-process`: the lab runs as `lab-load serve-lab` in a child process; the agents
/// reach it over loopback, the report splits the CPU time, and the child is gone after.
#[test]
fn the_lab_can_run_in_its_own_process() {
    let out = lab_load(&["stack", "-n", "4", "--lab-process"]);
    assert!(out.contains("the lab in its own process"), "{out}");
    assert!(out.contains("4 placed, 4 answered+dropped"), "{out}");
    if cfg!(target_os = "linux") {
        assert!(out.contains("lab process"), "the lab's CPU share: {out}");
    }
    assert!(!out.contains("errors:"), "{out}");
}
