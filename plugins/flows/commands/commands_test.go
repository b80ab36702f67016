package commands_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/flows/commands"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

func flowsPlugin() plugin.Plugin { return commands.Plugin("test") }

func opts(url string) plugintest.Options {
	return plugintest.Options{Server: url, Username: plugintest.SimUser, Password: plugintest.SimPassword, Format: "json"}
}

// writeFlows writes n flow files into a new directory.
func writeFlows(t *testing.T, n int, ns string) string {
	t.Helper()
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		src := fmt.Sprintf("id: flow-%04d\nnamespace: %s\n# revision marker %d\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hello %d\n", i, ns, i, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%04d.yaml", i)), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestDeployUnderFaults: with injected 503/429 and dropped connections,
// every flow lands exactly once with its content and the report is right.
func TestDeployUnderFaults(t *testing.T) {
	url := plugintest.StartKestrasim(t, "--faults", "rate=0.1,codes=503+429,retry-after=0,drop=0.02,paths=/api/v1/main/flows,seed=42")
	dir := writeFlows(t, 60, "faulty")
	r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir, "--concurrency", "6")
	rep := r.Report(t)
	if len(rep.Results) != 60 {
		t.Fatalf("%d results, want 60", len(rep.Results))
	}
	// The client retries what is safe; a create whose answer was lost is
	// resolved by reading the flow back. Everything must have succeeded.
	if rep.Summary["created"] != 60 || r.Err != nil {
		t.Fatalf("summary %v, err %v", rep.Summary, r.Err)
	}
	clean := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "list", "faulty", "--all")
	if clean.Err != nil {
		// The list itself goes through the faults too; GETs are retried.
		t.Fatalf("list: %v", clean.Err)
	}
	if len(clean.Records) != 60 {
		t.Fatalf("server holds %d flows, want 60", len(clean.Records))
	}
	for i := 0; i < 60; i += 13 {
		g := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "get", "faulty", fmt.Sprintf("flow-%04d", i))
		if g.Err != nil {
			t.Fatalf("get: %v", g.Err)
		}
		var f struct {
			Source   string `json:"source"`
			Revision int    `json:"revision"`
		}
		if err := json.Unmarshal(g.Objects[0], &f); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(f.Source, fmt.Sprintf("# revision marker %d\n", i)) || f.Revision != 1 {
			t.Fatalf("flow-%04d: revision %d source %q", i, f.Revision, f.Source)
		}
	}
}

// TestDeployReportsServerErrors: a failing existence check is a result
// error, never taken as "absent".
func TestDeployReportsServerErrors(t *testing.T) {
	url := plugintest.StartKestrasim(t, "--faults", "rate=1,codes=500,methods=GET,paths=/api/v1/main/flows/broken/")
	dir := writeFlows(t, 3, "broken")
	// The namespace's listing works and says the flows are new: created.
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir); r.Err != nil {
		t.Fatal(r.Err)
	}
	// Now they exist: reading each one back fails.
	r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir, "--override")
	if r.Code() != cmderr.Unavailable {
		t.Fatalf("code = %v (%v)", r.Code(), r.Err)
	}
	for _, res := range r.Report(t).Results {
		if res["status"] != "failed" || !strings.Contains(fmt.Sprint(res["error"]), "cannot check whether the flow exists") {
			t.Fatalf("result = %v", res)
		}
	}
}

