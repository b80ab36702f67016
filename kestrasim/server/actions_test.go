package server

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Helpers for the execution action tests.

func (s *sim) flow(t testing.TB, src string) {
	t.Helper()
	want(t, s.postYAML(t, "/api/v1/main/flows", src), http.StatusOK)
}

// start creates an execution and returns its id.
func (s *sim) start(t testing.TB, ns, flowID string, values map[string]string) string {
	t.Helper()
	r := s.run(t, "/api/v1/main/executions/"+ns+"/"+flowID, values)
	want(t, r, http.StatusOK)
	return r.Map(t)["id"].(string)
}

func (s *sim) exec(t testing.TB, id string) map[string]any {
	t.Helper()
	r := s.get(t, "/api/v1/main/executions/"+id)
	want(t, r, http.StatusOK)
	return r.Map(t)
}

func (s *sim) post(t testing.TB, path string) *resp {
	t.Helper()
	return s.do(t, req{method: "POST", path: path})
}

// form posts a multipart form (resume, replay with inputs).
func (s *sim) form(t testing.TB, path string, values map[string]string) *resp {
	t.Helper()
	body, ct := multipartBody(t, values, nil)
	return s.do(t, req{method: "POST", path: path, body: body, contentType: ct})
}

func taskRunsOf(m map[string]any) []map[string]any {
	var out []map[string]any
	list, _ := m["taskRunList"].([]any)
	for _, tr := range list {
		out = append(out, tr.(map[string]any))
	}
	return out
}

func taskRun(t testing.TB, m map[string]any, taskID string) map[string]any {
	t.Helper()
	for _, tr := range taskRunsOf(m) {
		if tr["taskId"] == taskID {
			return tr
		}
	}
	t.Fatalf("no task run of %s in %v", taskID, m["taskRunList"])
	return nil
}

func labelsOf(m map[string]any) map[string]string {
	out := map[string]string{}
	list, _ := m["labels"].([]any)
	for _, l := range list {
		lm := l.(map[string]any)
		out[lm["key"].(string)] = lm["value"].(string)
	}
	return out
}

func histories(m map[string]any) string {
	var seq []string
	for _, h := range m["state"].(map[string]any)["histories"].([]any) {
		seq = append(seq, h.(map[string]any)["state"].(string))
	}
	return strings.Join(seq, ",")
}

func attempts(tr map[string]any) []string {
	var out []string
	list, _ := tr["attempts"].([]any)
	for _, a := range list {
		out = append(out, stateOf(a.(map[string]any)))
	}
	return out
}

func (s *sim) logMessages(t testing.TB, id, query string) []string {
	t.Helper()
	var logs []map[string]any
	r := s.get(t, "/api/v1/main/logs/"+id+query)
	want(t, r, http.StatusOK)
	r.JSON(t, &logs)
	var out []string
	for _, l := range logs {
		out = append(out, l["message"].(string))
	}
	return out
}

func wantMessage(t testing.TB, r *resp, status int, message string) {
	t.Helper()
	want(t, r, status)
	if got := r.Message(t); got != message {
		t.Fatalf("message %q, want %q", got, message)
	}
}

const flakyFlow = `id: flaky
namespace: ops
tasks:
  - id: first
    type: io.kestra.plugin.core.log.Log
    message: first
  - id: boom
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ taskrun.attemptsCount < 1 }}"
    errorMessage: "boom on attempt {{ taskrun.attemptsCount }}"
  - id: last
    type: io.kestra.plugin.core.log.Log
    message: last
errors:
  - id: alert
    type: io.kestra.plugin.core.log.Log
    message: alerting
`

