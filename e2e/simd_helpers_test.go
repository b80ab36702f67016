package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// simDaemon is the one `kestrasim --instances` process the tests of this
// binary share (see kestrasim/README.md): every `kestrasim` of a script and
// every startSim asks it for an instance of its own, a complete simulator
// on its own port, instead of starting a process. It starts on first use.
type simDaemon struct {
	bin, dir string
	client   *http.Client

	once sync.Once
	cmd  *exec.Cmd
	url  string
	err  error
	out  lockedBuffer
	// exited is closed once the process has ended, with exitErr.
	exited  chan struct{}
	exitErr error

	mu       sync.Mutex
	started  int
	failures []string
}

func newSimDaemon(bin, dir string) *simDaemon {
	return &simDaemon{bin: bin, dir: dir, client: &http.Client{Timeout: time.Minute}}
}

// start runs the daemon once and waits for its control API.
func (d *simDaemon) start() error {
	d.once.Do(func() {
		ready := filepath.Join(d.dir, "kestrasim-instances-ready")
		d.cmd = exec.Command(d.bin, "--instances", "--listen", "127.0.0.1:0", "--ready-file", ready)
		d.cmd.Stdout, d.cmd.Stderr = &d.out, &d.out
		if err := d.cmd.Start(); err != nil {
			d.err = fmt.Errorf("start kestrasim --instances: %w", err)
			return
		}
		d.exited = make(chan struct{})
		go func() { d.exitErr = d.cmd.Wait(); close(d.exited) }()
		deadline := time.After(15 * time.Second)
		for {
			if b, err := os.ReadFile(ready); err == nil && len(b) > 0 {
				d.url = string(b)
				return
			}
			select {
			case <-d.exited:
				d.err = fmt.Errorf("kestrasim --instances exited before it was ready:\n%s", d.out.String())
				return
			case <-deadline:
				d.err = fmt.Errorf("kestrasim --instances not ready after 15s:\n%s", d.out.String())
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	})
	return d.err
}

// create starts an instance with the flags of a kestrasim process and
// returns its id and URL.
func (d *simDaemon) create(args []string) (id, url string, err error) {
	if err := d.start(); err != nil {
		return "", "", err
	}
	if args == nil {
		args = []string{}
	}
	body, _ := json.Marshal(map[string][]string{"args": args})
	res, err := d.client.Post(d.url+"/instances", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", "", fmt.Errorf("create a kestrasim instance: %w\n%s", err, d.out.String())
	}
	defer res.Body.Close()
	var answer struct {
		ID, URL, Message string
	}
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
		return "", "", fmt.Errorf("create a kestrasim instance: %s: %w", res.Status, err)
	}
	if res.StatusCode != http.StatusCreated {
		return "", "", fmt.Errorf("create a kestrasim instance: %s: %s", res.Status, answer.Message)
	}
	d.mu.Lock()
	d.started++
	d.mu.Unlock()
	return answer.ID, answer.URL, nil
}

// delete stops an instance; it returns once the instance has stopped.
func (d *simDaemon) delete(id string) error {
	req, _ := http.NewRequest(http.MethodDelete, d.url+"/instances/"+id, nil)
	res, err := d.client.Do(req)
	if err != nil {
		return fmt.Errorf("delete kestrasim instance %s: %w", id, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		msg, _ := io.ReadAll(res.Body)
		return fmt.Errorf("delete kestrasim instance %s: %s: %s", id, res.Status, msg)
	}
	return nil
}

// fail records a failure found after a test ended (an instance that did
// not stop cleanly); stop reports it.
func (d *simDaemon) fail(msg string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.failures = append(d.failures, msg)
}

// stop ends the daemon (SIGTERM: it stops every instance) and reports
// the failures recorded, an unclean exit, and how many instances it ran.
func (d *simDaemon) stop() (instances int, err error) {
	d.mu.Lock()
	errs := make([]error, 0, len(d.failures)+1)
	for _, f := range d.failures {
		errs = append(errs, errors.New(f))
	}
	instances = d.started
	d.mu.Unlock()
	if d.exited != nil {
		_ = d.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-d.exited:
			if d.exitErr != nil {
				errs = append(errs, fmt.Errorf("kestrasim --instances: %w\n%s", d.exitErr, d.out.String()))
			}
		case <-time.After(30 * time.Second):
			_ = d.cmd.Process.Kill()
			<-d.exited
			errs = append(errs, fmt.Errorf("kestrasim --instances did not stop within 30s of SIGTERM\n%s", d.out.String()))
		}
	}
	return instances, errors.Join(errs...)
}

// lockedBuffer collects a process's output while tests read it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.TrimSpace(l.b.String())
}
