package yamldoc

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"single", "id: a\nnamespace: n\n", []string{"id: a\nnamespace: n\n"}},
		{"leading marker", "---\nid: a\n", []string{"id: a\n"}},
		{"two docs", "id: a\n---\nid: b\n", []string{"id: a\n", "id: b\n"}},
		{"leading separator and comments", "# c\n---\nid: a\n--- # x\nid: b\n", []string{"id: a\n", "id: b\n"}},
		{"crlf", "id: a\r\n---\r\nid: b\r\n", []string{"id: a\r\n", "id: b\r\n"}},
		{"empty docs dropped", "---\n# only a comment\n---\n\n---\nid: c\n---\n", []string{"id: c\n"}},
		{"only comments", "\n# only comments\n", nil},
		{"directive", "%YAML 1.2\n---\nid: a\n", []string{"id: a\n"}},
		{"end marker", "id: a\n...\n---\nid: b\n", []string{"id: a\n", "id: b\n"}},
		{"end marker alone", "id: a\n...\nid: b\n", []string{"id: a\n", "id: b\n"}},
		{"indented --- is content", "id: a\ndescription: |\n  ---\n  text\n", []string{"id: a\ndescription: |\n  ---\n  text\n"}},
		{"dashes in a value", "id: a---b\n", []string{"id: a---b\n"}},
		{"content on marker line", "--- id: a\n", []string{"id: a\n"}},
		{"no trailing newline", "id: a\n---\nid: b", []string{"id: a\n", "id: b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range Split([]byte(tt.in)) {
				got = append(got, string(d))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Split = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	docs := Parse("f.yaml", []byte("id: a\nnamespace: n\ntestCases: []\n---\n- x\n---\nid: [\n---\nhello\n"))
	if len(docs) != 4 {
		t.Fatalf("%d docs", len(docs))
	}
	if docs[0].Fields["id"] != "a" || docs[0].Fields["namespace"] != "n" || docs[0].Label() != "f.yaml#1" || docs[0].Number() != 1 {
		t.Errorf("doc 0: %+v", docs[0])
	}
	if _, has := docs[0].Fields["testCases"]; has {
		t.Errorf("a sequence is not a scalar field")
	}
	var nm *NotMappingError
	if !errors.As(docs[1].Err, &nm) || nm.Kind != "list" || !strings.Contains(docs[1].Err.Error(), "must be a YAML mapping (key: value pairs), not a list") {
		t.Errorf("a list: %v", docs[1].Err)
	}
	if docs[2].Err == nil || !strings.Contains(docs[2].Err.Error(), "invalid YAML") {
		t.Errorf("invalid: %v", docs[2].Err)
	}
	if !errors.As(docs[3].Err, &nm) || nm.Kind != "single value" {
		t.Errorf("a scalar: %v", docs[3].Err)
	}
	if v, err := docs[0].Require("test suite", "namespace", "id"); err != nil || v[0] != "n" || v[1] != "a" {
		t.Errorf("require: %v %v", v, err)
	}
	if _, err := docs[0].Require("test suite", "id", "flowId"); err == nil || !strings.Contains(err.Error(), "the test suite has no top-level 'flowId' field") {
		t.Errorf("require: %v", err)
	}
	if d := Parse("e.yaml", []byte("# nothing\n")); len(d) != 1 || d[0].Err != ErrNoDocument || d[0].Label() != "e.yaml" || d[0].Number() != 0 {
		t.Errorf("empty file: %+v", d)
	}
	root, err := Mapping([]byte("id: x\ntasks:\n  - namespace: other\nnamespace: top\n"))
	if err != nil || Value(root, "namespace").Value != "top" || Value(root, "nope") != nil {
		t.Errorf("Mapping: %v", err)
	}
}

func TestSameSource(t *testing.T) {
	for _, tc := range []struct {
		stored, local string
		want          bool
	}{
		{"id: a\n", "id: a\n", true},
		{"id: a", "id: a\n\n  \r\n", true},
		{"id: a\n", "id: b\n", false},
		{"  id: a\n", "id: a\n", false},
	} {
		if got := SameSource(tc.stored, []byte(tc.local)); got != tc.want {
			t.Errorf("SameSource(%q, %q) = %v", tc.stored, tc.local, got)
		}
	}
}

func TestCollect(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.yaml", "a.yml", "x.txt", ".hidden.yaml", "sub/c.yaml", "sub/d.YAML", ".git/d.yaml"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("id: x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("b.yaml", filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere.yaml", filepath.Join(dir, "dangling.yaml")); err != nil {
		t.Fatal(err)
	}
	rel := func(list []string) string {
		var out []string
		for _, f := range list {
			r, _ := filepath.Rel(dir, f)
			out = append(out, r)
		}
		return strings.Join(out, ",")
	}
	if got, err := Collect(dir, true); err != nil || rel(got) != "a.yml,b.yaml,link.yaml,sub/c.yaml,sub/d.YAML" {
		t.Errorf("recursive: %v %v", rel(got), err)
	}
	if got, err := Collect(dir, false); err != nil || rel(got) != "a.yml,b.yaml,link.yaml" {
		t.Errorf("top level: %v %v", rel(got), err)
	}
	if got, err := Collect(filepath.Join(dir, "b.yaml"), false); err != nil || rel(got) != "b.yaml" {
		t.Errorf("a file: %v %v", rel(got), err)
	}
	for _, tc := range []struct{ path, err string }{
		{"x.txt", "is not a .yaml or .yml file"},
		{"nope", `path "` + filepath.Join(dir, "nope") + `" does not exist`},
	} {
		if _, err := Collect(filepath.Join(dir, tc.path), true); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v, want %q", tc.path, err, tc.err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "deep", "x.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Collect(filepath.Join(dir, "deep"), false); err == nil || !strings.Contains(err.Error(), "no .yaml or .yml files found in directory") ||
		!strings.Contains(err.Error(), "not searched with --recursive=false") {
		t.Errorf("flat and empty: %v", err)
	}
}

// FuzzSplit: splitting never loses or invents content bytes, and parsing
// any input does not fail.
func FuzzSplit(f *testing.F) {
	f.Add([]byte("id: a\n---\nid: b\n"))
	f.Add([]byte("--- x: 1\n...\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range Split(data) {
			if !strings.Contains(string(data), string(d)) {
				t.Fatalf("document %q is not part of the input", d)
			}
		}
		if len(Parse("f", data)) == 0 {
			t.Fatal("no document, not even an error")
		}
	})
}