// TestRestartAfterFailure: a flow fails at a task; restart keeps the id,
// gives the failed task run a second attempt, drops the errors branch and
// runs on to the end; restarting a successful execution is refused.
func TestRestartAfterFailure(t *testing.T) {
	s := newSim(t)
	s.flow(t, flakyFlow)
	id := s.start(t, "ops", "flaky", nil)
	e := s.waitState(t, id, "FAILED")
	if stateOf(taskRun(t, e, "boom")) != "FAILED" || stateOf(taskRun(t, e, "alert")) != "SUCCESS" {
		t.Fatalf("task runs %v", e["taskRunList"])
	}
	boomID := taskRun(t, e, "boom")["id"]

	r := s.post(t, "/api/v1/main/executions/"+id+"/actions/restart")
	want(t, r, http.StatusOK)
	if got := r.Map(t); got["id"] != id {
		t.Fatalf("restart answered %v, want the same execution", got["id"])
	}
	e = s.waitState(t, id, "SUCCESS")
	if h := histories(e); h != "CREATED,RUNNING,FAILED,RESTARTED,RUNNING,SUCCESS" {
		t.Errorf("histories %s", h)
	}
	boom := taskRun(t, e, "boom")
	if boom["id"] != boomID || strings.Join(attempts(boom), ",") != "FAILED,SUCCESS" {
		t.Errorf("boom task run %v attempts %v", boom["id"], attempts(boom))
	}
	if a := attempts(taskRun(t, e, "first")); len(a) != 1 {
		t.Errorf("first ran again: %v", a)
	}
	for _, tr := range taskRunsOf(e) {
		if tr["taskId"] == "alert" {
			t.Errorf("the errors branch of the failed run was kept")
		}
	}
	if n := e["metadata"].(map[string]any)["attemptNumber"]; n != 2.0 {
		t.Errorf("attemptNumber %v", n)
	}
	if labelsOf(e)["system.restarted"] != "true" {
		t.Errorf("labels %v", labelsOf(e))
	}
	// the logs of each attempt are apart
	if msgs := s.logMessages(t, id, "?taskRunId="+boomID.(string)+"&attempt=0"); len(msgs) != 1 || msgs[0] != "boom on attempt 0" {
		t.Errorf("attempt 0 logs %v", msgs)
	}
	if msgs := s.logMessages(t, id, "?filters[taskId][EQUALS]=boom&filters[attemptNumber][EQUALS]=1"); len(msgs) != 0 {
		t.Errorf("attempt 1 logs %v", msgs)
	}

	r = s.post(t, "/api/v1/main/executions/"+id+"/actions/restart")
	wantContains(t, r, http.StatusConflict, "Conflict: Failed to execute action 'Restart' on execution "+id+" (operation_id=")
	wantContains(t, r, http.StatusConflict, "Cause: No task found to restart execution from!")
}

func wantContains(t testing.TB, r *resp, status int, part string) {
	t.Helper()
	want(t, r, status)
	if got := r.Message(t); !strings.Contains(got, part) {
		t.Fatalf("message %q lacks %q", got, part)
	}
}

// TestRestartRules: restart of a running execution and with an unknown
// revision are refused; with a revision it runs a new execution linked to
// the first.
func TestRestartRules(t *testing.T) {
	s := newSim(t)
	s.flow(t, flakyFlow)
	s.flow(t, "id: slow\nnamespace: ops\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT30S\n")
	run := s.start(t, "ops", "slow", nil)
	s.waitState(t, run, "RUNNING")
	wantMessage(t, s.post(t, "/api/v1/main/executions/"+run+"/actions/restart"), http.StatusConflict,
		"Conflict: Cannot restart execution: current state is 'RUNNING', expected terminated or paused.")
	want(t, s.delete(t, "/api/v1/main/executions/"+run+"/actions/kill"), http.StatusOK)
	s.waitState(t, run, "KILLED")
	wantMessage(t, s.post(t, "/api/v1/main/executions/"+run+"/actions/restart"), http.StatusConflict,
		"Conflict: Cannot restart execution: current state is 'KILLED', expected terminated or paused.")

	id := s.start(t, "ops", "flaky", nil)
	s.waitState(t, id, "FAILED")
	wantMessage(t, s.post(t, "/api/v1/main/executions/"+id+"/actions/restart?revision=9"), http.StatusNotFound,
		"Not Found: Unable to find revision 9 on flow ops.flaky")
	want(t, s.putYAML(t, "/api/v1/main/flows/ops/flaky", strings.Replace(flakyFlow, "message: last", "message: last of revision 2", 1)), http.StatusOK)
	r := s.post(t, "/api/v1/main/executions/"+id+"/actions/restart?revision=2")
	want(t, r, http.StatusOK)
	n := r.Map(t)
	nid := n["id"].(string)
	if nid == id || n["parentId"] != id || n["originalId"] != id || n["flowRevision"] != 2.0 {
		t.Fatalf("restart on revision 2: id %v parent %v original %v revision %v", nid, n["parentId"], n["originalId"], n["flowRevision"])
	}
	s.waitState(t, nid, "SUCCESS")
	if msgs := s.logMessages(t, nid, "?taskId=last"); len(msgs) != 1 || msgs[0] != "last of revision 2" {
		t.Errorf("logs %v", msgs)
	}
	if st := stateOf(s.exec(t, id)); st != "FAILED" {
		t.Errorf("the restarted execution became %s", st)
	}
}

