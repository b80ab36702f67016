// Package sim starts kestrasim for benchmarks and talks to it: requests
// with the simulator's credentials, from this process or through curl.
package sim

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Default credentials of kestrasim.
const (
	User     = "admin@kestra.io"
	Password = "Admin1234"
)

// Server is a running kestrasim.
type Server struct {
	URL string
	cmd *exec.Cmd
	dir string
	out bytes.Buffer
}

// Start runs bin/kestrasim on a free loopback port with extra flags, its
// data in a temporary directory that Stop removes.
func Start(bin string, args ...string) (*Server, error) {
	dir, err := os.MkdirTemp("", "kestrasim-bench-")
	if err != nil {
		return nil, err
	}
	ready := filepath.Join(dir, "ready")
	s := &Server{dir: dir}
	s.cmd = exec.Command(filepath.Join(bin, "kestrasim"), append([]string{"--listen", "127.0.0.1:0", "--ready-file", ready, "--data-dir", dir}, args...)...)
	s.cmd.Stdout, s.cmd.Stderr = &s.out, &s.out
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start kestrasim: %w", err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(ready); err == nil && len(b) > 0 {
			s.URL = strings.TrimSpace(string(b))
			return s, nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.Stop()
	return nil, fmt.Errorf("kestrasim not ready:\n%s", s.out.String())
}

// Stop kills the server and removes its data.
func (s *Server) Stop() {
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	_ = os.RemoveAll(s.dir)
}

// Do sends one authenticated request and fails on a non-2xx answer.
func (s *Server) Do(c *http.Client, method, path, contentType string, body []byte) error {
	req, err := http.NewRequest(method, s.URL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.SetBasicAuth(User, Password)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, b.String())
	}
	return nil
}

// seeders is how many requests PostEach has in flight.
const seeders = 8

// PostEach seeds the server: it POSTs body(0) ... body(n-1) to path,
// seeders at a time, and returns the first failure.
func (s *Server) PostEach(n int, path, contentType string, body func(i int) string) error {
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: seeders}}
	var wg sync.WaitGroup
	jobs := make(chan int)
	errs := make(chan error, n)
	for range seeders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := s.Do(c, http.MethodPost, path, contentType, []byte(body(i))); err != nil {
					errs <- err
				}
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(errs)
	return <-errs
}

// Curl is a curl command with the server's credentials that fails on an
// HTTP error: the baseline kestractl is compared with.
func Curl(args ...string) *exec.Cmd {
	return exec.Command("curl", append([]string{"-sS", "--fail", "-u", User + ":" + Password}, args...)...)
}
