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