const approvalFlow = `id: approval
namespace: ops
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: approved
        type: BOOL
      - id: reason
        type: STRING
        required: false
        defaults: none given
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: "approved={{ outputs.wait.onResume.approved }} reason={{ outputs.wait.onResume.reason }}"
`

// TestPauseResumeWithInputs: a Pause task pauses the execution; resume
// validates the onResume inputs like flow inputs, and the next tasks see
// them as the Pause task's outputs.
func TestPauseResumeWithInputs(t *testing.T) {
	s := newSim(t)
	s.flow(t, approvalFlow)
	id := s.start(t, "ops", "approval", nil)
	e := s.waitState(t, id, "PAUSED")
	if stateOf(taskRun(t, e, "wait")) != "PAUSED" {
		t.Fatalf("pause task run %v", taskRun(t, e, "wait"))
	}
	base := "/api/v1/main/executions/" + id + "/actions/"
	wantMessage(t, s.post(t, base+"pause"), http.StatusConflict, "Conflict: Cannot pause execution: execution is not running.")
	wantContains(t, s.form(t, base+"resume", map[string]string{}), http.StatusUnprocessableEntity, "inputs.approved: Invalid input for `approved`, missing required input")
	wantContains(t, s.form(t, base+"resume", map[string]string{"approved": "maybe"}), http.StatusUnprocessableEntity, "it must be true or false")
	if st := stateOf(s.exec(t, id)); st != "PAUSED" {
		t.Fatalf("a refused resume changed the state to %s", st)
	}
	r := s.form(t, base+"resume", map[string]string{"approved": "true", "reason": "looks good"})
	want(t, r, http.StatusOK)
	e = s.waitState(t, id, "SUCCESS")
	if h := histories(e); h != "CREATED,RUNNING,PAUSED,RESTARTED,RUNNING,SUCCESS" {
		t.Errorf("histories %s", h)
	}
	wait := taskRun(t, e, "wait")
	onResume := wait["outputs"].(map[string]any)["onResume"].(map[string]any)
	if onResume["approved"] != true || onResume["reason"] != "looks good" {
		t.Errorf("onResume outputs %v", onResume)
	}
	if msgs := s.logMessages(t, id, "?taskId=after"); len(msgs) != 1 || msgs[0] != "approved=true reason=looks good" {
		t.Errorf("logs %v", msgs)
	}
	wantMessage(t, s.form(t, base+"resume", map[string]string{"approved": "true"}), http.StatusConflict,
		"Illegal state: Execution '"+id+"' is not paused, can't resume it")

	// the flow of the execution shows what resume takes
	info := s.get(t, "/api/v1/main/executions/"+id+"/flow").Map(t)
	inputs := info["tasks"].([]any)[0].(map[string]any)["inputs"].([]any)
	if len(inputs) != 2 || inputs[0].(map[string]any)["id"] != "approved" {
		t.Errorf("flow info tasks %v", info["tasks"])
	}

	// a kill while paused kills the paused task run
	id = s.start(t, "ops", "approval", nil)
	s.waitState(t, id, "PAUSED")
	want(t, s.delete(t, "/api/v1/main/executions/"+id+"/actions/kill"), http.StatusOK)
	e = s.waitState(t, id, "KILLED")
	if stateOf(taskRun(t, e, "wait")) != "KILLED" {
		t.Errorf("paused task run %v", taskRun(t, e, "wait"))
	}
}

