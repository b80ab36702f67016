package e2e

import (
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestTLS: a server with a certificate the system does not trust is
// refused with a clear line (exit 7); --ca-cert (flag, env or context)
// trusts it; --insecure-skip-tls-verify skips the check.
func TestTLS(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	target, _ := url.Parse(s.URL)
	front := httptest.NewTLSServer(httputil.NewSingleHostReverseProxy(target))
	defer front.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: front.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(isolatedEnv(t), "KESTRACTL_USERNAME=admin@kestra.io", "KESTRACTL_PASSWORD=Admin1234")

	_, stderr, code := cli(t, env, "namespaces", "list", "--host", front.URL)
	if code != 7 || !strings.Contains(stderr, "TLS certificate signed by an unknown authority") || !strings.Contains(stderr, "--ca-cert") {
		t.Fatalf("untrusted: exit %d %q", code, stderr)
	}
	for _, args := range [][]string{
		{"namespaces", "list", "--host", front.URL, "--ca-cert", ca},
		{"namespaces", "list", "--host", front.URL, "--insecure-skip-tls-verify"},
	} {
		if out, stderr, code := cli(t, env, args...); code != 0 || !strings.Contains(out, "system") {
			t.Fatalf("%v: exit %d %q %q", args, code, out, stderr)
		}
	}
	if out, stderr, code := cli(t, append(env, "KESTRACTL_CA_CERT="+ca), "namespaces", "list", "--host", front.URL); code != 0 || !strings.Contains(out, "system") {
		t.Fatalf("env CA: exit %d %q", code, stderr)
	}
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	body := "contexts:\n  tls:\n    host: " + front.URL + "\n    tenant: main\n    ca_cert: " + ca + "\n    username: admin@kestra.io\n    password: Admin1234\ndefault_context: tls\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, stderr, code := cli(t, isolatedEnv(t), "--config", cfg, "namespaces", "list"); code != 0 || !strings.Contains(out, "system") {
		t.Fatalf("context CA: exit %d %q", code, stderr)
	}
	_, stderr, code = cli(t, env, "namespaces", "list", "--host", front.URL, "--ca-cert", "/nonexistent.pem")
	if code != 2 || !strings.Contains(stderr, "cannot read the CA certificate file") {
		t.Fatalf("missing CA file: exit %d %q", code, stderr)
	}
}

// TestHTMLInsteadOfJSON: a login page where the API should be is one clear
// line, exit 7 (4 when the page comes with a 401).
func TestHTMLInsteadOfJSON(t *testing.T) {
	t.Parallel()
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Query().Get("deny") != "" || strings.Contains(r.URL.Path, "/deny/") {
			w.WriteHeader(http.StatusUnauthorized)
		}
		io.WriteString(w, "<html><body><form>Login</form></body></html>")
	}))
	defer page.Close()
	env := append(isolatedEnv(t), "KESTRACTL_TOKEN=x")
	out, stderr, code := cli(t, env, "namespaces", "list", "--host", page.URL)
	if code != 7 || out != "" || !strings.Contains(stderr, "HTML page instead of JSON") || strings.Contains(stderr, "<html>") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	_, stderr, code = cli(t, env, "flows", "get", "deny", "x", "--host", page.URL, "--tenant", "deny")
	if code != 4 {
		t.Fatalf("401 page: exit %d %q", code, stderr)
	}
}

// TestProxy: HTTPS_PROXY/HTTP_PROXY carry the requests, NO_PROXY bypasses
// the proxy.
func TestProxy(t *testing.T) {
	t.Parallel()
	s := startSim(t)
	target, _ := url.Parse(s.URL)
	var proxied atomic.Int32
	// A forward proxy that sends every request to kestrasim.
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxied.Add(1)
		r.URL.Scheme, r.URL.Host = target.Scheme, target.Host
		r.RequestURI = ""
		resp, err := http.DefaultTransport.RoundTrip(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	defer proxy.Close()
	env := append(isolatedEnv(t), "KESTRACTL_USERNAME=admin@kestra.io", "KESTRACTL_PASSWORD=Admin1234", "HTTP_PROXY="+proxy.URL)
	out, stderr, code := cli(t, env, "namespaces", "list", "--host", "http://kestra.through-proxy.test")
	if code != 0 || !strings.Contains(out, "system") || proxied.Load() == 0 {
		t.Fatalf("through the proxy: exit %d, %d proxied, %q", code, proxied.Load(), stderr)
	}
	before := proxied.Load()
	_, stderr, code = cli(t, append(env, "NO_PROXY=through-proxy.test"), "namespaces", "list", "--host", "http://kestra.through-proxy.test")
	if code != 7 || proxied.Load() != before || !strings.Contains(stderr, "cannot resolve host") {
		t.Fatalf("NO_PROXY: exit %d, %d proxied, %q", code, proxied.Load()-before, stderr)
	}
}
