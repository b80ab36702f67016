package commands_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

const etlTemplate = `id: << arg.flow_id >>
namespace: << arg.namespace >>

extend:
  templateArguments:
    - id: flow_id
      type: STRING
    - id: namespace
      type: STRING
      defaults: company.team
    - id: steps
      type: MULTISELECT
      values: [extract, transform, load]

tasks:
  <% for step in arg.steps %>
  - id: << step >>
    type: io.kestra.plugin.core.log.Log
    message: "<< step >> for {{ flow.id }}"
  <% endfor %>
`

func TestBlueprints(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	dir := write(t, map[string]string{"etl.yaml": etlTemplate, "hello.yaml": "id: hello\nnamespace: a\ntasks: []\n"})

	r := run(t, opts(url), "blueprints", "community", "search", "-q", "hello", "--all")
	if len(r.Records) == 0 || r.Records[0]["id"] != "hello-world" {
		t.Fatalf("community search %v", r.Records)
	}
	if m := run(t, opts(url), "blueprints", "community", "get", "hello-world").Object(t); m["id"] != "hello-world" || m["source"] == nil {
		t.Fatalf("community get %v", m)
	}
	if r := run(t, tableOpts(url), "blueprints", "community", "source", "hello-world"); !strings.Contains(r.Stdout, "tasks:") {
		t.Fatalf("community source %q", r.Stdout)
	}
	if r := run(t, tableOpts(url), "blueprints", "community", "graph", "hello-world"); len(r.Records) == 0 || !strings.Contains(r.Footer, "edges") {
		t.Fatalf("graph %v %q", r.Records, r.Footer)
	}
	if r := plugintest.Run(t, contentPlugin(), opts(url), "blueprints", "community", "get", "nope"); r.Code() != cmderr.NotFound {
		t.Fatalf("unknown: %v", r.Err)
	}
	if r := plugintest.Run(t, contentPlugin(), opts(url), "blueprints", "community", "search", "--kind", "nope"); r.Code() != cmderr.Usage {
		t.Fatalf("bad kind: %v", r.Err)
	}

	m := run(t, opts(url), "blueprints", "flow", "create", "--title", "ETL steps", "--source-file", filepath.Join(dir, "etl.yaml"), "--tag", "ETL").Object(t)
	id := m["id"].(string)
	if r := run(t, tableOpts(url), "blueprints", "flow", "get", id); r.Stdout != etlTemplate {
		t.Fatalf("flow get %q", r.Stdout)
	}
	if r := run(t, opts(url), "blueprints", "flow", "list", "--tag", "ETL"); len(r.Records) != 1 {
		t.Fatalf("flow list %v", r.Records)
	}
	r = run(t, tableOpts(url), "blueprints", "flow", "use-template", id, "--input", "flow_id=etl", "--input", "steps=extract,load")
	if strings.Contains(r.Stdout, "extend:") || !strings.Contains(r.Stdout, "load for {{ flow.id }}") || strings.Contains(r.Stdout, "transform") {
		t.Fatalf("generated %q", r.Stdout)
	}
	out := filepath.Join(dir, "flows", "etl.yaml")
	os.MkdirAll(filepath.Dir(out), 0o755)
	run(t, opts(url), "blueprints", "flow", "use-template", id, "--input", "flow_id=etl", "--input", "steps=load", "-O", out)
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "id: etl") {
		t.Fatalf("written %q", b)
	}
	rep := run(t, opts(url), "blueprints", "flow", "use-template", id, "--input", "flow_id=etl", "--input", "steps=load", "--deploy").Report(t)
	if rep.Results[0]["status"] != "created" || rep.Results[0]["namespace"] != "company.team" {
		t.Fatalf("deploy %+v", rep)
	}
	if r := plugintest.Run(t, contentPlugin(), opts(url), "blueprints", "flow", "use-template", id, "--input", "flow_id=etl", "--input", "steps=load", "--deploy"); r.Code() != cmderr.Conflict {
		t.Fatalf("deploy again: %v", r.Err)
	}
	rep = run(t, opts(url), "blueprints", "flow", "use-template", id, "--input", "flow_id=etl", "--input", "steps=extract", "--deploy", "--override").Report(t)
	if rep.Results[0]["status"] != "updated" {
		t.Fatalf("override %+v", rep)
	}
	if r := plugintest.Run(t, contentPlugin(), opts(url), "blueprints", "flow", "use-template", id, "--input", "steps=deploy"); r.Code() != cmderr.Generic || !strings.Contains(r.Err.Message, "missing required input") {
		t.Fatalf("bad arguments: %v", r.Err)
	}
	if m := run(t, opts(url), "blueprints", "flow", "update", id, "--title", "ETL", "--source-file", filepath.Join(dir, "hello.yaml")).Object(t); m["title"] != "ETL" {
		t.Fatalf("update %v", m)
	}

	m = run(t, opts(url), "blueprints", "custom", "create", "--title", "Hello", "--source-file", filepath.Join(dir, "hello.yaml")).Object(t)
	cid := m["id"].(string)
	if m := run(t, opts(url), "blueprints", "custom", "get", cid).Object(t); m["title"] != "Hello" {
		t.Fatalf("custom get %v", m)
	}
	if r := run(t, tableOpts(url), "blueprints", "custom", "source", cid); r.Stdout != "id: hello\nnamespace: a\ntasks: []\n" {
		t.Fatalf("custom source %q", r.Stdout)
	}
	run(t, opts(url), "blueprints", "custom", "update", cid, "--title", "Hello!", "--source-file", filepath.Join(dir, "hello.yaml"))
	o := opts(url)
	o.AssumeYes = true
	run(t, o, "blueprints", "custom", "delete", cid)
	run(t, o, "blueprints", "flow", "delete", id)
	if r := plugintest.Run(t, contentPlugin(), o, "blueprints", "flow", "get", id); r.Code() != cmderr.NotFound {
		t.Fatalf("deleted: %v", r.Err)
	}
}
