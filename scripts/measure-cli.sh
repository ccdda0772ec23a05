#!/usr/bin/env bash
# What one `mobflow status` costs against a running app: median wall time, CPU time per call
# (user + system), peak RSS, and the shared libraries the binary loads (how many are GTK or
# WebKit). With OTHER binaries, the same for each side by side against the same app (e.g. the
# combined app+CLI binary from before the split: the socket protocol is the same).
# Builds nothing: run `cargo build --release --locked` first.
# Usage: scripts/measure-cli.sh [ROUNDS] [DIR] [OTHER...]
#   DIR holds mobflow and mobflow-app (default target/release); ROUNDS defaults to 200.
#   It starts the app: run it under `xvfb-run -a dbus-run-session --` without a desktop.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-200}
dir=${2:-target/release}
others=("${@:3}")
cli=$dir/mobflow
app=$dir/mobflow-app
for bin in "$cli" "$app" "${others[@]}"; do
  [ -x "$bin" ] || { echo "measure-cli: no $bin (build it first)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "measure-cli: needs GNU time (apt-get install time)" >&2; exit 2; }

data=$(mktemp -d)
runtime=$(mktemp -d)
export MOBFLOW_DATA_DIR=$data XDG_RUNTIME_DIR=$runtime NO_AT_BRIDGE=1 LC_ALL=C
"$app" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data" "$runtime"' EXIT
for _ in $(seq 300); do "$cli" status >/dev/null 2>&1 && break; sleep 0.05; done
"$cli" status >/dev/null || { echo "measure-cli: the app did not answer" >&2; exit 1; }
for name in Ada Bob Cy; do "$cli" roster add "$name" >/dev/null; done
"$cli" start >/dev/null

# BINARY: one table row.
measure() {
  local bin=$1 t0 t1 i
  for i in 1 2 3 4 5; do "$bin" status >/dev/null; done # warm the page cache
  # One subshell runs every round: its `times` is the CPU the rounds used (user + system), which
  # a busy machine does not inflate the way it inflates wall time.
  local out median cpu peak libs gui
  out=$(
    for ((i = 0; i < rounds; i++)); do
      t0=$EPOCHREALTIME
      "$bin" status >/dev/null
      t1=$EPOCHREALTIME
      echo "$t0 $t1"
    done
    times
  )
  median=$(grep -v m <<<"$out" | awk '{print ($2 - $1) * 1000}' | sort -g |
    awk '{v[NR] = $1} END {printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
  cpu=$(grep m <<<"$out" | tail -1 | tr 'ms' '  ' |
    awk -v n="$rounds" '{printf "%.2f", ($1 * 60 + $2 + $3 * 60 + $4) * 1000 / n}')
  peak=$(for i in $(seq 20); do /usr/bin/time -f %M "$bin" status 2>&1 >/dev/null; done |
    sort -n | tail -1)
  libs=$(ldd "$bin" | wc -l)
  gui=$(ldd "$bin" | grep -c -E 'gtk|webkit' || true)
  printf '%-44s %10s %8s %12s %6s %11s\n' "$bin" "$median" "$cpu" \
    "$((peak / 1024)).$((peak % 1024 * 10 / 1024))" "$libs" "$gui"
}

echo "mobflow status against $app, $rounds rounds:"
printf '%-44s %10s %8s %12s %6s %11s\n' binary "median ms" "CPU ms" "peak RSS MB" libs gtk/webkit
for bin in "$cli" "${others[@]}"; do measure "$bin"; done
