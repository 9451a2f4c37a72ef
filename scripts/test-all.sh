#!/usr/bin/env bash
# Command 2: set up what is missing, then run every test: formatting, clippy (warnings
# denied), UI type-check and unit tests, Rust unit/integration tests and the end-to-end
# tests in the real window (tauri-driver + WebKitWebDriver under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

step() { echo; echo "== $*"; }

step "rustfmt"
cargo fmt --all -- --check
step "UI type-check"
(cd ui && npm run --silent check)
step "UI unit tests"
(cd ui && npm test --silent)
step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "build (the end-to-end tests drive this binary; same features as the test run)"
cargo build --workspace --locked
step "Rust tests (unit, integration, end-to-end)"
cargo test --workspace --locked -- --test-threads=2
