package reusableinputs

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		src, want string // want: "" for valid, else a substring of the constraints
	}{
		{"id: creds\ninputs:\n  - id: user\n    type: STRING\n", ""},
		{"namespace: company\ninputs:\n  - id: user\n    type: STRING\n", ""},
		{"id: other\ninputs:\n  - id: user\n    type: STRING\n", "id: Illegal id update"},
		{"id: creds\nnamespace: company.team\ninputs:\n  - id: user\n    type: STRING\n", "namespace: Illegal namespace update"},
		{"id: creds\n", "inputs: must not be empty"},
		{"id: creds\ninputs:\n  - id: u\n    type: STRING\n  - id: u\n    type: INT\n", "Duplicate input with name [u]"},
		{"id: creds\ninputs:\n  - type: STRING\n", "inputs[0].id: must not be null"},
		{"id: creds\ninputs:\n  - id: -x\n    type: STRING\n", "inputs[0].id: must match"},
		{"id: creds\ninputs:\n  - id: x\n    type: COLOR\n", "inputs[0].type: Invalid input type 'COLOR'"},
		{"id: [\n", "Unable to parse reusable inputs"},
	}
	for _, c := range cases {
		s, vs := Parse([]byte(c.src), "company", "creds")
		got := vs.Constraints()
		if c.want == "" {
			if got != "" || s.Namespace != "company" || s.ID != "creds" {
				t.Errorf("%q: %q %+v", c.src, got, s)
			}
			continue
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%q: %q, want %q", c.src, got, c.want)
		}
	}
}
