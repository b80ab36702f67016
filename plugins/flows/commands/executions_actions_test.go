package commands_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// Flows the execution tests run (the task types kestrasim interprets:
// kestrasim/executions/doc.go).
var actionFlows = map[string]string{
	"flaky": `id: flaky
namespace: x
tasks:
  - id: first
    type: io.kestra.plugin.core.log.Log
    message: first step
  - id: boom
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ taskrun.attemptsCount < 1 }}"
    errorMessage: fails on the first attempt only
  - id: last
    type: io.kestra.plugin.core.log.Log
    message: done after restart
`,
	"approval": `id: approval
namespace: x
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
`,
	"serial": `id: serial
namespace: x
concurrency:
  limit: 1
  behavior: QUEUE
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT30S
`,
	"sleepy": `id: sleepy
namespace: x
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT30S
`,
	"parent": `id: parent
namespace: x
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: acts
    flowId: sleepy
`,
	"ok": `id: ok
namespace: x
inputs:
  - id: day
    type: STRING
    defaults: monday
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "hello {{ inputs.day }}"
  - id: debug
    type: io.kestra.plugin.core.log.Log
    level: DEBUG
    message: "a detail"
`,
	"files": `id: files
namespace: x
tasks:
  - id: write
    type: io.kestra.plugin.core.storage.Write
    size: 3MiB
    extension: .bin
  - id: text
    type: io.kestra.plugin.core.storage.Write
    content: "hello file\n"
    extension: .txt
`,
	"hook": `id: hook
namespace: x
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: "got {{ trigger.body.who }}"
triggers:
  - id: web
    type: io.kestra.plugin.core.trigger.Webhook
    key: s3cret
`,
}

