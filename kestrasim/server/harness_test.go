package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/kestrasim/contracttest"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

const (
	adminUser = "admin@kestra.io"
	adminPass = "Admin1234"
)

// sim is a running simulator for one test, with every response of its routes
// validated against the OpenAPI document (when the document is present).
type sim struct {
	t   testing.TB
	srv *Server
	ts  *httptest.Server
	// auth is the Authorization header sent by default.
	auth string
	// contract validates the responses (nil without the document).
	contract *contracttest.Validator
	// seen, when set, receives the body of every response.
	seen func(body []byte)
}

// requestChecked selects the routes whose accepted requests are validated
// against the document too.
func requestChecked(rt rest.Route) bool {
	for _, prefix := range []string{"/api/v1/{tenant}/executions", "/api/v1/{tenant}/logs"} {
		if strings.HasPrefix(rt.Path, prefix) {
			return true
		}
	}
	return false
}

func newSim(t testing.TB, mutate ...func(*Options)) *sim {
	t.Helper()
	opts := Options{BasicUser: adminUser, BasicPass: adminPass, Token: "root-token", DataDir: t.TempDir()}
	for _, m := range mutate {
		m(&opts)
	}
	var v *contracttest.Validator
	if contracttest.Locate() != "" {
		v = contracttest.NewValidator(contracttest.Load(t))
		v.CheckRequests(func(rt rest.Route) bool { return requestChecked(rt) || contentRoute(rt) })
		opts.RouteMiddleware = v.Middleware
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(srv)
	// Cleanups run last-in first-out: stop the server (waiting for
	// in-flight handlers), then report contract failures.
	if v != nil {
		t.Cleanup(func() { v.Report(t); coverage.add(v.Checked(), v.RequestsChecked()) })
	}
	t.Cleanup(func() { srv.Close() })
	t.Cleanup(ts.Close)
	return &sim{t: t, srv: srv, ts: ts, auth: basic(adminUser, adminPass), contract: v}
}

func basic(user, pass string) string {
	req, _ := http.NewRequest("GET", "/", nil)
	req.SetBasicAuth(user, pass)
	return req.Header.Get("Authorization")
}

func bearer(token string) string { return "Bearer " + token }

// resp is a fully read response.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r *resp) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

func (r *resp) Map(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

func (r *resp) Message(t testing.TB) string {
	t.Helper()
	return r.Map(t)["message"].(string)
}

// req is one request to build.
type req struct {
	method, path string
	body         io.Reader
	contentType  string
	auth         *string
	header       http.Header
}

func (s *sim) do(t testing.TB, r req) *resp {
	t.Helper()
	hr, err := http.NewRequest(r.method, s.ts.URL+r.path, r.body)
	if err != nil {
		t.Fatalf("request: %v", err)
	}
	if r.contentType != "" {
		hr.Header.Set("Content-Type", r.contentType)
	}
	auth := s.auth
	if r.auth != nil {
		auth = *r.auth
	}
	if auth != "" {
		hr.Header.Set("Authorization", auth)
	}
	for k, vs := range r.header {
		for _, v := range vs {
			hr.Header.Add(k, v)
		}
	}
	res, err := s.ts.Client().Do(hr)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read: %v", r.method, r.path, err)
	}
	if s.seen != nil {
		s.seen(body)
	}
	return &resp{Status: res.StatusCode, Header: res.Header, Body: body}
}

func (s *sim) get(t testing.TB, path string) *resp {
	t.Helper()
	return s.do(t, req{method: "GET", path: path})
}

func (s *sim) getAs(t testing.TB, auth, path string) *resp {
	t.Helper()
	return s.do(t, req{method: "GET", path: path, auth: &auth})
}

func (s *sim) delete(t testing.TB, path string) *resp {
	t.Helper()
	return s.do(t, req{method: "DELETE", path: path})
}

func (s *sim) postJSON(t testing.TB, path string, v any) *resp {
	t.Helper()
	return s.sendJSON(t, "POST", path, v)
}

func (s *sim) sendJSON(t testing.TB, method, path string, v any) *resp {
	t.Helper()
	var body io.Reader
	if v != nil {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(data)
	}
	return s.do(t, req{method: method, path: path, body: body, contentType: "application/json"})
}

func (s *sim) postYAML(t testing.TB, path, yaml string) *resp {
	t.Helper()
	return s.do(t, req{method: "POST", path: path, body: strings.NewReader(yaml), contentType: "application/x-yaml"})
}

func (s *sim) putYAML(t testing.TB, path, yaml string) *resp {
	t.Helper()
	return s.do(t, req{method: "PUT", path: path, body: strings.NewReader(yaml), contentType: "application/x-yaml"})
}

func want(t testing.TB, r *resp, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t testing.TB, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("condition not met within %s", d)
}
