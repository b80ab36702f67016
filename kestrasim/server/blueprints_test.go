package server

import (
	"net/http"
	"strings"
	"testing"
)

type bpPage struct {
	Results []map[string]any `json:"results"`
	Total   int              `json:"total"`
}

func TestCommunityBlueprints(t *testing.T) {
	s := newSim(t)
	var p bpPage
	s.get(t, "/api/v1/main/blueprints/community/FLOW?page=1&size=20").JSON(t, &p)
	if p.Total != 6 || len(p.Results) != 6 {
		t.Fatalf("flow blueprints %+v", p)
	}
	p = bpPage{}
	s.get(t, "/api/v1/main/blueprints/community/FLOW").JSON(t, &p)
	if p.Total != 6 || len(p.Results) != 1 {
		t.Errorf("default page size of 1: %+v", p)
	}
	p = bpPage{}
	s.get(t, "/api/v1/main/blueprints/community/FLOW?size=10&filters[q][EQUALS]=hello&filters[tags][IN]=Kestra").JSON(t, &p)
	if p.Total != 1 || p.Results[0]["id"] != "hello-world" {
		t.Fatalf("query %+v", p)
	}
	inc := p.Results[0]["includedTasks"].([]any)
	if len(inc) != 2 || inc[0] != "io.kestra.plugin.core.log.Log" {
		t.Errorf("included tasks %v", inc)
	}
	p = bpPage{}
	s.get(t, "/api/v1/main/blueprints/community/DASHBOARD?size=10").JSON(t, &p)
	if p.Total != 1 {
		t.Errorf("dashboards %+v", p)
	}
	want(t, s.get(t, "/api/v1/main/blueprints/community/WIDGET"), http.StatusBadRequest)
	want(t, s.get(t, "/api/v1/main/blueprints/community/flow"), http.StatusBadRequest)

	r := s.get(t, "/api/v1/main/blueprints/community/FLOW/tags")
	want(t, r, http.StatusOK)
	if !strings.Contains(string(r.Body), `"name":"Getting Started"`) {
		t.Errorf("tags %s", r.Body)
	}
	r = s.get(t, "/api/v1/main/blueprints/community/FLOW/hello-world")
	want(t, r, http.StatusOK)
	bp := r.Map(t)
	if bp["kind"] != "FLOW" || !strings.Contains(bp["source"].(string), "id: hello_world") {
		t.Errorf("get %s", r.Body)
	}
	r = s.get(t, "/api/v1/main/blueprints/community/FLOW/hello-world/source")
	want(t, r, http.StatusOK)
	if r.Header.Get("Content-Type") != "application/yaml" || string(r.Body) != bp["source"] {
		t.Errorf("source %q", r.Body)
	}
	// the source is a flow the simulator accepts and runs
	want(t, s.postYAML(t, "/api/v1/main/flows", string(r.Body)), http.StatusOK)
	if ex := s.run(t, "/api/v1/main/executions/company.team/hello_world?wait=true", nil).Map(t); stateOf(ex) != "SUCCESS" {
		t.Errorf("blueprint flow run %v", ex)
	}
	r = s.get(t, "/api/v1/main/blueprints/community/FLOW/fail-and-alert/graph")
	want(t, r, http.StatusOK)
	g := r.Map(t)
	if n := len(g["nodes"].([]any)); n != 5 {
		t.Errorf("graph nodes %d: %s", n, r.Body)
	}
	want(t, s.get(t, "/api/v1/main/blueprints/community/APP/request-form/graph"), http.StatusNotFound)
	want(t, s.get(t, "/api/v1/main/blueprints/community/FLOW/nope"), http.StatusNotFound)

	oss := newSim(t, func(o *Options) { o.Edition = "oss" })
	want(t, oss.get(t, "/api/v1/main/blueprints/community/FLOW/hello-world"), http.StatusOK)
	want(t, oss.get(t, "/api/v1/main/blueprints/custom"), http.StatusNotFound)
}

