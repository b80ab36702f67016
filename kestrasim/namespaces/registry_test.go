package namespaces

import (
	"fmt"
	"testing"
	"time"
)

func TestRegistry(t *testing.T) {
	r := NewRegistry([]string{"main"}, func() time.Time { return time.Unix(0, 0) })
	if !r.Exists("main", SystemNamespace) || !r.Exists("new-tenant", SystemNamespace) {
		t.Fatal("every tenant holds the system namespace")
	}
	r.Touch("main", "a.b.c")
	for _, ns := range []string{"a", "a.b", "a.b.c"} {
		if n, ok := r.Get("main", ns); !ok || n.Explicit {
			t.Errorf("%s: %+v %v", ns, n, ok)
		}
	}
	if _, ok := r.Create("main", Namespace{ID: "a", Variables: map[string]any{"x": 1, "y": "a"}}); !ok {
		t.Fatal("create over an implicit namespace")
	}
	if _, ok := r.Create("main", Namespace{ID: "a"}); ok {
		t.Error("created twice")
	}
	r.Update("main", Namespace{ID: "a.b", Variables: map[string]any{"y": "ab"}})
	for ns, want := range map[string]string{
		"a.b.c": "map[a:map[x:1 y:a] a.b:map[y:ab] a.b.c:map[]]",
		"a":     "map[a:map[x:1 y:a]]",
		"zz":    "map[zz:map[]]",
	} {
		if got := fmt.Sprint(r.InheritedVariables("main", ns)); got != want {
			t.Errorf("%s: %s, want %s", ns, got, want)
		}
	}
	// copies: changing what was returned changes nothing
	got := r.InheritedVariables("main", "a")
	got["a"]["x"] = 2
	if n, _ := r.Get("main", "a"); n.Variables["x"] != 1 {
		t.Error("variables shared with a caller")
	}
	r.DeleteTenant("main")
	if r.Exists("main", "a") || !r.Exists("main", SystemNamespace) {
		t.Error("DeleteTenant")
	}
}

func TestParentsAndIsWithin(t *testing.T) {
	if got := fmt.Sprint(Parents("a.b.c")); got != "[a a.b a.b.c]" {
		t.Error(got)
	}
	for _, c := range []struct {
		ns, scope string
		want      bool
	}{{"a.b", "a", true}, {"a", "a", true}, {"ab", "a", false}, {"a", "a.b", false}} {
		if IsWithin(c.ns, c.scope) != c.want {
			t.Errorf("IsWithin(%s, %s)", c.ns, c.scope)
		}
	}
}
