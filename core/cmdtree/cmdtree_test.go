package cmdtree

import (
	"testing"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

func tree() *pb.Command {
	return &pb.Command{
		Name:  "kv",
		Flags: []*pb.Flag{{Name: "namespace", Short: "n", Type: "string"}, {Name: "quiet", Type: "bool"}},
		Children: []*pb.Command{
			{Name: "get", Aliases: []string{"show"}, Flags: []*pb.Flag{{Name: "type", Aliases: []string{"kind"}, Type: "string"}, {Name: "raw", Short: "r", Type: "bool", Hidden: true}}},
			{Name: "set", Children: []*pb.Command{{Name: "one"}, {Name: "many", Hidden: true}, {Name: "all"}}},
			{Name: "secret", Hidden: true},
		},
	}
}

func TestChild(t *testing.T) {
	tr := tree()
	tests := map[string]string{"get": "get", "show": "get", "set": "set", "secret": "secret", "nope": "", "": ""}
	for name, want := range tests {
		if got := Child(tr, name).GetName(); got != want {
			t.Errorf("Child(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestVisible(t *testing.T) {
	tr := tree()
	var names []string
	for _, c := range Visible(tr.GetChildren()) {
		names = append(names, c.GetName())
	}
	if len(names) != 2 || names[0] != "get" || names[1] != "set" {
		t.Errorf("Visible = %v", names)
	}
	if f := VisibleFlags(tr.GetChildren()[0]); len(f) != 1 || f[0].GetName() != "type" {
		t.Errorf("VisibleFlags = %v", f)
	}
}

func TestFindFlag(t *testing.T) {
	tr := tree()
	path := []*pb.Command{tr, tr.GetChildren()[0]}
	tests := []struct {
		long  string
		short rune
		want  string
	}{
		{"type", 0, "type"},
		{"kind", 0, "type"},           // alias
		{"namespace", 0, "namespace"}, // a parent's flag is valid below it
		{"no-quiet", 0, "quiet"},      // negated boolean
		{"no-namespace", 0, ""},       // only booleans have a --no- form
		{"", 'n', "namespace"},
		{"", 'r', "raw"}, // hidden flags still parse
		{"", 'x', ""},
		{"nope", 0, ""},
	}
	for _, tt := range tests {
		if got := FindFlag(path, tt.long, tt.short).GetName(); got != tt.want {
			t.Errorf("FindFlag(%q, %q) = %q, want %q", tt.long, tt.short, got, tt.want)
		}
	}
	if FindFlag(nil, "type", 0) != nil {
		t.Error("a flag found on an empty path")
	}
}

func TestTakesValue(t *testing.T) {
	for typ, want := range map[string]bool{"string": true, "[]string": true, "duration": true, "bool": false, "counter": false} {
		if got := TakesValue(&pb.Flag{Type: typ}); got != want {
			t.Errorf("TakesValue(%s) = %v", typ, got)
		}
	}
}

func TestLeaves(t *testing.T) {
	var got []string
	for _, l := range Leaves(tree(), "kestractl") {
		got = append(got, l.Path)
	}
	want := []string{"kestractl kv get", "kestractl kv set one", "kestractl kv set all"}
	if len(got) != len(want) {
		t.Fatalf("Leaves = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Leaves = %q, want %q", got, want)
		}
	}
	if l := Leaves(&pb.Command{Name: "version"}, ""); len(l) != 1 || l[0].Path != "version" {
		t.Fatalf("a leaf group = %+v", l)
	}
}
