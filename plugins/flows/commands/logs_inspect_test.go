package commands_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

func TestLogsGroup(t *testing.T) {
	url := simWithFlows(t)
	id := start(t, url, "ok", "--wait", "--input", "day=friday")
	other := start(t, url, "flaky", "--wait")

	// list, and executions logs as its alias: same selection, same output.
	for _, argv := range [][]string{{"logs", "list", id}, {"executions", "logs", id}} {
		r := run(t, url, argv...)
		if r.Err != nil || len(r.Records) != 2 || r.Records[0]["message"] != "hello friday" {
			t.Fatalf("%v: %v %v", argv, r.Err, r.Records)
		}
	}
	for _, tc := range []struct {
		argv []string
		want []string
	}{
		{[]string{"--min-level", "info"}, []string{"hello friday"}},
		{[]string{"--level", "DEBUG", "--task-id", "debug"}, []string{"a detail"}},
		{[]string{"--task-id", "hello", "--attempt", "0"}, []string{"hello friday"}},
		{[]string{"--task-id", "hello", "--attempt", "1"}, nil},
		{[]string{"--task-run-id", "nope"}, nil},
	} {
		r := run(t, url, append([]string{"logs", "list", id}, tc.argv...)...)
		var got []string
		for _, rec := range r.Records {
			got = append(got, rec["message"].(string))
		}
		if r.Err != nil || strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%v: %v %v", tc.argv, r.Err, got)
		}
	}
	for _, tc := range []struct {
		argv []string
		code cmderr.Code
	}{
		{[]string{"logs", "list", id, "--min-level", "LOUD"}, cmderr.Usage},
		{[]string{"logs", "list", id, "--attempt", "-1"}, cmderr.Usage},
		{[]string{"logs", "list", "nope"}, cmderr.NotFound},
		{[]string{"logs", "download", "nope"}, cmderr.NotFound},
		{[]string{"logs", "search", "-n", "nowhere"}, cmderr.NotFound},
	} {
		if r := run(t, url, tc.argv...); r.Code() != tc.code {
			t.Errorf("%v: %v %v", tc.argv, r.Code(), r.Err)
		}
	}

	// search: the list grammar and the filters.
	s := run(t, url, "logs", "search", "-n", "acts", "--min-level", "ERROR")
	if s.Err != nil || len(s.Records) != 1 || s.Records[0]["executionId"] != other {
		t.Fatalf("search ERROR: %v %v", s.Err, s.Records)
	}
	o := opts(url)
	o.Format = "table"
	s = plugintest.Run(t, flowsPlugin(), o, "logs", "search", "-n", "acts", "--flow", "ok", "-L", "1")
	if s.Err != nil || len(s.Records) != 1 || s.Footer != "Showing 1 of 2 logs; use --limit or --all" {
		t.Fatalf("search -L 1: %v %d %q", s.Err, len(s.Records), s.Footer)
	}
	s = run(t, url, "logs", "search", "-q", "friday", "--since", "1h", "--sort", "timestamp:asc")
	if s.Err != nil || len(s.Records) != 1 {
		t.Fatalf("search -q: %v %v", s.Err, s.Records)
	}

	// download: the server's text, to stdout or to a file.
	o.Format = "table"
	d := plugintest.Run(t, flowsPlugin(), o, "logs", "download", id, "--min-level", "INFO")
	if d.Err != nil || !strings.Contains(d.Stdout, "INFO hello friday") || strings.Contains(d.Stdout, "a detail") {
		t.Fatalf("download: %v %q", d.Err, d.Stdout)
	}
	dir := t.TempDir()
	d = run(t, url, "logs", "download", id, "-O", dir)
	if d.Err != nil {
		t.Fatal(d.Err)
	}
	b, err := os.ReadFile(filepath.Join(dir, id+".log"))
	if err != nil || !strings.Contains(string(b), "a detail") || d.Object(t)["file"] != filepath.Join(dir, id+".log") {
		t.Fatalf("download -O dir: %v %q %s", err, b, d.Objects)
	}

	// delete: asks, deletes only the selection.
	if r := run(t, url, "logs", "delete", id, "--task-id", "debug"); r.Code() != cmderr.Usage ||
		len(r.Confirmations) != 1 || r.Confirmations[0] != "Delete the logs of task debug of execution "+id+" of acts.ok?" {
		t.Fatalf("delete without --yes: %v %v", r.Err, r.Confirmations)
	}
	if r := runYes(t, url, "logs", "delete", id, "--task-id", "debug"); r.Err != nil {
		t.Fatal(r.Err)
	}
	if r := run(t, url, "logs", "list", id); len(r.Records) != 1 || r.Records[0]["taskId"] != "hello" {
		t.Fatalf("after delete: %v", r.Records)
	}
	// delete-flow: the document requires the trigger.
	if r := runYes(t, url, "logs", "delete-flow", "acts", "nope", "--trigger-id", "t"); r.Code() != cmderr.NotFound {
		t.Fatalf("delete-flow of an unknown flow: %v", r.Err)
	}
	if r := runYes(t, url, "logs", "delete-flow", "acts", "hook", "--trigger-id", "web"); r.Err != nil {
		t.Fatal(r.Err)
	}
}

