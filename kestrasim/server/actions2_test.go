package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

const subflowParent = `id: parent
namespace: ops
tasks:
  - id: child
    type: io.kestra.plugin.core.flow.Subflow
    namespace: ops
    flowId: child
    inputs:
      who: "{{ execution.id }}"
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: "child said {{ outputs.child.outputs.said }}"
`

const subflowChild = `id: child
namespace: ops
inputs:
  - id: who
    type: STRING
outputs:
  - id: said
    type: STRING
    value: "{{ outputs.nap.value }}"
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
    pauseDuration: PT0.2S
  - id: nap
    type: io.kestra.plugin.core.debug.Return
    format: "hello {{ inputs.who }}"
`

// TestSubflowAndCascadeKill: a Subflow task starts a child execution linked
// to its parent, waits for it and takes its outputs; killing the parent
// kills the child unless isOnKillCascade=false.
func TestSubflowAndCascadeKill(t *testing.T) {
	s := newSim(t)
	s.flow(t, subflowChild)
	s.flow(t, subflowParent)
	parent := s.start(t, "ops", "parent", nil)
	e := s.waitState(t, parent, "SUCCESS")
	childID := taskRun(t, e, "child")["outputs"].(map[string]any)["executionId"].(string)
	child := s.exec(t, childID)
	trig := child["trigger"].(map[string]any)
	if trig["type"] != "io.kestra.plugin.core.flow.Subflow" || trig["variables"].(map[string]any)["executionId"] != parent {
		t.Errorf("child trigger %v", trig)
	}
	if labelsOf(child)["system.correlationId"] != parent {
		t.Errorf("child labels %v", labelsOf(child))
	}
	if msgs := s.logMessages(t, parent, "?taskId=after"); len(msgs) != 1 || msgs[0] != "child said hello "+parent {
		t.Errorf("parent logs %v", msgs)
	}
	var page struct {
		Total   int              `json:"total"`
		Results []map[string]any `json:"results"`
	}
	s.get(t, "/api/v1/main/executions/search?filters[triggerExecutionId][EQUALS]="+parent).JSON(t, &page)
	if page.Total != 1 || page.Results[0]["id"] != childID {
		t.Errorf("children search %+v", page)
	}
	s.get(t, "/api/v1/main/executions/search?filters[childFilter][EQUALS]=MAIN&filters[flowId][EQUALS]=child").JSON(t, &page)
	if page.Total != 0 {
		t.Errorf("MAIN children: %d", page.Total)
	}

	// kill with cascade (the default)
	want(t, s.putYAML(t, "/api/v1/main/flows/ops/child", strings.Replace(subflowChild, "PT0.2S", "PT30S", 1)), http.StatusOK)
	parent = s.start(t, "ops", "parent", nil)
	eventually(t, 5*time.Second, func() bool {
		e := s.exec(t, parent)
		return len(taskRunsOf(e)) > 0 && taskRun(t, e, "child")["outputs"] != nil
	})
	childID = taskRun(t, s.exec(t, parent), "child")["outputs"].(map[string]any)["executionId"].(string)
	s.waitState(t, childID, "PAUSED")
	want(t, s.delete(t, "/api/v1/main/executions/"+parent+"/actions/kill"), http.StatusOK)
	s.waitState(t, parent, "KILLED")
	s.waitState(t, childID, "KILLED")

	// without cascade the child lives on; a later cascading kill of the
	// ended parent reaches it
	parent = s.start(t, "ops", "parent", nil)
	eventually(t, 5*time.Second, func() bool {
		e := s.exec(t, parent)
		return len(taskRunsOf(e)) > 0 && taskRun(t, e, "child")["outputs"] != nil
	})
	childID = taskRun(t, s.exec(t, parent), "child")["outputs"].(map[string]any)["executionId"].(string)
	want(t, s.delete(t, "/api/v1/main/executions/"+parent+"/actions/kill?isOnKillCascade=false"), http.StatusOK)
	s.waitState(t, parent, "KILLED")
	if st := stateOf(s.exec(t, childID)); st == "KILLED" || st == "KILLING" {
		t.Fatalf("child %s after a kill without cascade", st)
	}
	want(t, s.delete(t, "/api/v1/main/executions/"+parent+"/actions/kill?isOnKillCascade=false"), http.StatusConflict)
	want(t, s.delete(t, "/api/v1/main/executions/"+parent+"/actions/kill"), http.StatusOK)
	s.waitState(t, childID, "KILLED")
}

