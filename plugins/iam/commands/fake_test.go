package commands_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/kestractl/kestractl/plugins/iam/commands"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// iamPlugin is the plugin under test.
func iamPlugin() plugin.Plugin { return commands.Plugin("test") }

// request is a request the fake server received.
type request struct {
	Method string
	Path   string
	Query  url.Values
	Body   any // decoded JSON, nil without a body
	Auth   string
	// auto marks a lookup answered by the fake's default objects (see
	// defaultObject): not part of what tests check.
	auto bool
}

// reply is a canned answer.
type reply struct {
	Status int
	Body   any // JSON-encoded unless it is a string
}

// fake is a small Kestra IAM server: it answers from canned replies keyed
// by "METHOD /path" and records every request.
type fake struct {
	t       *testing.T
	edition string // answered by /api/v1/configs (default EE)

	mu      sync.Mutex
	routes  map[string][]reply // successive answers; the last one repeats
	reqs    []request
	srv     *httptest.Server
	handler func(r request) (reply, bool)
}

func newFake(t *testing.T) *fake {
	f := &fake{t: t, edition: "EE", routes: map[string][]reply{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// on sets the replies of a route.
func (f *fake) on(route string, replies ...reply) *fake {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[route] = replies
	return f
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rec := request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Auth: r.Header.Get("Authorization")}
	if len(b) > 0 {
		if err := json.Unmarshal(b, &rec.Body); err != nil {
			f.t.Errorf("%s %s: body is not JSON: %v: %s", r.Method, r.URL.Path, err, b)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			f.t.Errorf("%s %s: Content-Type %q", r.Method, r.URL.Path, ct)
		}
	}
	if r.URL.Path == "/api/v1/configs" {
		writeReply(w, reply{Status: 200, Body: map[string]any{"version": "2.0.0", "edition": f.edition}})
		return
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, rec)
	key := r.Method + " " + r.URL.Path
	replies := f.routes[key]
	var rep reply
	found := len(replies) > 0
	if found {
		rep = replies[0]
		if len(replies) > 1 {
			f.routes[key] = replies[1:]
		}
	}
	h := f.handler
	f.mu.Unlock()
	if !found && h != nil {
		rep, found = h(rec)
	}
	if !found && f.edition != "OSS" {
		if obj, ok := defaultObject(rec); ok {
			rep, found = reply{Body: obj}, true
			f.mu.Lock()
			f.reqs[len(f.reqs)-1].auto = true
			f.mu.Unlock()
		}
	}
	if !found {
		rep = reply{Status: 404, Body: map[string]any{"message": "Page Not Found"}}
	}
	writeReply(w, rep)
}

func writeReply(w http.ResponseWriter, rep reply) {
	if rep.Status == 0 {
		rep.Status = 200
	}
	if rep.Body == nil {
		w.WriteHeader(rep.Status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.Status)
	if s, ok := rep.Body.(string); ok {
		_, _ = io.WriteString(w, s)
		return
	}
	_ = json.NewEncoder(w).Encode(rep.Body)
}

// requests returns what the server received (configs probes and lookups
// answered by default objects excluded).
func (f *fake) requests() []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []request
	for _, r := range f.reqs {
		if !r.auto {
			out = append(out, r)
		}
	}
	return out
}

// defaultObject answers a GET of a user, group, role or service account
// by id that no test set up: an object whose name is its id, so that a
// command resolving an id (it also takes e-mails and names) finds it and
// names it as the id. Resolution itself is tested against kestrasim.
func defaultObject(r request) (map[string]any, bool) {
	if r.Method != http.MethodGet {
		return nil, false
	}
	parts := strings.Split(strings.TrimPrefix(r.Path, "/api/v1/"), "/")
	switch {
	case len(parts) == 2 && parts[0] == "users":
		return map[string]any{"id": parts[1], "username": parts[1], "email": parts[1]}, true
	case len(parts) == 2 && parts[0] == "service-accounts":
		return map[string]any{"id": parts[1], "name": parts[1]}, true
	case len(parts) == 3 && parts[0] == "main" && (parts[1] == "groups" || parts[1] == "roles"):
		if parts[2] == "search" {
			return nil, false
		}
		return map[string]any{"id": parts[2], "name": parts[2]}, true
	}
	return nil, false
}

// run runs argv against the fake with JSON output and --yes.
func (f *fake) run(argv ...string) *plugintest.Result {
	f.t.Helper()
	return f.runWith(plugintest.Options{Format: "json", AssumeYes: true}, argv...)
}

func (f *fake) runWith(opts plugintest.Options, argv ...string) *plugintest.Result {
	f.t.Helper()
	opts.Server = f.srv.URL
	if opts.Username == "" && opts.Token == "" {
		opts.Username, opts.Password = plugintest.SimUser, plugintest.SimPassword
	}
	return plugintest.Run(f.t, iamPlugin(), opts, argv...)
}

// want is an expected request: Query holds the parameters that must be
// there (others are allowed); Body, when not nil, must equal the decoded
// body (NoBody: no body at all).
type want struct {
	Method, Path string
	Query        url.Values
	Body         any
}

// noBody marks a request that must have no body.
type noBody struct{}

// check compares the requests the server got with ws, in order.
func check(t *testing.T, got []request, ws ...want) {
	t.Helper()
	if len(got) != len(ws) {
		t.Fatalf("got %d request(s), want %d:\n%s", len(got), len(ws), describe(got))
	}
	for i, w := range ws {
		g := got[i]
		if g.Method != w.Method || g.Path != w.Path {
			t.Errorf("request %d: %s %s, want %s %s", i, g.Method, g.Path, w.Method, w.Path)
			continue
		}
		for k, v := range w.Query {
			if !reflect.DeepEqual(g.Query[k], v) {
				t.Errorf("request %d (%s %s): query %s = %q, want %q (query %s)", i, g.Method, g.Path, k, g.Query[k], v, g.Query.Encode())
			}
		}
		switch wb := w.Body.(type) {
		case nil:
		case noBody:
			if g.Body != nil {
				t.Errorf("request %d (%s %s): unexpected body %s", i, g.Method, g.Path, js(g.Body))
			}
		default:
			if js(g.Body) != js(normalize(wb)) {
				t.Errorf("request %d (%s %s): body\n got %s\nwant %s", i, g.Method, g.Path, js(g.Body), js(normalize(wb)))
			}
		}
	}
}

func describe(reqs []request) string {
	var b strings.Builder
	for _, r := range reqs {
		b.WriteString("  " + r.Method + " " + r.Path + "?" + r.Query.Encode() + " " + js(r.Body) + "\n")
	}
	return b.String()
}

func normalize(v any) any {
	var out any
	_ = json.Unmarshal([]byte(js(v)), &out)
	return out
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// ok fails the test when the command failed.
func ok(t *testing.T, r *plugintest.Result) {
	t.Helper()
	if r.Err != nil {
		t.Fatalf("command failed: %v (code %s, hint %q, details %q)", r.Err, r.Err.Code, r.Err.Hint, r.Err.Details)
	}
}

// page is a Kestra page.
func page(total int, items ...any) map[string]any {
	if items == nil {
		items = []any{}
	}
	return map[string]any{"results": items, "total": total}
}
