package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kestractl/kestractl/kestrasim/instances"
)

// call sends a request with the default super-admin credentials and
// returns the status and body; a connection error is status 0.
func call(t *testing.T, method, url, contentType string, body io.Reader) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.SetBasicAuth("admin@kestra.io", "Admin1234")
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func create(t *testing.T, m *instances.Manager, args ...string) instances.Info {
	t.Helper()
	info, err := m.Create(args)
	if err != nil {
		t.Fatalf("create %q: %v", args, err)
	}
	return info
}

const sleepyFlow = "id: sleepy\nnamespace: inst.test\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT60S\n"

func deployFlow(t *testing.T, url, src string) {
	t.Helper()
	if status, body := call(t, "POST", url+"/api/v1/main/flows", "application/x-yaml", strings.NewReader(src)); status != 200 {
		t.Fatalf("create flow at %s: %d %s", url, status, body)
	}
}

// startExecution starts the sleepy flow and waits until it runs.
func startExecution(t *testing.T, url string) string {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.Close()
	status, out := call(t, "POST", url+"/api/v1/main/executions/inst.test/sleepy", mw.FormDataContentType(), &body)
	if status != 200 {
		t.Fatalf("execute: %d %s", status, out)
	}
	var e struct{ ID string }
	if err := json.Unmarshal([]byte(out), &e); err != nil || e.ID == "" {
		t.Fatalf("execution %s: %v", out, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, out := call(t, "GET", url+"/api/v1/main/executions/"+e.ID, "", nil)
		if strings.Contains(out, `"current":"RUNNING"`) {
			return e.ID
		}
		if time.Now().After(deadline) {
			t.Fatalf("execution not running: %s", out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// goroutines counts the goroutines with a frame in fn.
func goroutines(fn string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, fn) {
			count++
		}
	}
	return count
}

const (
	runnerFrame    = "kestrasim/executions.(*Store).drive("
	schedulerFrame = "kestrasim/triggers.(*Store).Run("
)

// settle waits until count() == want: a goroutine that has signalled its
// end may still be returning.
func settle(t *testing.T, what string, count func() int, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for count() != want {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d goroutines, want %d", what, count(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestInstancesAreIsolated: two instances of one process share nothing:
// stores, credentials, edition and faults are each their own.
func TestInstancesAreIsolated(t *testing.T) {
	m := instances.NewManager(StartInstance)
	defer m.Close()
	a := create(t, m)
	b := create(t, m, "--basic-auth", "other@kestra.io:Other1234")
	oss := create(t, m, "--edition", "oss")
	faulty := create(t, m, "--faults", "rate=1,codes=503,paths=/api/v1/main/flows")
	for _, in := range []instances.Info{a, b, oss, faulty} {
		if !listening.MatchString("kestrasim listening on " + in.URL + "\n") {
			t.Fatalf("URL %q is not the form a process prints", in.URL)
		}
	}

	deployFlow(t, a.URL, "id: only-in-a\nnamespace: inst.test\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n")
	tests := []struct {
		name   string
		url    string
		path   string
		status int
	}{
		{"flow in a", a.URL, "/api/v1/main/flows/inst.test/only-in-a", 200},
		{"flow absent in oss", oss.URL, "/api/v1/main/flows/inst.test/only-in-a", 404},
		{"admin credentials of b are its own", b.URL, "/api/v1/main/flows/inst.test/only-in-a", 401},
		{"ee serves users", a.URL, "/api/v1/users", 200},
		{"oss does not", oss.URL, "/api/v1/users", 404},
		{"faults where asked", faulty.URL, "/api/v1/main/flows/search", 503},
		{"no faults elsewhere", faulty.URL, "/api/v1/main/namespaces/search", 200},
		{"no faults in a", a.URL, "/api/v1/main/flows/search", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, body := call(t, "GET", tt.url+tt.path, "", nil); status != tt.status {
				t.Fatalf("GET %s: %d %s, want %d", tt.path, status, body, tt.status)
			}
		})
	}
	req, _ := http.NewRequest("GET", b.URL+"/api/v1/main/flows/search", nil)
	req.SetBasicAuth("other@kestra.io", "Other1234")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("b's own credentials: %d", res.StatusCode)
	}
}

// TestInstanceErrorsAreTheProcessLine: bad flags are refused with the line
// a standalone kestrasim prints before exiting 2.
func TestInstanceErrorsAreTheProcessLine(t *testing.T) {
	for _, args := range [][]string{{"--edition", "pro"}, {"--faults", "rate=9"}, {"--bogus"}, {"extra"}, {"--listen", ""}} {
		var stdout, stderr bytes.Buffer
		if code := Main(args, &stdout, &stderr); code != 2 {
			t.Fatalf("Main(%q) = %d", args, code)
		}
		_, err := StartInstance(args)
		var argsErr *instances.ArgsError
		if !errors.As(err, &argsErr) {
			t.Fatalf("StartInstance(%q): %v, want an ArgsError", args, err)
		}
		if err.Error() != strings.TrimSuffix(stderr.String(), "\n") {
			t.Errorf("StartInstance(%q): %q, the process prints %q", args, err, stderr.String())
		}
	}
	// A daemon's flag is not an instance's.
	if _, err := StartInstance([]string{"--instances"}); err == nil || !strings.Contains(err.Error(), "--instances") {
		t.Errorf("StartInstance(--instances): %v", err)
	}
}

// TestInstanceListenAndReadyFile: --listen and --ready-file mean what they
// mean for a process; the ready file goes with the instance.
func TestInstanceListenAndReadyFile(t *testing.T) {
	m := instances.NewManager(StartInstance)
	defer m.Close()
	ready := filepath.Join(t.TempDir(), "ready")
	in := create(t, m, "--ready-file", ready)
	if b, err := os.ReadFile(ready); err != nil || string(b) != in.URL {
		t.Fatalf("ready file %q (%v), URL %q", b, err, in.URL)
	}
	host := strings.TrimPrefix(in.URL, "http://")
	if _, err := m.Create([]string{"--listen", host}); err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("a taken --listen: %v", err)
	}
	if err := m.Delete(in.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(ready); !os.IsNotExist(err) {
		t.Fatalf("ready file after delete: %v", err)
	}
	// The port is free again: an instance can listen there.
	again := create(t, m, "--listen", host)
	if again.URL != in.URL {
		t.Fatalf("URL %q, want %q", again.URL, in.URL)
	}
}

// TestDeleteFreesTheInstance: once deleted, an instance answers nothing,
// its temporary data directory is gone and its background work (running
// executions, the scheduler that runs schedules and backfills) has
// stopped; the other instances go on.
func TestDeleteFreesTheInstance(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	m := instances.NewManager(StartInstance)
	defer m.Close()
	baseRunners, baseSchedulers := goroutines(runnerFrame), goroutines(schedulerFrame)

	a := create(t, m)
	b := create(t, m)
	dataDirs, _ := filepath.Glob(filepath.Join(tmp, "kestrasim-*"))
	if len(dataDirs) != 2 {
		t.Fatalf("data dirs %v, want one per instance", dataDirs)
	}
	deployFlow(t, a.URL, sleepyFlow)
	deployFlow(t, b.URL, sleepyFlow)
	startExecution(t, a.URL)
	idB := startExecution(t, b.URL)
	settle(t, "runners", func() int { return goroutines(runnerFrame) }, baseRunners+2)
	settle(t, "schedulers", func() int { return goroutines(schedulerFrame) }, baseSchedulers+2)

	if err := m.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if status, body := call(t, "GET", a.URL+"/api/v1/configs", "", nil); status != 0 {
		t.Fatalf("deleted instance answered %d %s", status, body)
	}
	settle(t, "runners", func() int { return goroutines(runnerFrame) }, baseRunners+1)
	settle(t, "schedulers", func() int { return goroutines(schedulerFrame) }, baseSchedulers+1)
	if left, _ := filepath.Glob(filepath.Join(tmp, "kestrasim-*")); len(left) != 1 {
		t.Fatalf("data dirs after delete: %v", left)
	}
	if _, out := call(t, "GET", b.URL+"/api/v1/main/executions/"+idB, "", nil); !strings.Contains(out, `"current":"RUNNING"`) {
		t.Fatalf("the other instance's execution: %s", out)
	}

	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	settle(t, "runners", func() int { return goroutines(runnerFrame) }, baseRunners)
	settle(t, "schedulers", func() int { return goroutines(schedulerFrame) }, baseSchedulers)
	if left, _ := filepath.Glob(filepath.Join(tmp, "kestrasim-*")); len(left) != 0 {
		t.Fatalf("data dirs after close: %v", left)
	}
}

// TestExplicitDataDirIsKept: as with a process, a --data-dir the caller
// chose is the caller's: the instance writes there and leaves it.
func TestExplicitDataDirIsKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	m := instances.NewManager(StartInstance)
	defer m.Close()
	in := create(t, m, "--data-dir", dir)
	if err := m.Delete(in.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "nsfiles")); err != nil {
		t.Fatalf("data dir: %v", err)
	}
}

func TestParseInstancesArgs(t *testing.T) {
	cfg, err := ParseArgs([]string{"--instances", "--listen", "127.0.0.1:0", "--ready-file", "/tmp/r"})
	if err != nil || !cfg.Instances {
		t.Fatalf("%+v %v", cfg, err)
	}
	for _, listen := range []string{"localhost:0", "[::1]:0", "127.0.0.2:9000"} {
		if _, err := ParseArgs([]string{"--instances", "--listen", listen}); err != nil {
			t.Errorf("--listen %s: %v", listen, err)
		}
	}
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"--instances", "--edition", "oss"}, "--edition is a flag of an instance"},
		{[]string{"--instances", "--faults", "rate=0.1"}, "--faults is a flag of an instance"},
		{[]string{"--instances", "--listen", "0.0.0.0:0"}, "loopback only"},
		{[]string{"--instances", "--listen", ":8080"}, "loopback only"},
		{[]string{"--instances", "--listen", "example.com:80"}, "loopback only"},
	} {
		if _, err := ParseArgs(bad.args); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseArgs(%q): %v, want %q", bad.args, err, bad.want)
		}
	}
}

