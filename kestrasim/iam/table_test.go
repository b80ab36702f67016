package iam

import (
	"slices"
	"testing"
)

func TestTable(t *testing.T) {
	type obj struct{ name string }
	tb := table[obj]{}
	tb.put("main", "2", &obj{"b"})
	tb.put("main", "1", &obj{"a"})
	tb.put(instance, "3", &obj{"c"})
	var names []string
	for _, o := range tb.sorted("main", func(o *obj) string { return o.name }) {
		names = append(names, o.name)
	}
	if !slices.Equal(names, []string{"a", "b"}) {
		t.Errorf("sorted %v", names)
	}
	if tb.get("staging", "1") != nil || tb.get("main", "1").name != "a" {
		t.Error("get")
	}
	if f := tb.find("main", func(o *obj) bool { return o.name == "b" }); f == nil || f.name != "b" {
		t.Error("find")
	}
	if !tb.remove("main", "1") || tb.remove("main", "1") || tb.remove("nope", "x") {
		t.Error("remove")
	}
	if got := tb.scopes(); !slices.Equal(got, []string{instance, "main"}) {
		t.Errorf("scopes %q", got)
	}
}
