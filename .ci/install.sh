#!/usr/bin/env bash
# Installs what the test suite needs on a machine that has never seen the project.
# Idempotent: tools already present are left alone.
set -euo pipefail

need() { command -v "$1" >/dev/null 2>&1; }

# The Rust toolchain is the machine's (rust-toolchain.toml pins its stable channel).
rustup component add rustfmt clippy >/dev/null 2>&1 || true

# cargo-fuzz: builds the fuzz targets and runs the smoke fuzzing.
if ! need cargo-fuzz; then
    echo "installing cargo-fuzz"
    cargo install cargo-fuzz --locked --quiet
fi
