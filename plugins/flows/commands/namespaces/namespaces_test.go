package namespaces_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/flows/commands"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// sim runs the plugin against a kestrasim of its own.
type sim struct{ *plugintest.Sim }

func newSim(t *testing.T, args ...string) *sim {
	return &sim{plugintest.NewSim(t, flowsPlugin(), args...)}
}

func flowsPlugin() plugin.Plugin { return commands.Plugin("test") }

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestCreateUpdateAndInheritedVariables(t *testing.T) {
	s := newSim(t)
	r := s.OK("namespaces", "create", "company", "--description", "Company-wide", "--variable", "region=eu-west-1", "--variable", "owner=platform")
	got := r.Object(t)
	if got["id"] != "company" || got["description"] != "Company-wide" || jsonOf(got["variables"]) != `{"owner":"platform","region":"eu-west-1"}` {
		t.Fatalf("created %v", got)
	}
	if !strings.Contains(r.MessageText(), "Namespace 'company' created: description set to \"Company-wide\"; variables: +owner, +region") {
		t.Errorf("messages %q", r.MessageText())
	}
	vars := filepath.Join(t.TempDir(), "vars.yaml")
	if err := os.WriteFile(vars, []byte("retries: 3\ndb:\n  host: db.internal\n  port: 5432\nregion: eu-central-1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got = s.OK("namespaces", "create", "company.team", "--variables-file", vars, "--concurrency-limit", "5",
		"--quota", "duration=PT1H,limit=100,behavior=FAIL", "--quota", "duration=P1D,limit=1000,behavior=cancel").Object(t)
	if jsonOf(got["concurrency"]) != `{"behavior":"QUEUE","limit":5}` ||
		jsonOf(got["quotas"]) != `[{"behavior":"FAIL","duration":"PT1H","limit":100},{"behavior":"CANCEL","duration":"P1D","limit":1000}]` ||
		jsonOf(got["variables"]) != `{"db":{"host":"db.internal","port":5432},"region":"eu-central-1","retries":3}` {
		t.Fatalf("created %v", got)
	}

	// The child sees its parent's variables; -o json is the server's document.
	r = s.OK("namespaces", "inherited-variables", "company.team")
	got = r.Object(t)
	if jsonOf(got["company"]) != `{"owner":"platform","region":"eu-west-1"}` || jsonOf(got["company.team"]) == "null" {
		t.Fatalf("inherited %s", r.Objects[0])
	}
	// The table marks which definition a flow sees: the nearest wins.
	r = s.Run(s.Options("table"), "namespaces", "inherited-variables", "company.team")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	var rows []string
	for _, rec := range r.Records {
		rows = append(rows, jsonOf(rec))
	}
	want := []string{
		`{"key":"owner","namespace":"company","used":true,"value":"platform"}`,
		`{"key":"region","namespace":"company","used":false,"value":"eu-west-1"}`,
		`{"key":"db","namespace":"company.team","used":true,"value":"{\"host\":\"db.internal\",\"port\":5432}"}`,
		`{"key":"region","namespace":"company.team","used":true,"value":"eu-central-1"}`,
		`{"key":"retries","namespace":"company.team","used":true,"value":"3"}`,
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") || r.Footer != "5 variables from 2 namespaces" {
		t.Fatalf("rows:\n%s\nfooter %q", strings.Join(rows, "\n"), r.Footer)
	}

	// update changes only what is passed and says what changed.
	r = s.OK("namespaces", "update", "company.team", "--variable", "region=us-east-1", "--unset-variable", "retries",
		"--quota", "duration=PT60M,limit=50", "--concurrency-behavior", "CANCEL")
	got = r.Object(t)
	if jsonOf(got["variables"]) != `{"db":{"host":"db.internal","port":5432},"region":"us-east-1"}` ||
		jsonOf(got["concurrency"]) != `{"behavior":"CANCEL","limit":5}` ||
		jsonOf(got["quotas"]) != `[{"behavior":"FAIL","duration":"PT60M","limit":50},{"behavior":"CANCEL","duration":"P1D","limit":1000}]` {
		t.Fatalf("updated %v", got)
	}
	if msg := r.MessageText(); !strings.Contains(msg, "Namespace 'company.team' updated: concurrency limit 5 (CANCEL); quota PT60M: 50, FAIL; variables: ~region, -retries") {
		t.Errorf("messages %q", msg)
	}
	// Nothing to change: nothing is written.
	r = s.OK("namespaces", "update", "company.team", "--variable", "region=us-east-1")
	if !strings.Contains(r.MessageText(), "unchanged") {
		t.Errorf("messages %q", r.MessageText())
	}
	got = s.OK("namespaces", "update", "company.team", "--no-concurrency-limit", "--remove-quota", "PT1H", "--description", "Team").Object(t)
	if got["concurrency"] != nil || jsonOf(got["quotas"]) != `[{"behavior":"CANCEL","duration":"P1D","limit":1000}]` || got["description"] != "Team" {
		t.Fatalf("updated %v", got)
	}
	got = s.OK("namespaces", "get", "company").Object(t)
	if got["description"] != "Company-wide" || jsonOf(got["variables"]) != `{"owner":"platform","region":"eu-west-1"}` {
		t.Fatalf("the parent changed: %v", got)
	}
	got = s.OK("namespaces", "update", "company", "--description", "").Object(t)
	if _, ok := got["description"]; ok {
		t.Fatalf("description not cleared: %v", got)
	}

	// Local checks come first.
	for _, tc := range []struct {
		argv []string
		want string
	}{
		{[]string{"namespaces", "update", "company"}, "nothing to update"},
		{[]string{"namespaces", "create", "x.y", "--quota", "duration=PT30S,limit=1"}, "shorter than one minute"},
		{[]string{"namespaces", "create", "x.y", "--concurrency-behavior", "WAIT", "--concurrency-limit", "1"}, "QUEUE, CANCEL or FAIL"},
		{[]string{"namespaces", "create", "x.y", "--concurrency-behavior", "FAIL"}, "needs a limit"},
		{[]string{"namespaces", "create", "x.y", "--concurrency-limit", "0"}, "at least 1"},
		{[]string{"namespaces", "create", "x.y", "--variable", "novalue"}, "expected KEY=VALUE"},
		{[]string{"namespaces", "create", "x.y", "--quota", "duration=PT1H,limit=1", "--quota", "duration=PT60M,limit=2"}, "two --quota values"},
		{[]string{"namespaces", "create", "Bad NS"}, "invalid namespace"},
		{[]string{"namespaces", "update", "company", "--variable", "a=1", "--unset-variable", "a"}, "both set and unset"},
		{[]string{"namespaces", "update", "company", "--no-concurrency-limit", "--concurrency-limit", "2"}, "--no-concurrency-limit"},
	} {
		r := s.Run(s.Options("json"), tc.argv...)
		if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), tc.want) {
			t.Errorf("%v: %v %v, want a usage error with %q", tc.argv, r.Code(), r.Err, tc.want)
		}
	}
	if r := s.Run(s.Options("json"), "namespaces", "update", "company", "--remove-quota", "PT1H"); r.Code() != cmderr.NotFound {
		t.Errorf("removing a missing quota: %v", r.Err)
	}
	if r := s.Run(s.Options("json"), "namespaces", "create", "company"); r.Code() != cmderr.Conflict || !strings.Contains(r.Err.Error(), `namespace "company" already exists`) {
		t.Errorf("create twice: %v %v", r.Code(), r.Err)
	}
	if r := s.Run(s.Options("json"), "namespaces", "update", "nope.nope", "--description", "x"); r.Code() != cmderr.NotFound {
		t.Errorf("update a missing namespace: %v", r.Err)
	}
	if r := s.Run(s.Options("json"), "namespaces", "inherited-variables", "nope.nope"); r.Code() != cmderr.NotFound {
		t.Errorf("variables of a missing namespace: %v", r.Err)
	}
}

