package server

import (
	"net/http"
	"strings"
	"testing"
)

const adCredentials = `id: ad_credentials
description: Active Directory credentials
inputs:
  - id: username
    type: STRING
    displayName: AD Username
  - id: domain
    type: SELECT
    values: [corp.example.com, eu.example.com]
`

func TestReusableInputs(t *testing.T) {
	s := newSim(t)
	base := "/api/v1/main/namespaces/company/reusable-inputs"
	r := s.putYAML(t, base+"/ad_credentials", adCredentials)
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["namespace"] != "company" || m["revision"] != 1.0 || m["last"] != true || len(m["inputs"].([]any)) != 2 || m["source"] != adCredentials {
		t.Fatalf("create %s", r.Body)
	}
	// identical source: same revision; changed: a new one; failIfExists refuses
	if m := s.putYAML(t, base+"/ad_credentials", adCredentials).Map(t); m["revision"] != 1.0 {
		t.Errorf("identical save %v", m)
	}
	v2 := strings.Replace(adCredentials, "Active Directory credentials", "AD credentials", 1)
	if m := s.putYAML(t, base+"/ad_credentials", v2).Map(t); m["revision"] != 2.0 || m["description"] != "AD credentials" {
		t.Errorf("second revision %v", m)
	}
	want(t, s.do(t, req{method: "PUT", path: base + "/ad_credentials?failIfExists=true", body: strings.NewReader(v2), contentType: "application/x-yaml"}), http.StatusConflict)
	r = s.putYAML(t, base+"/other", adCredentials)
	want(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Message(t), "Illegal id update") {
		t.Errorf("id mismatch: %s", r.Message(t))
	}
	r = s.putYAML(t, base+"/empty", "id: empty\ninputs: []\n")
	want(t, r, http.StatusUnprocessableEntity)
	r = s.putYAML(t, base+"/typed", "id: typed\ninputs:\n  - id: x\n    type: COLOR\n")
	if !strings.Contains(r.Message(t), "Invalid input type 'COLOR'") {
		t.Errorf("bad type: %s", r.Message(t))
	}

	// a child namespace sees its parent's set, and overrides it with its own
	child := "/api/v1/main/namespaces/company.team/reusable-inputs"
	if m := s.get(t, child+"/ad_credentials").Map(t); m["namespace"] != "company" || m["revision"] != 2.0 {
		t.Errorf("inherited %v", m)
	}
	want(t, s.putYAML(t, child+"/ad_credentials", strings.Replace(adCredentials, "id: ad_credentials", "id: ad_credentials\nnamespace: company.team", 1)), http.StatusOK)
	want(t, s.putYAML(t, child+"/extra", "id: extra\ninputs:\n  - id: n\n    type: INT\n"), http.StatusOK)
	if m := s.get(t, child+"/ad_credentials").Map(t); m["namespace"] != "company.team" {
		t.Errorf("override %v", m)
	}
	var p struct {
		Results []map[string]any `json:"results"`
		Total   int              `json:"total"`
	}
	s.get(t, child+"?page=1&size=10").JSON(t, &p)
	if p.Total != 2 || p.Results[0]["id"] != "ad_credentials" || p.Results[0]["namespace"] != "company.team" || p.Results[1]["id"] != "extra" {
		t.Errorf("list from the child %+v", p)
	}
	p.Results = nil
	s.get(t, base).JSON(t, &p)
	if p.Total != 1 {
		t.Errorf("list from the parent %+v", p)
	}

	// revisions
	if m := s.get(t, base+"/ad_credentials?revision=1").Map(t); m["description"] != "Active Directory credentials" || m["last"] != false {
		t.Errorf("revision 1 %v", m)
	}
	want(t, s.get(t, base+"/ad_credentials?revision=9"), http.StatusNotFound)
	var revs []map[string]any
	s.get(t, base+"/ad_credentials/revisions").JSON(t, &revs)
	if len(revs) != 2 || revs[1]["last"] != true || revs[0]["revision"] != 1.0 {
		t.Errorf("revisions %v", revs)
	}

	var nss []string
	s.get(t, "/api/v1/main/reusable-inputs/namespaces").JSON(t, &nss)
	if strings.Join(nss, ",") != "company,company.team" {
		t.Errorf("namespaces %v", nss)
	}
	// the set's namespace now exists
	want(t, s.get(t, "/api/v1/main/namespaces/company.team"), http.StatusOK)

	// delete: the child's set goes, the parent's shows through again
	want(t, s.delete(t, child+"/ad_credentials"), http.StatusOK)
	if m := s.get(t, child+"/ad_credentials").Map(t); m["namespace"] != "company" {
		t.Errorf("after delete %v", m)
	}
	want(t, s.delete(t, child+"/ad_credentials"), http.StatusNotFound)
	want(t, s.get(t, "/api/v1/main/namespaces/other/reusable-inputs/ad_credentials"), http.StatusNotFound)

	oss := newSim(t, func(o *Options) { o.Edition = "oss" })
	want(t, oss.get(t, "/api/v1/main/reusable-inputs/namespaces"), http.StatusNotFound)
}