func TestDeployTableAndJSON(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := writeFlows(t, 3, "rows")
	o := opts(url)
	o.Format = "table"
	r := plugintest.Run(t, flowsPlugin(), o, "flows", "deploy", dir)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Footer != "3 flows: 3 created" {
		t.Fatalf("footer = %q", r.Footer)
	}
	var headers []string
	for _, c := range r.Columns {
		headers = append(headers, c.Header)
	}
	if strings.Join(headers, ",") != "FILE,ID,NAMESPACE,REVISION,STATUS,ERROR" {
		t.Fatalf("columns = %v", headers)
	}
	for i, rec := range r.Records {
		if rec["id"] != fmt.Sprintf("flow-%04d", i) || rec["status"] != "created" || rec["revision"] != json.Number("1") {
			t.Fatalf("row %d = %v", i, rec)
		}
	}
	// Again as JSON: unchanged, camelCase, absent values absent.
	rep := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir, "--override").Report(t)
	if rep.Summary["unchanged"] != 3 {
		t.Fatalf("summary %v", rep.Summary)
	}
	for _, res := range rep.Results {
		if _, ok := res["error"]; ok {
			t.Fatalf("absent error shown: %v", res)
		}
		for k := range res {
			if strings.Contains(k, "_") {
				t.Fatalf("snake_case key %q", k)
			}
		}
	}
}

func TestDeployDryRunDiff(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := writeFlows(t, 2, "diff")
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir); r.Err != nil {
		t.Fatal(r.Err)
	}
	changed := "id: flow-0001\nnamespace: diff\n# revision marker 1\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: bonjour\n"
	if err := os.WriteFile(filepath.Join(dir, "f0001.yaml"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	o := opts(url)
	o.Format = "table"
	r := plugintest.Run(t, flowsPlugin(), o, "flows", "deploy", dir, "--override", "--dry-run")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if !strings.Contains(r.Stdout, "-    message: hello 1") || !strings.Contains(r.Stdout, "+    message: bonjour") ||
		!strings.Contains(r.Stdout, "--- diff/flow-0001 (server, revision 1)") {
		t.Fatalf("no unified diff on stdout:\n%s", r.Stdout)
	}
	if r.Footer != "2 flows: 1 unchanged, 1 would update" {
		t.Fatalf("footer %q", r.Footer)
	}
	rep := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir, "--override", "--dry-run").Report(t)
	if !strings.Contains(fmt.Sprint(rep.Results[1]["diff"]), "+    message: bonjour") {
		t.Fatalf("no diff in the JSON result: %v", rep.Results[1])
	}
	g := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "get", "diff", "flow-0001")
	if strings.Contains(string(g.Objects[0]), "bonjour") {
		t.Fatal("the dry run wrote")
	}
}

func TestDeployRefusesDuplicates(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := writeFlows(t, 2, "dup")
	src, _ := os.ReadFile(filepath.Join(dir, "f0000.yaml"))
	if err := os.WriteFile(filepath.Join(dir, "copy.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir, "--override")
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "defined twice") ||
		!strings.Contains(r.Err.Error(), "copy.yaml") || !strings.Contains(r.Err.Error(), "f0000.yaml") {
		t.Fatalf("duplicates: %v %v", r.Code(), r.Err)
	}
	if l := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "list", "-n", "dup"); l.Code() != cmderr.NotFound {
		t.Fatalf("something was deployed: %v %d", l.Err, len(l.Records))
	}
}

func TestDeployFromStdinAndSeveralPaths(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	a, b := writeFlows(t, 1, "paths.a"), writeFlows(t, 2, "paths.b")
	o := opts(url)
	o.Stdin = strings.NewReader("id: piped\nnamespace: paths.c\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n")
	rep := plugintest.Run(t, flowsPlugin(), o, "flows", "deploy", a, filepath.Join(b, "f0001.yaml"), "-").Report(t)
	if rep.Summary["created"] != 3 || rep.Results[2]["file"] != "<stdin>" || rep.Results[2]["id"] != "piped" {
		t.Fatalf("report %v", rep)
	}
}