// TestStatusAndTaskRunStateAndLabels: change-status, the task run state
// action and labels follow Kestra's rules.
func TestStatusAndTaskRunStateAndLabels(t *testing.T) {
	s := newSim(t)
	s.flow(t, flakyFlow)
	s.flow(t, "id: slow\nnamespace: ops\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT30S\n")
	id := s.start(t, "ops", "flaky", nil)
	e := s.waitState(t, id, "FAILED")
	base := "/api/v1/main/executions/" + id + "/actions/"

	wantMessage(t, s.post(t, base+"change-status?status=RUNNING"), http.StatusUnprocessableEntity,
		"Illegal argument: You can only change the state of an execution to a terminal state.")
	wantMessage(t, s.post(t, base+"change-status"), http.StatusBadRequest, "Required QueryValue [status] not specified")
	r := s.post(t, base+"change-status?status=WARNING")
	want(t, r, http.StatusOK)
	if stateOf(r.Map(t)) != "WARNING" {
		t.Fatalf("change-status answered %v", r.Map(t)["state"])
	}

	// mark the failed task run SUCCESS: the execution runs on from there
	r = s.postJSON(t, base+"state", map[string]string{"taskRunId": taskRun(t, e, "boom")["id"].(string), "state": "SUCCESS"})
	want(t, r, http.StatusOK)
	e = s.waitState(t, id, "SUCCESS")
	if stateOf(taskRun(t, e, "boom")) != "SUCCESS" || stateOf(taskRun(t, e, "last")) != "SUCCESS" {
		t.Errorf("task runs %v", e["taskRunList"])
	}
	if strings.Contains(histories(e), "RESTARTED") == false {
		t.Errorf("histories %s", histories(e))
	}
	wantContains(t, s.postJSON(t, base+"state", map[string]string{"taskRunId": "nope", "state": "SUCCESS"}), http.StatusConflict, "No task found to restart execution from!")
	want(t, s.postJSON(t, base+"state", map[string]string{"taskRunId": "x"}), http.StatusUnprocessableEntity)

	// labels of an ended execution
	r = s.postJSON(t, base+"labels", []map[string]string{{"key": "team", "value": "data"}})
	want(t, r, http.StatusOK)
	if l := labelsOf(r.Map(t)); l["team"] != "data" || l["system.correlationId"] != id {
		t.Errorf("labels %v", l)
	}
	wantContains(t, s.postJSON(t, base+"labels", []map[string]string{{"key": "system.mine", "value": "x"}}), http.StatusUnprocessableEntity,
		"System labels can only be set by Kestra itself, offending label: system.mine=x")
	want(t, s.postJSON(t, base+"labels", []map[string]string{{"key": "Bad", "value": "x"}}), http.StatusUnprocessableEntity)

	run := s.start(t, "ops", "slow", nil)
	s.waitState(t, run, "RUNNING")
	rb := "/api/v1/main/executions/" + run + "/actions/"
	wantMessage(t, s.postJSON(t, rb+"labels", []map[string]string{{"key": "a", "value": "b"}}), http.StatusBadRequest, "The execution is not terminated")
	wantMessage(t, s.post(t, rb+"change-status?status=SUCCESS"), http.StatusConflict,
		"Conflict: Cannot change execution state: execution must be terminated and not killed.")
	want(t, s.delete(t, rb+"kill"), http.StatusOK)
	s.waitState(t, run, "KILLED")
	wantMessage(t, s.post(t, rb+"change-status?status=SUCCESS"), http.StatusConflict,
		"Conflict: Cannot change execution state: execution must be terminated and not killed.")
	wantMessage(t, s.postJSON(t, rb+"state", map[string]string{"taskRunId": "x", "state": "SUCCESS"}), http.StatusConflict,
		"Conflict: Cannot change task run state: execution must be terminated and not killed.")
}

