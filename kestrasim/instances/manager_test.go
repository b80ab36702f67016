package instances

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fake is an instance that records whether it was closed.
type fake struct {
	url    string
	mu     sync.Mutex
	closed int
	err    error
}

func (f *fake) URL() string { return f.url }

func (f *fake) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed++
	return f.err
}

func (f *fake) closes() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.closed
}

// starter starts fakes, refusing "--bad" (bad flags) and "--fail" (a
// start failure), and remembers what it started.
type starter struct {
	mu      sync.Mutex
	started []*fake
	args    [][]string
}

func (s *starter) start(args []string) (Instance, error) {
	for _, a := range args {
		switch a {
		case "--bad":
			return nil, &ArgsError{Err: errors.New("kestrasim: flag provided but not defined: -bad")}
		case "--fail":
			return nil, errors.New("kestrasim: listen on 127.0.0.1:1: address already in use")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &fake{url: fmt.Sprintf("http://127.0.0.1:%d", 40000+len(s.started))}
	if len(args) > 0 && args[0] == "--close-fails" {
		f.err = errors.New("boom")
	}
	s.started = append(s.started, f)
	s.args = append(s.args, args)
	return f, nil
}

func TestManagerLifecycle(t *testing.T) {
	st := &starter{}
	m := NewManager(st.start)
	a, err := m.Create([]string{"--edition", "oss"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.Create(nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == b.ID || a.URL == b.URL {
		t.Fatalf("two instances share an id or URL: %+v %+v", a, b)
	}
	if got := m.List(); len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID || strings.Join(got[0].Args, " ") != "--edition oss" || got[1].Args == nil {
		t.Fatalf("List = %+v", got)
	}
	if err := m.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if st.started[0].closes() != 1 || st.started[1].closes() != 0 {
		t.Fatalf("closes after Delete: %d %d", st.started[0].closes(), st.started[1].closes())
	}
	if err := m.Delete(a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete: %v", err)
	}
	if _, err := m.Get(a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get deleted: %v", err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if st.started[1].closes() != 1 {
		t.Fatalf("Close left instance %s running", b.ID)
	}
	if _, err := m.Create(nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("Create after Close: %v", err)
	}
	if len(m.List()) != 0 {
		t.Fatalf("instances after Close: %+v", m.List())
	}
}

func TestManagerCreateCopiesArgs(t *testing.T) {
	st := &starter{}
	m := NewManager(st.start)
	args := []string{"--tenants", "main"}
	info, err := m.Create(args)
	if err != nil {
		t.Fatal(err)
	}
	args[1] = "changed"
	st.args[0][0] = "changed"
	if got, _ := m.Get(info.ID); strings.Join(got.Args, " ") != "--tenants main" {
		t.Fatalf("args aliased: %v", got.Args)
	}
}

func TestHandler(t *testing.T) {
	st := &starter{}
	m := NewManager(st.start)
	ts := httptest.NewServer(m.Handler())
	defer ts.Close()
	do := func(method, path, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusNoContent && res.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s %s: content type %q", method, path, res.Header.Get("Content-Type"))
		}
		return res.StatusCode, strings.TrimSpace(string(b))
	}
	tests := []struct {
		name, method, path, body string
		status                   int
		want                     string // the body, or a part of it
	}{
		{"create", "POST", "/instances", `{"args": ["--edition", "oss"]}`, 201, `{"id":"1","url":"http://127.0.0.1:40000","args":["--edition","oss"]}`},
		{"create without args", "POST", "/instances", `{}`, 201, `{"id":"2","url":"http://127.0.0.1:40001","args":[]}`},
		{"list", "GET", "/instances", ``, 200, `[{"id":"1","url":"http://127.0.0.1:40000","args":["--edition","oss"]},{"id":"2","url":"http://127.0.0.1:40001","args":[]}]`},
		{"get", "GET", "/instances/2", ``, 200, `{"id":"2","url":"http://127.0.0.1:40001","args":[]}`},
		{"bad flags", "POST", "/instances", `{"args": ["--bad"]}`, 400, `{"message":"kestrasim: flag provided but not defined: -bad"}`},
		{"start failure", "POST", "/instances", `{"args": ["--fail"]}`, 500, `address already in use`},
		{"not JSON", "POST", "/instances", `--edition oss`, 400, `invalid body`},
		{"unknown field", "POST", "/instances", `{"flags": []}`, 400, `unknown field \"flags\"`},
		{"two documents", "POST", "/instances", `{} {}`, 400, `more than one JSON document`},
		{"args not strings", "POST", "/instances", `{"args": [1]}`, 400, `invalid body`},
		{"delete", "DELETE", "/instances/1", ``, 204, ``},
		{"delete again", "DELETE", "/instances/1", ``, 404, `{"message":"instance \"1\": no such instance"}`},
		{"get deleted", "GET", "/instances/1", ``, 404, `no such instance`},
		{"list after delete", "GET", "/instances", ``, 200, `[{"id":"2","url":"http://127.0.0.1:40001","args":[]}]`},
		{"unknown route", "GET", "/api/v1/configs", ``, 404, `the control API serves /instances`},
		{"wrong method", "PUT", "/instances/2", ``, 404, `no route PUT /instances/2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := do(tt.method, tt.path, tt.body)
			if status != tt.status || !strings.Contains(body, tt.want) {
				t.Fatalf("%s %s: %d %s, want %d %s", tt.method, tt.path, status, body, tt.status, tt.want)
			}
			if strings.HasPrefix(tt.want, "{") || strings.HasPrefix(tt.want, "[") {
				if !json.Valid([]byte(body)) || body != tt.want {
					t.Fatalf("body %s, want %s", body, tt.want)
				}
			}
		})
	}
	if st.started[0].closes() != 1 {
		t.Fatalf("DELETE did not close the instance")
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if status, body := do("POST", "/instances", `{}`); status != 503 || !strings.Contains(body, "shutting down") {
		t.Fatalf("create while closed: %d %s", status, body)
	}
}

func TestCloseErrorsAreReported(t *testing.T) {
	st := &starter{}
	m := NewManager(st.start)
	info, err := m.Create([]string{"--close-fails"})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Delete(info.ID); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := m.Create([]string{"--close-fails"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("Close: %v", err)
	}
}