func TestDelete(t *testing.T) {
	s := newSim(t)
	s.OK("namespaces", "create", "gone.soon")
	// Without --yes and without a terminal it refuses; a "no" cancels.
	o := s.Options("table")
	o.AssumeYes = false
	if r := s.Run(o, "namespaces", "delete", "gone.soon"); r.Code() != cmderr.Usage || len(r.Confirmations) != 1 || r.Confirmations[0] != "Delete namespace 'gone.soon'?" {
		t.Fatalf("no --yes: %v %v", r.Err, r.Confirmations)
	}
	o.Confirm = func(string) bool { return false }
	if r := s.Run(o, "namespaces", "delete", "gone.soon"); r.Code() != cmderr.Cancelled {
		t.Fatalf("no: %v", r.Err)
	}
	got := s.OK("namespaces", "delete", "gone.soon").Object(t)
	if jsonOf(got) != `{"namespace":"gone.soon","status":"deleted"}` {
		t.Fatalf("deleted %v", got)
	}
	if r := s.Run(s.Options("json"), "namespaces", "get", "gone.soon"); r.Code() != cmderr.NotFound {
		t.Fatalf("still there: %v", r.Err)
	}
	if r := s.Run(s.Options("json"), "namespaces", "delete", "gone.soon"); r.Code() != cmderr.NotFound || len(r.Confirmations) != 0 {
		t.Fatalf("delete a missing namespace: %v (asked %v)", r.Err, r.Confirmations)
	}
	// A namespace holding flows: the server refuses, and the error says why.
	src := filepath.Join(t.TempDir(), "f.yaml")
	if err := os.WriteFile(src, []byte("id: hello\nnamespace: busy.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.OK("flows", "deploy", src)
	r := s.Run(s.Options("json"), "namespaces", "delete", "busy")
	if r.Code() != cmderr.Conflict || !strings.Contains(r.Err.Error(), `namespace "busy" was not deleted: the server refuses while it holds flows`) ||
		!strings.Contains(r.Err.Hint, "kestractl flows list busy") {
		t.Fatalf("delete with flows: %v %v (hint %q)", r.Code(), r.Err, r.Err.Hint)
	}
}

func TestInheritedSecretsSearchAutocomplete(t *testing.T) {
	s := newSim(t)
	s.OK("namespaces", "create", "acme.data.lake")
	r := s.OK("namespaces", "inherited-secrets", "acme.data.lake")
	if string(r.Objects[0]) != `{"acme.data.lake":[]}` {
		t.Fatalf("inherited secrets %s", r.Objects[0])
	}
	tr := s.Run(s.Options("table"), "namespaces", "inherited-secrets", "acme.data.lake")
	if tr.Err != nil || len(tr.Records) != 0 || tr.Footer != "No secrets found for acme.data.lake or its parents" {
		t.Fatalf("table: %v %v %q", tr.Err, tr.Records, tr.Footer)
	}
	if r := s.Run(s.Options("json"), "namespaces", "inherited-secrets", "nope"); r.Code() != cmderr.NotFound {
		t.Fatalf("missing namespace: %v", r.Err)
	}

	// (-o json, the server's array of strings, is checked end to end:
	// plugintest takes only objects as records.)
	tr = s.Run(s.Options("table"), "namespaces", "autocomplete", "-q", "data")
	if tr.Err != nil || len(tr.Records) != 2 || tr.Records[0]["namespace"] != "acme.data" || tr.Records[1]["namespace"] != "acme.data.lake" {
		t.Fatalf("autocomplete %v %v", tr.Err, tr.Records)
	}
	tr = s.Run(s.Options("table"), "namespaces", "autocomplete", "-q", "acme", "-L", "1")
	if tr.Err != nil || len(tr.Records) != 1 || tr.Footer != "Showing 1 of 3 namespaces; use --limit or --all" {
		t.Fatalf("autocomplete table: %v %d %q", tr.Err, len(tr.Records), tr.Footer)
	}

	tr = s.Run(s.Options("table"), "namespaces", "search", "-q", "acme", "--page", "1", "--size", "2", "--sort", "id:desc")
	if tr.Err != nil || len(tr.Records) != 2 || tr.Records[0]["id"] != "acme.data.lake" || tr.Footer != "Page 1 of 2: 2 of 3 namespaces" {
		t.Fatalf("search: %v %v %q", tr.Err, tr.Records, tr.Footer)
	}
	if r := s.Run(s.Options("json"), "namespaces", "search", "--sort", "id:sideways"); r.Code() != cmderr.Usage {
		t.Fatalf("bad sort: %v", r.Err)
	}
}

func TestOpenSourceServer(t *testing.T) {
	s := newSim(t, "--edition", "oss")
	for _, argv := range [][]string{
		{"namespaces", "create", "company"},
		{"namespaces", "inherited-variables", "system"},
	} {
		r := s.Run(s.Options("json"), argv...)
		if r.Code() != cmderr.PermissionDenied || !strings.Contains(r.Err.Error(), "namespace administration: a Kestra Enterprise feature, but the server at "+s.URL) {
			t.Errorf("%v: %v %v", argv, r.Code(), r.Err)
		}
	}
}
