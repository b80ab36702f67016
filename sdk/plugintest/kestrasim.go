package plugintest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Default kestrasim credentials.
const (
	SimUser     = "admin@kestra.io"
	SimPassword = "Admin1234"
)

// KestrasimBinary finds the kestrasim binary: in $KESTRACTL_BIN_DIR (set by
// make test), then in a bin directory above the working directory (a
// checkout of kestractl), then on PATH.
func KestrasimBinary() (string, error) {
	if d := os.Getenv("KESTRACTL_BIN_DIR"); d != "" {
		p := filepath.Join(d, "kestrasim")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "bin", "kestrasim")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			if p, err := exec.LookPath("kestrasim"); err == nil {
				return p, nil
			}
			return "", fmt.Errorf("kestrasim binary not found: put it on PATH, run 'make build' in a kestractl checkout, or set KESTRACTL_BIN_DIR")
		}
		dir = parent
	}
}

// StartKestrasim starts a kestrasim process on a free loopback port with the
// given extra flags and returns its base URL. It is stopped when the test
// ends.
func StartKestrasim(t testing.TB, args ...string) string {
	t.Helper()
	bin, err := KestrasimBinary()
	if err != nil {
		t.Fatal(err)
	}
	ready := filepath.Join(t.TempDir(), "ready")
	cmd := exec.Command(bin, append([]string{"--listen", "127.0.0.1:0", "--ready-file", ready}, args...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start kestrasim: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(ready); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("kestrasim not ready after 15s:\n%s", out.String())
	return ""
}
