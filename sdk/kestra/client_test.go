package kestra

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

func noSleep(context.Context, time.Duration) error { return nil }

func newClient(t *testing.T, srv *httptest.Server, creds CredentialSource, trace func(string)) *Client {
	t.Helper()
	c, err := New(Config{BaseURL: srv.URL + "/", Tenant: "main", Credentials: creds, Trace: trace, Sleep: noSleep,
		Headers: http.Header{"X-Team": {"data"}}, UserAgent: "kestractl-test"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewValidatesHost(t *testing.T) {
	for _, h := range []string{"", "localhost:8080", "ftp://x", "http://"} {
		if _, err := New(Config{BaseURL: h}); err == nil {
			t.Errorf("New(%q) accepted", h)
		}
	}
}

func TestPaths(t *testing.T) {
	c, _ := New(Config{BaseURL: "https://k.example/prefix/", Tenant: "te nant"})
	if got := c.TenantPath("flows", "my.ns", "a/b"); got != "/api/v1/te%20nant/flows/my.ns/a%2Fb" {
		t.Fatalf("TenantPath = %s", got)
	}
	if got := APIPath("configs"); got != "/api/v1/configs" {
		t.Fatalf("APIPath = %s", got)
	}
	u, _ := c.url(&Request{Path: "/api/v1/x", Query: url.Values{"q": {"a b"}}})
	if u != "https://k.example/prefix/api/v1/x?q=a+b" {
		t.Fatalf("url = %s", u)
	}
}

func TestAuthHeaders(t *testing.T) {
	tests := []struct {
		name  string
		creds Credentials
		want  string
	}{
		{"token", Credentials{Token: "tok"}, "Bearer tok"},
		{"basic", Credentials{Username: "u", Password: "p"}, "Basic dTpw"},
		{"none", Credentials{}, ""},
		{"explicit header wins", Credentials{Token: "tok", Headers: []Header{{"Authorization", "Custom x"}}}, "Custom x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got, team, ua string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, team, ua = r.Header.Get("Authorization"), r.Header.Get("X-Team"), r.Header.Get("User-Agent")
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{}`)
			}))
			defer srv.Close()
			c := newClient(t, srv, StaticCredentials(tt.creds), nil)
			if err := c.Get(context.Background(), "/api/v1/configs", nil, nil); err != nil {
				t.Fatal(err)
			}
			if got != tt.want || team != "data" || ua != "kestractl-test" {
				t.Fatalf("Authorization=%q X-Team=%q UA=%q", got, team, ua)
			}
		})
	}
}

func TestAuthError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Error("request sent") }))
	defer srv.Close()
	c := newClient(t, srv, StaticCredentials{AuthError: "incomplete authentication: missing password"}, nil)
	err := c.Get(context.Background(), "/api/v1/x", nil, nil)
	if cmderr.CodeOf(err) != cmderr.Unauthenticated || !strings.Contains(err.Error(), "missing password") {
		t.Fatalf("err = %v", err)
	}
}

func TestErrorDecoding(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		ctype    string
		body     string
		wantCode cmderr.Code
		wantMsg  string
	}{
		{"message", 404, "application/json", `{"message":"Flow not found"}`, cmderr.NotFound, "Flow not found (HTTP 404)"},
		{"problem", 422, "application/problem+json", `{"title":"Invalid","detail":"bad id"}`, cmderr.Generic, "Invalid: bad id (HTTP 422)"},
		{"error field", 409, "application/json", `{"error":"exists"}`, cmderr.Conflict, "exists (HTTP 409)"},
		{"html", 502, "text/html", `<html>bad gateway</html>`, cmderr.Unavailable, "HTML page instead of JSON"},
		{"unauthorized", 401, "application/json", `{"message":"Unauthorized"}`, cmderr.Unauthenticated, "Unauthorized"},
		{"forbidden", 403, "", ``, cmderr.PermissionDenied, "HTTP 403 Forbidden"},
		{"plain", 500, "text/plain", `boom`, cmderr.Unavailable, "boom (HTTP 500)"},
		{"login page with 200", 200, "text/html", `<html>login</html>`, cmderr.Unavailable, "HTML page instead of JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.ctype != "" {
					w.Header().Set("Content-Type", tt.ctype)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			c := newClient(t, srv, nil, nil)
			c.maxAttempts = 1
			err := c.Get(context.Background(), "/api/v1/main/flows/x/y", nil, &map[string]any{})
			if cmderr.CodeOf(err) != tt.wantCode || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("err = %v (code %v), want %v containing %q", err, cmderr.CodeOf(err), tt.wantCode, tt.wantMsg)
			}
		})
	}
}

// flaky answers with the given statuses in turn, then 200.
func flaky(statuses ...int) (http.Handler, *int32) {
	var n int32
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := atomic.AddInt32(&n, 1) - 1
		if int(i) < len(statuses) {
			if statuses[i] == 429 {
				w.Header().Set("Retry-After", "1")
			}
			w.WriteHeader(statuses[i])
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	}), &n
}

func TestRetries(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		idempotent bool
		statuses   []int
		wantCalls  int32
		wantErr    bool
	}{
		{"GET retried on 503", http.MethodGet, false, []int{503, 502}, 3, false},
		{"GET retried on 429", http.MethodGet, false, []int{429}, 2, false},
		{"GET gives up after max attempts", http.MethodGet, false, []int{503, 503, 503, 503, 503, 503}, 5, true},
		{"GET not retried on 500", http.MethodGet, false, []int{500}, 1, true},
		{"GET not retried on 404", http.MethodGet, false, []int{404}, 1, true},
		{"PUT retried on 504", http.MethodPut, false, []int{504}, 2, false},
		{"DELETE retried", http.MethodDelete, false, []int{503}, 2, false},
		{"POST not retried on 503", http.MethodPost, false, []int{503}, 1, true},
		{"POST not retried on 502", http.MethodPost, false, []int{502}, 1, true},
		{"POST retried on 429 (not processed)", http.MethodPost, false, []int{429}, 2, false},
		{"idempotent POST retried on 503", http.MethodPost, true, []int{503}, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, n := flaky(tt.statuses...)
			srv := httptest.NewServer(h)
			defer srv.Close()
			var lines []string
			var mu sync.Mutex
			c := newClient(t, srv, nil, func(s string) { mu.Lock(); lines = append(lines, s); mu.Unlock() })
			req := &Request{Method: tt.method, Path: "/api/v1/x", Idempotent: tt.idempotent}
			if tt.method != http.MethodGet {
				if err := req.JSONBody(map[string]int{"a": 1}); err != nil {
					t.Fatal(err)
				}
			}
			err := c.JSON(context.Background(), req, nil)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got := atomic.LoadInt32(n); got != tt.wantCalls {
				t.Fatalf("server saw %d calls, want %d", got, tt.wantCalls)
			}
			if tt.wantCalls > 1 && !strings.Contains(strings.Join(lines, "\n"), "retrying in") {
				t.Fatalf("retries not traced: %v", lines)
			}
		})
	}
}

func TestRetryAfterHonouredAndCapped(t *testing.T) {
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"2", 2 * time.Second},
		{"3600", MaxRetryAfter},
		{"", 0},
		{"-1", 0},
		{"soon", 0},
		// An overflowing value is the cap, not "retry at once".
		{"99999999999999999999", MaxRetryAfter},
		{"-99999999999999999999", 0},
	}
	for _, tt := range tests {
		got := parseRetryAfter(tt.header)
		if tt.want != 0 {
			got = backoff(1, got)
		}
		if got != tt.want {
			t.Errorf("Retry-After %q -> %s, want %s", tt.header, got, tt.want)
		}
	}
	date := time.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat)
	if d := parseRetryAfter(date); d <= 3*time.Second || d > 6*time.Second {
		t.Errorf("HTTP-date Retry-After -> %s", d)
	}
	for attempt := 1; attempt <= 10; attempt++ {
		if d := backoff(attempt, 0); d <= 0 || d > backoffMax {
			t.Errorf("backoff(%d) = %s", attempt, d)
		}
	}
}

func TestDroppedConnectionRetriedOnlyWhenSafe(t *testing.T) {
	var calls int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if atomic.AddInt32(&calls, 1) == 1 {
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			conn.Close() // drop mid-request
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{}`)
	}))
	defer srv.Close()
	c := newClient(t, srv, nil, nil)
	if err := c.Get(context.Background(), "/api/v1/x", nil, nil); err != nil {
		t.Fatalf("GET after a dropped connection: %v", err)
	}
	atomic.StoreInt32(&calls, 0)
	err := c.Send(context.Background(), http.MethodPost, "/api/v1/main/executions/ns/f", map[string]string{}, nil)
	if err == nil || atomic.LoadInt32(&calls) != 1 {
		t.Fatalf("POST after a dropped connection: err=%v calls=%d (must not be repeated)", err, calls)
	}
	if cmderr.CodeOf(err) != cmderr.Unavailable {
		t.Fatalf("code = %v", cmderr.CodeOf(err))
	}
}

func TestNetworkErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c, _ := New(Config{BaseURL: "http://" + addr, Sleep: noSleep})
	err = c.Get(context.Background(), "/api/v1/configs", nil, nil)
	if cmderr.CodeOf(err) != cmderr.Unavailable || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("refused: %v", err)
	}
	c, _ = New(Config{BaseURL: "http://no-such-host.invalid", Sleep: noSleep})
	err = c.Get(context.Background(), "/api/v1/configs", nil, nil)
	if cmderr.CodeOf(err) != cmderr.Unavailable || !strings.Contains(err.Error(), "cannot resolve host") {
		t.Fatalf("dns: %v", err)
	}
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer tlsSrv.Close()
	c, _ = New(Config{BaseURL: tlsSrv.URL, Sleep: noSleep})
	err = c.Get(context.Background(), "/api/v1/configs", nil, nil)
	if cmderr.CodeOf(err) != cmderr.Unavailable || !strings.Contains(err.Error(), "unknown authority") || !strings.Contains(err.Error(), "--ca-cert") {
		t.Fatalf("tls: %v", err)
	}
	c, _ = New(Config{BaseURL: tlsSrv.URL, Insecure: true})
	if err := c.Get(context.Background(), "/api/v1/configs", nil, nil); err != nil {
		t.Fatalf("insecure: %v", err)
	}
}

func TestTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}))
	defer srv.Close()
	c, _ := New(Config{BaseURL: srv.URL, Timeout: 50 * time.Millisecond, Sleep: noSleep})
	start := time.Now()
	err := c.Get(context.Background(), "/api/v1/slow", nil, nil)
	if cmderr.CodeOf(err) != cmderr.Timeout {
		t.Fatalf("err = %v (%v)", err, cmderr.CodeOf(err))
	}
	if time.Since(start) > time.Second {
		t.Fatalf("timeout took %s", time.Since(start))
	}
}

func TestTraceMasksCredentials(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "session=server-secret")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{}`)
	}))
	defer srv.Close()
	var lines []string
	c := newClient(t, srv, StaticCredentials{Token: "tok-secret", Headers: []Header{{"X-Api-Key", "key-secret"}}}, func(s string) { lines = append(lines, s) })
	if err := c.Get(context.Background(), "/api/v1/x", url.Values{"token": {"q-secret"}}, nil); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(lines, "\n")
	for _, secret := range []string{"tok-secret", "key-secret", "server-secret", "q-secret"} {
		if strings.Contains(all, secret) {
			t.Fatalf("trace leaks %s:\n%s", secret, all)
		}
	}
	if !strings.Contains(all, "Authorization: REDACTED") || !strings.Contains(all, "> GET ") || !strings.Contains(all, "< 200 OK") {
		t.Fatalf("trace incomplete:\n%s", all)
	}
}

func TestPaginate(t *testing.T) {
	const total = 950
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		size, _ := strconv.Atoi(r.URL.Query().Get("size"))
		// Later pages answer sooner: the order must still hold.
		time.Sleep(time.Duration(10-page) * time.Millisecond)
		var res []map[string]int
		for i := (page - 1) * size; i < page*size && i < total; i++ {
			res = append(res, map[string]int{"n": i})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"results": res, "total": total})
	}))
	defer srv.Close()
	c := newClient(t, srv, nil, nil)
	var got []int
	pages := 0
	err := Paginate(context.Background(), c, "/api/v1/main/flows/search", url.Values{"q": {"x"}}, 100, func(items []struct{ N int }, tot int64) error {
		pages++
		for _, it := range items {
			got = append(got, it.N)
		}
		if tot != total {
			return fmt.Errorf("total %d", tot)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range got {
		if n != i {
			t.Fatalf("item %d is %d: pages out of order", i, n)
		}
	}
	if len(got) != total || pages != 10 {
		t.Fatalf("got %d items in %d pages", len(got), pages)
	}
	stop := errors.New("stop")
	if err := Paginate(context.Background(), c, "/x", nil, 10, func([]struct{ N int }, int64) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("callback error not returned: %v", err)
	}
}

func TestNumbersKeepEveryDigit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"big":1725000000000000001}`)
	}))
	defer srv.Close()
	c := newClient(t, srv, nil, nil)
	var v map[string]any
	if err := c.Get(context.Background(), "/x", nil, &v); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(v["big"]) != "1725000000000000001" {
		t.Fatalf("big = %v", v["big"])
	}
}

