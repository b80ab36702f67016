package contracttest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// recordingTB collects errors instead of failing.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, format)
}

func serve(t *testing.T, v *Validator, rt rest.Route, body, ct string, status int) {
	t.Helper()
	h := v.Middleware(rt, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	mux := http.NewServeMux()
	mux.Handle(rt.Pattern(), h)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(rt.Method, strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(rt.Path, "{tenant}", "main"), "{namespace}", "ns"), "{id}", "f"), nil))
}

func TestValidatorCatchesBadResponses(t *testing.T) {
	doc := Load(t)
	getFlow := rest.Route{Method: "GET", Path: "/api/v1/{tenant}/flows/{namespace}/{id}"}
	cases := []struct {
		name   string
		body   string
		ct     string
		status int
		fails  bool
	}{
		{"valid flow", `{"id":"f","namespace":"ns","deleted":false,"disabled":false,"draft":false,"tasks":[{"id":"t","type":"io.kestra.plugin.core.log.Log"}],"labels":[{"key":"a","value":"b"}],"variables":{"x":1}}`, "application/json", 200, false},
		{"missing namespace", `{"id":"f","deleted":false,"disabled":false,"draft":false,"tasks":[{"id":"t","type":"x.Y"}]}`, "application/json", 200, true},
		{"wrong type", `{"id":"f","namespace":"ns","deleted":"no","disabled":false,"draft":false,"tasks":[{"id":"t","type":"x.Y"}]}`, "application/json", 200, true},
		{"wrong content type", `{}`, "text/plain", 200, true},
		{"error without message", `{"error":"x"}`, "application/json", 404, true},
		{"error as text", `not found`, "text/plain", 404, true},
		{"kestra error", `{"message":"Flow not found"}`, "application/json", 404, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := NewValidator(doc)
			serve(t, v, getFlow, c.body, c.ct, c.status)
			rec := &recordingTB{TB: t}
			v.Report(rec)
			if failed := len(rec.errors) > 0; failed != c.fails {
				t.Errorf("failed=%v, want %v", failed, c.fails)
			}
		})
	}
}

func TestLengthLookaheadPattern(t *testing.T) {
	m, err := compileRegex(`^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$`)
	if err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]bool{"ci-bot": true, "a": true, "": false, "Ci": false, "a--b": false, strings.Repeat("a", 63): true, strings.Repeat("a", 64): false} {
		if got := m.MatchString(s); got != want {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}

func TestParseEvents(t *testing.T) {
	evs, err := ParseEvents([]byte("id: start\ndata: {\"a\":1}\n\n: comment\nid:end\ndata:{}\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].ID != "start" || evs[1].Data != "{}" {
		t.Fatalf("%+v", evs)
	}
}

func TestValidatorChecksAcceptedRequests(t *testing.T) {
	doc := Load(t)
	createNS := rest.Route{Method: "POST", Path: "/api/v1/{tenant}/namespaces"}
	cases := []struct {
		name   string
		body   string
		status int
		fails  bool
	}{
		{"valid namespace", `{"id":"company","deleted":false,"variables":{"env":"prod"}}`, 200, false},
		{"missing required deleted", `{"id":"company"}`, 200, true},
		{"bad concurrency behavior", `{"id":"company","deleted":false,"concurrency":{"limit":1,"behavior":"WAIT"}}`, 200, true},
		{"refused requests are not checked", `{"id":"company"}`, 422, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := NewValidator(doc)
			v.CheckRequests(func(rest.Route) bool { return true })
			response := `{"id":"company","deleted":false}`
			if c.status >= 400 {
				response = `{"message":"Invalid entity"}`
			}
			h := v.Middleware(createNS, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(c.status)
				_, _ = w.Write([]byte(response))
			}))
			mux := http.NewServeMux()
			mux.Handle(createNS.Pattern(), h)
			req := httptest.NewRequest("POST", "/api/v1/main/namespaces", strings.NewReader(c.body))
			req.Header.Set("Content-Type", "application/json")
			mux.ServeHTTP(httptest.NewRecorder(), req)
			rec := &recordingTB{TB: t}
			v.Report(rec)
			if failed := len(rec.errors) > 0; failed != c.fails {
				t.Errorf("failed=%v, want %v (%v)", failed, c.fails, rec.errors)
			}
			if n := v.RequestsChecked()[createNS.Pattern()]; (c.status < 300) != (n == 1) {
				t.Errorf("requests checked: %d", n)
			}
		})
	}
}
