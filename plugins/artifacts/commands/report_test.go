package commands

import (
	"encoding/json"
	"testing"

	"github.com/kestractl/kestractl/sdk/plugintest"
)

// jsonReport is a report as -o json prints it.
type jsonReport struct {
	Summary map[string]int    `json:"summary"`
	Results []json.RawMessage `json:"results"`
}

// reportOf decodes the one document a command printed with -o json.
func reportOf(t *testing.T, r *plugintest.Result) jsonReport {
	t.Helper()
	if len(r.Objects) != 1 || len(r.RawRecords) != 0 {
		t.Fatalf("%d objects and %d records, want one report document\n%s", len(r.Objects), len(r.RawRecords), r.MessageText())
	}
	var rep jsonReport
	if err := json.Unmarshal(r.Objects[0], &rep); err != nil {
		t.Fatalf("report %s: %v", r.Objects[0], err)
	}
	if rep.Summary == nil || rep.Results == nil || rep.Summary["total"] != len(rep.Results) {
		t.Fatalf("report shape: %s", r.Objects[0])
	}
	return rep
}

// records decodes a report's results.
func (rep jsonReport) records(t *testing.T) []record {
	t.Helper()
	out := make([]record, len(rep.Results))
	for i, raw := range rep.Results {
		if err := json.Unmarshal(raw, &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}
