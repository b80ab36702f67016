package commands

import (
	"testing"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// FuzzParseBindings: whatever the file, parsing either lists problems or
// gives bindings that pass every local check.
func FuzzParseBindings(f *testing.F) {
	for _, s := range []string{
		"- type: USER\n  externalId: u1\n  roleId: r1\n",
		`[{"type":"group","externalId":"g","roleId":"r","namespaceId":"a.b"}]`,
		"[]", "{}", "- type: ROBOT\n", "- extra: 1\n", "- type: USER\n  externalId: u\n  roleId: r\n- type: USER\n  externalId: u\n  roleId: r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		entries, problems := parseBindings([]byte(s))
		if len(problems) > 0 {
			return
		}
		if len(entries) == 0 {
			t.Fatalf("%q: no binding and no problem", s)
		}
		seen := map[bulkEntry]bool{}
		for _, e := range entries {
			if e.Type != "USER" && e.Type != "GROUP" || e.ExternalID == "" || e.RoleID == "" || seen[e] {
				t.Fatalf("%q: accepted %+v", s, e)
			}
			if e.NamespaceID != "" && plugin.ValidateNamespace(e.NamespaceID) != nil {
				t.Fatalf("%q: accepted namespace %q", s, e.NamespaceID)
			}
			seen[e] = true
		}
	})
}
