package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func flowYAML(ns, id string) string {
	return fmt.Sprintf(`# a comment the server must keep
id: %s
namespace: %s
description: "Says hello"
labels:
  team: data
inputs:
  - id: user
    type: STRING
    defaults: world
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "Hello {{ inputs.user }}"
`, id, ns)
}

func TestFlowLifecycle(t *testing.T) {
	s := newSim(t)
	src := flowYAML("company.team", "hello")

	r := s.postYAML(t, "/api/v1/main/flows", src)
	want(t, r, http.StatusOK)
	created := r.Map(t)
	if created["revision"] != 1.0 || created["source"] != src || created["id"] != "hello" {
		t.Fatalf("created %v", created)
	}
	if labels, _ := created["labels"].([]any); len(labels) != 1 {
		t.Errorf("labels %v, want a list of one label", created["labels"])
	}

	r = s.postYAML(t, "/api/v1/main/flows", src)
	want(t, r, http.StatusUnprocessableEntity)
	if msg := r.Message(t); !strings.Contains(msg, "Flow id already exists") {
		t.Errorf("duplicate message %q", msg)
	}

	r = s.get(t, "/api/v1/main/flows/company.team/hello?source=true")
	want(t, r, http.StatusOK)
	if got := r.Map(t)["source"]; got != src {
		t.Fatalf("source not byte for byte:\n%q\nwant\n%q", got, src)
	}
	r = s.get(t, "/api/v1/main/flows/company.team/hello?source=false&allowDeleted=false")
	want(t, r, http.StatusOK)
	if _, has := r.Map(t)["source"]; has {
		t.Error("source returned with source=false")
	}

	// update: a changed source is a new revision, an identical one is not
	src2 := strings.Replace(src, "Says hello", "Says hello again", 1) + "\r\n# trailing comment\r\n"
	r = s.putYAML(t, "/api/v1/main/flows/company.team/hello", src2)
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["revision"] != 2.0 || m["source"] != src2 {
		t.Fatalf("update %v", m)
	}
	r = s.putYAML(t, "/api/v1/main/flows/company.team/hello", src2)
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["revision"] != 2.0 {
		t.Fatalf("identical update bumped the revision: %v", m["revision"])
	}
	r = s.get(t, "/api/v1/main/flows/company.team/hello?revision=1&source=true")
	want(t, r, http.StatusOK)
	if r.Map(t)["source"] != src {
		t.Error("revision 1 source changed")
	}
	r = s.get(t, "/api/v1/main/flows/company.team/hello/revisions")
	want(t, r, http.StatusOK)
	var revs []map[string]any
	r.JSON(t, &revs)
	if len(revs) != 2 {
		t.Errorf("%d revisions", len(revs))
	}

	// the body must name the flow of the path
	r = s.putYAML(t, "/api/v1/main/flows/company.team/hello", flowYAML("company.team", "other"))
	want(t, r, http.StatusUnprocessableEntity)
	r = s.putYAML(t, "/api/v1/main/flows/company.team/missing", flowYAML("company.team", "missing"))
	want(t, r, http.StatusNotFound)

	want(t, s.delete(t, "/api/v1/main/flows/company.team/hello"), http.StatusNoContent)
	want(t, s.get(t, "/api/v1/main/flows/company.team/hello"), http.StatusNotFound)
	want(t, s.delete(t, "/api/v1/main/flows/company.team/hello"), http.StatusNotFound)
	r = s.get(t, "/api/v1/main/flows/company.team/hello?allowDeleted=true")
	want(t, r, http.StatusOK)
	if r.Map(t)["deleted"] != true {
		t.Error("deleted flow not marked deleted")
	}
	r = s.postYAML(t, "/api/v1/main/flows", src)
	want(t, r, http.StatusOK)
	if rev := r.Map(t)["revision"]; rev != 4.0 {
		t.Errorf("re-created revision %v, want 4", rev)
	}
}

func TestFlowIdentifierValidation(t *testing.T) {
	s := newSim(t)
	cases := []struct {
		name, ns, id string
		ok           bool
	}{
		{"plain", "company.team", "my-flow_1", true},
		{"dotted id", "company", "a.b", true},
		{"upper namespace", "Company", "f", false},
		{"namespace leading dot", ".company", "f", false},
		{"namespace space", "com pany", "f", false},
		{"id leading dash", "company", "-f", false},
		{"id slash", "company", "a/b", false},
		{"id too long", "company", strings.Repeat("a", 101), false},
		{"namespace too long", strings.Repeat("a", 151), "f", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := s.postYAML(t, "/api/v1/main/flows", flowYAML(c.ns, c.id))
			if c.ok {
				want(t, r, http.StatusOK)
			} else {
				want(t, r, http.StatusUnprocessableEntity)
			}
		})
	}
	for name, body := range map[string]string{
		"no id":        "namespace: a\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n",
		"no namespace": "id: a\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n",
		"no tasks":     "id: a\nnamespace: b\n",
		"not mapping":  "- a\n- b\n",
		"bad yaml":     "id: [a\n",
		"unknown type": "id: a\nnamespace: b\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Lgo\n",
		"dup task ids": "id: a\nnamespace: b\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n",
		"bad input":    "id: a\nnamespace: b\ninputs:\n  - id: x\n    type: BOOLEAN\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n",
	} {
		t.Run(name, func(t *testing.T) {
			r := s.postYAML(t, "/api/v1/main/flows", body)
			want(t, r, http.StatusUnprocessableEntity)
			if !strings.HasPrefix(r.Message(t), "Invalid entity:") {
				t.Errorf("message %q", r.Message(t))
			}
		})
	}
}

