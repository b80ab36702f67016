package nsfiles

import (
	"path"
	"strings"
	"testing"
)

func TestCleanPath(t *testing.T) {
	ok := map[string]string{"": "/", "/": "/", "a": "/a", "/a/b.txt": "/a/b.txt", "a/b/": "/a/b", "/.kestraignore": "/.kestraignore", "a b/c": "/a b/c"}
	for in, want := range ok {
		if got, err := CleanPath(in); err != nil || got != want {
			t.Errorf("CleanPath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"..", "/../x", "a/../../b", "a//b", "./a", "a/.", "a\\b", "a\x00b", "a\nb", "//"} {
		if got, err := CleanPath(bad); err == nil {
			t.Errorf("CleanPath(%q) = %q, want an error", bad, got)
		}
	}
}

func FuzzCleanPath(f *testing.F) {
	for _, s := range []string{"/a/b", "../x", "a//b", "/", "a/./b", "%2e%2e", "a/b/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		got, err := CleanPath(p)
		if err != nil {
			return
		}
		// the result is absolute, canonical and never escapes the root
		if !strings.HasPrefix(got, "/") || path.Clean(got) != got || strings.Contains(got, "/../") || strings.HasSuffix(got, "/..") {
			t.Fatalf("CleanPath(%q) = %q", p, got)
		}
		if again, err := CleanPath(got); err != nil || again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q %v", p, got, again, err)
		}
	})
}