// simWithFlows starts kestrasim (with extra flags) and deploys the action
// flows into namespace acts.
func simWithFlows(t *testing.T, args ...string) string {
	t.Helper()
	url := plugintest.StartKestrasim(t, args...)
	dir := t.TempDir()
	for name, src := range actionFlows {
		if err := os.WriteFile(filepath.Join(dir, name+".yaml"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir, "--namespace", "acts"); r.Err != nil {
		t.Fatalf("deploy: %v", r.Err)
	}
	return url
}

// run runs a command with -o json.
func run(t *testing.T, url string, argv ...string) *plugintest.Result {
	t.Helper()
	return plugintest.Run(t, flowsPlugin(), opts(url), argv...)
}

// runYes runs a command with -o json --yes.
func runYes(t *testing.T, url string, argv ...string) *plugintest.Result {
	t.Helper()
	o := opts(url)
	o.AssumeYes = true
	return plugintest.Run(t, flowsPlugin(), o, argv...)
}

func stateOf(m map[string]any) string {
	st, _ := m["state"].(map[string]any)
	s, _ := st["current"].(string)
	return s
}

// start starts an execution of acts.<flow> and returns its id.
func start(t *testing.T, url, flow string, args ...string) string {
	t.Helper()
	r := run(t, url, append([]string{"executions", "run", "acts", flow}, args...)...)
	if r.Err != nil && r.Code() != cmderr.RemoteFailed {
		t.Fatalf("run %s: %v", flow, r.Err)
	}
	return r.Object(t)["id"].(string)
}

// get reads an execution.
func get(t *testing.T, url, id string) map[string]any {
	t.Helper()
	r := run(t, url, "executions", "get", id)
	if r.Err != nil {
		t.Fatalf("get %s: %v", id, r.Err)
	}
	return r.Object(t)
}

// waitState waits until an execution is in state.
func waitState(t *testing.T, url, id, state string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		e := get(t, url, id)
		if stateOf(e) == state {
			return e
		}
		if time.Now().After(deadline) {
			t.Fatalf("execution %s is %s, want %s", id, stateOf(e), state)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// taskRun returns the task run of a task.
func taskRun(t *testing.T, e map[string]any, task string) map[string]any {
	t.Helper()
	list, _ := e["taskRunList"].([]any)
	for _, it := range list {
		if m := it.(map[string]any); m["taskId"] == task {
			return m
		}
	}
	t.Fatalf("no task run of %s in %v", task, e["id"])
	return nil
}

func TestRestartAfterFailure(t *testing.T) {
	url := simWithFlows(t)
	r := run(t, url, "executions", "run", "acts", "flaky", "--wait")
	if r.Code() != cmderr.RemoteFailed {
		t.Fatalf("first run: %v", r.Err)
	}
	id := r.Object(t)["id"].(string)
	r = run(t, url, "executions", "restart", id, "--wait")
	if r.Err != nil {
		t.Fatalf("restart --wait: %v", r.Err)
	}
	e := r.Object(t)
	if e["id"] != id || stateOf(e) != "SUCCESS" {
		t.Fatalf("restart followed %v (%s), want %s SUCCESS", e["id"], stateOf(e), id)
	}
	if n := len(taskRun(t, e, "boom")["attempts"].([]any)); n != 2 {
		t.Fatalf("the failed task has %d attempts, want 2", n)
	}
	// A SUCCESS execution has nothing to restart: Kestra's conflict.
	r = run(t, url, "executions", "restart", id)
	if r.Code() != cmderr.Conflict || !strings.Contains(r.Err.Error(), "No task found to restart execution from") {
		t.Fatalf("restart of a success: %v %v", r.Code(), r.Err)
	}
	if r := run(t, url, "executions", "restart", "nope"); r.Code() != cmderr.NotFound || r.Err.Error() != `execution "nope" not found` {
		t.Fatalf("restart of an unknown execution: %v", r.Err)
	}
}

func TestRestartOnRevisionFollowsTheNewExecution(t *testing.T) {
	url := simWithFlows(t)
	id := start(t, url, "flaky", "--wait")
	// A second revision that no longer fails.
	dir := t.TempDir()
	src := strings.Replace(actionFlows["flaky"], "errorMessage: fails", "errorMessage: still fails", 1)
	if err := os.WriteFile(filepath.Join(dir, "flaky.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, url, "flows", "deploy", dir, "--namespace", "acts", "--override"); r.Err != nil {
		t.Fatal(r.Err)
	}
	r := run(t, url, "executions", "restart", id, "--revision", "2", "--wait")
	if r.Err != nil {
		t.Fatalf("restart --revision 2 --wait: %v", r.Err)
	}
	e := r.Object(t)
	if e["id"] == id || e["flowRevision"] != float64(2) || stateOf(e) != "SUCCESS" {
		t.Fatalf("followed %v revision %v %s", e["id"], e["flowRevision"], stateOf(e))
	}
	if r := run(t, url, "executions", "restart", id, "--revision", "9"); r.Code() != cmderr.NotFound || !strings.Contains(r.Err.Error(), "revision 9") {
		t.Fatalf("unknown revision: %v", r.Err)
	}
}

func TestPauseResumeWithInputs(t *testing.T) {
	url := simWithFlows(t)
	id := start(t, url, "approval")
	waitState(t, url, id, "PAUSED")
	r := run(t, url, "executions", "resume", id)
	if r.Err == nil || !strings.Contains(r.Err.Error(), "missing required input") {
		t.Fatalf("resume without the input: %v", r.Err)
	}
	if st := stateOf(get(t, url, id)); st != "PAUSED" {
		t.Fatalf("a refused resume changed the state to %s", st)
	}
	r = run(t, url, "executions", "resume", id, "--input", "approved=true", "--input", "reason=looks good", "--wait")
	if r.Err != nil || stateOf(r.Object(t)) != "SUCCESS" {
		t.Fatalf("resume --wait: %v", r.Err)
	}
	logs := run(t, url, "logs", "list", id, "--task-id", "after")
	if len(logs.Records) != 1 || logs.Records[0]["message"] != "approved=true reason=looks good" {
		t.Fatalf("logs of after: %v", logs.Records)
	}
	r = run(t, url, "executions", "resume", id)
	if r.Code() != cmderr.Conflict || !strings.Contains(r.Err.Error(), "is not paused") {
		t.Fatalf("resume of an ended execution: %v", r.Err)
	}

	// The pause action holds a running execution after its current task.
	id = start(t, url, "sleepy")
	waitState(t, url, id, "RUNNING")
	r = run(t, url, "executions", "pause", id)
	if r.Err != nil || stateOf(r.Object(t)) != "PAUSED" {
		t.Fatalf("pause: %v", r.Err)
	}
	if r := run(t, url, "executions", "pause", id); r.Code() != cmderr.Conflict {
		t.Fatalf("pause of a paused execution: %v", r.Err)
	}
	if r := runYes(t, url, "executions", "kill", id); r.Err != nil {
		t.Fatal(r.Err)
	}
}

func TestQueueUnqueueForceRun(t *testing.T) {
	url := simWithFlows(t)
	a := start(t, url, "serial")
	waitState(t, url, a, "RUNNING")
	b, c := start(t, url, "serial"), start(t, url, "serial")
	waitState(t, url, b, "QUEUED")
	waitState(t, url, c, "QUEUED")
	r := run(t, url, "executions", "force-run", b)
	if r.Err != nil || stateOf(r.Object(t)) != "RUNNING" {
		t.Fatalf("force-run: %v", r.Err)
	}
	r = run(t, url, "executions", "unqueue", c, "--state", "cancelled")
	if r.Err != nil || stateOf(r.Object(t)) != "CANCELLED" {
		t.Fatalf("unqueue --state cancelled: %v", r.Err)
	}
	if r := run(t, url, "executions", "unqueue", c); r.Code() != cmderr.Conflict {
		t.Fatalf("unqueue of a cancelled execution: %v", r.Err)
	}
	if r := run(t, url, "executions", "unqueue", c, "--state", "SUCCESS"); r.Code() != cmderr.Usage {
		t.Fatalf("unqueue to SUCCESS: %v", r.Err)
	}
	d := start(t, url, "serial")
	waitState(t, url, d, "QUEUED")
	r = run(t, url, "executions", "unqueue", d)
	if r.Err != nil || stateOf(r.Object(t)) != "RUNNING" {
		t.Fatalf("unqueue (to RUNNING): %v", r.Err)
	}
	// --wait on a kill: exit 8 once KILLED.
	r = runYes(t, url, "executions", "kill-bulk", a, b, d, "--wait")
	if r.Code() != cmderr.RemoteFailed || !strings.Contains(r.Err.Error(), "3 of 3 executions ended FAILED, KILLED or CANCELLED") {
		t.Fatalf("kill-bulk --wait: %v", r.Err)
	}
}

func TestReplayFromATaskRun(t *testing.T) {
	url := simWithFlows(t)
	id := start(t, url, "ok", "--wait", "--input", "day=friday")
	e := get(t, url, id)
	tr := taskRun(t, e, "debug")["id"].(string)
	r := run(t, url, "executions", "replay", id, "--task-run-id", tr, "--wait")
	if r.Err != nil {
		t.Fatalf("replay --wait: %v", r.Err)
	}
	n := r.Object(t)
	if n["id"] == id || n["originalId"] != id || stateOf(n) != "SUCCESS" {
		t.Fatalf("replay answered %v (original %v) %s", n["id"], n["originalId"], stateOf(n))
	}
	// The task before the task run kept its run: the same task run id? No:
	// a copy, SUCCESS, not run again (one log line of hello in all).
	logs := run(t, url, "logs", "list", n["id"].(string), "--task-id", "hello")
	if len(logs.Records) != 0 {
		t.Fatalf("hello ran again in the replay: %v", logs.Records)
	}
	if r := run(t, url, "executions", "replay", id, "--task-run-id", "nope"); r.Err == nil || !strings.Contains(r.Err.Error(), "Task run id 'nope' not found") {
		t.Fatalf("replay from an unknown task run: %v", r.Err)
	}
	r = run(t, url, "executions", "replay-with-inputs", id, "--input", "day=sunday", "--wait")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	m := r.Object(t)
	if m["inputs"].(map[string]any)["day"] != "sunday" {
		t.Fatalf("replay-with-inputs inputs %v", m["inputs"])
	}
}

func TestKillCascade(t *testing.T) {
	url := simWithFlows(t)
	for _, tc := range []struct {
		flags []string
		child string
	}{{[]string{"--cascade=false"}, "RUNNING"}, {nil, "KILLED"}} {
		parent := start(t, url, "parent")
		waitState(t, url, parent, "RUNNING")
		var child string
		deadline := time.Now().Add(10 * time.Second)
		for child == "" && time.Now().Before(deadline) {
			l := run(t, url, "executions", "list", "--filter", "triggerExecutionId:EQUALS:"+parent)
			if len(l.Records) == 1 {
				child = l.Records[0]["id"].(string)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if child == "" {
			t.Fatal("no child execution")
		}
		waitState(t, url, child, "RUNNING")
		r := runYes(t, url, append([]string{"executions", "kill", parent, "--wait"}, tc.flags...)...)
		if r.Code() != cmderr.RemoteFailed || stateOf(r.Object(t)) != "KILLED" {
			t.Fatalf("kill %v --wait: %v", tc.flags, r.Err)
		}
		time.Sleep(100 * time.Millisecond)
		if st := stateOf(get(t, url, child)); st != tc.child && !(tc.child == "KILLED" && st == "KILLING") {
			t.Fatalf("kill %v: the child is %s, want %s", tc.flags, st, tc.child)
		}
		if tc.child == "RUNNING" {
			runYes(t, url, "executions", "kill", child)
		}
	}
}

func TestBulkReportsEachRefusal(t *testing.T) {
	url := simWithFlows(t)
	a, b := start(t, url, "sleepy"), start(t, url, "sleepy")
	done := start(t, url, "ok", "--wait")
	waitState(t, url, a, "RUNNING")
	r := runYes(t, url, "executions", "kill-bulk", a, done, "nope", b)
	if r.Code() != cmderr.Generic {
		t.Fatalf("kill-bulk: %v", r.Err)
	}
	rep := r.Report(t)
	want := []struct{ id, status, err string }{
		{a, "killed", ""}, {done, "failed", "the execution is SUCCESS"}, {"nope", "failed", "execution not found"}, {b, "killed", ""},
	}
	for i, w := range want {
		res := rep.Results[i]
		if res["id"] != w.id || res["status"] != w.status || !strings.Contains(fmt.Sprint(res["error"]), w.err) {
			t.Errorf("result %d = %v, want %v", i, res, w)
		}
	}
	if rep.Summary["killed"] != 2 || rep.Summary["failed"] != 2 {
		t.Fatalf("summary %v", rep.Summary)
	}
	waitState(t, url, a, "KILLED")
	waitState(t, url, b, "KILLED")
	// Without --yes and a terminal: refused, nothing done.
	c := start(t, url, "sleepy")
	if r := run(t, url, "executions", "kill-bulk", c); r.Code() != cmderr.Usage || len(r.Confirmations) != 1 || r.Confirmations[0] != "Kill 1 execution?" {
		t.Fatalf("kill-bulk without --yes: %v %v", r.Err, r.Confirmations)
	}
	if st := stateOf(get(t, url, c)); st == "KILLED" || st == "KILLING" {
		t.Fatal("killed without confirmation")
	}
	runYes(t, url, "executions", "kill", c)
}

// TestByQueryActsOnWhatWasConfirmed: the question names the count, a no
// changes nothing, and an execution that starts matching while the
// question is asked is not touched.
func TestByQueryActsOnWhatWasConfirmed(t *testing.T) {
	url := simWithFlows(t)
	var ids []string
	for range 3 {
		ids = append(ids, start(t, url, "sleepy"))
	}
	for _, id := range ids {
		waitState(t, url, id, "RUNNING")
	}
	done := start(t, url, "ok", "--wait")
	dry := run(t, url, "executions", "kill-by-query", "-n", "acts", "--dry-run")
	if dry.Err != nil || len(dry.Records) != 3 {
		t.Fatalf("dry run: %v, %d records (the ended execution must not match)", dry.Err, len(dry.Records))
	}
	o := opts(url)
	o.Confirm = func(string) bool { return false }
	no := plugintest.Run(t, flowsPlugin(), o, "executions", "kill-by-query", "-n", "acts")
	if no.Code() != cmderr.Cancelled || len(no.Confirmations) != 1 || no.Confirmations[0] != "Kill 3 executions matching the filters?" {
		t.Fatalf("no: %v %v", no.Err, no.Confirmations)
	}
	var late string
	o.Confirm = func(string) bool {
		late = start(t, url, "sleepy")
		return true
	}
	r := plugintest.Run(t, flowsPlugin(), o, "executions", "kill-by-query", "-n", "acts", "--wait")
	if r.Code() != cmderr.RemoteFailed {
		t.Fatalf("kill-by-query --wait: %v", r.Err)
	}
	rep := r.Report(t)
	if rep.Summary["killed"] != 3 || len(rep.Results) != 3 {
		t.Fatalf("report %v", rep)
	}
	for _, res := range rep.Results {
		if res["id"] == late {
			t.Fatal("the late execution was acted on")
		}
	}
	if st := stateOf(get(t, url, late)); st != "RUNNING" && st != "CREATED" {
		t.Fatalf("the late execution is %s", st)
	}
	if st := stateOf(get(t, url, done)); st != "SUCCESS" {
		t.Fatalf("the ended execution is %s", st)
	}
	// A state filter given by the user replaces the implicit one: the
	// server refuses what it cannot kill, per execution.
	r = runYes(t, url, "executions", "kill-by-query", "-n", "acts", "--flow", "ok", "--state", "SUCCESS")
	if rep := r.Report(t); r.Code() != cmderr.Generic || rep.Summary["failed"] != 1 {
		t.Fatalf("kill of a SUCCESS by query: %v %v", r.Err, rep.Summary)
	}
	runYes(t, url, "executions", "kill", late)
}

func TestBulkWaitFollowsTheRightExecutions(t *testing.T) {
	url := simWithFlows(t)
	a, b := start(t, url, "flaky", "--wait"), start(t, url, "flaky", "--wait")
	// restart keeps the ids: both run again and succeed.
	r := runYes(t, url, "executions", "restart-bulk", a, b, "--wait")
	if r.Err != nil {
		t.Fatalf("restart-bulk --wait: %v", r.Err)
	}
	if rep := r.Report(t); rep.Summary["restarted"] != 2 {
		t.Fatalf("report %v", rep)
	}
	if !hasMessage(r, "2 executions ended: 2 SUCCESS") {
		t.Fatalf("messages %v", r.Messages)
	}
	// replay makes new executions: --wait follows them, not the originals
	// (they run from the start, first attempts again: they fail).
	r = runYes(t, url, "executions", "replay-by-query", "-n", "acts", "--flow", "flaky", "--wait")
	if r.Code() != cmderr.RemoteFailed || !strings.Contains(r.Err.Error(), "2 of 2 executions ended FAILED") {
		t.Fatalf("replay-by-query --wait: %v", r.Err)
	}
	var ended []string
	for _, m := range r.Messages {
		if strings.HasPrefix(m.Text, "Execution ") && strings.Contains(m.Text, " ended ") {
			ended = append(ended, strings.Fields(m.Text)[1])
		}
	}
	if len(ended) != 2 || ended[0] == a || ended[0] == b || ended[1] == a || ended[1] == b {
		t.Fatalf("followed %v, not the replays of %s and %s", ended, a, b)
	}
	for _, id := range ended {
		if e := get(t, url, id); e["originalId"] != a && e["originalId"] != b {
			t.Fatalf("%s replays %v", id, e["originalId"])
		}
	}
}

func hasMessage(r *plugintest.Result, text string) bool {
	for _, m := range r.Messages {
		if strings.Contains(m.Text, text) {
			return true
		}
	}
	return false
}

func TestDownloadFile(t *testing.T) {
	url := simWithFlows(t)
	id := start(t, url, "files", "--wait")
	e := get(t, url, id)
	bin := taskRun(t, e, "write")["outputs"].(map[string]any)["uri"].(string)
	txt := taskRun(t, e, "text")["outputs"].(map[string]any)["uri"].(string)

	meta := run(t, url, "executions", "file-metadata", id, "--path", bin)
	if meta.Err != nil || meta.Object(t)["size"] != float64(3<<20) {
		t.Fatalf("file-metadata: %v %s", meta.Err, meta.Objects)
	}
	dir := t.TempDir()
	r := run(t, url, "executions", "download-file", id, "--path", bin, "-O", filepath.Join(dir, "out.bin"))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if st, err := os.Stat(filepath.Join(dir, "out.bin")); err != nil || st.Size() != 3<<20 || r.Object(t)["size"] != float64(3<<20) {
		t.Fatalf("saved %v %v", st, err)
	}
	// Into a directory, under the file's name; nothing else left behind.
	if r := run(t, url, "executions", "download-file", id, "-p", bin, "-O", dir); r.Err != nil {
		t.Fatal(r.Err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 || entries[1].Name() != filepath.Base(bin) {
		t.Fatalf("directory holds %v", entries)
	}
	// To stdout (a redirect): the bytes, nothing else.
	o := opts(url)
	o.Format = "table"
	r = plugintest.Run(t, flowsPlugin(), o, "executions", "download-file", id, "-p", bin)
	if r.Err != nil || len(r.Stdout) != 3<<20 {
		t.Fatalf("to stdout: %v, %d bytes", r.Err, len(r.Stdout))
	}
	// Never binary to a terminal; text is fine.
	o.Terminal = &plugin.Terminal{StdoutTTY: true, StderrTTY: true, StdinTTY: true}
	r = plugintest.Run(t, flowsPlugin(), o, "executions", "download-file", id, "-p", bin, "-O", "-")
	if r.Code() != cmderr.Usage || r.Stdout != "" || !strings.Contains(r.Err.Error(), "refusing to print binary content") {
		t.Fatalf("binary to a terminal: %v, %d bytes", r.Err, len(r.Stdout))
	}
	r = plugintest.Run(t, flowsPlugin(), o, "executions", "download-file", id, "-p", txt)
	if r.Err != nil || r.Stdout != "hello file\n" {
		t.Fatalf("text to a terminal: %v %q", r.Err, r.Stdout)
	}
	for _, tc := range []struct {
		argv []string
		code cmderr.Code
	}{
		{[]string{"executions", "download-file", id, "-p", "/etc/passwd"}, cmderr.Usage},
		{[]string{"executions", "download-file", id, "-p", strings.Replace(bin, "write.bin", "nope.bin", 1)}, cmderr.NotFound},
		{[]string{"executions", "download-file", "nope", "-p", bin}, cmderr.NotFound},
		{[]string{"executions", "download-file", id, "-p", bin, "-O", filepath.Join(dir, "missing", "x")}, cmderr.Usage},
	} {
		if r := run(t, url, tc.argv...); r.Code() != tc.code {
			t.Errorf("%v: %v %v", tc.argv[2:], r.Code(), r.Err)
		}
	}
}

// TestDownloadResumes: connections cut mid-answer are resumed with Range
// requests where they stopped; the file is complete and the same as a
// clean download.
func TestDownloadResumes(t *testing.T) {
	sim := simWithFlows(t)
	id := start(t, sim, "files", "--wait")
	bin := taskRun(t, get(t, sim, id), "write")["outputs"].(map[string]any)["uri"].(string)
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.bin")
	if r := run(t, sim, "executions", "download-file", id, "-p", bin, "-O", clean); r.Err != nil {
		t.Fatal(r.Err)
	}
	// A proxy that cuts the first two answers of the file route.
	target, err := neturl.Parse(sim)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var ranges []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := r.Clone(r.Context())
		req.URL.Scheme, req.URL.Host, req.RequestURI = target.Scheme, target.Host, ""
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		if strings.HasSuffix(r.URL.Path, "/file") {
			mu.Lock()
			ranges = append(ranges, r.Header.Get("Range"))
			cut := len(ranges) <= 2
			mu.Unlock()
			if cut {
				_, _ = io.CopyN(w, resp.Body, 300<<10)
				w.(http.Flusher).Flush()
				panic(http.ErrAbortHandler)
			}
		}
		_, _ = io.Copy(w, resp.Body)
	}))
	t.Cleanup(proxy.Close)
	out := filepath.Join(dir, "resumed.bin")
	if r := run(t, proxy.URL, "executions", "download-file", id, "-p", bin, "-O", out); r.Err != nil {
		t.Fatalf("download through cuts: %v", r.Err)
	}
	want, _ := os.ReadFile(clean)
	got, _ := os.ReadFile(out)
	if len(got) != 3<<20 || !bytes.Equal(got, want) {
		t.Fatalf("resumed download differs: %d bytes", len(got))
	}
	if len(ranges) != 3 || ranges[0] != "" || ranges[1] != "bytes=307200-" || ranges[2] != "bytes=614400-" {
		t.Fatalf("requests of the file: %q", ranges)
	}
}
