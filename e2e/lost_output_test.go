package e2e

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLostOutputFails: when standard output cannot be written (a full
// disk), every kind of command ends in error (exit 1) naming the cause,
// whatever path its output takes: a core command, a table or JSON
// rendered by the core, raw output in the Execute reply, in Write
// messages or through the side channel.
func TestLostOutputFails(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	s := startSim(t)
	env := simEnv(t, s)
	dir := t.TempDir()
	big := filepath.Join(dir, "big.bin")
	if err := os.WriteFile(big, bytes.Repeat([]byte("0123456789abcdef"), 1<<16), 0o644); err != nil { // 1 MiB
		t.Fatal(err)
	}
	small := filepath.Join(dir, "small.txt")
	if err := os.WriteFile(small, []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{big, small} {
		if _, stderr, code := cli(t, env, "nsfiles", "upload", "lost", f, "--allow-missing-namespace"); code != 0 {
			t.Fatalf("upload: exit %d\n%s", code, stderr)
		}
	}
	for _, args := range [][]string{
		{"version"},
		{"workers", "registration-tokens", "generate"},
		{"users", "list"},
		{"users", "list", "-o", "json"},
		{"nsfiles", "get", "lost", "small.txt"},
		{"nsfiles", "get", "lost", "big.bin"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			cmd := exec.Command(filepath.Join(binDir, "kestractl"), args...)
			cmd.Env, cmd.Stdout = env, full
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(stderr.String(), "cannot write the output") ||
				!strings.Contains(stderr.String(), "no space left on device") {
				t.Fatalf("%v, want exit 1 naming the lost output:\n%s", err, stderr.String())
			}
		})
	}
}
