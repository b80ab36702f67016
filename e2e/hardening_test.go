package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The hostile tester's findings (issue 20), each as a user or a hostile
// environment would trigger it.

// TestConfigRefusesSpecialFiles: config add with --config pointing at a
// FIFO or a character device refuses, and the special file survives.
func TestConfigRefusesSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO:", err)
	}
	for _, target := range []string{fifo, "/dev/null"} {
		_, stderr, code := cli(t, isolatedEnv(t), "config", "add", "x", "http://localhost:8080", "main", "--token", "s3cret", "--config", target)
		if code != 2 || !strings.Contains(stderr, "refusing to replace it") || strings.Contains(stderr, "s3cret") {
			t.Errorf("%s: exit %d, %s", target, code, stderr)
		}
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v", err)
	}
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null was replaced: %v", err)
	}
}

// TestConcurrentConfigAdd: 20 parallel config add keep all 20 contexts.
func TestConcurrentConfigAdd(t *testing.T) {
	env := isolatedEnv(t)
	var wg sync.WaitGroup
	codes := make([]int, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, codes[i] = cli(t, env, "config", "add", fmt.Sprintf("ctx%d", i), "http://localhost:8080", "main", "--token", "t")
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != 0 {
			t.Fatalf("config add ctx%d exited %d", i, c)
		}
	}
	stdout, _, code := cli(t, env, "config", "show", "-o", "json")
	var shown struct {
		Contexts []struct{ Name string } `json:"contexts"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &shown) != nil || len(shown.Contexts) != 20 {
		t.Fatalf("%d contexts after 20 parallel adds (exit %d):\n%s", len(shown.Contexts), code, stdout)
	}
}

// TestSymlinkedConfigReplacesTarget: writing a config file that is a link
// updates the file it points to and keeps the link.
func TestSymlinkedConfigReplacesTarget(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "kestractl.yaml")
	writeFile(t, real, "contexts: {}\n")
	link := filepath.Join(dir, "config.yaml")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	env := isolatedEnv(t, "KESTRACTL_CONFIG="+link)
	if _, stderr, code := cli(t, env, "config", "add", "a", "http://localhost:8080", "main", "--token", "t"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced by a regular file")
	}
	if b, _ := os.ReadFile(real); !strings.Contains(string(b), "a:") {
		t.Fatalf("the target was not updated:\n%s", b)
	}
}

// TestNoHomeWithFlags: without HOME, a command given --host and --token
// runs (no config file needed).
func TestNoHomeWithFlags(t *testing.T) {
	var env []string
	for _, kv := range isolatedEnv(t) {
		if !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	stdout, stderr, code := cli(t, env, "workers", "registration-tokens", "generate", "--host", "http://localhost:1", "--token", "t")
	if code != 0 || stdout == "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// TestBoundedExitWithAStrayChild: a plugin that leaves a child holding
// its stdout and stderr (a wrapper running `(sleep 1000 &)` before exec)
// no longer keeps the core waiting: the command ends, and the child is
// killed with the plugin's process group.
func TestBoundedExitWithAStrayChild(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "child.pid")
	wrapper := fmt.Sprintf("#!/bin/sh\n(sleep 1000 & echo $! > %s)\nexec %s \"$@\"\n", marker, filepath.Join(binDir, "kestractl-workers"))
	if err := os.WriteFile(filepath.Join(dir, "kestractl-workers"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	env := isolatedEnv(t)
	for i, kv := range env {
		if strings.HasPrefix(kv, "KESTRACTL_PLUGIN_PATH=") {
			env[i] = "KESTRACTL_PLUGIN_PATH=" + dir
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "kestractl"), "workers", "registration-tokens", "generate")
	cmd.Env = env
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatal("the core did not exit while a stray child held the plugin's output")
	}
	if err != nil || len(out) == 0 {
		t.Fatalf("command failed: %v", err)
	}
	b, _ := os.ReadFile(marker)
	var pid int
	if _, err := fmt.Sscan(strings.TrimSpace(string(b)), &pid); err == nil && pid > 0 {
		deadline := time.Now().Add(5 * time.Second)
		for syscall.Kill(pid, 0) == nil && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if syscall.Kill(pid, 0) == nil {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("the stray child %d outlived the command", pid)
		}
	}
}

// TestNoSocketLeftBehind: plugin commands leave nothing in the temporary
// directory (go-plugin's sockets of killed plugins used to accumulate).
func TestNoSocketLeftBehind(t *testing.T) {
	tmp := t.TempDir()
	env := isolatedEnv(t, "TMPDIR="+tmp)
	for range 3 {
		if _, stderr, code := cli(t, env, "workers", "registration-tokens", "generate"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	entries, _ := os.ReadDir(tmp)
	if len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("left in TMPDIR: %v", names)
	}
}

// TestInvalidUTF8Argument: an argument that is not UTF-8 is a usage error
// (exit 2) naming it, not a plugin failure, and never echoing it.
func TestInvalidUTF8Argument(t *testing.T) {
	_, stderr, code := cli(t, isolatedEnv(t), "flows", "list", "-n", "team\xff")
	if code != 2 || !strings.Contains(stderr, "argument 4 (the value of -n) is not valid UTF-8") || strings.Contains(stderr, "team") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// TestOversizedTokenOnStdin: --token-stdin refuses 100 KiB instead of
// storing it (or keeping only its first line).
func TestOversizedTokenOnStdin(t *testing.T) {
	cmd := exec.Command(filepath.Join(binDir, "kestractl"), "config", "add", "a", "http://localhost:8080", "main", "--token-stdin")
	cmd.Env = isolatedEnv(t)
	cmd.Stdin = strings.NewReader(strings.Repeat("x", 100<<10))
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(out), "longer than 16 KiB") {
		t.Fatalf("%v: %s", err, out)
	}
}

// TestSigtermStopsAnEndlessJQ: --jq 'def f: f; f' runs until the user
// stops it; SIGTERM does (exit 130).
func TestSigtermStopsAnEndlessJQ(t *testing.T) {
	cmd := exec.Command(filepath.Join(binDir, "kestractl"), "workers", "registration-tokens", "generate", "--jq", "def f: f; f")
	cmd.Env = isolatedEnv(t)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 130 {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("SIGTERM did not stop an endless --jq program")
	}
}

// TestBoundedExitOnSignalWithAStrayChild: the user interrupts (SIGINT, or
// SIGTERM from a supervisor) a command whose plugin left a child holding
// its stdout and stderr, while the command still runs. The core exits with
// 130 instead of waiting forever for the plugin's pipes to close, and the
// child goes with the plugin's process group.
func TestBoundedExitOnSignalWithAStrayChild(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			marker := filepath.Join(dir, "child.pid")
			pidFile := filepath.Join(dir, "plugin.pid")
			// The wrapper leaves its child only once armed: the plugin's
			// discovery (its manifest, read once and cached) is not what
			// this test is about, the interrupted command is.
			armed := filepath.Join(dir, "armed")
			plugins := filepath.Join(dir, "plugins")
			wrapper := fmt.Sprintf("#!/bin/sh\nif [ -e %s ]; then (sleep 1000 & echo $! > %s); fi\nexec %s \"$@\"\n",
				armed, marker, filepath.Join(testDir, "kestractl-testing"))
			writeFile(t, filepath.Join(plugins, "kestractl-testing"), wrapper)
			if err := os.Chmod(filepath.Join(plugins, "kestractl-testing"), 0o755); err != nil {
				t.Fatal(err)
			}
			env := isolatedEnv(t, noServer, "KESTRACTL_TESTING_PIDFILE="+pidFile)
			for i, kv := range env {
				if strings.HasPrefix(kv, "KESTRACTL_PLUGIN_PATH=") {
					env[i] = "KESTRACTL_PLUGIN_PATH=" + plugins
				}
			}
			if _, stderr, code := cli(t, env, "testing", "--help"); code != 0 {
				t.Fatalf("kestractl testing --help: exit %d: %s", code, stderr)
			}
			writeFile(t, armed, "")
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, filepath.Join(binDir, "kestractl"), "testing", "sleep", "--for", "600s")
			cmd.Env = env
			cmd.WaitDelay = 5 * time.Second
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The plugin is in its command (it wrote its pid) and the
			// stray child is alive (it wrote its own).
			plugin, err := strconv.Atoi(strings.TrimSpace(waitFile(t, pidFile, 15*time.Second)))
			if err != nil {
				t.Fatal(err)
			}
			child, err := strconv.Atoi(strings.TrimSpace(waitFile(t, marker, 15*time.Second)))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = syscall.Kill(child, syscall.SIGKILL) })
			if processGone(child) {
				t.Fatalf("the stray child %d is not running before the signal", child)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			if ctx.Err() != nil {
				t.Fatalf("the core did not exit after %s while a stray child held the plugin's output; stderr:\n%s", sig, stderr.String())
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 130 {
				t.Fatalf("exit = %v, want 130; stderr:\n%s", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "Interrupted.") {
				t.Errorf("stderr does not say Interrupted.:\n%s", stderr.String())
			}
			if !waitGone(plugin, 5*time.Second) {
				t.Errorf("the plugin %d outlived the command", plugin)
			}
			if !waitGone(child, 5*time.Second) {
				t.Fatalf("the stray child %d outlived the command", child)
			}
		})
	}
}
