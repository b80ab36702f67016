package kestra

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// plainFor sends the https requests of a test to the TLS server and its
// http requests, which name the same host:port, to a plain HTTP server:
// one gateway answering both schemes on one address, as some do. Two
// httptest servers cannot share a port, and checkRedirect compares
// URL.Host (host and port), so without this the downgrade redirect
// would also be a cross-host one and the test could not tell the rules
// apart.
type plainFor struct {
	secure http.RoundTripper
	plain  *url.URL // the plain server
	seen   []string // the URLs asked for, in order
}

func (p *plainFor) RoundTrip(req *http.Request) (*http.Response, error) {
	p.seen = append(p.seen, req.URL.String())
	if req.URL.Scheme == "https" {
		return p.secure.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.URL.Host, r.Host = p.plain.Host, ""
	return http.DefaultTransport.RoundTrip(r)
}

// TestRedirectDowngradeDropsHeaders: a redirect from https to http on the
// same host:port carries none of the user's headers (the downgrade rule of
// checkRedirect, issue 20 item 5), while an https redirect on that host
// keeps them.
func TestRedirectDowngradeDropsHeaders(t *testing.T) {
	var plainGot http.Header
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainGot = r.Header.Clone()
		_, _ = w.Write([]byte(`{}`))
	}))
	defer plain.Close()
	var secureGot http.Header
	secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/down": // same host and port, plain http
			http.Redirect(w, r, "http://"+r.Host+"/landed", http.StatusFound)
		case "/stay":
			http.Redirect(w, r, "/landed", http.StatusFound)
		default:
			secureGot = r.Header.Clone()
			_, _ = w.Write([]byte(`{}`))
		}
	}))
	defer secure.Close()
	su, _ := url.Parse(secure.URL)
	pu, _ := url.Parse(plain.URL)
	tr := &plainFor{secure: secure.Client().Transport, plain: pu}
	c, err := New(Config{BaseURL: secure.URL, Transport: tr,
		Headers:     http.Header{"X-Gateway-Key": {"gw-secret"}, "X-Team": {"data"}},
		Credentials: StaticCredentials{Token: "tok"}})
	if err != nil {
		t.Fatal(err)
	}

	if err := c.Get(context.Background(), "/down", nil, nil); err != nil {
		t.Fatal(err)
	}
	// The redirect kept the host and port: only the scheme changed.
	if want := []string{secure.URL + "/down", "http://" + su.Host + "/landed"}; len(tr.seen) != 2 || tr.seen[0] != want[0] || tr.seen[1] != want[1] {
		t.Fatalf("asked for %v, want %v", tr.seen, want)
	}
	if plainGot == nil {
		t.Fatal("the redirect was not followed")
	}
	for _, h := range []string{"X-Gateway-Key", "X-Team", "Authorization"} {
		if v := plainGot.Get(h); v != "" {
			t.Errorf("%s: %q followed a redirect from https to http", h, v)
		}
	}
	if plainGot.Get("User-Agent") == "" {
		t.Error("harmless headers were dropped too")
	}

	if err := c.Get(context.Background(), "/stay", nil, nil); err != nil {
		t.Fatal(err)
	}
	if secureGot.Get("X-Gateway-Key") != "gw-secret" || secureGot.Get("X-Team") != "data" {
		t.Errorf("an https redirect on the same host lost the user's headers: %v", secureGot)
	}
}
