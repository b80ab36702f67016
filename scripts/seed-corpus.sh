#!/usr/bin/env bash
# Copies a few inputs the fuzzers found interesting (from the Go build
# cache, after `make fuzz`) into each package's testdata/fuzz, where plain
# `go test` replays them as regression seeds. Run it after a fuzzing pass,
# review, commit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="$(go env GOCACHE)/fuzz/github.com/kestractl/kestractl"
MAX="${MAX:-12}"
cd "$ROOT"
for test in $(grep -rl --include='*_test.go' '^func Fuzz' sdk core plugins kestrasim); do
	pkg="$(dirname "$test")"
	for fuzz in $(grep -h '^func Fuzz' "$test" | sed 's/func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do
		src="$CACHE/$pkg/$fuzz"
		[ -d "$src" ] || continue
		dst="$pkg/testdata/fuzz/$fuzz"
		mkdir -p "$dst"
		# The smallest inputs first: they are the readable ones.
		ls -S -r "$src" | head -n "$MAX" | while read -r f; do cp "$src/$f" "$dst/$f"; done
		echo "$dst: $(ls "$dst" | wc -l) seed(s)"
	done
done
