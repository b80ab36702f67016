package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestManifestCacheStartsNoPlugin counts plugin process starts through a
// wrapper: root help and group help start none once the cache is warm; a
// command starts exactly one; a changed plugin binary is described again.
func TestManifestCacheStartsNoPlugin(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plugDir := filepath.Join(dir, "plugins")
	if err := os.MkdirAll(plugDir, 0o755); err != nil {
		t.Fatal(err)
	}
	count := filepath.Join(dir, "starts")
	wrapper := filepath.Join(plugDir, "kestractl-workers")
	script := fmt.Sprintf("#!/bin/sh\necho start >> %q\nexec %q \"$@\"\n", count, filepath.Join(binDir, "kestractl-workers"))
	// Written by cp, not by this process: a file it has open for writing
	// can be inherited by a process a parallel test starts, and running
	// it then fails with "text file busy" (golang/go#22315).
	src := filepath.Join(dir, "wrapper.sh")
	if err := os.WriteFile(src, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", src, wrapper).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	env := isolatedEnv(t)
	env = append(env[:len(env)-1], "KESTRACTL_PLUGIN_PATH="+plugDir)
	starts := func() int {
		b, _ := os.ReadFile(count)
		return strings.Count(string(b), "start")
	}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(filepath.Join(binDir, "kestractl"), args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("kestractl %v: %v\n%s", args, err, out)
		}
		return string(out)
	}

	out := run("--help")
	if !strings.Contains(out, "workers") {
		t.Fatalf("root help lacks workers:\n%s", out)
	}
	if n := starts(); n != 1 {
		t.Fatalf("cold cache: %d starts, want 1 (one Describe)", n)
	}
	run("--help")
	run("workers", "--help")
	run("workers", "registration-tokens", "generate", "--help")
	run("version")
	if n := starts(); n != 1 {
		t.Fatalf("warm cache: help and version started %d plugin process(es), want 0", n-1)
	}
	run("workers", "registration-tokens", "generate")
	if n := starts(); n != 2 {
		t.Fatalf("a command started %d plugin process(es), want 1", n-1)
	}
	// A changed binary is described again, once.
	later := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(wrapper, later, later); err != nil {
		t.Fatal(err)
	}
	run("--help")
	run("--help")
	if n := starts(); n != 3 {
		t.Fatalf("after a change: %d starts, want 3", n)
	}
	// A corrupt cache is only a miss.
	var cache string
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "XDG_CACHE_HOME="); ok {
			cache = filepath.Join(v, "kestractl", "plugins-v1.json")
		}
	}
	if err := os.WriteFile(cache, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := run("--help"); !strings.Contains(out, "workers") {
		t.Fatalf("help after corrupt cache:\n%s", out)
	}
}