func TestLookingCommands(t *testing.T) {
	url := simWithFlows(t)
	id := start(t, url, "ok", "--wait", "--input", "day=friday")
	failed := start(t, url, "flaky", "--wait")

	l := run(t, url, "executions", "latest", "--flow", "acts:ok", "--flow", "acts/flaky", "--flow", "acts:approval")
	if l.Err != nil || len(l.RawRecords) != 2 || l.Records[0]["id"] != id || l.Records[1]["status"] != "FAILED" {
		t.Fatalf("latest: %v %v", l.Err, l.Records)
	}
	if !hasMessage(l, "No ended execution of acts.approval.") {
		t.Fatalf("latest messages %v", l.Messages)
	}
	if r := run(t, url, "executions", "latest", "--flow", "nocolon"); r.Code() != cmderr.Usage {
		t.Fatalf("latest --flow nocolon: %v", r.Err)
	}

	g := run(t, url, "executions", "flow-graph", failed)
	if g.Err != nil || !strings.Contains(string(g.Objects[0]), `"edges"`) {
		t.Fatalf("flow-graph -o json: %v", g.Err)
	}
	o := opts(url)
	o.Format = "table"
	g = plugintest.Run(t, flowsPlugin(), o, "executions", "flow-graph", failed)
	if g.Err != nil || g.Footer != "5 nodes, 4 edges" || g.Records[3]["task"] != "boom" || g.Records[3]["state"] != "FAILED" || g.Records[3]["after"] != "root.first" {
		t.Fatalf("flow-graph: %v %q %v", g.Err, g.Footer, g.Records)
	}

	fi := run(t, url, "executions", "flow-info", "acts", "approval")
	if fi.Err != nil || fi.Object(t)["id"] != "approval" {
		t.Fatalf("flow-info: %v", fi.Err)
	}
	fi = plugintest.Run(t, flowsPlugin(), o, "executions", "flow-info-by-id", id)
	if fi.Err != nil || !strings.Contains(fi.Stdout, "Flow: ok\n") || !strings.Contains(fi.Stdout, "day (STRING") {
		t.Fatalf("flow-info-by-id: %v %q", fi.Err, fi.Stdout)
	}

	ev := plugintest.Run(t, flowsPlugin(), o, "executions", "eval-expression", id, "{{ inputs.day | upper }}")
	if ev.Err != nil || ev.Stdout != "FRIDAY\n" {
		t.Fatalf("eval: %v %q", ev.Err, ev.Stdout)
	}
	ev = run(t, url, "executions", "eval-expression", id, "{{ nope }}")
	if ev.Code() != cmderr.Generic || !strings.Contains(ev.Err.Error(), "Unable to find `nope`") || len(ev.Objects) != 1 {
		t.Fatalf("eval error: %v", ev.Err)
	}

	sf := run(t, url, "executions", "search-by-flow", "-n", "acts", "--flow-id", "ok")
	if sf.Err != nil || len(sf.Records) != 1 || sf.Records[0]["id"] != id {
		t.Fatalf("search-by-flow: %v %v", sf.Err, sf.Records)
	}

	wh := run(t, url, "executions", "trigger-webhook", "acts", "hook", "s3cret", "-d", `{"who":"Ada"}`, "--wait")
	if wh.Err != nil || stateOf(wh.Object(t)) != "SUCCESS" {
		t.Fatalf("trigger-webhook: %v", wh.Err)
	}
	if r := run(t, url, "logs", "list", wh.Object(t)["id"].(string)); len(r.Records) != 1 || r.Records[0]["message"] != "got Ada" {
		t.Fatalf("webhook logs: %v", r.Records)
	}
	if r := run(t, url, "executions", "trigger-webhook", "acts", "hook", "wrong"); r.Code() != cmderr.NotFound {
		t.Fatalf("wrong key: %v", r.Err)
	}
	if r := run(t, url, "executions", "trigger-webhook", "acts", "hook", "s3cret", "--method", "GET", "-d", "x"); r.Code() != cmderr.Usage {
		t.Fatalf("GET with a body: %v", r.Err)
	}
}

