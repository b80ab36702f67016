package executions

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/flows/api"
)

func TestParseLabels(t *testing.T) {
	for _, tc := range []struct {
		in      []string
		want    []api.Label
		wantErr string
	}{
		{[]string{"team=data"}, []api.Label{{Key: "team", Value: "data"}}, ""},
		{[]string{"team:data", "url=http://x:8080/a=b"}, []api.Label{{Key: "team", Value: "data"}, {Key: "url", Value: "http://x:8080/a=b"}}, ""},
		{[]string{" k =v"}, []api.Label{{Key: "k", Value: "v"}}, ""},
		{nil, nil, "no label given"},
		{[]string{"novalue"}, nil, `invalid label "novalue"`},
		{[]string{"=v"}, nil, `invalid label "=v"`},
		{[]string{"k="}, nil, "the value is empty"},
	} {
		got, err := parseLabels(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) {
			t.Fatalf("%q: %v %v", tc.in, got, err)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: label %d = %v, want %v", tc.in, i, got[i], tc.want[i])
			}
		}
	}
}

func TestCheckState(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		allowed  []string
		ok       bool
	}{
		{"success", "SUCCESS", terminalStates, true},
		{"RUNNING", "", terminalStates, false},
		{"running", "RUNNING", nil, true},
		{"BOGUS", "", nil, false},
		{"CANCELLED", "CANCELLED", unqueueStates, true},
		{"SUCCESS,FAILED", "", terminalStates, false},
	} {
		got, err := checkState("--state", tc.in, tc.allowed...)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("checkState(%q) = %q, %v", tc.in, got, err)
		}
	}
}
