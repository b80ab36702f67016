// Package fakebin builds the fake plugin (core/internal/fakeplugin) for
// tests that need a real plugin process.
package fakebin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Build compiles the fake plugin as dir/kestractl-<name> and returns its
// path. Call it from TestMain: it takes a few seconds the first time.
func Build(dir, name string) (string, error) {
	out := filepath.Join(dir, "kestractl-"+name)
	cmd := exec.Command("go", "build", "-o", out, "github.com/kestractl/kestractl/core/internal/fakeplugin")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build the fake plugin: %w", err)
	}
	return out, nil
}

// Copy copies the plugin at path to dir/kestractl-<name>: the copy serves
// the group <name>.
func Copy(path, dir, name string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, "kestractl-"+name)
	if err := os.WriteFile(out, b, 0o755); err != nil {
		return "", err
	}
	return out, nil
}

// Main is a test package's TestMain body: it builds the fake plugin once
// into a temporary directory, stores its path in *path, runs the tests and
// returns their exit code (the directory is removed afterwards).
//
//	func TestMain(m *testing.M) { os.Exit(fakebin.Main(m, &fake)) }
func Main(m interface{ Run() int }, path *string) int {
	dir, err := os.MkdirTemp("", "kestractl-fakebin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if *path, err = Build(dir, "fake"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}
