package app

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary act as kestrasim for the subprocess tests.
func TestMain(m *testing.M) {
	if os.Getenv("KESTRASIM_AS_MAIN") == "1" {
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestParseArgs(t *testing.T) {
	cfg, err := ParseArgs(nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Listen != "127.0.0.1:8080" || cfg.Edition != "ee" || cfg.BasicUser != "admin@kestra.io" || cfg.BasicPass != "Admin1234" ||
		cfg.Token != "" || strings.Join(cfg.Tenants, ",") != "main" || cfg.Faults != nil || cfg.JarSize != 1048576 {
		t.Errorf("defaults %+v", cfg)
	}
	cfg, err = ParseArgs([]string{"--listen", "127.0.0.1:0", "--edition", "oss", "--basic-auth", "u@x.io:p:w", "--token", "t0k",
		"--tenants", "main,staging", "--data-dir", "/tmp/x", "--faults", "rate=0.1,codes=503", "--jar-size", "5242880", "--ready-file", "/tmp/r"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Edition != "oss" || cfg.BasicPass != "p:w" || cfg.Token != "t0k" || len(cfg.Tenants) != 2 || cfg.Faults.Rate != 0.1 || cfg.JarSize != 5242880 {
		t.Errorf("parsed %+v", cfg)
	}
	for _, bad := range [][]string{
		{"--edition", "pro"}, {"--basic-auth", "nopass"}, {"--basic-auth", ":p"}, {"--tenants", "Main"}, {"--tenants", "a,,b"},
		{"--faults", "rate=9"}, {"--jar-size", "0"}, {"--jar-size", "1MB"}, {"--bogus"}, {"extra"}, {"--listen", ""}, {"--token", "a b"},
	} {
		if _, err := ParseArgs(bad); err == nil {
			t.Errorf("ParseArgs(%q) succeeded", bad)
		}
	}
}

func TestBadFlagsExit2WithOneLine(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"--edition", "pro"}, &stdout, &stderr); code != 2 {
		t.Fatalf("exit %d", code)
	}
	if lines := strings.Split(strings.TrimSpace(stderr.String()), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "--edition") {
		t.Errorf("stderr %q", stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q", stdout.String())
	}
}

var listening = regexp.MustCompile(`^kestrasim listening on (http://127\.0\.0\.1:\d+)\n$`)

func TestRunListensAndWritesReadyFile(t *testing.T) {
	dir := t.TempDir()
	ready := filepath.Join(dir, "ready")
	cfg, err := ParseArgs([]string{"--listen", "127.0.0.1:0", "--ready-file", ready, "--data-dir", filepath.Join(dir, "data")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- Run(ctx, cfg, pw); pw.Close() }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	m := listening.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("stdout line %q", line)
	}
	url := waitReady(t, ready, 5*time.Second)
	if url != m[1] {
		t.Fatalf("ready file %q, stdout %q", url, m[1])
	}
	res, err := http.Get(url + "/api/v1/configs")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("configs: %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
}

func TestSignalsStopCleanly(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			ready := filepath.Join(t.TempDir(), "ready")
			cmd := exec.Command(os.Args[0], "--listen", "127.0.0.1:0", "--ready-file", ready)
			cmd.Env = append(os.Environ(), "KESTRASIM_AS_MAIN=1")
			var stdout bytes.Buffer
			cmd.Stdout = &stdout
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			waitReady(t, ready, 10*time.Second)
			stop(t, cmd, sig, 10*time.Second)
			if !listening.MatchString(stdout.String()) {
				t.Errorf("stdout %q", stdout.String())
			}
		})
	}
}

func TestListenFailureIsAnError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"--listen", "256.0.0.1:1"}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
