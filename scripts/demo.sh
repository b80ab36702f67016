#!/usr/bin/env bash
# The main job, against kestrasim: start a simulated Kestra on a free port,
# point a throw-away config context at it, deploy examples/flows, run a flow
# and wait for it, show the flows, the executions and the logs, then stop
# the simulator. e2e/testdata/flows/demo.txtar proves the same steps in CI.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${1:-$ROOT/bin}"
WORK="$(mktemp -d)"
trap 'kill "${SIM_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# A throw-away home: the demo never touches your own config.
export HOME="$WORK/home" XDG_CACHE_HOME="$WORK/cache" XDG_DATA_HOME="$WORK/data"
export PATH="$BIN:$PATH"
mkdir -p "$HOME"

"$BIN/kestrasim" --listen 127.0.0.1:0 --ready-file "$WORK/url" >"$WORK/kestrasim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 200); do [ -s "$WORK/url" ] && break; sleep 0.05; done
[ -s "$WORK/url" ] || { echo "kestrasim did not start:"; cat "$WORK/kestrasim.log"; exit 1; }
URL="$(cat "$WORK/url")"
echo "== kestrasim (a simulated Kestra 2.0) at $URL"

run() { echo; echo "\$ kestractl $*"; kestractl "$@"; }

run config add demo "$URL" main --username admin@kestra.io --password Admin1234 --default
run flows validate "$ROOT/examples/flows"
run flows deploy "$ROOT/examples/flows" --namespace demo.prod --override --fail-fast
run flows list demo.prod
run executions run demo.prod nightly-refresh --wait --output json
ID="$(kestractl executions run demo.prod hello --input name=demo --wait --jq .id)"
echo; echo "\$ kestractl executions run demo.prod hello --input name=demo --wait   # -> $ID"
echo; echo "\$ kestractl executions run demo.prod data-quality --wait   # a flow that fails: exit code 8"
set +e
kestractl executions run demo.prod data-quality --wait
echo "(exit code $?)"
set -e
run executions list --namespace demo.prod
run executions logs "$ID"
echo
echo "== demo finished; kestrasim stopped"
