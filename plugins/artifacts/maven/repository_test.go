package maven

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kestractl/kestractl/plugins/artifacts/checksum"
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

var kafka = coord.Coordinate{GroupID: "io.kestra.plugin", ArtifactID: "plugin-kafka", Version: "1.6.0"}

func repo(t *testing.T, h http.HandlerFunc) (*Repository, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := kestra.New(kestra.Config{BaseURL: srv.URL + "/maven2/", MaxAttempts: 2, Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	return New(c), srv.URL + "/maven2"
}

func TestURL(t *testing.T) {
	r, base := repo(t, http.NotFound)
	if got := r.URL(kafka); got != base+"/io/kestra/plugin/plugin-kafka/1.6.0/plugin-kafka-1.6.0.jar" {
		t.Fatalf("URL = %s", got)
	}
}

// checksumRepo serves the checksum files in files (by extension, e.g.
// "sha1"); others are 404. A value "403" answers 403.
func checksumRepo(t *testing.T, files map[string]string) (*Repository, *[]string) {
	var asked []string
	r, _ := repo(t, func(w http.ResponseWriter, req *http.Request) {
		ext := req.URL.Path[strings.LastIndex(req.URL.Path, ".")+1:]
		asked = append(asked, ext)
		body, ok := files[ext]
		switch {
		case !ok:
			http.NotFound(w, req)
		case body == "403":
			w.WriteHeader(http.StatusForbidden)
		default:
			w.Write([]byte(body))
		}
	})
	return r, &asked
}

func TestChecksumPolicy(t *testing.T) {
	sha256 := strings.Repeat("5", 64)
	sha512 := strings.Repeat("a", 128)
	sha1 := "da39a3ee5e6b4b0d3255bfef95601890afd80709"
	md5 := strings.Repeat("d", 32)
	all := map[string]string{"sha256": sha256 + "  plugin-kafka-1.6.0.jar\n", "sha512": sha512, "sha1": strings.ToUpper(sha1), "md5": md5}
	without := func(exts ...string) map[string]string {
		m := map[string]string{}
		for k, v := range all {
			m[k] = v
		}
		for _, e := range exts {
			delete(m, e)
		}
		return m
	}
	with := func(ext, body string) map[string]string {
		m := without()
		m[ext] = body
		return m
	}
	tests := []struct {
		name  string
		files map[string]string
		alg   checksum.Algorithm
		hex   string
		asked string
		err   string // a substring of the error; "" for none
	}{
		{"sha256 first", all, checksum.SHA256, sha256, "sha256", ""},
		{"then sha512", without("sha256"), checksum.SHA512, sha512, "sha256 sha512", ""},
		{"then sha1", without("sha256", "sha512"), checksum.SHA1, sha1, "sha256 sha512 sha1", ""},
		{"md5 last", without("sha256", "sha512", "sha1"), checksum.MD5, md5, "sha256 sha512 sha1 md5", ""},
		{"none", without("sha256", "sha512", "sha1", "md5"), "", "", "sha256 sha512 sha1 md5", ""},
		// A published file that cannot be used fails: no fall back to the
		// next one, nor to "none published".
		{"malformed", with("sha256", "<html>not a checksum</html>"), "", "", "sha256", "unusable .sha256 file (no 64-character hex SHA-256 digest"},
		{"oversized", with("sha256", sha256+"\n"+strings.Repeat("#", checksum.MaxFile)), "", "", "sha256", "unusable .sha256 file (the checksum file is larger than 4096 bytes)"},
		{"malformed weaker", with("sha1", "zz"), checksum.SHA256, sha256, "sha256", ""},
		{"malformed only", map[string]string{"md5": "x"}, "", "", "sha256 sha512 sha1 md5", "unusable .md5 file"},
		{"forbidden", with("sha256", "403"), "", "", "sha256", "fetch the SHA-256 checksum of io.kestra.plugin:plugin-kafka:1.6.0: the repository refused access (HTTP 403)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, asked := checksumRepo(t, tc.files)
			exp, err := r.Checksum(context.Background(), kafka)
			if got := strings.Join(*asked, " "); got != tc.asked {
				t.Errorf("asked for %s, want %s", got, tc.asked)
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !exp.None() {
					t.Fatalf("Checksum = %+v, %v; want an error with %q", exp, err, tc.err)
				}
				return
			}
			if err != nil || exp.Algorithm != tc.alg || exp.Hex != tc.hex {
				t.Fatalf("Checksum = %+v, %v; want %s %s", exp, err, tc.alg, tc.hex)
			}
		})
	}
}

func TestChecksumNonePublished(t *testing.T) {
	r, _ := repo(t, http.NotFound)
	exp, err := r.Checksum(context.Background(), kafka)
	if err != nil || !exp.None() {
		t.Fatalf("%+v, %v", exp, err)
	}
}

func TestChecksumDroppedConnectionIsRetried(t *testing.T) {
	var calls atomic.Int32
	r, _ := repo(t, func(w http.ResponseWriter, req *http.Request) {
		if calls.Add(1) < 3 {
			w.Header().Set("Content-Length", "128")
			w.Write([]byte("ab"))
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		w.Write([]byte(strings.Repeat("ab", 32)))
	})
	var retries []Retry
	r.OnRetry = func(x Retry) { retries = append(retries, x) }
	exp, err := r.Checksum(context.Background(), kafka)
	if err != nil || exp.Algorithm != checksum.SHA256 {
		t.Fatalf("%+v, %v", exp, err)
	}
	if len(retries) != 2 || retries[0].What != "sha256" || retries[0].Coordinate != kafka {
		t.Fatalf("retries %+v", retries)
	}
}

func TestErrorsSayWhatToDo(t *testing.T) {
	r, base := repo(t, func(w http.ResponseWriter, req *http.Request) {
		switch {
		case strings.Contains(req.URL.Path, "/secret/"):
			w.WriteHeader(http.StatusUnauthorized)
		case strings.Contains(req.URL.Path, "/busy/"):
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		case strings.Contains(req.URL.Path, "/broken/"):
			w.WriteHeader(http.StatusInternalServerError)
		default:
			http.NotFound(w, req)
		}
	})
	_, err := r.Open(context.Background(), kafka, 0)
	if cmderr.CodeOf(err) != cmderr.NotFound || err.Error() != "artifact not found at "+base+"/io/kestra/plugin/plugin-kafka/1.6.0/plugin-kafka-1.6.0.jar (HTTP 404): check that the groupId, artifactId and version exist on the repository" {
		t.Fatalf("404: %v", err)
	}
	_, err = r.Checksum(context.Background(), coord.Coordinate{GroupID: "secret", ArtifactID: "a", Version: "1"})
	if cmderr.CodeOf(err) != cmderr.Unauthenticated || !strings.Contains(cmderr.From(err).Hint, "--maven-username") {
		t.Fatalf("401: %v", err)
	}
	_, err = r.Open(context.Background(), coord.Coordinate{GroupID: "busy", ArtifactID: "a", Version: "1"}, 0)
	if !IsRateLimited(err) || cmderr.CodeOf(err) != cmderr.Unavailable || !strings.Contains(err.Error(), "rate limiting (HTTP 429)") {
		t.Fatalf("429: %v", err)
	}
	_, err = r.Open(context.Background(), coord.Coordinate{GroupID: "broken", ArtifactID: "a", Version: "1"}, 0)
	if err == nil || err.Error() != "download broken:a:1: repository returned HTTP 500" {
		t.Fatalf("500: %v", err)
	}
}

func TestOpenRange(t *testing.T) {
	content := strings.Repeat("x", 1000)
	r, _ := repo(t, func(w http.ResponseWriter, req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/maven2/bad") {
			w.Header().Set("Content-Range", "bytes 5-9/1000")
			w.WriteHeader(http.StatusPartialContent)
			return
		}
		http.ServeContent(w, req, "", time.Time{}, strings.NewReader(content))
	})
	b, err := r.Open(context.Background(), kafka, 400)
	if err != nil || b.Offset != 400 || b.Size != 1000 {
		t.Fatalf("%+v, %v", b, err)
	}
	got, _ := io.ReadAll(b)
	b.Close()
	if len(got) != 600 {
		t.Fatalf("read %d", len(got))
	}
	if _, err := r.Open(context.Background(), kafka, 1000); !errors.Is(err, ErrRangeNotSatisfiable) {
		t.Fatalf("past the end: %v", err)
	}
	if _, err := r.Open(context.Background(), coord.Coordinate{GroupID: "bad", ArtifactID: "a", Version: "1"}, 10); err == nil || !strings.Contains(err.Error(), "unusable range") {
		t.Fatalf("wrong range: %v", err)
	}
}

func TestParseContentRange(t *testing.T) {
	tests := []struct {
		in          string
		start, size int64
		ok          bool
	}{
		{"bytes 0-99/100", 0, 100, true},
		{"bytes 50-99/100", 50, 100, true},
		{"bytes 50-99/*", 50, -1, true},
		{"bytes 50-99/99", 0, 0, false},
		{"bytes 99-50/100", 0, 0, false},
		{"bytes -1-5/100", 0, 0, false},
		{"items 0-1/2", 0, 0, false},
		{"bytes 0-1", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tc := range tests {
		start, size, ok := parseContentRange(tc.in)
		if ok != tc.ok || (ok && (start != tc.start || size != tc.size)) {
			t.Errorf("parseContentRange(%q) = %d, %d, %v", tc.in, start, size, ok)
		}
	}
}

func FuzzParseContentRange(f *testing.F) {
	f.Add("bytes 0-99/100")
	f.Add("bytes 5-9/*")
	f.Add("bytes 9223372036854775807-9223372036854775807/*")
	f.Fuzz(func(t *testing.T, s string) {
		start, size, ok := parseContentRange(s)
		if !ok {
			return
		}
		if start < 0 || (size != -1 && size <= start) {
			t.Fatalf("parseContentRange(%q) = %d, %d", s, start, size)
		}
	})
}

// Issue 20 #32: a checksum file that is published but cannot be read (every
// answer cut, a server error) fails the verification: no weaker checksum
// is tried instead, and nothing says "none published".
func TestPublishedButUnreadableChecksumIsAFailure(t *testing.T) {
	for _, tc := range []struct {
		name  string
		code  cmderr.Code
		msg   string
		serve func(w http.ResponseWriter)
	}{
		{"every answer cut", cmderr.Unavailable, "cannot verify io.kestra.plugin:plugin-kafka:1.6.0: the repository publishes a .sha256 file that could not be read (the connection was lost 5 times while reading it: unexpected EOF)", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "64")
			w.Write([]byte(strings.Repeat("ab", 16)))
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		}},
		{"server error", cmderr.Unavailable, "fetch the SHA-256 checksum of io.kestra.plugin:plugin-kafka:1.6.0: repository returned HTTP 503", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusServiceUnavailable)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked []string
			var mu sync.Mutex
			r, _ := repo(t, func(w http.ResponseWriter, req *http.Request) {
				ext := req.URL.Path[strings.LastIndex(req.URL.Path, ".")+1:]
				mu.Lock()
				asked = append(asked, ext)
				mu.Unlock()
				if ext != "sha256" {
					w.Write([]byte(strings.Repeat("cd", 64)))
					return
				}
				tc.serve(w)
			})
			var waits []time.Duration
			r.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
			exp, err := r.Checksum(context.Background(), kafka)
			if err == nil || cmderr.CodeOf(err) != tc.code || err.Error() != tc.msg {
				t.Fatalf("%+v, %v (code %v)", exp, err, cmderr.CodeOf(err))
			}
			for _, ext := range asked {
				if ext != "sha256" {
					t.Fatalf("fell back to .%s (asked %v)", ext, asked)
				}
			}
			// The cut answers are asked again with the client's backoff.
			for k, w := range waits {
				if full := 200 * time.Millisecond << k; w < full/2 || w > full {
					t.Fatalf("waits %v", waits)
				}
			}
		})
	}
}
