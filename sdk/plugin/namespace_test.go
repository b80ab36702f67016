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

func TestNamespaceQuery(t *testing.T) {
	for _, tc := range []struct {
		name, positional, flag string
		sources                []FilterSource
		wantNS, wantQuery, err string
	}{
		{name: "none", wantQuery: ""},
		{name: "positional", positional: "company.team", wantNS: "company.team",
			wantQuery: "filters%5Bnamespace%5D%5BEQUALS%5D=company.team"},
		{name: "flag", flag: "company.team", sources: []FilterSource{QueryFlag{Query: "etl"}}, wantNS: "company.team",
			wantQuery: "filters%5Bnamespace%5D%5BEQUALS%5D=company.team&filters%5Bq%5D%5BEQUALS%5D=etl"},
		{name: "other filters only", sources: []FilterSource{QueryFlag{Query: "etl"}},
			wantQuery: "filters%5Bq%5D%5BEQUALS%5D=etl"},
		{name: "two namespaces", positional: "a.b", flag: "c.d", err: "two namespaces given"},
		{name: "bad filter", positional: "a.b", sources: []FilterSource{FilterFlag{Filter: []string{"nonsense"}}}, err: "nonsense"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ns, q, err := NamespaceQuery(tc.positional, NamespaceFlag{Namespace: tc.flag}, tc.sources...)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || ns != tc.wantNS || q.Encode() != tc.wantQuery {
				t.Fatalf("= %q, %q, %v; want %q, %q", ns, q.Encode(), err, tc.wantNS, tc.wantQuery)
			}
		})
	}
}