func TestStateAndLabelCommands(t *testing.T) {
	url := simWithFlows(t)
	failed := start(t, url, "flaky", "--wait")
	r := run(t, url, "executions", "set-labels", failed, "team=data", "ticket:OPS-1")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	labels, _ := json.Marshal(r.Object(t)["labels"])
	if !strings.Contains(string(labels), `{"key":"team","value":"data"}`) || !strings.Contains(string(labels), `{"key":"ticket","value":"OPS-1"}`) {
		t.Fatalf("labels %s", labels)
	}
	if r := run(t, url, "executions", "set-labels", failed, "novalue"); r.Code() != cmderr.Usage {
		t.Fatalf("bad label: %v", r.Err)
	}
	r = run(t, url, "executions", "change-status", failed, "warning", "--wait")
	if r.Err != nil || stateOf(r.Object(t)) != "WARNING" {
		t.Fatalf("change-status: %v", r.Err)
	}
	if r := run(t, url, "executions", "change-status", failed, "RUNNING"); r.Code() != cmderr.Usage {
		t.Fatalf("change-status RUNNING: %v", r.Err)
	}

	// update-taskrun: the failed task run set SUCCESS, the execution goes
	// on from there and ends SUCCESS.
	other := start(t, url, "flaky", "--wait")
	tr := taskRun(t, get(t, url, other), "boom")["id"].(string)
	r = run(t, url, "executions", "update-taskrun", other, tr, "SUCCESS", "--wait")
	if r.Err != nil || stateOf(r.Object(t)) != "SUCCESS" {
		t.Fatalf("update-taskrun --wait: %v", r.Err)
	}

	// bulk and by-query state and label changes.
	a, b := start(t, url, "flaky", "--wait"), start(t, url, "flaky", "--wait")
	rep := runYes(t, url, "executions", "change-status-by-ids", a, b, "--status", "WARNING").Report(t)
	if rep.Summary["changed"] != 2 {
		t.Fatalf("change-status-by-ids: %v", rep)
	}
	rep = runYes(t, url, "executions", "set-labels-bulk", "batch=7", "--ids", a+","+b).Report(t)
	if rep.Summary["labelled"] != 2 {
		t.Fatalf("set-labels-bulk: %v", rep)
	}
	if l := run(t, url, "executions", "list", "--label", "batch=7"); len(l.Records) != 2 {
		t.Fatalf("labelled: %v", l.Records)
	}
	rep = runYes(t, url, "executions", "update-status-by-query", "-n", "acts", "--label", "batch=7", "--new-status", "FAILED").Report(t)
	if rep.Summary["changed"] != 2 {
		t.Fatalf("update-status-by-query: %v", rep)
	}
	rep = runYes(t, url, "executions", "set-labels-by-query", "seen=yes", "-n", "acts", "--state", "FAILED").Report(t)
	if rep.Summary["labelled"] != 2 {
		t.Fatalf("set-labels-by-query: %v", rep)
	}

	// delete: asks; the logs stay unless asked.
	if r := run(t, url, "executions", "delete", a); r.Code() != cmderr.Usage || !strings.Contains(r.Confirmations[0], "Delete execution "+a) {
		t.Fatalf("delete without --yes: %v", r.Err)
	}
	if r := runYes(t, url, "executions", "delete", a); r.Err != nil || r.Object(t)["status"] != "deleted" {
		t.Fatal(r.Err)
	}
	if r := run(t, url, "executions", "get", a); r.Code() != cmderr.NotFound {
		t.Fatalf("deleted execution: %v", r.Err)
	}
	if s := run(t, url, "logs", "search", "--filter", "executionId:EQUALS:"+a); len(s.Records) == 0 {
		t.Fatal("the logs went without --delete-logs")
	}
	if r := runYes(t, url, "executions", "delete", b, "--delete-logs"); r.Err != nil {
		t.Fatal(r.Err)
	}
	if s := run(t, url, "logs", "search", "--filter", "executionId:EQUALS:"+b); len(s.Records) != 0 {
		t.Fatalf("the logs stayed with --delete-logs: %v", s.Records)
	}
	// delete-by-query matches ended executions only, unless asked.
	running := start(t, url, "sleepy")
	dry := run(t, url, "executions", "delete-by-query", "-n", "acts", "--flow", "sleepy", "--dry-run")
	if dry.Err != nil || len(dry.Records) != 0 {
		t.Fatalf("dry run: %v %v", dry.Err, dry.Records)
	}
	rep = runYes(t, url, "executions", "delete-by-query", "-n", "acts", "--flow", "sleepy", "--include-non-terminated").Report(t)
	if rep.Summary["deleted"] != 1 || rep.Results[0]["id"] != running {
		t.Fatalf("delete-by-query --include-non-terminated: %v", rep)
	}
}
