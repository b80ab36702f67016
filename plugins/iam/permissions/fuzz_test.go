package permissions

import (
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{"FLOW:VIEW,LIST", "flow : view", ":", "FLOW:", "FLOWS:VEIW", "A:B:C", "UNKNOWN:VIEW", "\x00:\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		set, err := Parse([]string{s})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line message for %q: %q", s, err)
			}
			return
		}
		// Whatever is accepted is valid and non-empty.
		if len(set) != 1 {
			t.Fatalf("Parse(%q) = %v", s, set)
		}
		for r, acts := range set {
			if !IsResource(r) || len(acts) == 0 {
				t.Fatalf("Parse(%q): bad resource %q %v", s, r, acts)
			}
			for _, a := range acts {
				if !IsAction(a) {
					t.Fatalf("Parse(%q): bad action %q", s, a)
				}
			}
		}
	})
}

func FuzzParseFile(f *testing.F) {
	for _, s := range []string{"FLOW: [VIEW, LIST]\n", `{"FLOW":["VIEW"]}`, "permissions:\n  FLOW: VIEW\n", "- a\n", "FLOW: {x: 1}", "&a [*a]"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := ParseFile("f.yaml", data)
		if err != nil {
			return
		}
		if set.Count() == 0 {
			t.Fatalf("accepted an empty set from %q", data)
		}
		for r, acts := range set {
			if !IsResource(r) {
				t.Fatalf("bad resource %q", r)
			}
			for _, a := range acts {
				if !IsAction(a) {
					t.Fatalf("bad action %q", a)
				}
			}
		}
	})
}