// TestBulkByIDs: each by-ids route applies the single action's rules to
// every execution; one invalid execution refuses the whole request.
func TestBulkByIDs(t *testing.T) {
	s := newSim(t)
	s.flow(t, flakyFlow)
	s.flow(t, approvalFlow)
	s.flow(t, serialFlow)
	failed := s.start(t, "ops", "flaky", nil)
	s.waitState(t, failed, "FAILED")
	paused := s.start(t, "ops", "approval", nil)
	s.waitState(t, paused, "PAUSED")
	running := s.start(t, "ops", "serial", nil)
	s.waitState(t, running, "RUNNING")
	queued := s.start(t, "ops", "serial", nil)
	s.waitState(t, queued, "QUEUED")
	const p = "/api/v1/main/executions/"

	bulkErr := func(r *resp, message string, invalid map[string]string) {
		t.Helper()
		want(t, r, http.StatusBadRequest)
		var b struct {
			Message  string           `json:"message"`
			Invalids []map[string]any `json:"invalids"`
		}
		r.JSON(t, &b)
		got := map[string]string{}
		for _, i := range b.Invalids {
			got[i["invalidValue"].(string)] = i["message"].(string)
		}
		if b.Message != message || len(got) != len(invalid) {
			t.Fatalf("bulk error %s %v, want %s %v", b.Message, got, message, invalid)
		}
		for id, msg := range invalid {
			if got[id] != msg {
				t.Errorf("%s: %q, want %q", id, got[id], msg)
			}
		}
	}
	accepted := func(r *resp, n int) {
		t.Helper()
		want(t, r, http.StatusAccepted)
		if got := r.Map(t)["totalItems"]; got != float64(n) {
			t.Fatalf("totalItems %v, want %d", got, n)
		}
	}
	bulkErr(s.sendJSON(t, "POST", p+"resume/by-ids", []string{paused, failed, "nope"}), "invalid bulk resume",
		map[string]string{failed: "execution not in state PAUSED", "nope": "execution not found"})
	bulkErr(s.sendJSON(t, "POST", p+"pause/by-ids", []string{failed}), "invalid bulk pause", map[string]string{failed: "execution not in state RUNNING"})
	bulkErr(s.sendJSON(t, "POST", p+"restart/by-ids", []string{running}), "invalid bulk restart",
		map[string]string{running: "Execution '" + running + "' must be terminated or paused to be restarted, current state is 'RUNNING' !"})
	bulkErr(s.sendJSON(t, "POST", p+"unqueue/by-ids?state=RUNNING", []string{running}), "invalid bulk unqueue", map[string]string{running: "execution not in state QUEUED"})
	bulkErr(s.sendJSON(t, "POST", p+"force-run/by-ids", []string{failed}), "invalid bulk force run", map[string]string{failed: "execution in a terminated state"})
	bulkErr(s.sendJSON(t, "POST", p+"replay/by-ids", []string{running}), "invalid bulk replay",
		map[string]string{running: "Execution '" + running + "' must be terminated to be replayed, current state is 'RUNNING' !"})
	bulkErr(s.sendJSON(t, "POST", p+"labels/by-ids", map[string]any{"executionsId": []string{running}, "executionLabels": []map[string]string{{"key": "a", "value": "b"}}}),
		"invalid bulk set labels", map[string]string{running: "execution is not terminated"})
	bulkErr(s.sendJSON(t, "POST", p+"change-status/by-ids?newStatus=SUCCESS", []string{running}), "invalid bulk change executions state",
		map[string]string{running: "execution not in a terminated state or is killed"})
	bulkErr(s.sendJSON(t, "DELETE", p+"by-ids", []string{running}), "invalid bulk delete", map[string]string{running: "execution not found"})
	bulkErr(s.sendJSON(t, "DELETE", p+"kill/by-ids", []string{failed}), "invalid bulk kill", map[string]string{failed: "execution already finished"})

	accepted(s.sendJSON(t, "POST", p+"resume/by-ids", []string{}), 0)
	accepted(s.sendJSON(t, "POST", p+"labels/by-ids", map[string]any{"executionsId": []string{failed}, "executionLabels": []map[string]string{{"key": "triage", "value": "yes"}}}), 1)
	if l := labelsOf(s.exec(t, failed)); l["triage"] != "yes" || l["system.correlationId"] != failed {
		t.Errorf("labels after bulk %v", l)
	}
	accepted(s.sendJSON(t, "POST", p+"unqueue/by-ids?state=CANCELLED", []string{queued}), 1)
	s.waitState(t, queued, "CANCELLED")
	accepted(s.sendJSON(t, "POST", p+"change-status/by-ids?newStatus=WARNING", []string{queued}), 1)
	s.waitState(t, queued, "WARNING")
	accepted(s.sendJSON(t, "POST", p+"pause/by-ids", []string{running}), 1)
	s.waitState(t, running, "PAUSED")
	accepted(s.sendJSON(t, "POST", p+"force-run/by-ids", []string{running}), 1)
	s.waitState(t, running, "RUNNING")
	accepted(s.sendJSON(t, "POST", p+"restart/by-ids", []string{failed}), 1)
	s.waitState(t, failed, "SUCCESS")
	accepted(s.sendJSON(t, "POST", p+"replay/by-ids?latestRevision=true", []string{failed}), 1)
	var page struct {
		Total int `json:"total"`
	}
	s.get(t, "/api/v1/main/executions/search?filters[flowId][EQUALS]=flaky").JSON(t, &page)
	if page.Total != 2 {
		t.Errorf("replay by ids made %d executions of flaky", page.Total)
	}
	want(t, s.sendJSON(t, "POST", p+"change-status/by-ids?newStatus=RUNNING", []string{failed}), http.StatusUnprocessableEntity)
	accepted(s.sendJSON(t, "DELETE", p+"kill/by-ids", []string{running, paused}), 2)
	s.waitState(t, running, "KILLED")
	s.waitState(t, paused, "KILLED")
	r := s.sendJSON(t, "DELETE", p+"by-ids", []string{running, paused})
	want(t, r, http.StatusOK)
	if r.Map(t)["count"] != 2.0 {
		t.Errorf("delete by ids %s", r.Body)
	}
	want(t, s.get(t, p+running), http.StatusNotFound)
}

