package e2e

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// noServer names a server where none listens, for the commands of the
// testing plugin: without a context or a host, kestractl stops at once,
// saying that no context exists.
const noServer = "KESTRACTL_HOST=http://127.0.0.1:1"

// isolatedEnv is a clean environment for running the binaries directly.
func isolatedEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	dir := t.TempDir()
	env := []string{
		"PATH=" + binDir + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + filepath.Join(dir, "home"),
		"XDG_CACHE_HOME=" + filepath.Join(dir, "cache"),
		"XDG_DATA_HOME=" + filepath.Join(dir, "data"),
		"KESTRACTL_PLUGIN_PATH=" + testDir,
	}
	return append(env, extra...)
}

func waitFile(t *testing.T, path string, d time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s not written within %s", path, d)
	return ""
}

// processGone reports whether pid no longer exists (and is not a zombie).
func processGone(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if errors.Is(err, os.ErrNotExist) {
		return true
	}
	if err != nil {
		return syscall.Kill(pid, 0) != nil
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "State:") {
			return false // alive, or a zombie nobody reaped: both are failures
		}
	}
	return false
}

func waitGone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if processGone(pid) {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return processGone(pid)
}

func TestInterrupt(t *testing.T) {
	const hint = "execution 7bX keeps running; follow it with 'kestractl executions watch 7bX'"
	tests := []struct {
		name string
		args []string
		// want is what stderr ends with: the last interrupt hint the
		// plugin sent, after "Interrupted.".
		want string
	}{
		{"plugin returns on cancel", []string{"testing", "sleep", "--for", "60s"}, "Interrupted.\n"},
		{"plugin ignores cancel and is killed", []string{"testing", "sleep", "--for", "60s", "--ignore-cancel"}, "Interrupted.\n"},
		{"the plugin's interrupt hint is shown", []string{"testing", "sleep", "--for", "60s", "--hint", hint}, "Interrupted.\n" + hint + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "pid")
			cmd := exec.Command(filepath.Join(binDir, "kestractl"), tt.args...)
			cmd.Env = isolatedEnv(t, noServer, "KESTRACTL_TESTING_PIDFILE="+pidFile)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pid, err := strconv.Atoi(waitFile(t, pidFile, 15*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			took := time.Since(start)
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 130 {
				t.Fatalf("exit = %v, want 130; stderr:\n%s", err, stderr.String())
			}
			if took > 2*time.Second {
				t.Fatalf("took %s to exit after SIGINT, want < 2s", took)
			}
			if !waitGone(pid, 500*time.Millisecond) {
				t.Fatalf("plugin process %d still exists after kestractl exited", pid)
			}
			if !strings.HasSuffix(stderr.String(), tt.want) || strings.Contains(stderr.String(), "an older hint") {
				t.Fatalf("stderr = %q, want it to end with %q", stderr.String(), tt.want)
			}
		})
	}
}

// TestNoOrphanWhenCoreKilled: a core killed hard (SIGKILL, no chance to
// clean up) leaves no plugin behind.
func TestNoOrphanWhenCoreKilled(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	cmd := exec.Command(filepath.Join(binDir, "kestractl"), "testing", "sleep", "--for", "60s", "--ignore-cancel")
	cmd.Env = isolatedEnv(t, noServer, "KESTRACTL_TESTING_PIDFILE="+pidFile)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(waitFile(t, pidFile, 15*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if !waitGone(pid, 2*time.Second) {
		t.Fatalf("plugin %d survived its core", pid)
	}
}
