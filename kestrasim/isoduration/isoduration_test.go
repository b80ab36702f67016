package isoduration

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	ok := map[string]time.Duration{
		"PT15M": 15 * time.Minute, "P7D": 7 * 24 * time.Hour, "PT1H": time.Hour, "PT1.5S": 1500 * time.Millisecond,
		"PT0S": 0, "P1DT2H3M4S": 26*time.Hour + 3*time.Minute + 4*time.Second, "-PT10S": -10 * time.Second,
		"pt1m": time.Minute, "PT0,5S": 500 * time.Millisecond,
	}
	for in, want := range ok {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "P", "PT", "15m", "P1M", "PT1M1H", "PT1.5M", "P1Y", "PTS", "PT1S1S", "P1W", "1H"} {
		if d, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %v, want an error", bad, d)
		}
	}
}

func TestFormat(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "PT0S", time.Second: "PT1S", 90 * time.Minute: "PT1H30M", 1234 * time.Millisecond: "PT1.234S", 48 * time.Hour: "PT48H",
	} {
		if got := Format(d); got != want {
			t.Errorf("Format(%v) = %q, want %q", d, got, want)
		}
		if back, err := Parse(Format(d)); err != nil || back != d {
			t.Errorf("round trip %v: %v %v", d, back, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"PT15M", "P7D", "-PT1.5S", "P1DT2H", "PT", "P1M"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		back, err := Parse(Format(d))
		if err != nil || back != d {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, d, Format(d), back, err)
		}
	})
}
