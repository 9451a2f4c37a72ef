#!/usr/bin/env bash
# Installs whatever is missing to build, run and test Garage Desk on Debian/Ubuntu, and
# builds the web UI. Safe to re-run: each step checks before it installs.
#   scripts/setup.sh          what the app needs
#   scripts/setup.sh --test   plus what the tests need (PDF tools, tauri-driver)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

packages=(build-essential pkg-config curl file libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev
  librsvg2-dev libayatana-appindicator3-dev libxdo-dev xvfb xauth)
if [ "$want_test" = 1 ]; then
  # libglib2.0-bin: `gio open`, the system opener the end-to-end tests give a PDF viewer.
  packages+=(webkit2gtk-driver poppler-utils qpdf libglib2.0-bin)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || { echo "setup: Rust (cargo) is required: https://rustup.rs" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: Node.js 20+ with npm is required" >&2; exit 1; }

if [ "$want_test" = 1 ] && ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version ^2 --locked
fi

# npm packages: reinstall only when the lock file changed since the last install.
stamp=ui/node_modules/.garage-desk-lock
if [ ! -f "$stamp" ] || ! cmp -s ui/package-lock.json "$stamp"; then
  echo "setup: installing npm packages"
  (cd ui && npm install --no-fund --no-audit --loglevel=error)
  cp ui/package-lock.json "$stamp"
fi

echo "setup: building the web UI"
(cd ui && npm run --silent build >/dev/null)