func TestFlowSearchAndList(t *testing.T) {
	s := newSim(t)
	for i := range 25 {
		ns := "company.team"
		if i%5 == 0 {
			ns = "other"
		}
		want(t, s.postYAML(t, "/api/v1/main/flows", flowYAML(ns, fmt.Sprintf("f%02d", i))), http.StatusOK)
	}
	type page struct {
		Results []map[string]any `json:"results"`
		Total   int              `json:"total"`
	}
	var p page
	s.get(t, "/api/v1/main/flows/search?page=1&size=10").JSON(t, &p)
	if p.Total != 25 || len(p.Results) != 10 {
		t.Fatalf("page 1: total %d, %d results", p.Total, len(p.Results))
	}
	seen := map[string]bool{}
	for pageNo := 1; pageNo <= 3; pageNo++ {
		var pp page
		s.get(t, fmt.Sprintf("/api/v1/main/flows/search?page=%d&size=10", pageNo)).JSON(t, &pp)
		for _, f := range pp.Results {
			seen[f["namespace"].(string)+"/"+f["id"].(string)] = true
			if _, has := f["source"]; has {
				t.Error("search returns sources")
			}
		}
	}
	if len(seen) != 25 {
		t.Errorf("pages cover %d distinct flows", len(seen))
	}
	s.get(t, "/api/v1/main/flows/search?size=100&filters[namespace][EQUALS]=other").JSON(t, &p)
	if p.Total != 5 {
		t.Errorf("namespace filter total %d", p.Total)
	}
	s.get(t, "/api/v1/main/flows/search?size=100&filters[namespace][PREFIX]=company").JSON(t, &p)
	if p.Total != 20 {
		t.Errorf("prefix filter total %d", p.Total)
	}
	s.get(t, "/api/v1/main/flows/search?filters[q][EQUALS]=f1&size=100").JSON(t, &p)
	if p.Total != 10 {
		t.Errorf("q filter total %d", p.Total)
	}
	s.get(t, "/api/v1/main/flows/search?filters[labels][EQUALS][team]=data&size=1").JSON(t, &p)
	if p.Total != 25 {
		t.Errorf("labels filter total %d", p.Total)
	}
	s.get(t, "/api/v1/main/flows/search?sort=id:desc&size=1").JSON(t, &p)
	if p.Results[0]["id"] != "f24" {
		t.Errorf("sort id:desc first %v", p.Results[0]["id"])
	}
	want(t, s.get(t, "/api/v1/main/flows/search?page=0"), http.StatusBadRequest)
	want(t, s.get(t, "/api/v1/main/flows/search?filters[nope][EQUALS]=x"), http.StatusBadRequest)

	var list []map[string]any
	s.get(t, "/api/v1/main/flows/other").JSON(t, &list)
	if len(list) != 5 {
		t.Errorf("namespace list has %d flows", len(list))
	}
}

func TestFlowValidate(t *testing.T) {
	s := newSim(t)
	body := strings.Join([]string{
		flowYAML("company", "ok"),
		"id: [broken\n",
		"namespace: company\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n",
		"id: nons\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n",
		"id: unknown\nnamespace: company\ntasks:\n  - id: t\n    type: io.kestra.plugin.nope.Task\n",
	}, "\n---\n")
	r := s.postYAML(t, "/api/v1/main/flows/validate", body)
	want(t, r, http.StatusOK)
	var vs []map[string]any
	r.JSON(t, &vs)
	if len(vs) != 5 {
		t.Fatalf("%d results, want one per document: %s", len(vs), r.Body)
	}
	for i, v := range vs {
		if v["index"] != float64(i) {
			t.Errorf("result %d has index %v", i, v["index"])
		}
	}
	if _, has := vs[0]["constraints"]; has || vs[0]["flow"] != "ok" {
		t.Errorf("valid document reported %v", vs[0])
	}
	expect := map[int]string{1: "Unable to parse flow", 2: "id: must not be null", 3: "namespace: must not be null", 4: "Invalid type: io.kestra.plugin.nope.Task"}
	for i, sub := range expect {
		if c, _ := vs[i]["constraints"].(string); !strings.Contains(c, sub) {
			t.Errorf("document %d constraints %q, want %q", i, c, sub)
		}
	}
	// nothing was stored
	want(t, s.get(t, "/api/v1/main/flows/company/ok"), http.StatusNotFound)
}

func TestFlowBulk(t *testing.T) {
	s := newSim(t)
	want(t, s.postYAML(t, "/api/v1/main/flows", flowYAML("bulk", "old")), http.StatusOK)
	body := flowYAML("bulk", "a") + "---\n" + flowYAML("bulk", "b")
	r := s.postYAML(t, "/api/v1/main/flows/bulk?namespace=bulk&delete=false", body)
	want(t, r, http.StatusOK)
	var out []map[string]any
	r.JSON(t, &out)
	if len(out) != 2 {
		t.Fatalf("bulk answered %d flows", len(out))
	}
	want(t, s.get(t, "/api/v1/main/flows/bulk/old"), http.StatusOK)

	// an invalid document rejects the whole request
	r = s.postYAML(t, "/api/v1/main/flows/bulk?namespace=bulk", flowYAML("bulk", "c")+"---\nid: x\n")
	want(t, r, http.StatusUnprocessableEntity)
	want(t, s.get(t, "/api/v1/main/flows/bulk/c"), http.StatusNotFound)

	// delete=true removes the namespace's flows that are not in the body
	want(t, s.postYAML(t, "/api/v1/main/flows/bulk?namespace=bulk&delete=true", body), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/flows/bulk/old"), http.StatusNotFound)
	want(t, s.get(t, "/api/v1/main/flows/bulk/a"), http.StatusOK)
}