const templatedBlueprint = `id: << arg.flow_id >>
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

func TestFlowBlueprints(t *testing.T) {
	s := newSim(t)
	r := s.postJSON(t, "/api/v1/main/blueprints/flows", map[string]any{"title": "ETL steps", "description": "pick the steps", "tags": []string{"ETL"}, "source": templatedBlueprint})
	want(t, r, http.StatusOK)
	bp := r.Map(t)
	id := bp["id"].(string)
	tpl := bp["template"].(map[string]any)
	args := tpl["templateArguments"].(map[string]any)
	if len(args) != 3 || args["steps"].(map[string]any)["type"] != "MULTISELECT" || bp["source"] != templatedBlueprint {
		t.Fatalf("created %s", r.Body)
	}
	want(t, s.postJSON(t, "/api/v1/main/blueprints/flows", map[string]any{"title": "", "source": "x"}), http.StatusUnprocessableEntity)

	// use the template: arguments are checked, the flow is generated and deploys
	r = s.postJSON(t, "/api/v1/main/blueprints/flows/"+id+"/use-template", map[string]any{"templateArgumentsInputs": map[string]any{"flow_id": "etl", "steps": []string{"extract", "load"}}})
	want(t, r, http.StatusOK)
	gen := r.Map(t)["generatedFlowSource"].(string)
	if strings.Contains(gen, "extend:") || strings.Contains(gen, "transform") || !strings.Contains(gen, `message: "load for {{ flow.id }}"`) {
		t.Errorf("generated:\n%s", gen)
	}
	want(t, s.postYAML(t, "/api/v1/main/flows", gen), http.StatusOK)
	if ex := s.run(t, "/api/v1/main/executions/company.team/etl?wait=true", nil).Map(t); stateOf(ex) != "SUCCESS" || len(ex["taskRunList"].([]any)) != 2 {
		t.Errorf("generated flow run %v", ex)
	}
	r = s.postJSON(t, "/api/v1/main/blueprints/flows/"+id+"/use-template", map[string]any{"templateArgumentsInputs": map[string]any{"steps": []string{"deploy"}}})
	want(t, r, http.StatusUnprocessableEntity)
	if m := r.Message(t); !strings.Contains(m, "missing required input") || !strings.Contains(m, "value `deploy` is not one of") {
		t.Errorf("bad inputs: %s", m)
	}

	// get (current and legacy path), update, list with sources, tags, source, delete
	for _, p := range []string{"/api/v1/main/blueprints/flows/" + id, "/api/v1/main/blueprints/flow/" + id, "/api/v1/main/blueprints/custom/" + id} {
		if m := s.get(t, p).Map(t); m["title"] != "ETL steps" {
			t.Errorf("%s: %v", p, m)
		}
	}
	r = s.sendJSON(t, "PUT", "/api/v1/main/blueprints/flows/"+id, map[string]any{"title": "ETL", "source": "id: plain\nnamespace: a\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n", "tags": []string{"ETL", "Core"}})
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["title"] != "ETL" || m["template"] != nil {
		t.Errorf("update %s", r.Body)
	}
	r = s.postJSON(t, "/api/v1/main/blueprints/custom", map[string]any{"title": "Second", "source": "id: s\nnamespace: a\ntasks: []\n", "kind": "FLOW", "tags": []string{"Other"}})
	want(t, r, http.StatusOK)
	second := r.Map(t)["id"].(string)
	var p bpPage
	s.get(t, "/api/v1/main/blueprints/custom?size=10&source=true&sort=title:asc").JSON(t, &p)
	if p.Total != 2 || p.Results[0]["title"] != "ETL" || !strings.Contains(p.Results[0]["flow"].(string), "id: plain") {
		t.Errorf("list %+v", p)
	}
	p = bpPage{}
	s.get(t, "/api/v1/main/blueprints/custom?size=10&filters[tags][EQUALS]=Other").JSON(t, &p)
	if p.Total != 1 || p.Results[0]["id"] != second {
		t.Errorf("tag filter %+v", p)
	}
	if tags := s.get(t, "/api/v1/main/blueprints/custom/tags").Body; string(tags) != `["Core","ETL","Other"]` {
		t.Errorf("tags %s", tags)
	}
	r = s.sendJSON(t, "PUT", "/api/v1/main/blueprints/custom/"+second, map[string]any{"title": "Second!", "source": "id: s2\nnamespace: a\ntasks: []\n"})
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["flow"] != "id: s2\nnamespace: a\ntasks: []\n" || m["deleted"] != false {
		t.Errorf("custom update %s", r.Body)
	}
	if src := s.get(t, "/api/v1/main/blueprints/custom/"+second+"/source"); string(src.Body) != "id: s2\nnamespace: a\ntasks: []\n" {
		t.Errorf("custom source %q", src.Body)
	}
	want(t, s.delete(t, "/api/v1/main/blueprints/custom/"+second), http.StatusOK)
	want(t, s.delete(t, "/api/v1/main/blueprints/flows/"+id), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/blueprints/flows/"+id), http.StatusNotFound)
	want(t, s.delete(t, "/api/v1/main/blueprints/flows/"+id), http.StatusNotFound)
}