// TestPauseDurationAndManualPause: a Pause task with a pauseDuration
// resumes by itself; the pause action holds a running execution after its
// current task until resume.
func TestPauseDurationAndManualPause(t *testing.T) {
	s := newSim(t)
	s.flow(t, "id: timed\nnamespace: ops\ntasks:\n  - id: wait\n    type: io.kestra.plugin.core.flow.Pause\n    pauseDuration: PT0.2S\n  - id: done\n    type: io.kestra.plugin.core.log.Log\n    message: done\n")
	s.flow(t, "id: steps\nnamespace: ops\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT1S\n  - id: next\n    type: io.kestra.plugin.core.log.Log\n    message: next\n")
	id := s.start(t, "ops", "timed", nil)
	s.waitState(t, id, "PAUSED")
	e := s.waitState(t, id, "SUCCESS")
	if stateOf(taskRun(t, e, "wait")) != "SUCCESS" {
		t.Errorf("timed pause %v", taskRun(t, e, "wait"))
	}

	id = s.start(t, "ops", "steps", nil)
	s.waitState(t, id, "RUNNING")
	r := s.post(t, "/api/v1/main/executions/"+id+"/actions/pause")
	want(t, r, http.StatusOK)
	if stateOf(r.Map(t)) != "PAUSED" {
		t.Fatalf("pause answered %v", r.Map(t)["state"])
	}
	// the running task ends, the next one waits
	eventually(t, 5*time.Second, func() bool { return stateOf(taskRun(t, s.exec(t, id), "nap")) == "SUCCESS" })
	time.Sleep(50 * time.Millisecond)
	if e := s.exec(t, id); stateOf(e) != "PAUSED" || len(taskRunsOf(e)) != 1 {
		t.Fatalf("paused execution went on: %s, %d task runs", stateOf(e), len(taskRunsOf(e)))
	}
	want(t, s.form(t, "/api/v1/main/executions/"+id+"/actions/resume", map[string]string{}), http.StatusOK)
	e = s.waitState(t, id, "SUCCESS")
	if h := histories(e); h != "CREATED,RUNNING,PAUSED,RUNNING,SUCCESS" {
		t.Errorf("histories %s", h)
	}
}

const serialFlow = `id: serial
namespace: ops
concurrency:
  limit: 1
  behavior: QUEUE
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT30S
`

// TestQueueUnqueueForceRun: a flow with a concurrency limit queues what
// exceeds it; unqueue and force-run take executions out of the queue, and a
// slot freed starts the oldest queued one.
func TestQueueUnqueueForceRun(t *testing.T) {
	s := newSim(t)
	s.flow(t, serialFlow)
	a := s.start(t, "ops", "serial", nil)
	s.waitState(t, a, "RUNNING")
	b := s.start(t, "ops", "serial", nil)
	c := s.start(t, "ops", "serial", nil)
	d := s.start(t, "ops", "serial", nil)
	for _, id := range []string{b, c, d} {
		s.waitState(t, id, "QUEUED")
	}
	act := func(id, action string) string { return "/api/v1/main/executions/" + id + "/actions/" + action }
	wantMessage(t, s.post(t, act(a, "unqueue?state=RUNNING")), http.StatusConflict, "Conflict: Cannot unqueue execution: only QUEUED executions can be unqueued.")
	wantContains(t, s.post(t, act(b, "unqueue?state=SUCCESS")), http.StatusConflict, "Cause: Invalid target state: SUCCESS. Valid states are: [RUNNING, CANCELLED, FAILED]")
	want(t, s.post(t, act(b, "unqueue?state=NOPE")), http.StatusBadRequest)

	// force-run starts a queued execution beyond the limit
	r := s.post(t, act(b, "force-run"))
	want(t, r, http.StatusOK)
	if st := stateOf(r.Map(t)); st != "RUNNING" {
		t.Fatalf("force-run answered %s", st)
	}
	r = s.post(t, act(c, "unqueue?state=CANCELLED"))
	want(t, r, http.StatusOK)
	if st := stateOf(r.Map(t)); st != "CANCELLED" {
		t.Fatalf("unqueue to CANCELLED answered %s", st)
	}
	wantMessage(t, s.post(t, act(c, "force-run")), http.StatusConflict, "Conflict: Cannot force run execution: only non-terminated executions can be force run.")

	// d waits for both a and b to end
	want(t, s.delete(t, act(a, "kill")), http.StatusOK)
	s.waitState(t, a, "KILLED")
	time.Sleep(50 * time.Millisecond)
	if st := stateOf(s.exec(t, d)); st != "QUEUED" {
		t.Fatalf("d is %s while b still runs", st)
	}
	want(t, s.delete(t, act(b, "kill")), http.StatusOK)
	s.waitState(t, d, "RUNNING")
	if h := histories(s.exec(t, d)); h != "CREATED,QUEUED,RUNNING" {
		t.Errorf("histories of d %s", h)
	}

	// unqueue to RUNNING; the document makes state required
	e := s.start(t, "ops", "serial", nil)
	s.waitState(t, e, "QUEUED")
	wantMessage(t, s.post(t, act(e, "unqueue")), http.StatusBadRequest, "Required QueryValue [state] not specified")
	want(t, s.post(t, act(e, "unqueue?state=RUNNING")), http.StatusOK)
	s.waitState(t, e, "RUNNING")
}

