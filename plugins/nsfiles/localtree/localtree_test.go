package localtree

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func rels(t *Tree) (ok []string, bad map[string]string) {
	bad = map[string]string{}
	for _, f := range t.Files {
		if f.Problem != "" {
			bad[f.Rel] = f.Problem
			continue
		}
		ok = append(ok, f.Rel)
	}
	return ok, bad
}

func TestScan(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write(t, outside, "secret.txt", "secret")
	write(t, dir, "a.txt", "a")
	write(t, dir, "b/c.yml", "cc")
	write(t, dir, "b/d/e.py", "eee")
	write(t, dir, ".hidden", "h")
	write(t, dir, ".git/config", "g")
	write(t, dir, "b/.env", "x")
	write(t, dir, "build/out.bin", "o")
	write(t, dir, "logs/app.log", "l")
	write(t, dir, "logs/keep.log", "k")
	write(t, dir, "tmp.log", "t")
	write(t, dir, "deep/x/y/cache/z", "z")
	write(t, dir, IgnoreFile, "# comment\n\nbuild/\n*.log\n!logs/keep.log\n**/cache/\n")
	must(t, os.Symlink("a.txt", filepath.Join(dir, "link-in.txt")))
	must(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "link-out.txt")))
	must(t, os.Symlink("../../"+filepath.Base(outside)+"/secret.txt", filepath.Join(dir, "b", "rel-out.txt")))
	must(t, os.Symlink("b", filepath.Join(dir, "link-dir")))
	must(t, os.Symlink("missing", filepath.Join(dir, "dangling")))
	must(t, syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644))

	tree, err := Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	ok, bad := rels(tree)
	want := []string{"a.txt", "b/c.yml", "b/d/e.py", "link-in.txt", "logs/keep.log"}
	if strings.Join(ok, " ") != strings.Join(want, " ") {
		t.Errorf("files = %v, want %v", ok, want)
	}
	for _, rel := range []string{"link-out.txt", "b/rel-out.txt"} {
		if !strings.Contains(bad[rel], "leaves the source directory") {
			t.Errorf("%s: problem %q", rel, bad[rel])
		}
	}
	if !strings.Contains(bad["dangling"], "broken symbolic link") {
		t.Errorf("dangling: %q", bad["dangling"])
	}
	if len(bad) != 3 {
		t.Errorf("problems = %v", bad)
	}
	for _, f := range tree.Files {
		if f.Rel == "b/d/e.py" && f.Size != 3 {
			t.Errorf("size of e.py = %d", f.Size)
		}
	}
	// Files open through the root; nothing outside it does.
	f, err := tree.Open("link-in.txt")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	f.Close()
	if string(b) != "a" {
		t.Errorf("link-in.txt = %q", b)
	}
	if _, err := tree.Open("link-out.txt"); err == nil {
		t.Error("opened a file outside the tree")
	}
}

func TestScanUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	dir := t.TempDir()
	write(t, dir, "locked.txt", "x")
	must(t, os.Chmod(filepath.Join(dir, "locked.txt"), 0))
	tree, err := Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	if _, bad := rels(tree); !strings.Contains(bad["locked.txt"], "permission denied") {
		t.Fatalf("problems = %v", bad)
	}
}

func TestIgnore(t *testing.T) {
	ign := ParseIgnore("*.tmp\n/top.txt\ndocs/\n!docs/keep.md\n\\#literal\na/**/b\n")
	for _, tc := range []struct {
		rel   string
		dir   bool
		match bool
	}{
		{"x.tmp", false, true},
		{"sub/x.tmp", false, true},
		{"top.txt", false, true},
		{"sub/top.txt", false, false},
		{"docs", true, true},
		{"docs", false, false},
		{"#literal", false, true},
		{"a/b", false, true},
		{"a/x/y/b", false, true},
		{"keep.txt", false, false},
	} {
		if got := ign.Match(tc.rel, tc.dir); got != tc.match {
			t.Errorf("Match(%q, dir=%v) = %v", tc.rel, tc.dir, got)
		}
	}
	if ParseIgnore("# only a comment\n\n") != nil {
		t.Error("empty ignore file compiled to a matcher")
	}
}

func FuzzParseIgnore(f *testing.F) {
	for _, s := range []string{"*.log\n!keep.log", "build/", "**/x/**", "[", "\\", "a/**/b\r\n#c"} {
		f.Add(s, "a/b/c.log")
	}
	f.Fuzz(func(t *testing.T, text, rel string) {
		ign := ParseIgnore(text)
		_ = ign.Match(rel, false)
		_ = ign.Match(rel, true)
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
