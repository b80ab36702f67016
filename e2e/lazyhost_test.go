package e2e

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A plugin connects to the core's Host service only when a command first
// needs it (small raw output goes back with the Execute reply). A command
// that needs it only after go-plugin's 5-second broker waits must still
// get through.
func TestFirstHostCallAfterBrokerTimeouts(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("takes 6 s")
	}
	cmd := exec.Command(filepath.Join(binDir, "kestractl"), "testing", "late", "--for", "6s", "-o", "json")
	cmd.Env = isolatedEnv(t, noServer)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("kestractl testing late: %v\nstderr: %s", err, stderr.String())
	}
	var got struct{ Late string }
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil || got.Late != "6s" {
		t.Fatalf("stdout = %q (%v), want the object rendered after the delay", stdout.String(), err)
	}
	if !strings.Contains(stderr.String(), "talked to the core after 6s") {
		t.Fatalf("stderr = %q, want the success message", stderr.String())
	}
}
