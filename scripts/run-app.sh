#!/usr/bin/env bash
# Command 1: set up what is missing, build, and start Garage Desk.
# Extra arguments go to the app, e.g. scripts/run-app.sh --data-dir /tmp/shop
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release -p garage-desk
exec target/release/garage-desk "$@"