// TestBulkByQuery: the by-query routes act on what the filters match.
func TestBulkByQuery(t *testing.T) {
	s := newSim(t)
	s.flow(t, approvalFlow)
	s.flow(t, flakyFlow)
	var paused []string
	for range 3 {
		id := s.start(t, "ops", "approval", nil)
		s.waitState(t, id, "PAUSED")
		paused = append(paused, id)
	}
	failed := s.start(t, "ops", "flaky", nil)
	s.waitState(t, failed, "FAILED")
	const p = "/api/v1/main/executions/"
	q := "?filters[flowId][EQUALS]=approval&filters[state][EQUALS]=PAUSED"
	r := s.post(t, p+"resume/by-query"+q)
	want(t, r, http.StatusAccepted)
	if r.Map(t)["totalItems"] != 3.0 {
		t.Fatalf("resume by query %s", r.Body)
	}
	// the Pause task needs its onResume input: the resume without inputs
	// is refused by the executor, the executions stay paused
	for _, id := range paused {
		if st := stateOf(s.exec(t, id)); st != "PAUSED" {
			t.Errorf("%s is %s", id, st)
		}
	}
	r = s.sendJSON(t, "POST", p+"labels/by-query?filters[flowId][EQUALS]=flaky", []map[string]string{{"key": "env", "value": "prod"}})
	want(t, r, http.StatusAccepted)
	if labelsOf(s.exec(t, failed))["env"] != "prod" {
		t.Errorf("labels by query")
	}
	for _, route := range []string{"restart/by-query", "replay/by-query", "change-status/by-query?newStatus=CANCELLED&", "pause/by-query", "force-run/by-query", "unqueue/by-query"} {
		path := p + route
		if !strings.Contains(path, "?") {
			path += "?"
		}
		r := s.post(t, path+"filters[flowId][EQUALS]=nothing")
		want(t, r, http.StatusAccepted)
	}
	want(t, s.post(t, p+"restart/by-query?filters[flowId][REGEX]=(bad"), http.StatusBadRequest)
	wantContains(t, s.post(t, p+"restart/by-query?filters[level][EQUALS]=INFO"), http.StatusBadRequest, "Invalid query filters: Field level is not supported for resource EXECUTION")
	wantContains(t, s.post(t, p+"restart/by-query?filters[state][CONTAINS]=FAIL"), http.StatusBadRequest, "Operation CONTAINS is not supported for field state")
	r = s.delete(t, p+"kill/by-query"+q)
	want(t, r, http.StatusAccepted)
	for _, id := range paused {
		s.waitState(t, id, "KILLED")
	}
	r = s.delete(t, p+"by-query?filters[namespace][EQUALS]=ops&deleteLogs=false")
	want(t, r, http.StatusOK)
	if r.Map(t)["count"] != 4.0 {
		t.Errorf("delete by query %s", r.Body)
	}
	// logs were kept
	if msgs := s.logMessages(t, failed, ""); len(msgs) == 0 {
		t.Errorf("deleteLogs=false dropped the logs")
	}
}

// TestDeleteExecution: delete answers 204 and removes logs and files
// unless told to keep them.
func TestDeleteExecution(t *testing.T) {
	s := newSim(t)
	s.flow(t, flakyFlow)
	a := s.start(t, "ops", "flaky", nil)
	b := s.start(t, "ops", "flaky", nil)
	s.waitState(t, a, "FAILED")
	s.waitState(t, b, "FAILED")
	want(t, s.delete(t, "/api/v1/main/executions/"+a), http.StatusNoContent)
	want(t, s.get(t, "/api/v1/main/executions/"+a), http.StatusNotFound)
	if msgs := s.logMessages(t, a, ""); len(msgs) != 0 {
		t.Errorf("logs of a deleted execution %v", msgs)
	}
	want(t, s.delete(t, "/api/v1/main/executions/"+b+"?deleteLogs=false&deleteMetrics=false&deleteStorage=false"), http.StatusNoContent)
	if msgs := s.logMessages(t, b, ""); len(msgs) == 0 {
		t.Errorf("deleteLogs=false lost the logs")
	}
	want(t, s.delete(t, "/api/v1/main/executions/"+b), http.StatusNotFound)
	want(t, s.delete(t, "/api/v1/main/executions/"+b+"?deleteLogs=maybe"), http.StatusBadRequest)
}

const filesFlow = `id: files
namespace: ops
tasks:
  - id: small
    type: io.kestra.plugin.core.storage.Write
    content: "hello {{ execution.id }}"
    extension: .txt
  - id: big
    type: io.kestra.plugin.core.storage.Write
    size: 5MiB
    extension: .bin
`