// TestConcurrencyBehaviors: CANCEL and FAIL end what exceeds the limit.
func TestConcurrencyBehaviors(t *testing.T) {
	s := newSim(t)
	for _, b := range []string{"CANCEL", "FAIL"} {
		s.flow(t, strings.NewReplacer("id: serial", "id: "+strings.ToLower(b), "behavior: QUEUE", "behavior: "+b).Replace(serialFlow))
		first := s.start(t, "ops", strings.ToLower(b), nil)
		s.waitState(t, first, "RUNNING")
		second := s.start(t, "ops", strings.ToLower(b), nil)
		want := map[string]string{"CANCEL": "CANCELLED", "FAIL": "FAILED"}[b]
		s.waitState(t, second, want)
	}
}

const chainFlow = `id: chain
namespace: ops
inputs:
  - id: who
    type: STRING
    defaults: world
tasks:
  - id: one
    type: io.kestra.plugin.core.debug.Return
    format: "one for {{ inputs.who }} in {{ execution.id }}"
  - id: two
    type: io.kestra.plugin.core.debug.Return
    format: "two for {{ inputs.who }} in {{ execution.id }}"
  - id: three
    type: io.kestra.plugin.core.log.Log
    message: "three after {{ outputs.two.value }}"
`

// TestReplayFromTaskRun: replay from a task run creates a new execution
// linked by originalId and parentId, keeps the task runs before that one,
// runs it again and everything after it.
func TestReplayFromTaskRun(t *testing.T) {
	s := newSim(t)
	s.flow(t, chainFlow)
	id := s.start(t, "ops", "chain", map[string]string{"who": "ada"})
	e := s.waitState(t, id, "SUCCESS")
	two := taskRun(t, e, "two")

	r := s.post(t, "/api/v1/main/executions/"+id+"/actions/replay?taskRunId="+two["id"].(string))
	want(t, r, http.StatusOK)
	n := r.Map(t)
	nid := n["id"].(string)
	if nid == id || n["originalId"] != id || n["parentId"] != id || labelsOf(n)["system.replay"] != "true" {
		t.Fatalf("replay: id %v original %v parent %v labels %v", nid, n["originalId"], n["parentId"], labelsOf(n))
	}
	e2 := s.waitState(t, nid, "SUCCESS")
	one := taskRun(t, e2, "one")
	if one["outputs"].(map[string]any)["value"] != "one for ada in "+id || len(attempts(one)) != 1 {
		t.Errorf("task run before the replayed one: %v", one)
	}
	if one["id"] == taskRun(t, e, "one")["id"] {
		t.Errorf("copied task run kept its id")
	}
	if v := taskRun(t, e2, "two")["outputs"].(map[string]any)["value"]; v != "two for ada in "+nid {
		t.Errorf("replayed task output %v", v)
	}
	if msgs := s.logMessages(t, nid, ""); len(msgs) != 1 || msgs[0] != "three after two for ada in "+nid {
		t.Errorf("logs %v", msgs)
	}
	if !strings.HasPrefix(histories(e2), "CREATED,RUNNING,SUCCESS,RESTARTED,RUNNING") {
		t.Errorf("histories %s", histories(e2))
	}
	if labelsOf(s.exec(t, id))["system.replayed"] != "true" {
		t.Errorf("original labels %v", labelsOf(s.exec(t, id)))
	}

	// from scratch, with other inputs
	r = s.form(t, "/api/v1/main/executions/"+id+"/actions/replay-with-inputs", map[string]string{"who": "bob"})
	want(t, r, http.StatusOK)
	e3 := s.waitState(t, r.Map(t)["id"].(string), "SUCCESS")
	if e3["inputs"].(map[string]any)["who"] != "bob" || len(taskRunsOf(e3)) != 3 {
		t.Errorf("replay with inputs: %v, %d task runs", e3["inputs"], len(taskRunsOf(e3)))
	}
	wantMessage(t, s.post(t, "/api/v1/main/executions/"+id+"/actions/replay?taskRunId=nope"), http.StatusUnprocessableEntity,
		"Illegal argument: Task run id 'nope' not found in execution '"+id+"'")
	s.flow(t, "id: slow\nnamespace: ops\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT30S\n")
	run := s.start(t, "ops", "slow", nil)
	s.waitState(t, run, "RUNNING")
	wantMessage(t, s.post(t, "/api/v1/main/executions/"+run+"/actions/replay"), http.StatusConflict,
		"Conflict: Cannot replay execution: current state is 'RUNNING', expected terminated.")
}