var instancesListening = regexp.MustCompile(`^kestrasim instances API listening on (http://127\.0\.0\.1:\d+)\n$`)

// TestRunInstances drives the control API over HTTP, then stops the
// daemon: every instance is stopped with it, and the ready file removed.
func TestRunInstances(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ready := filepath.Join(tmp, "ready")
	cfg, err := ParseArgs([]string{"--instances", "--listen", "127.0.0.1:0", "--ready-file", ready})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout syncBuffer
	done := make(chan error, 1)
	go func() { done <- RunInstances(ctx, cfg, &stdout) }()
	control := waitReady(t, ready, 10*time.Second)
	if m := instancesListening.FindStringSubmatch(stdout.String()); m == nil || m[1] != control {
		t.Fatalf("stdout %q, ready file %q", stdout.String(), control)
	}
	status, body := call(t, "POST", control+"/instances", "application/json", strings.NewReader(`{"args": ["--edition", "oss"]}`))
	var in instances.Info
	if status != 201 || json.Unmarshal([]byte(body), &in) != nil {
		t.Fatalf("create: %d %s", status, body)
	}
	if status, body := call(t, "GET", in.URL+"/api/v1/configs", "", nil); status != 200 || !strings.Contains(body, `"edition":"OSS"`) {
		t.Fatalf("instance configs: %d %s", status, body)
	}
	if status, body := call(t, "POST", control+"/instances", "application/json", strings.NewReader(`{"args": ["--edition", "pro"]}`)); status != 400 ||
		body != `{"message":"kestrasim: invalid --edition \"pro\": want ee or oss"}`+"\n" {
		t.Fatalf("bad flags: %d %s", status, body)
	}
	second := `{"args": []}`
	status, body = call(t, "POST", control+"/instances", "application/json", strings.NewReader(second))
	var in2 instances.Info
	if status != 201 || json.Unmarshal([]byte(body), &in2) != nil {
		t.Fatalf("create: %d %s", status, body)
	}
	if status, body := call(t, "DELETE", control+"/instances/"+in2.ID, "", nil); status != 204 {
		t.Fatalf("delete: %d %s", status, body)
	}
	if status, _ := call(t, "GET", in2.URL+"/api/v1/configs", "", nil); status != 0 {
		t.Fatalf("deleted instance answered %d", status)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("RunInstances did not stop")
	}
	if status, _ := call(t, "GET", in.URL+"/api/v1/configs", "", nil); status != 0 {
		t.Fatalf("instance still answers %d after the daemon stopped", status)
	}
	if _, err := os.Stat(ready); !os.IsNotExist(err) {
		t.Fatalf("ready file: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "kestrasim-*")); len(left) != 0 {
		t.Fatalf("data dirs left: %v", left)
	}
}

// TestInstancesDaemonStopsOnSignal: the daemon process stops cleanly on
// SIGTERM, stopping its instances and removing their data.
func TestInstancesDaemonStopsOnSignal(t *testing.T) {
	tmp := t.TempDir()
	ready := filepath.Join(tmp, "ready")
	cmd := exec.Command(os.Args[0], "--instances", "--listen", "127.0.0.1:0", "--ready-file", ready)
	cmd.Env = append(os.Environ(), "KESTRASIM_AS_MAIN=1", "TMPDIR="+tmp)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	control := waitReady(t, ready, 10*time.Second)
	if status, body := call(t, "POST", control+"/instances", "application/json", strings.NewReader(`{}`)); status != 201 {
		t.Fatalf("create: %d %s", status, body)
	}
	if dirs, _ := filepath.Glob(filepath.Join(tmp, "kestrasim-*")); len(dirs) != 1 {
		t.Fatalf("data dirs %v", dirs)
	}
	stop(t, cmd, syscall.SIGTERM, 15*time.Second)
	if left, _ := filepath.Glob(filepath.Join(tmp, "kestrasim-*")); len(left) != 0 {
		t.Fatalf("data dirs left: %v", left)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