// TestOutputFiles: Write tasks produce files that download streams (Range
// honoured) and file/metas sizes; paths outside the execution are refused
// or redirected to their execution.
func TestOutputFiles(t *testing.T) {
	s := newSim(t)
	s.flow(t, filesFlow)
	id := s.start(t, "ops", "files", nil)
	e := s.waitState(t, id, "SUCCESS")
	small := taskRun(t, e, "small")["outputs"].(map[string]any)["uri"].(string)
	big := taskRun(t, e, "big")["outputs"].(map[string]any)["uri"].(string)
	if !strings.HasPrefix(big, "kestra:///ops/files/executions/"+id+"/tasks/big/") || !strings.HasSuffix(big, "/big.bin") {
		t.Fatalf("uri %s", big)
	}
	base := "/api/v1/main/executions/" + id + "/file"
	r := s.get(t, base+"?path="+small)
	want(t, r, http.StatusOK)
	if string(r.Body) != "hello "+id || r.Header.Get("Content-Type") != "application/octet-stream" ||
		!strings.Contains(r.Header.Get("Content-Disposition"), `filename="small.txt"`) {
		t.Errorf("small file %q %v", r.Body, r.Header)
	}
	r = s.get(t, base+"?path="+big)
	want(t, r, http.StatusOK)
	if len(r.Body) != 5<<20 {
		t.Fatalf("big file %d bytes", len(r.Body))
	}
	sum := sha256.Sum256(r.Body)
	r2 := s.get(t, base+"?path="+big)
	if sha256.Sum256(r2.Body) != sum {
		t.Errorf("generated content is not deterministic")
	}
	part := s.do(t, req{method: "GET", path: base + "?path=" + big, header: http.Header{"Range": {"bytes=100-199"}}})
	want(t, part, http.StatusPartialContent)
	if !bytes.Equal(part.Body, r.Body[100:200]) {
		t.Errorf("range does not match the whole file")
	}
	m := s.get(t, base+"/metas?path="+big).Map(t)
	if m["size"] != float64(5<<20) {
		t.Errorf("metas %v", m)
	}
	wantMessage(t, s.get(t, base+"?path=kestra:///other/flow/file.txt"), http.StatusUnprocessableEntity, "Illegal argument: Invalid prefix path")
	want(t, s.get(t, base+"?path=kestra:///ops/files/executions/"+id+"/tasks/nope/x.txt"), http.StatusNotFound)
	want(t, s.get(t, base), http.StatusBadRequest)

	// a replay's outputs point at the first execution's files: downloads
	// through the replay redirect there
	r = s.post(t, "/api/v1/main/executions/"+id+"/actions/replay?taskRunId="+taskRun(t, e, "big")["id"].(string))
	want(t, r, http.StatusOK)
	nid := r.Map(t)["id"].(string)
	e2 := s.waitState(t, nid, "SUCCESS")
	copied := taskRun(t, e2, "small")["outputs"].(map[string]any)["uri"].(string)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	hr, _ := http.NewRequest("GET", s.ts.URL+"/api/v1/main/executions/"+nid+"/file?path="+copied, nil)
	hr.Header.Set("Authorization", s.auth)
	res, err := client.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusMovedPermanently || !strings.Contains(res.Header.Get("Location"), "/executions/"+id+"/file?path=") {
		t.Errorf("redirect %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestEvalExpression: eval renders Kestra expressions against the
// execution, and answers errors the way Kestra does.
func TestEvalExpression(t *testing.T) {
	s := newSim(t)
	s.flow(t, chainFlow)
	id := s.start(t, "ops", "chain", map[string]string{"who": "ada"})
	e := s.waitState(t, id, "SUCCESS")
	eval := func(path, expr string) map[string]any {
		t.Helper()
		r := s.do(t, req{method: "POST", path: path, body: strings.NewReader(expr), contentType: "text/plain"})
		want(t, r, http.StatusOK)
		return r.Map(t)
	}
	p := "/api/v1/main/executions/" + id + "/actions/eval"
	cases := map[string]string{
		"{{ outputs.one.value }}":                                  "one for ada in " + id,
		"{{ inputs.who | upper }} of {{ flow.namespace }}":         "ADA of ops",
		"{{ execution.id == '" + id + "' and inputs.who != 'x' }}": "true",
		"{{ labels['system.correlationId'] }}":                     id,
		"{{ inputs.missing | default('none') }}":                   "none",
		"{{ 6 * 7 }} {{ outputs.two.value | length > 3 }}":         "42 true",
	}
	for expr, wantResult := range cases {
		if got := eval(p, expr); got["result"] != wantResult {
			t.Errorf("%s: %v, want %q", expr, got, wantResult)
		}
	}
	got := eval(p, "{{ inputs.nope }}")
	if got["error"] != "Unable to find `nope` used in the expression `{{ inputs.nope }}` at line 1" || got["stackTrace"] == "" || got["result"] != nil {
		t.Errorf("missing variable: %v", got)
	}
	if got := eval(p, "{{ now() }}"); !strings.Contains(got["error"].(string), "kestrasim does not evaluate the function now()") {
		t.Errorf("function: %v", got)
	}
	tr := taskRun(t, e, "two")["id"].(string)
	if got := eval(p+"/"+tr, "{{ taskrun.id }}"); got["result"] != tr {
		t.Errorf("task run eval %v", got)
	}
}

// TestGraphFlowInfoLatestSearchByFlow covers the read routes.
func TestGraphFlowInfoLatestSearchByFlow(t *testing.T) {
	s := newSim(t)
	s.flow(t, flakyFlow)
	s.flow(t, chainFlow)
	a := s.start(t, "ops", "flaky", nil)
	s.waitState(t, a, "FAILED")
	time.Sleep(2 * time.Millisecond)
	b := s.start(t, "ops", "flaky", nil)
	s.waitState(t, b, "FAILED")
	c := s.start(t, "ops", "chain", nil)
	s.waitState(t, c, "SUCCESS")
	// a running execution has not ended: it is not the latest
	withNap := strings.Replace(flakyFlow, "    message: first\n", "    message: first\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT30S\n", 1)
	want(t, s.putYAML(t, "/api/v1/main/flows/ops/flaky", withNap), http.StatusOK)
	running := s.start(t, "ops", "flaky", nil)
	s.waitState(t, running, "RUNNING")

	g := s.get(t, "/api/v1/main/executions/"+a+"/graph").Map(t)
	var uids []string
	for _, n := range g["nodes"].([]any) {
		uids = append(uids, n.(map[string]any)["uid"].(string))
	}
	if strings.Join(uids, ",") != "root.root,root.end,root.first,root.boom,root.last,root.alert" {
		t.Errorf("graph nodes %v", uids)
	}
	if len(g["edges"].([]any)) != 6 {
		t.Errorf("graph edges %v", g["edges"])
	}

	info := s.get(t, "/api/v1/main/executions/flows/ops/chain").Map(t)
	if info["id"] != "chain" || len(info["inputs"].([]any)) != 1 || len(info["tasks"].([]any)) != 3 {
		t.Errorf("flow info %v", info)
	}
	want(t, s.get(t, "/api/v1/main/executions/flows/ops/chain?revision=1"), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/executions/flows/ops/chain?revision=4"), http.StatusNotFound)
	want(t, s.get(t, "/api/v1/main/executions/flows/ops/nope"), http.StatusNotFound)
	if f := s.get(t, "/api/v1/main/executions/"+c+"/flow").Map(t); f["id"] != "chain" {
		t.Errorf("flow of execution %v", f)
	}

	var latest []map[string]any
	r := s.postJSON(t, "/api/v1/main/executions/latest", []map[string]string{{"namespace": "ops", "id": "flaky"}, {"namespace": "ops", "id": "chain"}, {"namespace": "ops", "id": "none"}})
	want(t, r, http.StatusOK)
	r.JSON(t, &latest)
	if len(latest) != 2 || latest[0]["id"] != b || latest[0]["status"] != "FAILED" || latest[1]["id"] != c {
		t.Errorf("latest %v", latest)
	}
	want(t, s.postJSON(t, "/api/v1/main/executions/latest", []map[string]string{{"namespace": "ops"}}), http.StatusUnprocessableEntity)

	var page struct {
		Total   int              `json:"total"`
		Results []map[string]any `json:"results"`
	}
	s.get(t, "/api/v1/main/executions?namespace=ops&flowId=flaky&size=1").JSON(t, &page)
	if page.Total != 3 || len(page.Results) != 1 || page.Results[0]["id"] != running {
		t.Errorf("search by flow %+v", page)
	}
	want(t, s.get(t, "/api/v1/main/executions?namespace=ops"), http.StatusBadRequest)
}

// TestWebhook: a flow with a Webhook trigger runs on GET, POST and PUT to
// its key; the trigger variables carry the request.
func TestWebhook(t *testing.T) {
	s := newSim(t)
	s.flow(t, `id: hooked
namespace: ops
tasks:
  - id: said
    type: io.kestra.plugin.core.log.Log
    message: "got {{ trigger.body.name }}"
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: s3cr3t
`)
	p := "/api/v1/main/executions/webhook/ops/hooked/s3cr3t"
	none := ""
	r := s.do(t, req{method: "POST", path: p + "?x=1", body: strings.NewReader(`{"name":"ada"}`), contentType: "application/json", auth: &none})
	want(t, r, http.StatusOK)
	w := r.Map(t)
	trig := w["trigger"].(map[string]any)
	if trig["id"] != "hook" || trig["variables"].(map[string]any)["body"].(map[string]any)["name"] != "ada" {
		t.Fatalf("webhook response %v", w)
	}
	id := w["id"].(string)
	s.waitState(t, id, "SUCCESS")
	if msgs := s.logMessages(t, id, ""); len(msgs) != 1 || msgs[0] != "got ada" {
		t.Errorf("logs %v", msgs)
	}
	want(t, s.do(t, req{method: "GET", path: p, auth: &none}), http.StatusOK)
	want(t, s.do(t, req{method: "PUT", path: p + "/extra", auth: &none}), http.StatusOK)
	wantMessage(t, s.do(t, req{method: "GET", path: "/api/v1/main/executions/webhook/ops/hooked/wrong", auth: &none}), http.StatusNotFound, "Not Found: Webhook not found")
	wantMessage(t, s.do(t, req{method: "GET", path: "/api/v1/main/executions/webhook/ops/nope/s3cr3t", auth: &none}), http.StatusNotFound, "Not Found: Flow not found")
}

// TestLogsRoutes covers the logs area: list with filters, search, download,
// delete by selection and by flow.
func TestLogsRoutes(t *testing.T) {
	s := newSim(t)
	s.flow(t, `id: chatty
namespace: ops.logs
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    level: DEBUG
    message: debug line
  - id: b
    type: io.kestra.plugin.core.log.Log
    level: WARN
    message: ["warn one", "warn two"]
  - id: c
    type: io.kestra.plugin.core.log.Log
    level: ERROR
    message: error line
`)
	id := s.start(t, "ops.logs", "chatty", nil)
	s.waitState(t, id, "SUCCESS")
	if got := s.logMessages(t, id, "?minLevel=WARN"); strings.Join(got, "|") != "warn one|warn two|error line" {
		t.Errorf("minLevel %v", got)
	}
	if got := s.logMessages(t, id, "?filters[level][EQUALS]=ERROR"); strings.Join(got, "|") != "error line" {
		t.Errorf("level filter %v", got)
	}
	want(t, s.get(t, "/api/v1/main/logs/"+id+"?minLevel=LOUD"), http.StatusBadRequest)
	if got := s.logMessages(t, "unknown", ""); len(got) != 0 {
		t.Errorf("logs of an unknown execution %v", got)
	}

	r := s.get(t, "/api/v1/main/logs/"+id+"/download?minLevel=WARN")
	want(t, r, http.StatusOK)
	lines := strings.Split(string(r.Body), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[0], " WARN warn one") || !strings.Contains(r.Header.Get("Content-Disposition"), id+".log") {
		t.Errorf("download %q %v", r.Body, r.Header)
	}
	want(t, s.get(t, "/api/v1/main/logs/nope/download"), http.StatusNotFound)

	var page struct {
		Results []map[string]any `json:"results"`
		Total   int              `json:"total"`
		Type    string           `json:"type"`
	}
	s.get(t, "/api/v1/main/logs/search?filters[namespace][PREFIX]=ops&filters[level][GREATER_THAN_OR_EQUAL_TO]=WARN&size=2&sort=timestamp:desc").JSON(t, &page)
	if page.Total != 3 || len(page.Results) != 2 || page.Type != "OFFSET" || page.Results[0]["message"] != "error line" {
		t.Errorf("search %+v", page)
	}
	s.get(t, "/api/v1/main/logs/search?filters[q][EQUALS]=warn%20two").JSON(t, &page)
	if page.Total != 1 {
		t.Errorf("q search %+v", page)
	}
	s.get(t, "/api/v1/main/logs/search?filters[timeRange][EQUALS]=PT1H&filters[flowId][EQUALS]=chatty").JSON(t, &page)
	if page.Total != 4 {
		t.Errorf("timeRange search %d", page.Total)
	}
	wantContains(t, s.get(t, "/api/v1/main/logs/search?filters[state][EQUALS]=SUCCESS"), http.StatusBadRequest, "Invalid query filters: Field state is not supported for resource LOG")

	want(t, s.delete(t, "/api/v1/main/logs/"+id+"?taskId=b"), http.StatusOK)
	if got := s.logMessages(t, id, ""); strings.Join(got, "|") != "debug line|error line" {
		t.Errorf("after delete by task %v", got)
	}
	want(t, s.delete(t, "/api/v1/main/logs/"+id+"?minLevel=ERROR"), http.StatusOK)
	if got := s.logMessages(t, id, ""); strings.Join(got, "|") != "debug line" {
		t.Errorf("after delete by level %v", got)
	}
	want(t, s.delete(t, "/api/v1/main/logs/ops.logs/chatty"), http.StatusBadRequest)
	want(t, s.delete(t, "/api/v1/main/logs/ops.logs/chatty?triggerId=schedule"), http.StatusOK)
	if got := s.logMessages(t, id, ""); len(got) != 1 {
		t.Errorf("a trigger deletion removed execution lines %v", got)
	}
}

// TestExecutionsArePerTenant: executions, their logs and the by-query
// routes of one tenant never see another tenant's.
func TestExecutionsArePerTenant(t *testing.T) {
	s := newSim(t, func(o *Options) { o.Tenants = []string{"main", "staging"} })
	src := "id: slow\nnamespace: ops\ntasks:\n  - id: hi\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT30S\n"
	want(t, s.postYAML(t, "/api/v1/main/flows", src), http.StatusOK)
	want(t, s.postYAML(t, "/api/v1/staging/flows", src), http.StatusOK)
	id := s.start(t, "ops", "slow", nil)
	s.waitState(t, id, "RUNNING")
	want(t, s.get(t, "/api/v1/staging/executions/"+id), http.StatusNotFound)
	var page struct {
		Total int `json:"total"`
	}
	s.get(t, "/api/v1/staging/executions/search").JSON(t, &page)
	if page.Total != 0 {
		t.Errorf("staging sees %d executions", page.Total)
	}
	r := s.delete(t, "/api/v1/staging/executions/kill/by-query")
	want(t, r, http.StatusAccepted)
	if r.Map(t)["totalItems"] != 0.0 {
		t.Errorf("kill by query in staging took %v", r.Map(t)["totalItems"])
	}
	if st := stateOf(s.exec(t, id)); st != "RUNNING" {
		t.Errorf("main execution is %s", st)
	}
	var lines []any
	s.get(t, "/api/v1/staging/logs/"+id).JSON(t, &lines)
	if len(lines) != 0 {
		t.Errorf("staging reads main's logs: %v", lines)
	}
	s.get(t, "/api/v1/staging/logs/search").JSON(t, &page)
	if page.Total != 0 {
		t.Errorf("staging log search found %d", page.Total)
	}
	other := ""
	r = s.do(t, req{method: "POST", path: "/api/v1/staging/executions/" + id + "/actions/pause", auth: &other})
	want(t, r, http.StatusUnauthorized)
	want(t, s.post(t, "/api/v1/staging/executions/"+id+"/actions/pause"), http.StatusNotFound)
}

// TestExecutionActionsRBAC: each action needs its EXECUTION permission on
// the execution's namespace; bulk routes refuse the executions the caller
// may not act on.
func TestExecutionActionsRBAC(t *testing.T) {
	s := newSim(t)
	src := "id: slow\nnamespace: %s\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT30S\n"
	s.flow(t, strings.Replace(src, "%s", "team.a", 1))
	s.flow(t, strings.Replace(src, "%s", "team.b", 1))
	a := s.start(t, "team.a", "slow", nil)
	b := s.start(t, "team.b", "slow", nil)
	s.waitState(t, a, "RUNNING")
	s.waitState(t, b, "RUNNING")
	ids := setupViewer(t, s, map[string][]string{"EXECUTION": {"VIEW", "KILL", "PAUSE"}}, "team.a")
	tok := bearer(ids.token)
	as := func(method, path string, body any) *resp {
		var rd io.Reader
		ct := ""
		if body != nil {
			data, _ := json.Marshal(body)
			rd, ct = bytes.NewReader(data), "application/json"
		}
		return s.do(t, req{method: method, path: path, body: rd, contentType: ct, auth: &tok})
	}
	want(t, as("GET", "/api/v1/main/executions/"+a, nil), http.StatusOK)
	want(t, as("GET", "/api/v1/main/executions/"+b, nil), http.StatusForbidden)
	wantContains(t, as("POST", "/api/v1/main/executions/"+a+"/actions/restart", nil), http.StatusForbidden, "EXECUTION:RESTART")
	want(t, as("POST", "/api/v1/main/executions/"+b+"/actions/pause", nil), http.StatusForbidden)
	want(t, as("POST", "/api/v1/main/executions/"+a+"/actions/pause", nil), http.StatusOK)
	r := as("DELETE", "/api/v1/main/executions/kill/by-ids", []string{a, b})
	want(t, r, http.StatusBadRequest)
	if !strings.Contains(string(r.Body), "user don't have the authorisation to kill this execution") {
		t.Errorf("bulk ACL %s", r.Body)
	}
	// by-query only sees what the caller may list
	r = as("DELETE", "/api/v1/main/executions/kill/by-query?filters[flowId][EQUALS]=slow", nil)
	want(t, r, http.StatusAccepted)
	if r.Map(t)["totalItems"] != 1.0 {
		t.Errorf("kill by query took %v", r.Map(t)["totalItems"])
	}
	s.waitState(t, a, "KILLED")
	if st := stateOf(s.exec(t, b)); st != "RUNNING" {
		t.Errorf("b is %s", st)
	}
}
