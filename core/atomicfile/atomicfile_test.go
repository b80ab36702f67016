package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "file.json")
	if err := WriteFile(path, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	first, _ := os.Stat(path)
	if err := WriteFile(path, []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	st, _ := os.Stat(path)
	if err != nil || string(b) != "two" || st.Mode().Perm() != 0o644 || os.SameFile(first, st) {
		t.Fatalf("content %q mode %v replaced %v (%v)", b, st.Mode().Perm(), !os.SameFile(first, st), err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Fatalf("%d files left in the directory, want 1", len(entries))
	}
	if d, _ := os.Stat(filepath.Dir(path)); d.Mode().Perm() != 0o700 {
		t.Fatalf("created directory mode %v", d.Mode().Perm())
	}
}

func TestWriteFileFailsWithoutLeftovers(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	// A directory cannot be replaced by a file.
	if err := WriteFile(target, []byte("x"), 0o600); err == nil {
		t.Fatal("a directory was replaced")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("%d entries, want only the directory (no temporary file)", len(entries))
	}
	if err := WriteFile(filepath.Join(target, "missing", "\x00bad"), nil, 0o600); err == nil {
		t.Fatal("an invalid path was written")
	}
}
