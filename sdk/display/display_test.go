package display

import (
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

func TestHumanBytes(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 B", 812: "812 B", 1023: "1023 B", 1024: "1.0 KiB", 100000: "97.7 KiB",
		1536 << 10: "1.5 MiB", 5 << 30: "5.0 GiB", 1<<63 - 1: "8.0 EiB",
	} {
		if got := HumanBytes(n); got != want {
			t.Errorf("HumanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
