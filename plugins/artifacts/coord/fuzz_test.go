package coord

import (
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that whatever Parse accepts is safe to use as a file name
// and a repository path: one local path element, no traversal.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"io.kestra.plugin:plugin-kafka:1.6.0", "a:b", "a:..:1", "a:b/../c:1", "a:b:latest", "::", "a.:b:1"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, unversioned bool) {
		c, err := Parse(s, unversioned)
		if err != nil {
			return
		}
		if c.String() != s {
			t.Fatalf("String() = %q, want %q", c.String(), s)
		}
		if c.Version == "" {
			c.Version = "1.0.0"
		}
		name := c.FileName()
		if !filepath.IsLocal(name) || strings.ContainsAny(name, `/\`) || name != filepath.Base(name) || strings.HasPrefix(name, ".") {
			t.Fatalf("unsafe file name %q from %q", name, s)
		}
		for _, seg := range strings.Split(c.MavenPath(), "/") {
			if seg == "" || seg == "." || seg == ".." {
				t.Fatalf("unsafe repository path %q from %q", c.MavenPath(), s)
			}
		}
	})
}

// FuzzCompareVersions checks that the order is antisymmetric and reflexive.
func FuzzCompareVersions(f *testing.F) {
	f.Add("1.0.0", "1.0.0-SNAPSHOT")
	f.Add("1_6_0", "1.6")
	f.Add("rc1", "a-b.c")
	f.Fuzz(func(t *testing.T, a, b string) {
		if CompareVersions(a, a) != 0 {
			t.Fatalf("CompareVersions(%q, %q) != 0", a, a)
		}
		if x, y := CompareVersions(a, b), CompareVersions(b, a); x != -y {
			t.Fatalf("not antisymmetric: %q vs %q: %d, %d", a, b, x, y)
		}
	})
}
