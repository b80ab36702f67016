package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Gate modes for file uploads (POST .../namespaces/{ns}/files).
const (
	gatePass    = iota // passed on to kestrasim
	gateLost           // passed on; once stored, the connection is cut before the answer
	gateGateway        // answered 502 by the "gateway": kestrasim never sees it
)

// uploadGate is a hostile front of kestrasim for file uploads; other
// requests pass. It counts the uploads it saw.
type uploadGate struct {
	mode    atomic.Int32
	uploads atomic.Int32
	proxy   *httputil.ReverseProxy
}

func (g *uploadGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/files") {
		g.proxy.ServeHTTP(w, r)
		return
	}
	g.uploads.Add(1)
	switch g.mode.Load() {
	case gateLost:
		rec := httptest.NewRecorder()
		g.proxy.ServeHTTP(rec, r)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	case gateGateway:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(`{"message":"upstream timed out"}`))
	default:
		g.proxy.ServeHTTP(w, r)
	}
}

// uploadReport is the JSON report of nsfiles upload.
type uploadReport struct {
	Summary map[string]int `json:"summary"`
	Results []struct {
		Status      string `json:"status"`
		Source      string `json:"source"`
		Destination string `json:"destination"`
		Error       string `json:"error"`
	} `json:"results"`
}

func decodeUploadReport(t *testing.T, stdout, stderr string) uploadReport {
	t.Helper()
	var r uploadReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("output is not one JSON document: %v\n%s\n%s", err, stdout, stderr)
	}
	return r
}

// TestUploadChecksTheServerAfterALostAnswer (issue 20 #18): when the
// connection is cut after the server stored an upload, every attempt
// "fails", yet the server holds the new content: the upload checks the
// remote file and reports it replaced. When a gateway answers 502 without
// passing the upload on, the check finds the old content (of the same
// size) and the failure stands.
func TestUploadChecksTheServerAfterALostAnswer(t *testing.T) {
	s := startSim(t)
	target, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	gate := &uploadGate{proxy: httputil.NewSingleHostReverseProxy(target)}
	front := httptest.NewServer(gate)
	defer front.Close()
	env := simEnv(t, &sim{URL: front.URL})
	dir := t.TempDir()
	names := []string{"a.txt", "b.txt", "c.txt", "sub/d.txt"}
	write := func(version string) map[string]string {
		want := map[string]string{}
		for i, n := range names {
			// The same size in every version: only the bytes tell them apart.
			content := fmt.Sprintf("%s of %s: %s\n", version, n, strings.Repeat("x", 100*i))
			writeFile(t, filepath.Join(dir, "tree", filepath.FromSlash(n)), content)
			want["/tree/"+n] = content
		}
		return want
	}
	check := func(want map[string]string) {
		t.Helper()
		for p, content := range want {
			if status, body := s.get(t, "/api/v1/main/namespaces/h18/files?path="+p); status != 200 || string(body) != content {
				t.Errorf("%s on the server: %d %q, want %q", p, status, body, content)
			}
		}
	}
	v1 := write("v1")
	if _, stderr, code := cli(t, env, "nsfiles", "upload", "h18", filepath.Join(dir, "tree"), "--allow-missing-namespace"); code != 0 {
		t.Fatalf("seed: exit %d\n%s", code, stderr)
	}
	check(v1)

	gate.mode.Store(gateLost)
	before := gate.uploads.Load()
	v2 := write("v2")
	stdout, stderr, code := cli(t, env, "nsfiles", "upload", "h18", filepath.Join(dir, "tree"), "--override", "-o", "json")
	r := decodeUploadReport(t, stdout, stderr)
	if code != 0 || r.Summary["replaced"] != len(names) {
		t.Fatalf("lost answers: exit %d, summary %v, want %d replaced\n%s", code, r.Summary, len(names), stderr)
	}
	if n := gate.uploads.Load() - before; n < int32(len(names)) {
		t.Fatalf("only %d uploads went through the gate", n)
	}
	check(v2)

	gate.mode.Store(gateGateway)
	write("v3")
	stdout, stderr, code = cli(t, env, "nsfiles", "upload", "h18", filepath.Join(dir, "tree"), "--override", "-o", "json")
	r = decodeUploadReport(t, stdout, stderr)
	if code != 7 || r.Summary["failed"] != len(names) {
		t.Fatalf("gateway: exit %d, summary %v, want %d failed\n%s", code, r.Summary, len(names), stderr)
	}
	for _, res := range r.Results {
		if !strings.Contains(res.Error, "upstream timed out (HTTP 502) (the server does not hold the new content)") {
			t.Errorf("%s: error %q", res.Destination, res.Error)
		}
	}
	check(v2)
}

// TestUploadOfAFileChangingWhileRead (issue 20 #23): a file truncated
// while it is being sent fails the upload as a local problem naming it
// (exit 1), not as an unreachable server.
func TestUploadOfAFileChangingWhileRead(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("finds the reading process through /proc")
	}
	// The server waits 3s before reading an upload: the sender stays
	// blocked inside the file, far from its end.
	s := startSim(t, "--faults", "rate=0,latency=3s,methods=POST,paths=/api/v1/main/namespaces/h23/files")
	env := simEnv(t, s)
	dir := t.TempDir()
	big := filepath.Join(dir, "big.bin")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(64 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	cmd := exec.Command(filepath.Join(binDir, "kestractl"), "nsfiles", "upload", "h23", big, "--allow-missing-namespace")
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until a process holds the file open for a while (the upload's
	// reader, not a quick check), then cut the file short.
	if !heldOpen(big, 20*time.Second) {
		_ = cmd.Process.Kill()
		t.Fatalf("no process held %s open\n%s", big, stderr.String())
	}
	if err := os.Truncate(big, 1000); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	if code != 1 || !strings.Contains(stderr.String(), "changed while it was being read") ||
		!strings.Contains(stderr.String(), "big.bin") || strings.Contains(stderr.String(), "cannot reach") {
		t.Fatalf("exit %d (%v), want 1 naming the file and the change:\n%s", code, err, stderr.String())
	}
	t.Logf("%s", stderr.String())
}

// heldOpen waits until some process has path open in two looks 300ms
// apart.
func heldOpen(path string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	seen := 0
	for time.Now().Before(deadline) {
		if openedBySomeone(path) {
			seen++
			if seen == 2 {
				return true
			}
			time.Sleep(300 * time.Millisecond)
			continue
		}
		seen = 0
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// openedBySomeone reports whether a process other than this one has path
// open (Linux /proc).
func openedBySomeone(path string) bool {
	fds, _ := filepath.Glob("/proc/[0-9]*/fd/*")
	self := fmt.Sprintf("/proc/%d/", os.Getpid())
	for _, fd := range fds {
		if strings.HasPrefix(fd, self) {
			continue
		}
		if target, err := os.Readlink(fd); err == nil && target == path {
			return true
		}
	}
	return false
}