func FuzzDecodeAPIError(f *testing.F) {
	f.Add(404, "application/json", `{"message":"x"}`)
	f.Add(500, "text/html", `<html>`)
	f.Add(422, "", `{"_embedded":{"errors":[{"message":"m"}]}}`)
	f.Fuzz(func(t *testing.T, status int, ctype, body string) {
		e := decodeAPIError("GET", "/x", status, ctype, []byte(body))
		_ = e.Error()
		_ = e.ErrorCode()
	})
}

func FuzzParseRetryAfter(f *testing.F) {
	f.Add("120")
	f.Add("Wed, 21 Oct 2015 07:28:00 GMT")
	f.Fuzz(func(t *testing.T, v string) {
		if d := parseRetryAfter(v); d < 0 {
			t.Fatalf("negative wait %s for %q", d, v)
		}
	})
}

func TestBodyDroppedMidAnswerIsRetried(t *testing.T) {
	var calls int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if atomic.AddInt32(&calls, 1) == 1 {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			io.WriteString(w, `{"partial":`)
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			conn.Close()
			return
		}
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	c := newClient(t, srv, nil, nil)
	var out map[string]bool
	if err := c.Get(context.Background(), "/api/v1/x", nil, &out); err != nil || !out["ok"] || atomic.LoadInt32(&calls) != 2 {
		t.Fatalf("err=%v out=%v calls=%d", err, out, calls)
	}
	// A plain POST whose answer was cut is not repeated.
	atomic.StoreInt32(&calls, 0)
	err := c.Send(context.Background(), http.MethodPost, "/api/v1/x", map[string]int{}, &out)
	if err == nil || atomic.LoadInt32(&calls) != 1 || cmderr.CodeOf(err) != cmderr.Unavailable {
		t.Fatalf("POST: err=%v calls=%d", err, calls)
	}
}

// Backoff (exported for callers that retry on their own) grows
// exponentially with equal jitter up to backoffMax, and tolerates any
// attempt number.
func TestBackoffExported(t *testing.T) {
	for attempt := -1; attempt <= 70; attempt++ {
		full := backoffMax
		if n := max(attempt, 1) - 1; n < 5 {
			full = min(backoffBase<<n, backoffMax)
		}
		for range 20 {
			if d := Backoff(attempt); d < full/2 || d > full {
				t.Fatalf("Backoff(%d) = %s, want between %s and %s", attempt, d, full/2, full)
			}
		}
	}
}
