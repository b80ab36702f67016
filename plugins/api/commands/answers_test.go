package commands

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// fakeServer answers what a test needs that kestrasim does not do on
// purpose (oversized or broken answers, streams, a server that ignores
// page).
func fakeServer(t *testing.T, h http.HandlerFunc) plugintest.Options {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return plugintest.Options{Server: srv.URL, Token: "t", Cwd: t.TempDir()}
}

func runAPI(t *testing.T, opts plugintest.Options, argv ...string) *plugintest.Result {
	t.Helper()
	return plugintest.Run(t, Plugin("test", ContextProtected), opts, append([]string{"api"}, argv...)...)
}

func TestStructuredStreams(t *testing.T) {
	opts := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/main/executions/e1/follow":
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprint(w, "event: message\ndata: {\"state\":\"RUNNING\"}\n\n: comment\ndata: {\"state\":\n data: \"SUCCESS\"}\n\ndata: not json\n\n")
		case "/api/v1/main/executions/slow/follow":
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprint(w, "data: {\"n\":1}\n\n")
			w.(http.Flusher).Flush()
			time.Sleep(300 * time.Millisecond)
			fmt.Fprint(w, "data: {\"n\":2}\n\n")
		case "/api/v1/main/logs/e1/download":
			w.Header().Set("Content-Type", "application/x-ndjson")
			fmt.Fprint(w, "{\"n\":1}\n\n{\"n\":2}\n")
		}
	})
	opts.Format = "json"
	r := runAPI(t, opts, "executions/e1/follow")
	if r.Err != nil || len(r.RawRecords) != 3 {
		t.Fatalf("%v, records %s", r.Err, r.RawRecords)
	}
	if string(r.RawRecords[0]) != `{"state":"RUNNING"}` || string(r.RawRecords[2]) != `{"data":"not json"}` {
		t.Fatalf("records %s", r.RawRecords)
	}
	// An event stream is read to its end, however long it pauses.
	r = runAPI(t, opts, "executions/slow/follow")
	if r.Err != nil || len(r.RawRecords) != 2 || string(r.RawRecords[1]) != `{"n":2}` {
		t.Fatalf("%v, records %s", r.Err, r.RawRecords)
	}
	r = runAPI(t, opts, "logs/e1/download")
	if r.Err != nil || len(r.RawRecords) != 2 || string(r.RawRecords[1]) != `{"n":2}` {
		t.Fatalf("%v, records %s", r.Err, r.RawRecords)
	}
	// Without -o json: as it came.
	opts.Format = ""
	r = runAPI(t, opts, "logs/e1/download")
	if r.Err != nil || r.Stdout != "{\"n\":1}\n\n{\"n\":2}\n" {
		t.Fatalf("%v, %q", r.Err, r.Stdout)
	}
}

func TestStructuredBounds(t *testing.T) {
	opts := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/big":
			fmt.Fprint(w, `{"a":"`+strings.Repeat("x", MaxStructured)+`"}`)
		case "/broken":
			fmt.Fprint(w, `{"a":`)
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		}
	})
	opts.Format = "json"
	r := runAPI(t, opts, "/big")
	if r.Err == nil || r.Err.Code != cmderr.Generic || !strings.Contains(r.Err.Error(), "larger than 16 MiB") || len(r.Objects) != 0 {
		t.Fatalf("big: %v", r.Err)
	}
	r = runAPI(t, opts, "/broken")
	if r.Err == nil || !strings.Contains(r.Err.Error(), "not valid JSON") {
		t.Fatalf("broken: %v", r.Err)
	}
	if r = runAPI(t, opts, "/empty"); r.Err != nil || len(r.Objects) != 0 || r.Stdout != "" {
		t.Fatalf("empty: %v %d %q", r.Err, len(r.Objects), r.Stdout)
	}
	// Without -o json, any size streams.
	opts.Format = ""
	if r = runAPI(t, opts, "/big"); r.Err != nil || len(r.Stdout) != MaxStructured+8 {
		t.Fatalf("raw big: %v, %d bytes", r.Err, len(r.Stdout))
	}
}

func TestPaginateOddServers(t *testing.T) {
	opts := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v1/main/repeats/search":
			// Ignores page: the same full page forever.
			size, _ := strconv.Atoi(r.URL.Query().Get("size"))
			items := make([]string, size)
			for i := range items {
				items[i] = strconv.Itoa(i)
			}
			fmt.Fprintf(w, `{"results":[%s],"total":1000}`, strings.Join(items, ","))
		case "/api/v1/main/notapage":
			fmt.Fprint(w, `[1,2,3]`)
		case "/api/v1/main/short/search":
			// Announces more than it has.
			if r.URL.Query().Get("page") == "1" {
				fmt.Fprint(w, `{"results":[{"i":1},{"i":2}],"total":5}`)
				return
			}
			fmt.Fprint(w, `{"results":[],"total":5}`)
		}
	})
	r := runAPI(t, opts, "repeats/search", "-f", "size=10", "--paginate", "--ndjson")
	if r.Err != nil || strings.Count(r.Stdout, "\n") != 10 || !strings.Contains(r.MessageText(), "same page twice") {
		t.Fatalf("repeats: %v, %q, %q", r.Err, r.Stdout, r.MessageText())
	}
	r = runAPI(t, opts, "notapage", "--paginate")
	if r.Err == nil || !strings.Contains(r.Err.Hint, `{"results": [...], "total": N}`) || r.Stdout != "" {
		t.Fatalf("not a page: %v (%s), %q", r.Err, r.Err.Hint, r.Stdout)
	}
	r = runAPI(t, opts, "short/search", "-f", "size=2", "--paginate")
	if r.Err != nil || r.Stdout != "[\n{\"i\":1},\n{\"i\":2}\n]\n" || !strings.Contains(r.MessageText(), "got 2 of the 5 items") {
		t.Fatalf("short: %v, %q, %q", r.Err, r.Stdout, r.MessageText())
	}
}

func TestResponseHeadersMasked(t *testing.T) {
	opts := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "SESSION", Value: "secret-session"})
		w.Header().Set("X-Request-Id", "abc")
		fmt.Fprint(w, "ok")
	})
	r := runAPI(t, opts, "-i", "/anything")
	if r.Err != nil || strings.Contains(r.Stdout, "secret-session") || !strings.Contains(r.Stdout, "Set-Cookie: REDACTED\n") ||
		!strings.Contains(r.Stdout, "X-Request-Id: abc\n") || !strings.HasSuffix(r.Stdout, "\n\nok") {
		t.Fatalf("%v:\n%s", r.Err, r.Stdout)
	}
}

func TestRequestAsSent(t *testing.T) {
	var got *http.Request
	var body string
	opts := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		got = r
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{}`)
	})
	opts.Terminal = &plugin.Terminal{}
	r := runAPI(t, opts, "-X", "PATCH", "things/{id}", "id=a b", "-f", "name=x", "-F", "n=2", "-F", "tags[]=a", "-H", "X-Trace: 1", "-H", "Accept: application/vnd.x+json")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if got.Method != "PATCH" || got.URL.EscapedPath() != "/api/v1/main/things/a%20b" || got.Header.Get("X-Trace") != "1" ||
		got.Header.Get("Accept") != "application/vnd.x+json" || got.Header.Get("Content-Type") != "application/json" ||
		got.Header.Get("Authorization") != "Bearer t" || body != `{"n":2,"name":"x","tags":["a"]}` {
		t.Fatalf("sent %s %s %v body %s", got.Method, got.URL, got.Header, body)
	}
}
