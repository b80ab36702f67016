package scoped

import (
	"cmp"
	"slices"
	"testing"
)

func TestTable(t *testing.T) {
	type obj struct{ name string }
	tb := Table[string, obj]{}
	tb.Put("main", "2", &obj{"b"})
	tb.Put("main", "1", &obj{"a"})
	tb.Put("", "3", &obj{"c"})
	var names []string
	for _, o := range tb.Sorted("main", func(o *obj) string { return o.name }) {
		names = append(names, o.name)
	}
	if !slices.Equal(names, []string{"a", "b"}) {
		t.Errorf("sorted %v", names)
	}
	names = nil
	for _, o := range tb.SortedFunc("main", func(a, b *obj) int { return cmp.Compare(b.name, a.name) }) {
		names = append(names, o.name)
	}
	if !slices.Equal(names, []string{"b", "a"}) {
		t.Errorf("sorted by func %v", names)
	}
	if tb.Get("staging", "1") != nil || tb.Get("main", "1").name != "a" {
		t.Error("get")
	}
	if f := tb.Find("main", func(o *obj) bool { return o.name == "b" }); f == nil || f.name != "b" {
		t.Error("find")
	}
	if !tb.Remove("main", "1") || tb.Remove("main", "1") || tb.Remove("nope", "x") {
		t.Error("remove")
	}
	if got := tb.Scopes(); !slices.Equal(got, []string{"", "main"}) {
		t.Errorf("scopes %q", got)
	}
}

func TestTableCompositeKeys(t *testing.T) {
	tb := Table[InNamespace, string]{}
	a, b := "a", "b"
	tb.Put("main", InNamespace{"company", "x"}, &a)
	tb.Put("main", InNamespace{"company.team", "x"}, &b)
	if *tb.Get("main", InNamespace{"company.team", "x"}) != "b" || tb.Get("main", InNamespace{"company", "y"}) != nil {
		t.Error("composite get")
	}
}

func TestInNamespaceOrder(t *testing.T) {
	keys := []InNamespace{{"company.team", "a"}, {"company", "b"}, {"company", "a"}}
	slices.SortFunc(keys, InNamespace.Compare)
	want := []InNamespace{{"company", "a"}, {"company", "b"}, {"company.team", "a"}}
	if !slices.Equal(keys, want) {
		t.Errorf("sorted %v", keys)
	}
}
