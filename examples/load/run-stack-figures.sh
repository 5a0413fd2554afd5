#!/usr/bin/env bash
# The lab's load figures for issue #8, as the README gives them: the whole lab in its own
# process with N generated agents, the load client in this one (2 cores shared).
#
#   examples/load/run-stack-figures.sh [N,N,...]     (default 100,1000,2000,5000)
#
# 1. Paced (the target's load): every agent changes state once a second (think 1 s,
#    starts spread over 1 s), three READY/NOT_READY cycles, then takes a generated call:
#    N agents offer about N state changes a second.
# 2. A rate sweep at 2,000 agents: think 0.5, 0.3 and 0.2 s (about 4,000, 6,700 and
#    10,000 changes a second), to where p99 reaches 100 ms.
# 3. Closed loop (saturation): every agent acts again the moment its answer arrives, all
#    at once. The latency there is N / throughput (Little's law), a throughput figure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ns="${1:-100,1000,2000,5000}"
cd "$root"
cargo build --release -p finesse-examples --bin lab-load
bin="${CARGO_TARGET_DIR:-$root/target}/release/lab-load"

echo "### 1. paced: one state change per agent per second"
"$bin" stack --lab-process -n "$ns" --think 1 --ramp 1 --cycles 3
echo
echo "### 2. 2,000 agents, faster and faster"
for think in 0.5 0.3 0.2; do
	"$bin" stack --lab-process -n 2000 --think "$think" --ramp "$think" --cycles 5 --no-calls
done
echo
echo "### 3. closed loop, everyone at once"
"$bin" stack --lab-process -n "$ns"
