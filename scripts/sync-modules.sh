#!/usr/bin/env bash
# Brings every module of the workspace to the same dependency versions
# (go work sync) and tidies each (go mod tidy), until both are stable: after
# it, `go work sync` and `go mod tidy` change nothing (CI checks it).
set -euo pipefail
cd "$(dirname "$0")/.."
modules=$(go work edit -json | sed -n 's/.*"DiskPath": "\(.*\)".*/\1/p')
for round in 1 2 3 4; do
	before=$(git diff --stat -- '*.mod' '*.sum' go.work.sum | md5sum)
	go work sync
	for m in $modules; do
		(cd "$m" && go mod tidy)
	done
	after=$(git diff --stat -- '*.mod' '*.sum' go.work.sum | md5sum)
	if [ "$before" = "$after" ] && [ "$round" -gt 1 ]; then
		exit 0
	fi
done
echo "modules did not settle after 4 rounds" >&2
exit 1