// TestKillByQuery200: a by-query kill of 200 running executions kills them
// all and says how many it took.
func TestKillByQuery200(t *testing.T) {
	s := newSim(t)
	s.flow(t, "id: sleepy\nnamespace: load\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT60S\n")
	s.flow(t, "id: other\nnamespace: load\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT60S\n")
	other := s.start(t, "load", "other", nil)
	const n = 200
	ids := make([]string, n)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 8 {
				ids[i] = s.start(t, "load", "sleepy", nil)
			}
		}()
	}
	wg.Wait()
	count := func(query string) int {
		var p struct {
			Total int `json:"total"`
		}
		s.get(t, "/api/v1/main/executions/search?size=1&"+query).JSON(t, &p)
		return p.Total
	}
	eventually(t, 10*time.Second, func() bool { return count("filters[flowId][EQUALS]=sleepy&filters[state][EQUALS]=RUNNING") == n })

	r := s.delete(t, "/api/v1/main/executions/kill/by-query?filters[namespace][EQUALS]=load&filters[flowId][EQUALS]=sleepy&filters[state][IN]=RUNNING,PAUSED")
	want(t, r, http.StatusAccepted)
	op := r.Map(t)
	if op["totalItems"] != float64(n) || op["operationId"] == "" {
		t.Fatalf("kill by query answered %v", op)
	}
	eventually(t, 10*time.Second, func() bool { return count("filters[flowId][EQUALS]=sleepy&filters[state][EQUALS]=KILLED") == n })
	if st := stateOf(s.exec(t, other)); st != "RUNNING" {
		t.Errorf("an execution outside the query is %s", st)
	}
	// nothing left to kill: the query matches only ended executions
	r = s.delete(t, "/api/v1/main/executions/kill/by-query?filters[flowId][EQUALS]=sleepy")
	want(t, r, http.StatusBadRequest)
	var bulk struct {
		Message  string           `json:"message"`
		Invalids []map[string]any `json:"invalids"`
	}
	r.JSON(t, &bulk)
	if bulk.Message != "invalid bulk kill" || len(bulk.Invalids) != n || bulk.Invalids[0]["message"] != "execution already finished" {
		t.Errorf("bulk error %s, %d invalids %v", bulk.Message, len(bulk.Invalids), bulk.Invalids[:1])
	}
	_ = fmt.Sprint(ids)
}
