package localfile

import (
	"os"
	"path/filepath"
	"testing"
)

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestCommitReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Create(dir, "out.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Write([]byte("new content")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "old" {
		t.Fatalf("target changed before commit: %q", b)
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "new content" || p.Written() != 11 {
		t.Fatalf("target = %q", b)
	}
	if e := entries(t, dir); len(e) != 1 {
		t.Fatalf("left behind: %v", e)
	}
}

func TestAbortLeavesTargetAlone(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Create(dir, "out.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = p.Write([]byte("partial"))
	if err := p.Abort(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "old" {
		t.Fatalf("target = %q", b)
	}
	if e := entries(t, dir); len(e) != 1 {
		t.Fatalf("left behind: %v", e)
	}
}

func TestCreateRefusesEscapesAndDirectories(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"../x", "/etc/passwd", "a/b", "", "..", "sub"} {
		if p, err := Create(dir, name); err == nil {
			_ = p.Abort()
			t.Errorf("Create(%q) accepted", name)
		}
	}
}
