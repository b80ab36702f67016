package e2e

import (
	"bytes"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestArtifactsScripts runs the plugins scripts: the real kestractl and
// kestractl-artifacts against kestrasim's catalog and Maven repository.
func TestArtifactsScripts(t *testing.T) {
	t.Parallel()
	p := params("testdata/artifacts")
	p.Cmds["truncate"] = cmdTruncate
	p.Cmds["scribble"] = cmdScribble
	p.Cmds["mtime"] = cmdMtime
	testscript.Run(t, p)
}

// truncate BYTES file cuts (or extends) a file to BYTES: what a crash can
// leave of a file that was not forced to disk.
func cmdTruncate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: truncate BYTES file")
	}
	n, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil {
		ts.Fatalf("truncate: %v", err)
	}
	ts.Check(os.Truncate(ts.MkAbs(args[1]), n))
}

// scribble file zeroes the first 4 KiB of a file in place, keeping its
// size and modification time: damage that only re-hashing can see.
func cmdScribble(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: scribble file")
	}
	path := ts.MkAbs(args[0])
	fi, err := os.Stat(path)
	ts.Check(err)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	ts.Check(err)
	_, err = f.WriteAt(bytes.Repeat([]byte{0}, int(min(fi.Size(), 4096))), 0)
	ts.Check(err)
	ts.Check(f.Close())
	ts.Check(os.Chtimes(path, fi.ModTime(), fi.ModTime()))
}

// mtime file DURATION moves a file's modification time by DURATION
// (e.g. +1h), leaving its content alone.
func cmdMtime(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mtime file DURATION")
	}
	d, err := time.ParseDuration(args[1])
	if err != nil {
		ts.Fatalf("mtime: %v", err)
	}
	path := ts.MkAbs(args[0])
	fi, err := os.Stat(path)
	ts.Check(err)
	ts.Check(os.Chtimes(path, fi.ModTime().Add(d), fi.ModTime().Add(d)))
}
