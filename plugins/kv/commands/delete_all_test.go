package commands

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

type bulkReport struct {
	Summary map[string]int `json:"summary"`
	Results []struct {
		Status, ID, Error string
	} `json:"results"`
}

func decodeBulk(t *testing.T, raw json.RawMessage) bulkReport {
	t.Helper()
	var rep bulkReport
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatalf("report %s: %v", raw, err)
	}
	return rep
}

func TestDeleteAll(t *testing.T) {
	e := newEnv(t)
	for _, k := range []string{"a", "b", "tmp_1", "tmp_2", "tmp_3", "keep"} {
		e.ok("kv", "set", "bulk.team", "STRING", k, "v")
	}
	// Named keys: asks naming the count and the namespace; a missing key
	// is a failure of its own, the others are deleted.
	o := e.opts()
	o.AssumeYes = false
	o.Confirm = func(string) bool { return false }
	r := e.run(o, nil, "kv", "delete-all", "bulk.team", "a", "b")
	if r.Code() != cmderr.Cancelled || len(r.Confirmations) != 1 || r.Confirmations[0] != "In bulk.team, delete 2 keys?" {
		t.Fatalf("declined: %v %v", r.Err, r.Confirmations)
	}
	r = e.run(e.opts(), nil, "kv", "delete-all", "bulk.team", "a", "b", "nope")
	if r.Code() != cmderr.Generic {
		t.Fatalf("a missing key fails the command: %v", r.Err)
	}
	rep := decodeBulk(t, r.Objects[0])
	if rep.Summary["deleted"] != 2 || rep.Summary["failed"] != 1 || rep.Results[2].ID != "nope" || rep.Results[2].Error != "not found" {
		t.Fatalf("report %+v", rep)
	}
	// By query: --dry-run lists, then only the matching keys go.
	r = e.ok("kv", "delete-all", "bulk.team", "-q", "tmp_", "--dry-run")
	if len(r.Records) != 3 {
		t.Fatalf("dry run %v", r.Records)
	}
	r = e.ok("kv", "delete-all", "bulk.team", "-q", "tmp_")
	if rep := decodeBulk(t, r.Objects[0]); rep.Summary["deleted"] != 3 || rep.Summary["total"] != 3 {
		t.Fatalf("by query %+v", rep)
	}
	r = e.ok("kv", "list", "bulk.team")
	if len(r.Records) != 1 || r.Records[0]["key"] != "keep" {
		t.Fatalf("left %v", r.Records)
	}
	r = e.ok("kv", "delete-all", "bulk.team", "-q", "tmp_")
	if !strings.Contains(r.MessageText(), "No keys match the filters: nothing to do.") {
		t.Fatalf("nothing left: %q", r.MessageText())
	}
	for _, tc := range []struct {
		argv []string
		code cmderr.Code
	}{
		{[]string{"kv", "delete-all", "bulk.team"}, cmderr.Usage},
		{[]string{"kv", "delete-all", "bulk.team", "a", "-q", "x"}, cmderr.Usage},
		{[]string{"kv", "delete-all", "bulk.team", "a", "--dry-run"}, cmderr.Usage},
		{[]string{"kv", "delete-all", "bulk.team", "bad key"}, cmderr.Usage},
		{[]string{"kv", "delete-all", "nope.nope", "a"}, cmderr.NotFound},
		{[]string{"kv", "delete-all", "nope.nope", "-q", "a"}, cmderr.NotFound},
	} {
		if r := e.run(e.opts(), nil, tc.argv...); r.Code() != tc.code {
			t.Errorf("%v: %v %v, want %v", tc.argv, r.Code(), r.Err, tc.code)
		}
	}
}

func TestListInherited(t *testing.T) {
	e := newEnv(t)
	e.ok("kv", "set", "inh", "STRING", "region", "eu")
	e.ok("kv", "set", "inh.team", "STRING", "region", "us")
	e.ok("kv", "set", "inh.team", "STRING", "owner", "data")
	e.ok("kv", "set", "inh.team.sub", "STRING", "own", "x")
	r := e.ok("kv", "list-inherited", "inh.team.sub")
	var got []string
	for _, rec := range r.Records {
		got = append(got, rec["namespace"].(string)+"/"+rec["key"].(string))
	}
	if strings.Join(got, " ") != "inh.team/owner inh.team/region" {
		t.Fatalf("inherited %v", got)
	}
	o := e.opts()
	o.Format = "table"
	r = e.run(o, nil, "kv", "list-inherited", "inh")
	if r.Err != nil || len(r.Records) != 0 || r.Footer != "No inherited keys found" {
		t.Fatalf("top level: %v %v %q", r.Err, r.Records, r.Footer)
	}
	if r := e.run(e.opts(), nil, "kv", "list-inherited", "nope.nope"); r.Code() != cmderr.NotFound {
		t.Fatalf("unknown namespace: %v", r.Err)
	}
}
