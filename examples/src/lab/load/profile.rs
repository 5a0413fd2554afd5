//! Looking inside a measured window: CPU time per thread group, and `perf` switched on only
//! while a publish is being measured.
//!
//! The load client and (for the lab) the server share this process and the machine's two
//! cores, so a fan-out's time alone does not say whose work it was. [`ThreadCpu`] reads
//! each thread's CPU time from `/proc/self/task/*/schedstat` and sums it by thread name:
//! the lab's server runtime names its threads `lab-server`, the client's are tokio's
//! workers.
//!
//! To profile just the measured publishes (not the logins around them):
//!
//! ```text
//! mkfifo /tmp/ctl /tmp/ctl.ack
//! LAB_LOAD_PERF_CTL=/tmp/ctl perf record -g --control=fifo:/tmp/ctl,/tmp/ctl.ack -D -1 \
//!     -- lab-load compare --ours-only -n 2000
//! ```

use std::io::{Read, Write};
use std::time::Duration;

/// The environment variable naming `perf record`'s control FIFO (its ack FIFO is the same
/// path with `.ack` appended).
pub const PERF_CTL_ENV: &str = "LAB_LOAD_PERF_CTL";

/// A command for `perf record --control`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PerfCmd {
    /// Start sampling.
    Enable,
    /// Stop sampling.
    Disable,
}

/// Sends `cmd` to `perf record` through the FIFO named by [`PERF_CTL_ENV`] and waits for
/// its ack; does nothing when the variable is unset. Blocks the calling thread for the
/// exchange (a profiling aid, not for normal runs).
pub(crate) fn perf_ctl(cmd: PerfCmd) {
    let Ok(path) = std::env::var(PERF_CTL_ENV) else {
        return;
    };
    let word = match cmd {
        PerfCmd::Enable => "enable",
        PerfCmd::Disable => "disable",
    };
    let sent = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .and_then(|mut f| writeln!(f, "{word}"));
    if let Err(e) = sent {
        tracing::warn!(path, error = %e, "perf control FIFO");
        return;
    }
    // perf answers "ack\n" once the command took effect.
    if let Ok(mut ack) = std::fs::File::open(format!("{path}.ack")) {
        let mut buf = [0u8; 5];
        let _ = ack.read(&mut buf);
    }
}

/// CPU time used so far by this process's threads, summed by thread name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadCpu(Vec<(String, Duration)>);

impl ThreadCpu {
    /// Reads it now (empty where `/proc` has no per-thread `schedstat`).
    pub fn now() -> ThreadCpu {
        let mut groups = Vec::new();
        add_threads("/proc/self/task", None, &mut groups);
        ThreadCpu(groups)
    }

    /// [`now`](Self::now), plus the threads of process `pid` (the lab run as a separate
    /// process) summed as one group named `label`.
    pub fn now_with(pid: Option<u32>, label: &str) -> ThreadCpu {
        let mut cpu = ThreadCpu::now();
        if let Some(pid) = pid {
            add_threads(&format!("/proc/{pid}/task"), Some(label), &mut cpu.0);
        }
        cpu
    }

    /// The CPU time each thread group used since `earlier` (groups that used none are left
    /// out), busiest first.
    pub fn since(&self, earlier: &ThreadCpu) -> Vec<(String, Duration)> {
        let mut used: Vec<(String, Duration)> = self
            .0
            .iter()
            .map(|(name, total)| {
                let before = earlier
                    .0
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, d)| *d)
                    .unwrap_or_default();
                (name.clone(), total.saturating_sub(before))
            })
            .filter(|(_, d)| !d.is_zero())
            .collect();
        used.sort_by_key(|(_, d)| std::cmp::Reverse(*d));
        used
    }
}

/// `name 12.34 ms, name 5.67 ms` for a report line.
pub(crate) fn cpu_line(cpu: &[(String, Duration)]) -> String {
    let parts: Vec<String> = cpu
        .iter()
        .map(|(name, d)| format!("{name} {:.2} ms", d.as_secs_f64() * 1e3))
        .collect();
    parts.join(", ")
}

/// Adds the CPU time of every thread under `tasks` (a `/proc/<pid>/task` directory) to
/// `groups`: by thread name, or all under `label`.
fn add_threads(tasks: &str, label: Option<&str>, groups: &mut Vec<(String, Duration)>) {
    let Ok(dir) = std::fs::read_dir(tasks) else {
        return;
    };
    for task in dir.flatten() {
        let path = task.path();
        let Some(ran) = std::fs::read_to_string(path.join("schedstat"))
            .ok()
            .and_then(|s| parse_schedstat(&s))
        else {
            continue;
        };
        let name = match label {
            Some(l) => l.to_owned(),
            None => std::fs::read_to_string(path.join("comm"))
                .map(|n| n.trim().to_owned())
                .unwrap_or_default(),
        };
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, total)) => *total += ran,
            None => groups.push((name, ran)),
        }
    }
}

/// The first field of `/proc/<pid>/task/<tid>/schedstat`: nanoseconds spent on a CPU.
fn parse_schedstat(text: &str) -> Option<Duration> {
    text.split_whitespace()
        .next()?
        .parse()
        .ok()
        .map(Duration::from_nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedstat_gives_the_time_on_cpu() {
        assert_eq!(
            parse_schedstat("123456789 42 7\n"),
            Some(Duration::from_nanos(123_456_789))
        );
        assert_eq!(parse_schedstat(""), None);
        assert_eq!(parse_schedstat("x 1 2"), None);
    }

    #[test]
    fn cpu_used_is_the_difference_by_name_busiest_first() {
        let before = ThreadCpu(vec![
            ("a".into(), Duration::from_millis(10)),
            ("b".into(), Duration::from_millis(5)),
        ]);
        let after = ThreadCpu(vec![
            ("a".into(), Duration::from_millis(12)),
            ("b".into(), Duration::from_millis(5)),
            ("c".into(), Duration::from_millis(7)),
        ]);
        assert_eq!(
            after.since(&before),
            vec![
                ("c".to_owned(), Duration::from_millis(7)),
                ("a".to_owned(), Duration::from_millis(2)),
            ]
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_has_used_cpu() {
        let mut x = 0u64;
        for i in 0..2_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        let now = ThreadCpu::now();
        assert!(!now.since(&ThreadCpu::default()).is_empty());
    }
}
