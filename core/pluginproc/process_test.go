package pluginproc

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kestractl/kestractl/core/internal/fakeplugin/fakebin"
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// fake is the fake plugin binary, built once.
var fake string

func TestMain(m *testing.M) {
	os.Exit(fakebin.Main(m, &fake))
}

// host records what a plugin sends.
type host struct {
	pb.UnimplementedHostServer
	mu      sync.Mutex
	objects []string
}

func (h *host) Render(_ context.Context, req *pb.RenderRequest) (*pb.RenderResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.objects = append(h.objects, string(req.GetObject().GetJson()))
	return &pb.RenderResponse{}, nil
}

func start(t *testing.T, opts Options) *Process {
	t.Helper()
	if opts.Path == "" {
		opts.Path = fake
	}
	p, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Kill)
	return p
}

// gone reports whether no process (not even a zombie) has pid.
func gone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// waitGone waits for a process to be reaped, failing after a long while
// (a guard against hanging, not a speed check).
func waitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !gone(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("process %d still exists", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestStartDescribeExecuteKill(t *testing.T) {
	p := start(t, Options{})
	pid := p.Pid()
	if pid <= 0 || p.Path() != fake || p.Exited() {
		t.Fatalf("pid %d path %s exited %v", pid, p.Path(), p.Exited())
	}
	m, err := p.Describe(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	if m.GetName() != "fake" || m.GetRoot().GetChildren()[0].GetName() != "fake" {
		t.Fatalf("manifest = %v", m)
	}
	h := &host{}
	resp, err := p.Execute(context.Background(), &pb.ExecuteRequest{Argv: []string{"fake", "inspect", "x"}, Invocation: &pb.Invocation{}}, h)
	if err != nil || resp.GetError() != nil {
		t.Fatalf("Execute = %v, %v", resp, err)
	}
	if len(h.objects) != 1 || !strings.Contains(h.objects[0], `"argv":["fake","inspect","x"]`) {
		t.Fatalf("rendered %q", h.objects)
	}
	vals, err := p.Complete(context.Background(), &pb.CompleteRequest{Completer: "things"}, h)
	if err != nil || strings.Join(vals, ",") != "alpha,beta" {
		t.Fatalf("Complete = %v, %v", vals, err)
	}
	if _, err := os.Stat(p.socketDir); err != nil {
		t.Fatalf("socket directory while the plugin runs: %v", err)
	}
	side := p.Side()
	if side == nil {
		t.Fatal("no side channel")
	}
	p.Kill()
	p.Kill() // twice is fine
	if !p.Exited() {
		t.Fatal("not exited after Kill")
	}
	waitGone(t, pid)
	assertSocketDirGone(t, p)
	// The side channel is closed with the plugin: a copy still reading it
	// ends.
	if _, err := side.Read(make([]byte, 1)); err == nil {
		t.Fatal("the side channel is still open after Kill")
	}
}

// assertSocketDirGone fails unless the plugin's socket directory was
// removed (issue 20 #11: sockets must not pile up in the temp directory).
func assertSocketDirGone(t *testing.T, p *Process) {
	t.Helper()
	if p.socketDir == "" {
		t.Fatal("no socket directory recorded")
	}
	if _, err := os.Stat(p.socketDir); !os.IsNotExist(err) {
		t.Fatalf("socket directory %s left behind (stat: %v)", p.socketDir, err)
	}
}

func TestExecuteReturnsThePluginsError(t *testing.T) {
	p := start(t, Options{})
	resp, err := p.Execute(context.Background(), &pb.ExecuteRequest{Argv: []string{"fake", "fail", "6"}}, &host{})
	if err != nil {
		t.Fatal(err)
	}
	if e := resp.GetError(); e.GetCode() != pb.Code_NOT_FOUND || e.GetMessage() != "failed on purpose" {
		t.Fatalf("error = %v", e)
	}
}

func TestCancelledExecuteReturns(t *testing.T) {
	p := start(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := p.Execute(ctx, &pb.ExecuteRequest{Argv: []string{"fake", "sleep"}}, &host{})
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a cancelled Execute did not return")
	}
	p.Stop()
	if !p.Exited() {
		t.Fatal("plugin still running after Stop")
	}
}

func TestForceKillLeavesNoOrphan(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	p := start(t, Options{Env: []string{"KESTRACTL_FAKE_PIDFILE=" + pidFile}})
	done := make(chan error, 1)
	go func() {
		// The plugin ignores cancellation: only a kill ends it.
		_, err := p.Execute(context.Background(), &pb.ExecuteRequest{Argv: []string{"fake", "sleep", "--ignore-cancel"}}, &host{})
		done <- err
	}()
	var pid int
	deadline := time.Now().Add(10 * time.Second)
	for pid == 0 {
		b, _ := os.ReadFile(pidFile)
		pid, _ = strconv.Atoi(string(b))
		if time.Now().After(deadline) {
			t.Fatal("the plugin never slept")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if pid != p.Pid() {
		t.Fatalf("sleeping pid %d, started pid %d", pid, p.Pid())
	}
	p.ForceKill()
	waitGone(t, pid)
	assertSocketDirGone(t, p)
	select {
	case err := <-done:
		if cmderr.CodeOf(err) != cmderr.Internal || !strings.Contains(err.Error(), "crashed during execute") {
			t.Fatalf("err = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Execute did not return after the kill")
	}
}

func TestCrashIsExplained(t *testing.T) {
	p := start(t, Options{})
	_, err := p.Execute(context.Background(), &pb.ExecuteRequest{Argv: []string{"fake", "crash"}}, &host{})
	if cmderr.CodeOf(err) != cmderr.Internal || !strings.Contains(err.Error(), "plugin kestractl-fake crashed during execute: panic: fake crash") {
		t.Fatalf("err = %v", err)
	}
}

func TestStrayOutputGoesToOutput(t *testing.T) {
	var out syncBuffer
	p := start(t, Options{Output: &out})
	if _, err := p.Execute(context.Background(), &pb.ExecuteRequest{Argv: []string{"fake", "stray"}}, &host{}); err != nil {
		t.Fatal(err)
	}
	p.Kill()
	if got := out.String(); !strings.Contains(got, "[kestractl-fake] stray output\n") {
		t.Fatalf("output = %q", got)
	}
}

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

func script(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "kestractl-bad")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStartFailures(t *testing.T) {
	wrongSum := sha256.Sum256([]byte("another binary"))
	tests := []struct {
		name     string
		opts     Options
		wantCode cmderr.Code
		want     string
	}{
		{"junk on stdout", Options{Path: script(t, "echo hello")}, cmderr.Internal, `printed "hello" before its handshake`},
		{"silent exit", Options{Path: script(t, "exit 3")}, cmderr.Internal, "exited before its handshake"},
		{"last words on stderr", Options{Path: script(t, "echo 'fatal error: no config' >&2; exit 1")}, cmderr.Internal, "exited before its handshake: fatal error: no config"},
		{"another protocol version", Options{Path: script(t, "echo '1|2|tcp|127.0.0.1:1|grpc'; exec sleep 5")}, cmderr.Internal, "speaks another protocol version"},
		{"no handshake in time", Options{Path: script(t, "exec sleep 30"), StartTimeout: 300 * time.Millisecond}, cmderr.Internal, "did not complete its handshake in time"},
		{"missing binary", Options{Path: filepath.Join(t.TempDir(), "kestractl-none")}, cmderr.Internal, "cannot be run"},
		{"modified since installed", Options{Path: fake, Checksum: wrongSum[:]}, cmderr.RequirementNotMet, "was modified since it was installed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Start(tt.opts)
			if err == nil {
				p.Kill()
				t.Fatal("started")
			}
			if cmderr.CodeOf(err) != tt.wantCode || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v (code %v), want %q (code %v)", err, cmderr.CodeOf(err), tt.want, tt.wantCode)
			}
		})
	}
}

func TestChecksumMatchStarts(t *testing.T) {
	b, err := os.ReadFile(fake)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	p := start(t, Options{Checksum: sum[:]})
	if _, err := p.Describe(context.Background(), "test"); err != nil {
		t.Fatal(err)
	}
}
