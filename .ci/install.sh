#!/usr/bin/env bash
# Installs what the test suite needs on a machine that has never seen the project.
# Idempotent: tools already present are left alone. Real peers (Python, Node packages) go
# under `.tools/` in the checkout (git-ignored); tests look for them there and fail loudly
# when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }

# The Rust toolchain is the machine's (rust-toolchain.toml pins its stable channel).
rustup component add rustfmt clippy >/dev/null 2>&1 || true

# cargo-fuzz: builds the fuzz targets and runs the smoke fuzzing.
if ! need cargo-fuzz; then
    echo "installing cargo-fuzz"
    cargo install cargo-fuzz --locked --quiet
fi

# One script per real peer family (.ci/install-python.sh, .ci/install-node.sh, ...).
for script in .ci/install-*.sh; do
    [ -e "$script" ] || continue
    echo "running $script"
    bash "$script"
done
