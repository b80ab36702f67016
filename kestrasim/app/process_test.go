package app

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// waitReady waits up to within for the ready file at path and returns what
// it holds (the URL).
func waitReady(t *testing.T, path string, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		data, err := os.ReadFile(path)
		if err == nil {
			return string(data)
		}
		if time.Now().After(deadline) {
			t.Fatal("no ready file")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// stop sends sig to the process of cmd and waits up to within for it to
// exit cleanly.
func stop(t *testing.T, cmd *exec.Cmd, sig os.Signal, within time.Duration) {
	t.Helper()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- cmd.Wait() }()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(within):
		t.Fatal("did not stop")
	}
}
