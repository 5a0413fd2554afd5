#!/usr/bin/env bash
# Fan one publish out to N BOSH sessions on our notification service and on a private
# Prosody 0.12 (Debian's package) on loopback, in the same run, and print both delivery
# times and their ratio (issue #8: ≥ 10× faster than Prosody at N = 2,000).
#
#   examples/load/run-prosody-compare.sh [N,N,...] [extra lab-load compare options]
#
# Default N: 100,1000,2000. Builds `lab-load` in release mode (the client shares the
# machine's cores with Prosody; a debug client would skew the figures), raises the open-files
# limit, starts Prosody with prosody/setup.sh, runs, and stops it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ns="${1:-100,1000,2000}"
[ $# -gt 0 ] && shift

# Each session holds up to two HTTP connections on each side.
hard="$(ulimit -Hn)"
if [ "$hard" != unlimited ] && [ "$hard" -lt 65536 ]; then
	ulimit -Hn 65536 2>/dev/null || true
fi
ulimit -Sn 65536 2>/dev/null || ulimit -Sn "$(ulimit -Hn)"

bash "$here/prosody/setup.sh" install
cd "$root"
cargo build --release -p finesse-examples --bin lab-load
target="${CARGO_TARGET_DIR:-$root/target}"
exec "$target/release/lab-load" compare -n "$ns" "$@"
