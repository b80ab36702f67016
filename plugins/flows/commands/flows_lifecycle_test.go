package commands_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// flowSrc is a small valid flow.
func flowSrc(ns, id, message string) string {
	return fmt.Sprintf("id: %s\nnamespace: %s\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: %s\n", id, ns, message)
}

// deploySources writes the sources (file name -> source) into a new
// directory and deploys it with --override.
func deploySources(t *testing.T, url string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir, "--override"); r.Err != nil {
		t.Fatalf("deploy: %v", r.Err)
	}
	return dir
}

// serverFlow reads a flow as the server stores it (tenant "" is main).
func serverFlow(t *testing.T, url, tenant, ns, id string) (map[string]any, *plugintest.Result) {
	t.Helper()
	o := opts(url)
	o.Tenant = tenant
	r := plugintest.Run(t, flowsPlugin(), o, "flows", "get", ns, id)
	if r.Err != nil {
		return nil, r
	}
	var f map[string]any
	if err := json.Unmarshal(r.Objects[0], &f); err != nil {
		t.Fatal(err)
	}
	return f, r
}

func TestEnableDisableAndBulk(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	deploySources(t, url, map[string]string{"a.yaml": flowSrc("life", "a", "x"), "b.yaml": flowSrc("life", "b", "x"), "c.yaml": flowSrc("life", "c", "x")})

	// disable: named flows, no question (reversible), one result each.
	r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "disable", "life", "a", "b")
	rep := r.Report(t)
	if r.Err != nil || rep.Summary["disabled"] != 2 || len(r.Confirmations) != 0 {
		t.Fatalf("disable: %v %v %v", r.Err, rep.Summary, r.Confirmations)
	}
	for id, want := range map[string]bool{"a": true, "b": true, "c": false} {
		if f, _ := serverFlow(t, url, "", "life", id); f["disabled"] != want {
			t.Fatalf("flow %s disabled = %v", id, f["disabled"])
		}
	}
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "enable-bulk", "life/a"); r.Err != nil || len(r.Confirmations) != 0 {
		t.Fatalf("enable-bulk: %v %v", r.Err, r.Confirmations)
	}
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "enable", "life", "b"); r.Err != nil || len(r.Confirmations) != 0 {
		t.Fatalf("enable: %v %v", r.Err, r.Confirmations)
	}
	if f, _ := serverFlow(t, url, "", "life", "a"); f["disabled"] != false {
		t.Fatal("enable-bulk did not enable")
	}

	// disable-bulk asks, naming the count; without a terminal it needs --yes.
	r = plugintest.Run(t, flowsPlugin(), opts(url), "flows", "disable-bulk", "life/a", "life/c")
	if r.Code() != cmderr.Usage || len(r.Confirmations) != 1 || r.Confirmations[0] != "Disable 2 flows?" {
		t.Fatalf("disable-bulk without --yes: %v %q", r.Err, r.Confirmations)
	}
	// A "no" cancels and changes nothing.
	o := opts(url)
	o.Confirm = func(string) bool { return false }
	if r := plugintest.Run(t, flowsPlugin(), o, "flows", "delete-bulk", "life/a", "life/c"); r.Code() != cmderr.Cancelled {
		t.Fatalf("delete-bulk answered no: %v", r.Err)
	}
	if _, r := serverFlow(t, url, "", "life", "a"); r.Err != nil {
		t.Fatal("a flow was deleted after a no")
	}

	// A missing flow: the others are acted on, the report names it.
	o = opts(url)
	o.AssumeYes = true
	r = plugintest.Run(t, flowsPlugin(), o, "flows", "delete-bulk", "life/a", "life/nope", "life/c")
	rep = r.Report(t)
	if r.Code() != cmderr.Generic || rep.Summary["deleted"] != 2 || rep.Summary["failed"] != 1 {
		t.Fatalf("delete-bulk: %v %v", r.Err, rep.Summary)
	}
	if rep.Results[1]["id"] != "life/nope" || rep.Results[1]["error"] != "flow not found" {
		t.Fatalf("result %v", rep.Results[1])
	}
	for _, id := range []string{"a", "c"} {
		if _, r := serverFlow(t, url, "", "life", id); r.Code() != cmderr.NotFound {
			t.Fatalf("flow %s still there", id)
		}
	}
	for _, bad := range [][]string{{"flows", "enable-bulk", "life"}, {"flows", "delete-bulk", "a/b/c"}, {"flows", "disable", "Bad NS", "x"}} {
		if r := plugintest.Run(t, flowsPlugin(), o, bad...); r.Code() != cmderr.Usage {
			t.Errorf("%v: %v", bad, r.Err)
		}
	}
}

