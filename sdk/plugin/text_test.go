package plugin

import (
	"strings"
	"testing"
	"time"
)

func TestSanitizeText(t *testing.T) {
	tests := map[string]string{
		"plain line":                    "plain line",
		"two\nlines\tand tab":           "two\nlines\tand tab",
		"\x1b]0;pwned\x07title":         "title",
		"\x1b[2Jcleared":                "cleared",
		"\x1b[31mred\x1b[0m":            "red",
		"bell\x07 and \x00nul":          "bell and nul",
		"osc with st \x1b]8;;x\x1b\\ok": "osc with st ok",
		"csi8 \u009b31mx":               "csi8 x",
		"trailing esc \x1b":             "trailing esc ",
		"日本語 ✓":                         "日本語 ✓",
	}
	for in, want := range tests {
		if got := SanitizeText(in); got != want {
			t.Errorf("SanitizeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTimes(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	if got := Age("2026-12-04T11:57:00Z", now); got != "3 minutes ago" {
		t.Errorf("age %q", got)
	}
	if got := LocalTime("not a time"); got != "not a time" {
		t.Errorf("local %q", got)
	}
	if got := LocalTime("2026-12-04T11:57:00Z"); got != time.Date(2026, 12, 4, 11, 57, 0, 0, time.UTC).Local().Format(TimeLayout) {
		t.Errorf("local %q", got)
	}
}

func FuzzSanitizeText(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "\x1b]0;x\x07", "\u009b1m", "ok\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := SanitizeText(s)
		for _, r := range out {
			if r == 0x1b || r == 0x07 || r == 0x9b {
				t.Fatalf("control %U left in %q", r, out)
			}
		}
		if SanitizeText(out) != out {
			t.Fatalf("not idempotent: %q", out)
		}
	})
}

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
