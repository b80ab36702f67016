//go:build unix

package outfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestTarget: a symbolic link resolves to the file it points to (kept as a
// link); anything but a regular file is refused, never replaced.
func TestTarget(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "real.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{"link": "real.txt", "dangling": "sub/new.txt", "tofifo": "fifo"}
	for name, dest := range links {
		if err := os.Symlink(dest, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ in, want, err string }{
		{file, file, ""},
		{filepath.Join(dir, "absent"), filepath.Join(dir, "absent"), ""},
		{filepath.Join(dir, "link"), file, ""},
		{filepath.Join(dir, "dangling"), filepath.Join(dir, "sub", "new.txt"), ""},
		{fifo, "", "is a named pipe (FIFO), not a regular file: refusing to replace it"},
		{filepath.Join(dir, "tofifo"), "", "is a named pipe (FIFO), not a regular file"},
		{"/dev/null", "", "/dev/null is a character device, not a regular file"},
		{dir, "", "is a directory: give a file name"},
	} {
		got, err := Target(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrNotRegular) {
				t.Errorf("Target(%s) = %q, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Target(%s) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestCreateInRefusesSpecialFiles: a temporary file is never renamed over
// a named pipe or a link inside the root.
func TestCreateInRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("elsewhere", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	root := openRoot(t, dir)
	for _, name := range []string{"fifo", "link"} {
		f, err := CreateIn(root, name)
		if err == nil {
			f.Abort()
			t.Fatalf("CreateIn(%s) accepted", name)
		}
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("CreateIn(%s): %v", name, err)
		}
	}
	if st, err := os.Lstat(filepath.Join(dir, "fifo")); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the fifo was replaced: %v %v", st.Mode(), err)
	}
	if e := entries(t, dir); len(e) != 2 {
		t.Fatalf("left behind: %v", e)
	}
}

// TestCommitKeepsMode: a replaced file keeps its permissions; a new one
// gets 0644 less the umask.
func TestCommitKeepsMode(t *testing.T) {
	dir := t.TempDir()
	for name, mode := range map[string]os.FileMode{"secret": 0o600, "script": 0o750, "locked": 0o400} {
		target := filepath.Join(dir, name)
		if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(target, mode); err != nil {
			t.Fatal(err)
		}
		if err := write(t, target, "new"); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(target)
		if err != nil || st.Mode().Perm() != mode {
			t.Errorf("%s: mode %v, want %v (%v)", name, st.Mode().Perm(), mode, err)
		}
	}
	umask := syscall.Umask(0)
	syscall.Umask(umask)
	if err := write(t, filepath.Join(dir, "new"), ""); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(filepath.Join(dir, "new")); st.Mode().Perm() != 0o644&^os.FileMode(umask) {
		t.Errorf("new file: mode %v", st.Mode().Perm())
	}
}
