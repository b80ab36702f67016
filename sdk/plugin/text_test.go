package plugin

import (
	"strings"
	"testing"
)

func TestBytes(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{
		{0, "0 B"}, {1023, "1023 B"}, {1024, "1 KiB"}, {1536, "1.5 KiB"}, {300000, "293 KiB"}, {1000000, "976.6 KiB"},
		{200 << 20, "200 MiB"}, {3 << 30, "3 GiB"}, {1<<63 - 1, "8 EiB"},
	} {
		if got := Bytes(tc.in); got != tc.want {
			t.Errorf("Bytes(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLooksBinary(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"", false},
		{"hello, world\n", false},
		{"déjà vu — ✓ 日本語", false},
		{"a\x00b", true},
		{"\xff\xfe\x00", true},
		{"caf\xe9 latin-1 text", true},
		// a sample cut inside a multi-byte character is still text
		{"text ending in \xe6\x97", false},
		{"text ending in \xe6", false},
		// but not a complete invalid sequence at the end
		{"text ending in \xff", true},
		{strings.Repeat("x", 100) + "\x89PNG", true},
	} {
		if got := LooksBinary([]byte(tc.in)); got != tc.want {
			t.Errorf("LooksBinary(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestClosest(t *testing.T) {
	ops := []string{"searchFlows", "searchExecutions", "getFlow", "createFlow"}
	for _, tc := range []struct {
		word string
		max  int
		want string
	}{
		{"serchFlows", 3, "searchFlows"},
		{"SEARCHFLOWS", 0, "searchFlows"},
		{"getflw", 1, "getFlow"},
		{"getflw", 0, ""},
		{"deleteEverything", 5, ""},
		{strings.Repeat("x", 300), 1000, ""},
		{"", 0, ""},
	} {
		if got := Closest(tc.word, ops, tc.max); got != tc.want {
			t.Errorf("Closest(%q, %d) = %q, want %q", tc.word, tc.max, got, tc.want)
		}
	}
}
