package plugin

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

func TestPickNamespace(t *testing.T) {
	for _, tc := range []struct {
		positional, flag, want, err string
	}{
		{"", "", "", ""},
		{"company.team", "", "company.team", ""},
		{"", "company.team", "company.team", ""},
		{"company.team", "company.team", "company.team", ""},
		{"a.b", "c.d", "", `two namespaces given ("a.b" and -n "c.d"): give one`},
		{"not a namespace", "", "", "namespace"},
	} {
		got, err := PickNamespace(tc.positional, tc.flag)
		if tc.err != "" {
			if cmderr.CodeOf(err) != cmderr.Usage || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q %q: %v, want a usage error %q", tc.positional, tc.flag, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q %q = %q, %v; want %q", tc.positional, tc.flag, got, err, tc.want)
		}
	}
}