func TestFlowsByQuery(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	deploySources(t, url, map[string]string{
		"a.yaml": flowSrc("q.team", "a", "x"), "b.yaml": flowSrc("q.team", "b", "x"),
		"c.yaml": "id: c\nnamespace: q.team\nlabels:\n  keep: \"yes\"\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: x\n",
		"o.yaml": flowSrc("q.other", "o", "x"),
	})
	// --dry-run lists the matches and changes nothing.
	o := opts(url)
	o.Format = "table"
	r := plugintest.Run(t, flowsPlugin(), o, "flows", "disable-by-query", "-n", "q.team", "--dry-run")
	if r.Err != nil || len(r.Records) != 3 || r.Footer != "Showing 3 of 3 flows" || len(r.Confirmations) != 0 {
		t.Fatalf("dry run: %v %d %q", r.Err, len(r.Records), r.Footer)
	}
	if f, _ := serverFlow(t, url, "", "q.team", "a"); f["disabled"] != false {
		t.Fatal("the dry run changed something")
	}
	// The question names the count; then exactly the matches change.
	o = opts(url)
	var asked string
	o.Confirm = func(q string) bool { asked = q; return true }
	r = plugintest.Run(t, flowsPlugin(), o, "flows", "disable-by-query", "-n", "q.team", "--label", "keep=yes")
	if rep := r.Report(t); r.Err != nil || rep.Summary["disabled"] != 1 || rep.Results[0]["id"] != "q.team/c" {
		t.Fatalf("disable-by-query: %v %v", r.Err, rep)
	}
	if asked != "Disable 1 flow matching the filters?" {
		t.Fatalf("question %q", asked)
	}
	// enable-by-query does not ask.
	r = plugintest.Run(t, flowsPlugin(), opts(url), "flows", "enable-by-query", "--flow", "c")
	if r.Err != nil || len(r.Confirmations) != 0 {
		t.Fatalf("enable-by-query: %v %v", r.Err, r.Confirmations)
	}
	o.AssumeYes = true
	r = plugintest.Run(t, flowsPlugin(), o, "flows", "delete-by-query", "--filter", "namespace:EQUALS:q.team")
	if rep := r.Report(t); r.Err != nil || rep.Summary["deleted"] != 3 {
		t.Fatalf("delete-by-query: %v %v", r.Err, rep.Summary)
	}
	if _, r := serverFlow(t, url, "", "q.other", "o"); r.Err != nil {
		t.Fatal("a flow outside the filters was deleted")
	}
	if r := plugintest.Run(t, flowsPlugin(), o, "flows", "delete-by-query", "-n", "q.team"); r.Err != nil || !strings.Contains(r.MessageText(), "No flows match") {
		t.Fatalf("nothing left: %v %q", r.Err, r.MessageText())
	}
}

