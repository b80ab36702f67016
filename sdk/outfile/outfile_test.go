package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func write(t *testing.T, path, content string) error {
	t.Helper()
	f, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write([]byte(content)); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

func TestCommitAbortAndMode(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out.bin")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Create(target)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write([]byte("new"))
	f.Abort()
	if b, _ := os.ReadFile(target); string(b) != "old" {
		t.Fatalf("after Abort: %q", b)
	}
	if err := write(t, target, "new content"); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(target)
	if b, _ := os.ReadFile(target); string(b) != "new content" || st.Mode().Perm() != 0o600 {
		t.Fatalf("after Commit: %q, mode %o (an existing file keeps its mode)", b, st.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
	if _, err := Create(dir); err == nil || !strings.Contains(err.Error(), "is a directory: give a file name") {
		t.Fatalf("a directory: %v", err)
	}
	if _, err := Create(filepath.Join(dir, "nope", "x")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("a missing directory: %v", err)
	}
}

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

func openRoot(t *testing.T, dir string) *os.Root {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root
}

// TestCreateIn: a file below a root, written atomically; a name leaving the
// root, or naming a directory, is refused; Reset starts over, ReadAt reads
// back.
func TestCreateIn(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	root := openRoot(t, dir)
	for _, name := range []string{"../x", "/etc/passwd", "", "..", "sub", "missing/x"} {
		if f, err := CreateIn(root, name); err == nil {
			f.Abort()
			t.Errorf("CreateIn(%q) accepted", name)
		}
	}
	f, err := CreateIn(root, filepath.Join("sub", "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write([]byte("first try"))
	if err := f.Reset(); err != nil || f.Written() != 0 {
		t.Fatalf("Reset: %v, %d written", err, f.Written())
	}
	_, _ = f.Write([]byte("content"))
	b := make([]byte, 4)
	if n, err := f.ReadAt(b, 3); err != nil || string(b[:n]) != "tent" {
		t.Fatalf("ReadAt: %q %v", b[:n], err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "sub", "out.txt")); string(got) != "content" || f.Path() != filepath.Join(dir, "sub", "out.txt") {
		t.Fatalf("%s holds %q", f.Path(), got)
	}
	if e := entries(t, filepath.Join(dir, "sub")); len(e) != 1 {
		t.Fatalf("left behind: %v", e)
	}
}

func TestSpecialFilesAndLinks(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	for _, p := range []string{fifo, "/dev/null"} {
		if err := write(t, p, "x"); !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: %v", p, err)
		}
	}
	if st, _ := os.Lstat(fifo); st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatal("the FIFO was replaced")
	}
	real := filepath.Join(dir, "real")
	if err := os.WriteFile(real, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink("real", link); err != nil {
		t.Fatal(err)
	}
	if err := write(t, link, "via link"); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Lstat(link); st.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced")
	}
	if b, _ := os.ReadFile(real); string(b) != "via link" {
		t.Fatalf("target: %q", b)
	}
}
