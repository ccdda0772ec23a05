#!/usr/bin/env bash
# Measures what Mobflow costs while it sits there all day: CPU share and memory (PSS) of the app
# and its WebKit processes, with a turn running (the window repaints once a second).
# Usage: scripts/measure-idle.sh [SECONDS] [BINARY] [running|idle]
#   (run under xvfb-run -a dbus-run-session --)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
bin=${2:-target/debug/mobflow}
mode=${3:-running}
data=$(mktemp -d)
export MOBFLOW_DATA_DIR=$data NO_AT_BRIDGE=1
"$(dirname "$bin")/mobflow-app" >/dev/null 2>&1 & # the app beside the CLI
app=$!
trap 'kill $app 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do "$bin" status >/dev/null 2>&1 && break; sleep 0.1; done
for name in Ada Bob Cy; do "$bin" roster add "$name" >/dev/null; done
[ "$mode" = running ] && "$bin" start >/dev/null
sleep 5 # let the window settle

tree() { # the app and every descendant
  local pids=$1 next=$1
  while [ -n "$next" ]; do
    next=$(for p in $next; do pgrep -P "$p" || true; done | tr '\n' ' ')
    pids="$pids $next"
  done
  echo $pids
}
ticks() { local t=0; for p in $(tree $app); do
  [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $t; }
hz=$(getconf CLK_TCK)
t0=$(ticks); sleep "$secs"; t1=$(ticks)
cpu=$(awk -v d=$((t1 - t0)) -v hz=$hz -v s=$secs 'BEGIN { printf "%.2f", 100 * d / hz / s }')
echo "CPU over ${secs}s, $mode: ${cpu}% of one core (app + WebKit)"
total=0
for p in $(tree $app); do
  [ -r /proc/$p/smaps_rollup ] || continue
  kb=$(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup)
  printf '  %-24s %6d KiB PSS\n' "$(cat /proc/$p/comm)" "$kb"
  total=$((total + kb))
done
echo "Memory: $((total / 1024)) MiB PSS in all"