func TestRevisionsDiffAndGet(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := deploySources(t, url, map[string]string{"h.yaml": flowSrc("rev", "h", "one")})
	for _, m := range []string{"two", "three"} {
		dir = deploySources(t, url, map[string]string{"h.yaml": flowSrc("rev", "h", m)})
	}
	o := opts(url)
	o.Format = "table"
	r := plugintest.Run(t, flowsPlugin(), o, "flows", "revisions", "rev", "h")
	if r.Err != nil || len(r.Records) != 3 || r.Footer != "Showing 3 of 3 revisions" {
		t.Fatalf("revisions: %v %d %q", r.Err, len(r.Records), r.Footer)
	}
	r = plugintest.Run(t, flowsPlugin(), o, "flows", "get", "rev", "h", "--revision", "1")
	if r.Err != nil || r.Stdout != flowSrc("rev", "h", "one") {
		t.Fatalf("get --revision 1: %v %q", r.Err, r.Stdout)
	}
	if r := plugintest.Run(t, flowsPlugin(), o, "flows", "get", "rev", "h", "--revision", "9"); r.Code() != cmderr.NotFound || !strings.Contains(r.Err.Error(), "no revision 9") {
		t.Fatalf("get --revision 9: %v", r.Err)
	}

	// diff: kubectl diff's exit codes.
	for _, tc := range []struct {
		args []string
		code cmderr.Code
		out  []string
	}{
		{[]string{}, cmderr.Generic, []string{"--- rev/h (revision 2)", "+++ rev/h (revision 3)", "-    message: two", "+    message: three"}},
		{[]string{"--from", "1", "--to", "3"}, cmderr.Generic, []string{"-    message: one"}},
		{[]string{"--from", "2", "--to", "2"}, cmderr.Unspecified, nil},
		{[]string{"--file", filepath.Join(dir, "h.yaml")}, cmderr.Unspecified, nil},
		{[]string{"--from", "1", "--file", filepath.Join(dir, "h.yaml")}, cmderr.Generic, []string{"+++ " + filepath.Join(dir, "h.yaml")}},
		{[]string{"--from", "7"}, cmderr.NotFound, nil},
		{[]string{"--file", filepath.Join(dir, "nope.yaml")}, cmderr.Usage, nil},
		{[]string{"--to", "2", "--file", "x"}, cmderr.Usage, nil},
	} {
		argv := append([]string{"flows", "diff", "rev", "h"}, tc.args...)
		r := plugintest.Run(t, flowsPlugin(), o, argv...)
		if r.Code() != tc.code {
			t.Errorf("%v: code %v (%v)", tc.args, r.Code(), r.Err)
		}
		for _, want := range tc.out {
			if !strings.Contains(r.Stdout, want) {
				t.Errorf("%v: no %q in\n%s", tc.args, want, r.Stdout)
			}
		}
	}
	j := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "diff", "rev", "h", "--from", "1")
	var d map[string]any
	if len(j.Objects) != 1 || json.Unmarshal(j.Objects[0], &d) != nil || d["identical"] != false || !strings.Contains(fmt.Sprint(d["diff"]), "+    message: three") {
		t.Fatalf("diff -o json: %s", j.Objects)
	}
	if r := plugintest.Run(t, flowsPlugin(), o, "flows", "diff", "rev", "nope"); r.Code() != cmderr.NotFound {
		t.Fatalf("diff of a missing flow: %v", r.Err)
	}

	// delete-revisions: checked first, confirmed, reported.
	ya := opts(url)
	ya.AssumeYes = true
	if r := plugintest.Run(t, flowsPlugin(), ya, "flows", "delete-revisions", "rev", "h", "--revisions", "3"); r.Code() != cmderr.Usage {
		t.Fatalf("current revision: %v", r.Err)
	}
	if r := plugintest.Run(t, flowsPlugin(), ya, "flows", "delete-revisions", "rev", "h", "--revisions", "1,8"); r.Code() != cmderr.NotFound {
		t.Fatalf("unknown revision: %v", r.Err)
	}
	yes := opts(url)
	yes.Confirm = func(string) bool { return true }
	r = plugintest.Run(t, flowsPlugin(), yes, "flows", "delete-revisions", "rev", "h", "--revisions", "2,1")
	if r.Err != nil {
		t.Fatalf("delete-revisions: %v", r.Err)
	}
	if rep := r.Report(t); r.Err != nil || rep.Summary["deleted"] != 2 || r.Confirmations[0] != "Delete revisions 1, 2 of flow 'h' in rev?" {
		t.Fatalf("delete-revisions: %v %v %q", r.Err, rep.Summary, r.Confirmations)
	}
	if r := plugintest.Run(t, flowsPlugin(), o, "flows", "revisions", "rev", "h"); len(r.Records) != 1 {
		t.Fatalf("%d revisions left", len(r.Records))
	}
}