func TestValidateMapsDocumentsBack(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := t.TempDir()
	task := "tasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n"
	multi := "id: a\nnamespace: v\n" + task + "---\nid: b\nnamespace: v\ntasks:\n  - id: x\n    type: io.kestra.plugin.nope.Nope\n---\nid: c\nnamespace: v\n" + task
	if err := os.WriteFile(filepath.Join(dir, "m.yaml"), []byte(multi), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "z.yaml"), []byte("id: z\nnamespace: v\n"+task), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, batch := range []string{"100", "1", "2"} {
		r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "validate", dir, "--batch-size", batch)
		rep := r.Report(t)
		if r.Code() != cmderr.Generic || len(rep.Results) != 4 || rep.Summary["invalid"] != 1 {
			t.Fatalf("batch %s: code %v, %v", batch, r.Code(), rep.Summary)
		}
		want := []string{"valid", "invalid", "valid", "valid"}
		for i, res := range rep.Results {
			if res["status"] != want[i] {
				t.Fatalf("batch %s: result %d = %v", batch, i, res)
			}
		}
		if rep.Results[1]["id"] != "b" || rep.Results[1]["document"] != float64(2) {
			t.Fatalf("batch %s: invalid result misattributed: %v", batch, rep.Results[1])
		}
	}
}

func TestListGrammar(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := writeFlows(t, 45, "list.team")
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir); r.Err != nil {
		t.Fatal(r.Err)
	}
	o := opts(url)
	o.Format = "table"
	for _, tc := range []struct {
		argv   []string
		n      int
		footer string
	}{
		{[]string{"flows", "list", "list.team"}, 30, "Showing 30 of 45 flows; use --limit or --all"},
		{[]string{"flows", "list", "-n", "list.team", "-L", "40"}, 40, "Showing 40 of 45 flows; use --limit or --all"},
		{[]string{"flows", "list", "-n", "list.team", "--all"}, 45, "Showing 45 of 45 flows"},
		{[]string{"flows", "list", "list.team", "--page", "2", "--size", "20"}, 20, "Page 2 of 3: 20 of 45 flows"},
	} {
		r := plugintest.Run(t, flowsPlugin(), o, tc.argv...)
		if r.Err != nil || len(r.Records) != tc.n || r.Footer != tc.footer {
			t.Errorf("%v: %v, %d rows, footer %q", tc.argv, r.Err, len(r.Records), r.Footer)
		}
	}
	// Items are the server's objects, unchanged.
	j := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "list", "list.team", "-L", "1")
	if len(j.RawRecords) != 1 || !strings.Contains(string(j.RawRecords[0]), `"tasks"`) && !strings.Contains(string(j.RawRecords[0]), `"namespace":"list.team"`) {
		t.Fatalf("item %s", j.RawRecords)
	}
	if r := plugintest.Run(t, flowsPlugin(), o, "flows", "list", "list.tea"); r.Code() != cmderr.NotFound || !strings.Contains(r.Err.Error(), `namespace "list.tea" not found`) {
		t.Fatalf("unknown namespace: %v %v", r.Code(), r.Err)
	}
	if r := plugintest.Run(t, flowsPlugin(), o, "flows", "list", "a.b", "-n", "c.d"); r.Code() != cmderr.Usage {
		t.Fatalf("two namespaces: %v", r.Err)
	}
}

func TestCompletion(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := writeFlows(t, 2, "comp.team")
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir); r.Err != nil {
		t.Fatal(r.Err)
	}
	got, err := plugintest.Complete(t, flowsPlugin(), opts(url), "flow", "flow-", "flows", "get", "comp.team")
	if err != nil || strings.Join(got, ",") != "flow-0000,flow-0001" {
		t.Fatalf("flows: %v %v", got, err)
	}
	got, err = plugintest.Complete(t, flowsPlugin(), opts(url), "namespace", "comp", "flows", "list")
	if err != nil || len(got) == 0 || got[0] != "comp.team" && got[0] != "comp" {
		t.Fatalf("namespaces: %v %v", got, err)
	}
}

// TestEveryCommandHasAnExample: every command shows at least one example
// in its help.
func TestEveryCommandHasAnExample(t *testing.T) { plugintest.RequireExamples(t, flowsPlugin()) }

func TestEveryGroupHasItsOwnGrammar(t *testing.T) { plugintest.RequireGroupGrammars(t, flowsPlugin()) }
