package kestra

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// TestRedirectDropsHeaders: a redirect to another host carries none of the
// user's headers (a gateway key, credentials); the same host keeps them.
func TestRedirectDropsHeaders(t *testing.T) {
	var got http.Header
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	defer other.Close()
	var sameHost http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/landed", http.StatusFound)
		case "/here":
			http.Redirect(w, r, "/landed", http.StatusFound)
		default:
			sameHost = r.Header.Clone()
			_, _ = w.Write([]byte(`{}`))
		}
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Headers: http.Header{"X-Gateway-Key": {"gw-secret"}, "X-Team": {"data"}},
		Credentials: StaticCredentials{Token: "tok"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Get(context.Background(), "/away", nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"X-Gateway-Key", "X-Team", "Authorization"} {
		if got.Get(h) != "" {
			t.Errorf("%s followed a redirect to another host", h)
		}
	}
	if got.Get("User-Agent") == "" && got.Get("Accept") == "" {
		t.Error("harmless headers were dropped too")
	}
	if err := c.Get(context.Background(), "/here", nil, nil); err != nil {
		t.Fatal(err)
	}
	if sameHost.Get("X-Gateway-Key") != "gw-secret" {
		t.Error("a same-host redirect lost the user's header")
	}
}

// TestHTMLLabelledJSON: an HTML page sent as application/json is the
// "HTML instead of JSON" error (exit 7), in plain answers and in pages.
func TestHTMLLabelledJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("\n<!DOCTYPE html><html><title>Sign in</title></html>"))
	}))
	defer srv.Close()
	c, _ := New(Config{BaseURL: srv.URL})
	var v map[string]any
	err := c.Get(context.Background(), "/api/v1/main/flows/a/b", nil, &v)
	if cmderr.CodeOf(err) != cmderr.Unavailable || !strings.Contains(err.Error(), "HTML page") {
		t.Fatalf("plain: %v (%v)", err, cmderr.CodeOf(err))
	}
	_, err = c.SearchPage(context.Background(), "/api/v1/main/flows/search", nil, 1, 10)
	if cmderr.CodeOf(err) != cmderr.Unavailable || !strings.Contains(err.Error(), "HTML page") {
		t.Fatalf("page: %v (%v)", err, cmderr.CodeOf(err))
	}
}

func TestSensitiveHeaders(t *testing.T) {
	for name, want := range map[string]bool{
		"Authorization": true, "X-Access-Key": true, "X-Gateway-Key": true, "Ocp-Apim-Subscription-Key": true,
		"X-Client-Secret": true, "X-Api-Token": true, "X-Accesskey": true, "Cookie": true,
		"X-Team": false, "Accept": false, "X-Request-Id": false, "Content-Type": false,
	} {
		if IsSensitiveHeader(name) != want {
			t.Errorf("IsSensitiveHeader(%q) = %v, want %v", name, !want, want)
		}
	}
}

// TestOversizedJSON: an answer over the limit is one clear error naming
// the limit, not "unexpected EOF".
func TestOversizedJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"a":"` + strings.Repeat("x", 5000) + `"}`))
	}))
	defer srv.Close()
	c, _ := New(Config{BaseURL: srv.URL})
	c.maxJSON = 1024
	var v map[string]any
	err := c.Get(context.Background(), "/api/v1/main/x", nil, &v)
	if err == nil || !strings.Contains(err.Error(), "larger than 1024 bytes") {
		t.Fatalf("err = %v", err)
	}
}
