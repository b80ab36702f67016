package server

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/kestrasim/contracttest"
)

const runFlow = `id: run
namespace: company.team
labels:
  team: data
inputs:
  - id: user
    type: STRING
  - id: count
    type: INT
    required: false
    defaults: 3
  - id: when
    type: DATE
    required: false
  - id: doc
    type: FILE
    required: false
outputs:
  - id: greeting
    type: STRING
    value: "{{ outputs.ret.value }}"
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "Hello {{ inputs.user }} from {{ flow.namespace }}"
  - id: ret
    type: io.kestra.plugin.core.debug.Return
    format: "hi {{ inputs.user }}"
`

// multipartBody builds a multipart/form-data body of values and files.
func multipartBody(t testing.TB, values map[string]string, files map[string]string) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range values {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for k, content := range files {
		fw, err := mw.CreateFormFile(k, k+".txt")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func (s *sim) run(t testing.TB, path string, values map[string]string) *resp {
	t.Helper()
	body, ct := multipartBody(t, values, nil)
	return s.do(t, req{method: "POST", path: path, body: body, contentType: ct})
}

func (s *sim) waitState(t testing.TB, id string, states ...string) map[string]any {
	t.Helper()
	var last map[string]any
	eventually(t, 5*time.Second, func() bool {
		last = s.get(t, "/api/v1/main/executions/"+id).Map(t)
		cur := last["state"].(map[string]any)["current"].(string)
		for _, st := range states {
			if cur == st {
				return true
			}
		}
		return false
	})
	return last
}

func stateOf(m map[string]any) string { return m["state"].(map[string]any)["current"].(string) }

func TestExecutionRunAndWait(t *testing.T) {
	s := newSim(t)
	want(t, s.postYAML(t, "/api/v1/main/flows", runFlow), http.StatusOK)

	r := s.run(t, "/api/v1/main/executions/company.team/run?wait=true&labels=env:prod&labels=team:ops", map[string]string{"user": "Ada", "when": "2024-05-01"})
	want(t, r, http.StatusOK)
	e := r.Map(t)
	if stateOf(e) != "SUCCESS" {
		t.Fatalf("state %v", e["state"])
	}
	inputs := e["inputs"].(map[string]any)
	if inputs["user"] != "Ada" || inputs["count"] != 3.0 || inputs["when"] != "2024-05-01" {
		t.Errorf("inputs %v", inputs)
	}
	if out := e["outputs"].(map[string]any); out["greeting"] != "hi Ada" {
		t.Errorf("outputs %v", out)
	}
	labels := map[string]any{}
	for _, l := range e["labels"].([]any) {
		labels[l.(map[string]any)["key"].(string)] = l.(map[string]any)["value"]
	}
	if labels["system.correlationId"] != e["id"] {
		t.Errorf("correlation id label %v, want the execution id", labels["system.correlationId"])
	}
	delete(labels, "system.correlationId")
	if fmt.Sprint(labels) != "map[env:prod team:ops]" {
		t.Errorf("labels %v", labels)
	}
	if !strings.HasPrefix(e["url"].(string), s.ts.URL+"/ui/main/executions/company.team/run/") {
		t.Errorf("url %v", e["url"])
	}
	hist := e["state"].(map[string]any)["histories"].([]any)
	var seq []string
	for _, h := range hist {
		seq = append(seq, h.(map[string]any)["state"].(string))
	}
	if strings.Join(seq, ",") != "CREATED,RUNNING,SUCCESS" {
		t.Errorf("histories %v", seq)
	}

	id := e["id"].(string)
	var logs []map[string]any
	s.get(t, "/api/v1/main/logs/"+id).JSON(t, &logs)
	if len(logs) != 1 || logs[0]["message"] != "Hello Ada from company.team" || logs[0]["taskId"] != "hello" {
		t.Errorf("logs %v", logs)
	}
	s.get(t, "/api/v1/main/logs/"+id+"?minLevel=ERROR").JSON(t, &logs)
	if len(logs) != 0 {
		t.Errorf("minLevel=ERROR kept %d lines", len(logs))
	}

	// without wait the execution is answered as created
	r = s.run(t, "/api/v1/main/executions/company.team/run", map[string]string{"user": "Bob"})
	want(t, r, http.StatusOK)
	if st := stateOf(r.Map(t)); st != "CREATED" {
		t.Errorf("state without wait %s", st)
	}
	s.waitState(t, r.Map(t)["id"].(string), "SUCCESS")

	// kestractl sends a multipart content type with no body at all
	want(t, s.postYAML(t, "/api/v1/main/flows", "id: plain\nnamespace: company.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n"), http.StatusOK)
	r = s.do(t, req{method: "POST", path: "/api/v1/main/executions/company.team/plain?wait=true", contentType: "multipart/form-data"})
	want(t, r, http.StatusOK)
	if st := stateOf(r.Map(t)); st != "SUCCESS" {
		t.Errorf("empty multipart run: %s", st)
	}
}

func TestExecutionInputsValidation(t *testing.T) {
	s := newSim(t)
	want(t, s.postYAML(t, "/api/v1/main/flows", runFlow), http.StatusOK)
	cases := []struct {
		name   string
		values map[string]string
		msg    string
	}{
		{"missing required", map[string]string{}, "inputs.user: Invalid input for `user`, missing required input"},
		{"bad int", map[string]string{"user": "a", "count": "many"}, "inputs.count: Invalid input for `count`, it must be an integer"},
		{"bad date", map[string]string{"user": "a", "when": "01/05/2024"}, "inputs.when"},
		{"text for file", map[string]string{"user": "a", "doc": "hello"}, "inputs.doc"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := s.run(t, "/api/v1/main/executions/company.team/run", c.values)
			want(t, r, http.StatusUnprocessableEntity)
			if msg := r.Message(t); !strings.Contains(msg, c.msg) {
				t.Errorf("message %q, want %q", msg, c.msg)
			}
		})
	}
	body, ct := multipartBody(t, map[string]string{"user": "a"}, map[string]string{"doc": "file content"})
	r := s.do(t, req{method: "POST", path: "/api/v1/main/executions/company.team/run?wait=true", body: body, contentType: ct})
	want(t, r, http.StatusOK)
	if doc := r.Map(t)["inputs"].(map[string]any)["doc"].(string); !strings.HasPrefix(doc, "kestra:///company/team/run/executions/") || !strings.HasSuffix(doc, "/inputs/doc/doc.txt") {
		t.Errorf("file input %q", doc)
	}
	want(t, s.run(t, "/api/v1/main/executions/company.team/run?labels=novalue", map[string]string{"user": "a"}), http.StatusBadRequest)
	want(t, s.run(t, "/api/v1/main/executions/company.team/run?labels=Bad:x", map[string]string{"user": "a"}), http.StatusUnprocessableEntity)
	want(t, s.run(t, "/api/v1/main/executions/company.team/nope", nil), http.StatusNotFound)
	want(t, s.run(t, "/api/v1/main/executions/company.team/run?revision=7", map[string]string{"user": "a"}), http.StatusNotFound)
}

func TestExecutionStateMachine(t *testing.T) {
	s := newSim(t)
	flows := map[string]string{
		"fails":       "id: fails\nnamespace: sm\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: before\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n    errorMessage: it broke\n  - id: never\n    type: io.kestra.plugin.core.log.Log\n    message: never\n",
		"unsupported": "id: unsupported\nnamespace: sm\ntasks:\n  - id: http\n    type: io.kestra.plugin.core.http.Request\n    uri: http://example.com\n",
		"warns":       "id: warns\nnamespace: sm\ntasks:\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n    allowFailure: true\n  - id: after\n    type: io.kestra.plugin.core.log.Log\n    message: after\n",
		"errors":      "id: errors\nnamespace: sm\ntasks:\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\nerrors:\n  - id: handler\n    type: io.kestra.plugin.core.log.Log\n    message: handled\n",
		"cond":        "id: cond\nnamespace: sm\ntasks:\n  - id: maybe\n    type: io.kestra.plugin.core.execution.Fail\n    condition: \"false\"\n",
	}
	for _, src := range flows {
		want(t, s.postYAML(t, "/api/v1/main/flows", src), http.StatusOK)
	}
	cases := []struct {
		flow, state string
		logs        []string
	}{
		{"fails", "FAILED", []string{"before", "it broke"}},
		{"unsupported", "FAILED", []string{"not supported by kestrasim"}},
		{"warns", "WARNING", []string{"Task failure", "after"}},
		{"errors", "FAILED", []string{"Task failure", "handled"}},
		{"cond", "SUCCESS", nil},
	}
	for _, c := range cases {
		t.Run(c.flow, func(t *testing.T) {
			e := s.run(t, "/api/v1/main/executions/sm/"+c.flow+"?wait=true", nil).Map(t)
			if stateOf(e) != c.state {
				t.Fatalf("state %s, want %s", stateOf(e), c.state)
			}
			var logs []map[string]any
			s.get(t, "/api/v1/main/logs/"+e["id"].(string)).JSON(t, &logs)
			var msgs []string
			for _, l := range logs {
				msgs = append(msgs, l["message"].(string))
			}
			joined := strings.Join(msgs, "|")
			for _, w := range c.logs {
				if !strings.Contains(joined, w) {
					t.Errorf("logs %q lack %q", joined, w)
				}
			}
			if strings.Contains(joined, "never") {
				t.Errorf("a task after the failure ran: %q", joined)
			}
		})
	}
}

func TestExecutionSleepKillAndFollow(t *testing.T) {
	s := newSim(t)
	src := "id: slow\nnamespace: sm\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT0.3S\n  - id: done\n    type: io.kestra.plugin.core.log.Log\n    message: awake\n"
	want(t, s.postYAML(t, "/api/v1/main/flows", src), http.StatusOK)

	// the duration of the Sleep task drives the timing
	start := time.Now()
	e := s.run(t, "/api/v1/main/executions/sm/slow?wait=true", nil).Map(t)
	if el := time.Since(start); stateOf(e) != "SUCCESS" || el < 300*time.Millisecond || el > 3*time.Second {
		t.Fatalf("state %s after %v", stateOf(e), el)
	}

	// follow: start, progress..., end
	id := s.run(t, "/api/v1/main/executions/sm/slow", nil).Map(t)["id"].(string)
	r := s.get(t, "/api/v1/main/executions/"+id+"/follow")
	want(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	evs, err := contracttest.ParseEvents(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) < 2 || evs[0].ID != "start" || evs[len(evs)-1].ID != "end" {
		t.Fatalf("events %+v", evs)
	}
	if !strings.Contains(evs[len(evs)-1].Data, `"current":"SUCCESS"`) {
		t.Errorf("end event %s", evs[len(evs)-1].Data)
	}
	// logs follow of an ended execution: start plus the backlog, then it closes
	r = s.get(t, "/api/v1/main/logs/"+id+"/follow")
	want(t, r, http.StatusOK)
	evs, _ = contracttest.ParseEvents(r.Body)
	if len(evs) != 2 || !strings.Contains(evs[1].Data, "awake") {
		t.Errorf("log events %+v", evs)
	}

	// kill during the sleep
	long := "id: long\nnamespace: sm\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT30S\n"
	want(t, s.postYAML(t, "/api/v1/main/flows", long), http.StatusOK)
	id = s.run(t, "/api/v1/main/executions/sm/long", nil).Map(t)["id"].(string)
	s.waitState(t, id, "RUNNING")
	r = s.delete(t, "/api/v1/main/executions/"+id+"/actions/kill")
	want(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "text/json" {
		t.Errorf("kill content type %q", ct)
	}
	final := s.waitState(t, id, "KILLED")
	if trs := final["taskRunList"].([]any); stateOf(trs[0].(map[string]any)) != "KILLED" {
		t.Errorf("task run %v", trs[0])
	}
	// killing an ended execution: refused without cascade; with cascade
	// (the default) Kestra still emits the kill and answers the execution
	want(t, s.delete(t, "/api/v1/main/executions/"+id+"/actions/kill?isOnKillCascade=false"), http.StatusConflict)
	want(t, s.delete(t, "/api/v1/main/executions/"+id+"/actions/kill"), http.StatusOK)
	want(t, s.delete(t, "/api/v1/main/executions/nope/actions/kill"), http.StatusNotFound)
}

func TestExecutionSearch(t *testing.T) {
	s := newSim(t)
	want(t, s.postYAML(t, "/api/v1/main/flows", "id: a\nnamespace: one\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: x\n"), http.StatusOK)
	want(t, s.postYAML(t, "/api/v1/main/flows", "id: b\nnamespace: two\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.execution.Fail\n"), http.StatusOK)
	for range 3 {
		want(t, s.run(t, "/api/v1/main/executions/one/a?wait=true&labels=k:v", nil), http.StatusOK)
	}
	for range 2 {
		want(t, s.run(t, "/api/v1/main/executions/two/b?wait=true", nil), http.StatusOK)
	}
	type page struct {
		Results []map[string]any `json:"results"`
		Total   int              `json:"total"`
	}
	check := func(query string, total int) {
		t.Helper()
		var p page
		s.get(t, "/api/v1/main/executions/search?"+query).JSON(t, &p)
		if p.Total != total {
			t.Errorf("%s: total %d, want %d", query, p.Total, total)
		}
	}
	check("", 5)
	check("filters[namespace][EQUALS]=one", 3)
	check("filters[flowId][EQUALS]=b", 2)
	check("filters[state][EQUALS]=FAILED", 2)
	check("filters[state][IN]=FAILED,SUCCESS", 5)
	check("filters[labels][EQUALS][k]=v", 3)
	check("filters[namespace][EQUALS]=two&filters[state][EQUALS]=SUCCESS", 0)
	var p page
	s.get(t, "/api/v1/main/executions/search?page=2&size=2").JSON(t, &p)
	if len(p.Results) != 2 || p.Total != 5 {
		t.Errorf("page 2: %d results, total %d", len(p.Results), p.Total)
	}
}

func TestDisabledFlowCannotRun(t *testing.T) {
	s := newSim(t)
	want(t, s.postYAML(t, "/api/v1/main/flows", "id: off\nnamespace: sm\ndisabled: true\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: x\n"), http.StatusOK)
	want(t, s.run(t, "/api/v1/main/executions/sm/off", nil), http.StatusConflict)
}
