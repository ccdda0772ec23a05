#!/usr/bin/env bash
# Mobflow's one entry point: `scripts/dev.sh run` builds and opens the app, `scripts/dev.sh test`
# runs every check and test, `scripts/dev.sh package` builds the .deb and .rpm. Each installs what
# is missing on Debian 12 first.
set -euo pipefail
cd "$(dirname "$0")/.."

TAURI_DRIVER_VERSION=2.1.0
CARGO_DENY_VERSION=0.20.2
NODE_MIN=20.19
# Libraries the app links against, and the tools to build it.
APT_BUILD=(build-essential pkg-config file curl ca-certificates libssl-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev)
# What the tests drive the real window with: X server, WebDriver, input, a session bus and a
# notification daemon, a tray host, screenshots.
APT_TEST=(xvfb xauth webkit2gtk-driver xdotool dbus-x11 dunst imagemagick fonts-dejavu-core trayer)
# And python3 for scripts/check-sizes.py; ALSA's aplay, a sound player the app plays its chime
# through (to ALSA's null device under test).
APT_TEST+=(python3 alsa-utils)
# What bundles and checks the packages: rpm (rpm -qpl), lintian, desktop-file-validate, man,
# xprop (the window's WM_CLASS).
APT_PACKAGE=(rpm lintian desktop-file-utils man-db x11-utils)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_ensure() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

rust_ensure() {
  if ! command -v cargo >/dev/null; then
    [ -x "$HOME/.cargo/bin/cargo" ] || {
      say "Installing Rust (rustup, stable)"
      curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
    }
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
}

node_ok() {
  command -v node >/dev/null || return 1
  node -e "const [a,b]=process.versions.node.split('.').map(Number),[c,d]='$NODE_MIN'.split('.').map(Number);process.exit(a>c||(a==c&&b>=d)?0:1)"
}

node_ensure() {
  node_ok && return
  # Debian 12's own nodejs is 18: take Node.js 20 from NodeSource's apt repository.
  say "Installing Node.js 20"
  apt_ensure ca-certificates curl gnupg
  as_root mkdir -p /etc/apt/keyrings
  curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key \
    | as_root gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg
  echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_20.x nodistro main" \
    | as_root tee /etc/apt/sources.list.d/nodesource.list >/dev/null
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs
  if ! node_ok; then
    echo "Node.js $NODE_MIN or newer is needed: install it from nodejs.org, then run this again." >&2
    exit 1
  fi
}

ui_build() {
  node_ensure
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    say "Installing UI packages"
    (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  fi
  say "Building the UI"
  (cd ui && npm run --silent build)
}

tauri_driver_ensure() {
  if ! tauri-driver --help >/dev/null 2>&1; then
    say "Installing tauri-driver $TAURI_DRIVER_VERSION"
    cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION"
  fi
}

# cargo-deny checks licenses, bans and sources offline (deny.toml). Built from source when
# missing: measured ~25 min on a busy 2-core machine, so it is installed once, not per run.
cargo_deny_ensure() {
  if ! cargo deny --version >/dev/null 2>&1; then
    say "Installing cargo-deny $CARGO_DENY_VERSION (built from source; takes a while once)"
    cargo install cargo-deny --locked --version "$CARGO_DENY_VERSION"
  fi
}

cmd_run() {
  apt_ensure "${APT_BUILD[@]}"
  rust_ensure
  ui_build
  say "Building Mobflow (release)"
  cargo build --release --locked
  exec target/release/mobflow-app
}

# The release app, its man pages and completions, then the .deb and .rpm bundled from that same
# binary by the Tauri CLI (pinned in ui/package.json): `tauri bundle` builds nothing itself.
package_build() {
  say "Building Mobflow (release)"
  cargo build --release --locked
  say "Man pages and shell completions (from the clap definitions)"
  rm -rf target/package
  target/release/mobflow __generate target/package
  gzip -9n target/package/man/*.1
  say "Bundling the .deb and .rpm"
  rm -rf target/release/bundle
  # Run from the root (the CLI looks for tauri.conf.json below the current folder).
  # --no-binary-patching: the packages carry the very binary that was built (and tested).
  ui/node_modules/.bin/tauri bundle --ci --bundles deb,rpm --no-sign --no-binary-patching
}

cmd_package() {
  apt_ensure "${APT_BUILD[@]}" "${APT_PACKAGE[@]}"
  rust_ensure
  ui_build
  package_build
  say "Packages"
  ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
}

cmd_test() {
  local started=$SECONDS
  apt_ensure "${APT_BUILD[@]}" "${APT_TEST[@]}" "${APT_PACKAGE[@]}"
  rust_ensure
  export PATH="$HOME/.cargo/bin:$PATH"
  tauri_driver_ensure
  cargo_deny_ensure
  ui_build
  say "UI type check"
  (cd ui && npm run --silent check)
  (cd ui && npm run --silent test)
  say "Format and lints"
  cargo fmt --all -- --check
  cargo clippy --workspace --all-targets --locked -- -D warnings
  scripts/check-sizes.py
  say "Supply chain: licenses, bans, sources (deny.toml; no network needed)"
  cargo deny --locked check licenses bans sources
  # The packages the package test installs (tests/package.rs), from the release build.
  package_build
  # Installing the .deb changes the system: required as root (CI, a throwaway machine as root),
  # skipped with a word otherwise.
  local package_test=skip
  [ "$(id -u)" -eq 0 ] && package_test=required
  say "Tests (core, store, API, CLI, the real window under Xvfb, the installed package)"
  MOBFLOW_PACKAGE_TEST=$package_test NO_AT_BRIDGE=1 xvfb-run -a -s "-screen 0 1280x900x24" \
    dbus-run-session -- cargo test --workspace --locked
  say "Footprint benchmark, short: it must run; its numbers are not judged here"
  cargo build --release --locked -p mobflow-app -p bare-window
  scripts/measure-footprint --short
  scripts/measure-footprint --turns 2 --warmup 1 --rest 0 --churn
  say "All checks passed in $((SECONDS - started)) s"
}

case "${1:-}" in
  run) cmd_run ;;
  test) cmd_test ;;
  package) cmd_package ;;
  *) echo "usage: scripts/dev.sh run|test|package" >&2; exit 2 ;;
esac
