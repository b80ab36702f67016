package yamldoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"one", "id: a\n", []string{"id: a\n"}},
		{"two", "id: a\n---\nid: b\n", []string{"id: a\n", "id: b\n"}},
		{"leading separator and comments", "# c\n---\nid: a\n--- # x\nid: b\n", []string{"id: a\n", "id: b\n"}},
		{"inline start", "--- id: a\n", []string{"id: a\n"}},
		{"end marker", "id: a\n...\nid: b\n", []string{"id: a\n", "id: b\n"}},
		{"empty", "\n# only comments\n", nil},
		{"crlf", "id: a\r\n---\r\nid: b\r\n", []string{"id: a\r\n", "id: b\r\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split([]byte(tt.in))
			if len(got) != len(tt.want) {
				t.Fatalf("got %d documents %q, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if string(got[i]) != tt.want[i] {
					t.Errorf("doc %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParse(t *testing.T) {
	docs := Parse("f.yaml", []byte("id: a\nnamespace: n\ntestCases: []\n---\n- x\n---\nid: [\n"))
	if len(docs) != 3 {
		t.Fatalf("%d docs", len(docs))
	}
	if docs[0].Fields["id"] != "a" || docs[0].Fields["namespace"] != "n" || docs[0].Label() != "f.yaml#1" {
		t.Errorf("doc 0: %+v", docs[0])
	}
	if _, has := docs[0].Fields["testCases"]; has {
		t.Errorf("a sequence is not a scalar field")
	}
	if docs[1].Err == nil || docs[2].Err == nil || !strings.Contains(docs[2].Err.Error(), "invalid YAML") {
		t.Errorf("errors: %v %v", docs[1].Err, docs[2].Err)
	}
	if _, err := docs[0].Require("test suite", "id", "flowId"); err == nil || !strings.Contains(err.Error(), "'flowId'") {
		t.Errorf("require: %v", err)
	}
	if d := Parse("e.yaml", []byte("# nothing\n")); len(d) != 1 || d[0].Err != ErrNoDocument {
		t.Errorf("empty file: %+v", d)
	}
}

func TestCollect(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.yaml", "a.yml", "x.txt", ".hidden.yaml", "sub/c.yaml", ".git/d.yaml"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("id: x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Collect(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range got {
		rel, _ := filepath.Rel(dir, g)
		names = append(names, rel)
	}
	if strings.Join(names, ",") != "a.yml,b.yaml,sub/c.yaml" {
		t.Errorf("recursive: %v", names)
	}
	if got, _ := Collect(dir, false); len(got) != 2 {
		t.Errorf("top level: %v", got)
	}
	if _, err := Collect(filepath.Join(dir, "x.txt"), true); err == nil {
		t.Error("a .txt file was taken")
	}
	if _, err := Collect(filepath.Join(dir, "nope"), true); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing: %v", err)
	}
}

// FuzzSplit: splitting never loses or invents content bytes.
func FuzzSplit(f *testing.F) {
	f.Add([]byte("id: a\n---\nid: b\n"))
	f.Add([]byte("--- x: 1\n...\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range Split(data) {
			if !strings.Contains(string(data), string(d)) {
				t.Fatalf("document %q is not part of the input", d)
			}
		}
		_ = Parse("f", data)
	})
}
