#!/usr/bin/env bash
# The main job, against kestrasim: start a simulated Kestra, configure a
# context, then run kestractl the way a CI pipeline does.
set -euo pipefail
BIN="${1:-$(cd "$(dirname "$0")/.." && pwd)/bin}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'kill "${SIM_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

export HOME="$WORK/home" XDG_CACHE_HOME="$WORK/cache" XDG_DATA_HOME="$WORK/data"
export PATH="$BIN:$PATH"
mkdir -p "$HOME"

"$BIN/kestrasim" --listen 127.0.0.1:0 --ready-file "$WORK/url" >"$WORK/kestrasim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 100); do [ -s "$WORK/url" ] && break; sleep 0.05; done
URL="$(cat "$WORK/url")"
echo "== kestrasim at $URL"

run() { echo; echo "\$ kestractl $*"; kestractl "$@"; }

run config add demo "$URL" main --username admin@kestra.io --password Admin1234 --default
run version
run workers registration-tokens generate

if [ -x "$BIN/kestractl-flows" ]; then
	run flows validate "$ROOT/examples/flows"
	run flows deploy "$ROOT/examples/flows" --namespace demo.prod --override --fail-fast
	run flows list demo.prod
	run executions run demo.prod hello --wait --output json
	run namespaces list
else
	echo
	echo "(the flows plugin is not built yet: flows, executions and namespaces steps skipped)"
fi
echo
echo "== demo finished"
