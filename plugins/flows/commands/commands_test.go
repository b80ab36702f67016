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

func flowsPlugin() plugin.Plugin {
	return plugin.Plugin{Name: "flows", Version: "test", New: func() any { return &commands.CLI{} }, Complete: commands.Complete}
}

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
	o := opts(url)
	r := plugintest.Run(t, flowsPlugin(), o, "flows", "deploy", dir, "--concurrency", "6")
	failed := 0
	for _, rec := range r.Records {
		if rec["success"] != true {
			failed++
			t.Logf("failed row: %v", rec)
		}
	}
	if len(r.Records) != 60 {
		t.Fatalf("%d rows, want 60", len(r.Records))
	}
	// The client retries what is safe; a create whose answer was lost is
	// resolved by reading the flow back. Everything must have succeeded.
	if failed != 0 || r.Err != nil {
		t.Fatalf("%d failed rows, err %v", failed, r.Err)
	}
	clean := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "list", "faulty")
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

// TestDeployReportsServerErrors: a failing existence check is a row error,
// never taken as "absent".
func TestDeployReportsServerErrors(t *testing.T) {
	url := plugintest.StartKestrasim(t, "--faults", "rate=1,codes=500,methods=GET,paths=/api/v1/main/flows/")
	dir := writeFlows(t, 3, "broken")
	r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir)
	if r.Code() != cmderr.Unavailable {
		t.Fatalf("code = %v (%v)", r.Code(), r.Err)
	}
	for _, rec := range r.Records {
		if rec["status"] != "failed" || !strings.Contains(fmt.Sprint(rec["error"]), "cannot check whether the flow exists") {
			t.Fatalf("row = %v", rec)
		}
	}
}

func TestDeployTableAndJSONRows(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := writeFlows(t, 3, "rows")
	o := opts(url)
	o.Format = "table"
	r := plugintest.Run(t, flowsPlugin(), o, "flows", "deploy", dir)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Footer != "3 flow(s) deployed successfully (3 created, 0 updated, 0 unchanged), 0 failed" {
		t.Fatalf("footer = %q", r.Footer)
	}
	var headers []string
	for _, c := range r.Columns {
		headers = append(headers, c.Header)
	}
	if strings.Join(headers, ",") != "FILE,FLOW ID,NAMESPACE,REVISION,STATUS,ERROR" {
		t.Fatalf("columns = %v", headers)
	}
	for i, rec := range r.Records {
		if rec["flow_id"] != fmt.Sprintf("flow-%04d", i) || rec["status"] != "created" || rec["revision"] != json.Number("1") {
			t.Fatalf("row %d = %v", i, rec)
		}
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
		if r.Code() != cmderr.Generic || len(r.Records) != 4 {
			t.Fatalf("batch %s: code %v, %d rows", batch, r.Code(), len(r.Records))
		}
		want := []bool{true, false, true, true}
		for i, rec := range r.Records {
			if rec["success"] != want[i] {
				t.Fatalf("batch %s: row %d = %v", batch, i, rec)
			}
		}
		if r.Records[1]["flow_id"] != "b" || r.Records[1]["document"] != json.Number("2") {
			t.Fatalf("batch %s: invalid row misattributed: %v", batch, r.Records[1])
		}
	}
}

func TestCompletion(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := writeFlows(t, 2, "comp.team")
	if r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "deploy", dir); r.Err != nil {
		t.Fatal(r.Err)
	}
	r := plugintest.Run(t, flowsPlugin(), opts(url), "flows", "list")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
}
