package cmdutil

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/flows/api"
)

func TestParseFlowRef(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want api.FlowRef
		ok   bool
	}{
		{"company.team/hello", api.FlowRef{Namespace: "company.team", ID: "hello"}, true},
		{"a/B-1_x.y", api.FlowRef{Namespace: "a", ID: "B-1_x.y"}, true},
		{"company.team", api.FlowRef{}, false},
		{"a/b/c", api.FlowRef{}, false},
		{"/hello", api.FlowRef{}, false},
		{"ns/", api.FlowRef{}, false},
		{"Upper/hello", api.FlowRef{}, false},
		{"ns/has space", api.FlowRef{}, false},
	} {
		got, err := ParseFlowRef(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseFlowRef(%q) = %v, %v", tc.in, got, err)
		}
	}
	refs, err := ParseFlowRefs([]string{"a/x", "b/y", "a/x"})
	if err != nil || len(refs) != 2 {
		t.Fatalf("duplicates: %v %v", refs, err)
	}
}

func TestParseTriggerRef(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"company.team/hello/daily", true},
		{"company.team/hello", false},
		{"a/b/c/d", false},
		{"a//c", false},
		{"a/b/-bad", false},
	} {
		ref, err := ParseTriggerRef(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseTriggerRef(%q) = %v, %v", tc.in, ref, err)
		}
		if err == nil && ref.String() != tc.in {
			t.Errorf("round trip %q -> %q", tc.in, ref.String())
		}
	}
	refs, err := ParseTriggerRefs([]string{"a/b/c", "a/b/d", "a/b/c"})
	if err != nil || len(refs) != 2 || refs[0].TriggerID != "c" || refs[1].TriggerID != "d" {
		t.Fatalf("duplicates: %v %v", refs, err)
	}
	if _, err := ParseTriggerRefs([]string{"a/b/c", "a/b"}); err == nil {
		t.Fatal("a bad reference among good ones is an error")
	}
}

func FuzzParseTriggerRef(f *testing.F) {
	for _, s := range []string{"a/b/c", "company.team/hello/daily", "//", "a/b", "x/y/z/w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := ParseTriggerRef(s)
		if err != nil {
			return
		}
		if ref.String() != s || strings.Count(s, "/") != 2 {
			t.Fatalf("%q parsed as %+v", s, ref)
		}
		if back, err := ParseTriggerRef(ref.String()); err != nil || back != ref {
			t.Fatalf("round trip of %q: %v %v", s, back, err)
		}
	})
}
