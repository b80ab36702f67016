package e2e

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLargeRawOutputThroughTheSideChannel: raw output larger than a Write
// message goes from the plugin to the core through the side channel when
// stdout is not a terminal. Every byte must arrive, in order, whether
// stdout is a pipe or a file, and a reader that stops early must not hang
// the command.
func TestLargeRawOutputThroughTheSideChannel(t *testing.T) {
	s := startSim(t)
	env := simEnv(t, s)
	dir := t.TempDir()
	// 3 MiB that no chunking could reorder unnoticed.
	content := make([]byte, 3<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range content {
		content[i] = byte(rng.Uint32())
	}
	local := filepath.Join(dir, "big.bin")
	if err := os.WriteFile(local, content, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := cli(t, env, "nsfiles", "upload", "side", local, "--allow-missing-namespace"); code != 0 {
		t.Fatalf("upload: exit %d\n%s", code, stderr)
	}

	t.Run("to a pipe", func(t *testing.T) {
		stdout, stderr, code := cli(t, env, "nsfiles", "get", "side", "big.bin", "--log-level", "debug")
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		if !strings.Contains(stderr, "side channel offered") {
			t.Fatalf("the side channel was not offered:\n%s", stderr)
		}
		if !bytes.Equal([]byte(stdout), content) {
			t.Fatalf("stdout holds %d bytes, not the %d uploaded", len(stdout), len(content))
		}
	})

	t.Run("to a file", func(t *testing.T) {
		out := filepath.Join(dir, "out.bin")
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(filepath.Join(binDir, "kestractl"), "nsfiles", "get", "side", "big.bin")
		cmd.Env, cmd.Stdout = env, f
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err = cmd.Run()
		f.Close()
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr.String())
		}
		got, err := os.ReadFile(out)
		if err != nil || !bytes.Equal(got, content) {
			t.Fatalf("the file holds %d bytes, not the %d uploaded (%v)", len(got), len(content), err)
		}
	})

	t.Run("a reader that stops early", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, filepath.Join(binDir, "kestractl"), "nsfiles", "get", "side", "big.bin")
		cmd.Env = env
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		head := make([]byte, 100_000)
		if _, err := io.ReadFull(stdout, head); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(head, content[:len(head)]) {
			t.Fatal("the first bytes differ")
		}
		stdout.Close() // like `| head -c 100000`
		err = cmd.Wait()
		if ctx.Err() != nil {
			t.Fatalf("the command did not end after its reader stopped\n%s", stderr.String())
		}
		// As for any program writing to a closed pipe: the end by SIGPIPE,
		// without an error message.
		if err == nil || strings.Contains(stderr.String(), "Error") {
			t.Fatalf("after its stdout was closed early: %v\n%s", err, stderr.String())
		}
	})
}
