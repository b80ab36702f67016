package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// sim is a simulator started for one test.
type sim struct {
	URL string
}

// startSim starts a simulator with the flags of bin/kestrasim on a free
// loopback port until the test ends: an instance of the shared kestrasim
// process (a test that must kill or measure the simulator process needs a
// process of its own instead).
func startSim(t *testing.T, flags ...string) *sim {
	t.Helper()
	id, url, err := sims.create(append([]string{"--data-dir", t.TempDir()}, flags...))
	if err != nil {
		t.Fatalf("kestrasim %s: %v", strings.Join(flags, " "), err)
	}
	t.Cleanup(func() {
		if err := sims.delete(id); err != nil {
			t.Error(err)
		}
	})
	return &sim{URL: url}
}

// get reads a path of the simulator with basic auth, repeating through
// injected faults; it returns the status and body of the first answer
// that is not an injected fault.
func (s *sim) get(t *testing.T, path string) (int, []byte) {
	t.Helper()
	a := s.fetch(path)
	if a.err != nil {
		t.Fatal(a.err)
	}
	return a.status, a.body
}

// answer is what fetch got.
type answer struct {
	status int
	body   []byte
	err    error
}

// fetch is get for any goroutine: it returns its failure.
func (s *sim) fetch(path string) answer {
	for i := 0; i < 60; i++ {
		req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
		req.SetBasicAuth("admin@kestra.io", "Admin1234")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode == 429 || resp.StatusCode == 503 || bytes.Contains(body, []byte("fault injected")) {
			continue
		}
		return answer{status: resp.StatusCode, body: body}
	}
	return answer{err: fmt.Errorf("GET %s: only faults in 60 tries", path)}
}

// getAll is get of many paths at once (a simulator with latency answers
// them together rather than one after the other), in the order of paths.
func (s *sim) getAll(t *testing.T, paths []string) []answer {
	t.Helper()
	out := make([]answer, len(paths))
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = s.fetch(p)
		})
	}
	wg.Wait()
	for _, a := range out {
		if a.err != nil {
			t.Fatal(a.err)
		}
	}
	return out
}

// cli runs kestractl and returns stdout, stderr and the exit code.
func cli(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, "kestractl"), args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("kestractl %v: %v", args, err)
	}
	return stdout.String(), stderr.String(), code
}

// simEnv is an isolated environment pointing at a simulator with basic auth.
func simEnv(t *testing.T, s *sim, extra ...string) []string {
	env := isolatedEnv(t)
	env = append(env, "KESTRACTL_HOST="+s.URL, "KESTRACTL_USERNAME=admin@kestra.io", "KESTRACTL_PASSWORD=Admin1234")
	return append(env, extra...)
}

// writeFile writes a file, creating its directories.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func flowYAML(id, ns string) string {
	return fmt.Sprintf("# flow %s\nid: %s\nnamespace: %s\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hello from %s\n", id, id, ns, id)
}

// childPIDs lists the children of pid.
func childPIDs(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, f := range tasks {
		b, _ := os.ReadFile(f)
		for _, field := range strings.Fields(string(b)) {
			var c int
			if _, err := fmt.Sscan(field, &c); err == nil {
				out = append(out, c)
			}
		}
	}
	return out
}
