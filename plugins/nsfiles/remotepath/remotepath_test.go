package remotepath

import (
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"", "/", ""},
		{"/", "/", ""},
		{".", "/", ""},
		{"./", "/", ""},
		{"  a/b.txt ", "/a/b.txt", ""},
		{"/a/b/", "/a/b", ""},
		{"./o", "/o", ""},
		{"resources", "/resources", ""},
		{"a b/ü.txt", "/a b/ü.txt", ""},
		{"a/../b", "", `".." segments are not allowed`},
		{"..", "", `".." segments are not allowed`},
		{"/../etc", "", `".." segments are not allowed`},
		{"a/./b", "", `"." segments are not allowed`},
		{"a//b", "", "empty segment"},
		{"//a", "", "empty segment"},
		{`a\b`, "", `not \`},
		{"a\nb", "", "control character"},
		{"a\x00b", "", "control character"},
		{"0 /  ", "", "starts or ends with white space"},
		{"a/ b/c", "", "starts or ends with white space"},
	} {
		got, err := Clean(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Clean(%q) = %q, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Clean(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestFromLocal: local names are taken as they are: a name with white
// space around it is refused, never trimmed onto another file's name.
func TestFromLocal(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"a/b.txt", "/a/b.txt", ""},
		{"a b/c d.txt", "/a b/c d.txt", ""},
		{"x ", "", `the name "x " starts or ends with white space`},
		{" x", "", `the name " x" starts or ends with white space`},
		{"d/x\u00a0", "", "starts or ends with white space"},
		{"d /x", "", `the name "d " starts or ends with white space`},
		{"a/../b", "", `".." segments are not allowed`},
		{"a\tb", "", "control character"},
	} {
		got, err := FromLocal(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("FromLocal(%q) = %q, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("FromLocal(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestHelpers(t *testing.T) {
	if Join("/", "a/b") != "/a/b" || Join("/x", "a") != "/x/a" {
		t.Error("Join")
	}
	if Base("/a/b.txt") != "b.txt" || Base("/") != "" {
		t.Error("Base")
	}
	if Dir("/a/b.txt") != "/a" || Dir("/a") != "/" || Dir("/") != "/" {
		t.Error("Dir")
	}
	if Display("/a/b") != "a/b" || Display("/") != "/" {
		t.Error("Display")
	}
	for in, want := range map[string]bool{"": true, ".": true, "a/": true, "/": true, "a": false, "/a": false} {
		if IsDirHint(in) != want {
			t.Errorf("IsDirHint(%q) != %v", in, want)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "/", "a/b", "../x", "a//b", "./a", "a/./b", "\x00", `a\b`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := Clean(in)
		if err != nil {
			return
		}
		if !strings.HasPrefix(p, "/") {
			t.Fatalf("Clean(%q) = %q: not absolute", in, p)
		}
		if p != Root {
			for _, seg := range strings.Split(p[1:], "/") {
				if seg == "" || seg == "." || seg == ".." {
					t.Fatalf("Clean(%q) = %q: bad segment %q", in, p, seg)
				}
			}
		}
		if again, err := Clean(p); err != nil || again != p {
			t.Fatalf("Clean is not idempotent: %q -> %q -> %q, %v", in, p, again, err)
		}
		if p != Root && Join(Dir(p), Base(p)) != p {
			t.Fatalf("Dir/Base/Join do not round-trip %q", p)
		}
	})
}
