package source

import (
	"strings"
	"testing"
)

func TestMap(t *testing.T) {
	m, err := Map([]byte("id: a\nn: 3\nf: 1.5\nb: true\nd: 2024-12-03\nl: [x, 1]\nz: ~\nbase: &b {k: v}\nm:\n  <<: *b\n  o: 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m["id"] != "a" || m["n"] != int64(3) || m["f"] != 1.5 || m["b"] != true || m["d"] != "2024-12-03" || m["z"] != nil {
		t.Errorf("scalars: %#v", m)
	}
	if l := m["l"].([]any); len(l) != 2 || l[1] != int64(1) {
		t.Errorf("list %#v", m["l"])
	}
	if mm := m["m"].(map[string]any); mm["k"] != "v" || mm["o"] != int64(2) {
		t.Errorf("merge %#v", m["m"])
	}
	for _, bad := range []string{"", "- a\n- b\n", "a: 1\n---\nb: 2\n", "a: [\n", "a: &a [*a]\n"} {
		if _, err := Map([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g"} {
		bomb += n + ": &" + n + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
		prev = n
	}
	if _, err := Map([]byte(bomb)); err == nil {
		t.Error("alias bomb accepted")
	}
}

func TestDecodeStrict(t *testing.T) {
	var v struct {
		ID   string   `yaml:"id"`
		Tags []string `yaml:"tags"`
	}
	if err := Decode([]byte("id: x\ntags: [a]\n"), &v); err != nil || v.ID != "x" {
		t.Fatalf("%v %+v", err, v)
	}
	err := Decode([]byte("id: x\nequalsTo: 1\n"), &v)
	if err == nil || !strings.Contains(err.Error(), `Unrecognized field "equalsTo"`) {
		t.Errorf("unknown field: %v", err)
	}
	err = Decode([]byte("id: x\ntags: nope\n"), &v)
	if err == nil || !strings.Contains(err.Error(), "as a list") {
		t.Errorf("type error: %v", err)
	}
}

func TestViolations(t *testing.T) {
	var v Violations
	v.Identifier("namespace", "", NamespacePattern, 150)
	v.Identifier("id", "Bad Id", IDPattern, 0)
	v.Identifier("flowId", strings.Repeat("a", 101), FlowIDPattern, 100)
	v.Identifier("id", "ok_1", IDPattern, 0)
	want := "namespace: must not be null\nid: must match \"^[a-zA-Z0-9][a-zA-Z0-9_-]*\"\nflowId: size must be between 1 and 100"
	if got := v.Constraints(); got != want {
		t.Errorf("constraints:\n%s\nwant\n%s", got, want)
	}
	if v.Err() == nil || Violations(nil).Err() != nil {
		t.Error("Err")
	}
}

func TestToggleDisabled(t *testing.T) {
	cases := []struct {
		src     string
		disable bool
		want    string
	}{
		{"id: a\n", true, "id: a\n\ndisabled: true"},
		{"id: a\ndisabled: false\nflowId: f\n", true, "id: a\ndisabled: true\nflowId: f\n"},
		{"id: a\ndisabled: true\n", false, "id: a\ndisabled: false\n"},
		{"id: a\nx:\n  disabled: false\n", true, "id: a\nx:\n  disabled: false\n\ndisabled: true"},
	}
	for _, c := range cases {
		got := ToggleDisabled(c.src, c.disable)
		if got != c.want {
			t.Errorf("ToggleDisabled(%q, %v) = %q, want %q", c.src, c.disable, got, c.want)
		}
		if m, err := Map([]byte(got)); err != nil || m["disabled"] != c.disable {
			t.Errorf("%q: toggled source reads %v, %v", got, m, err)
		}
	}
}
