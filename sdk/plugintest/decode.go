package plugintest

import (
	"encoding/json"
	"strings"
	"testing"
)

// Object decodes the one object the command sent (Context.Object); the
// test fails when it sent none or several.
func (r *Result) Object(t testing.TB) map[string]any {
	t.Helper()
	if len(r.Objects) != 1 {
		t.Fatalf("want one object, got %d (err %v)", len(r.Objects), r.Err)
	}
	var m map[string]any
	if err := json.Unmarshal(r.Objects[0], &m); err != nil {
		t.Fatalf("%v: %s", err, r.Objects[0])
	}
	return m
}

// Report is a report's JSON document (Context.Report with -o json).
type Report struct {
	Summary map[string]int   `json:"summary"`
	Results []map[string]any `json:"results"`
}

// Report decodes the report the command sent with -o json; the test fails
// when there is none or its summary does not count its results.
func (r *Result) Report(t testing.TB) Report {
	t.Helper()
	if len(r.Objects) != 1 {
		t.Fatalf("want one report document, got %d objects (err %v)", len(r.Objects), r.Err)
	}
	var rep Report
	if err := json.Unmarshal(r.Objects[0], &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, r.Objects[0])
	}
	if rep.Summary["total"] != len(rep.Results) {
		t.Fatalf("summary total %d for %d results", rep.Summary["total"], len(rep.Results))
	}
	return rep
}

// JSONKeys are the keys of a JSON object, in document order (to check that
// a server's object went out unchanged).
func JSONKeys(t testing.TB, raw json.RawMessage) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", raw)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}
