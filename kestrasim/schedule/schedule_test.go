package schedule

import (
	"testing"
	"time"
)

func mustParse(t *testing.T, expr string, sec bool, tz string) *Schedule {
	t.Helper()
	s, err := Parse(expr, sec, tz)
	if err != nil {
		t.Fatalf("Parse(%q, %s): %v", expr, tz, err)
	}
	return s
}

// dates returns n successive dates after from, formatted in the zone.
func dates(s *Schedule, from time.Time, n int) []string {
	var out []string
	d := from
	for range n {
		d = s.Next(d)
		out = append(out, d.Format(time.RFC3339))
	}
	return out
}

func TestNextAcrossDST(t *testing.T) {
	cases := []struct {
		name, expr, tz, from string
		want                 []string
	}{
		{
			name: "daily midnight keeps local time through spring forward (Paris)",
			expr: "0 0 * * *", tz: "Europe/Paris", from: "2025-03-29T12:00:00Z",
			want: []string{"2025-03-30T00:00:00+01:00", "2025-03-31T00:00:00+02:00", "2025-04-01T00:00:00+02:00"},
		},
		{
			name: "daily midnight keeps local time through fall back (Paris)",
			expr: "@daily", tz: "Europe/Paris", from: "2025-10-25T12:00:00Z",
			want: []string{"2025-10-26T00:00:00+02:00", "2025-10-27T00:00:00+01:00"},
		},
		{
			name: "a time inside the spring-forward gap runs later by the gap",
			expr: "30 2 * * *", tz: "America/New_York", from: "2025-03-08T12:00:00Z",
			want: []string{"2025-03-09T03:30:00-04:00", "2025-03-10T02:30:00-04:00"},
		},
		{
			name: "a repeated wall time runs once, at its first occurrence",
			expr: "30 1 * * *", tz: "America/New_York", from: "2025-11-01T12:00:00Z",
			want: []string{"2025-11-02T01:30:00-04:00", "2025-11-03T01:30:00-05:00"},
		},
		{
			name: "a wildcard-hour schedule runs in both passes of the repeated hour",
			expr: "30 * * * *", tz: "America/New_York", from: "2025-11-02T04:45:00Z",
			want: []string{"2025-11-02T01:30:00-04:00", "2025-11-02T01:30:00-05:00", "2025-11-02T02:30:00-05:00"},
		},
		{
			name: "Sunday as 7, in UTC by default",
			expr: "0 9 * * 7", tz: "", from: "2025-01-01T00:00:00Z",
			want: []string{"2025-01-05T09:00:00Z", "2025-01-12T09:00:00Z"},
		},
		{
			name: "weekdays 5-7 range",
			expr: "0 0 * * 5-7", tz: "UTC", from: "2025-01-01T00:00:00Z",
			want: []string{"2025-01-03T00:00:00Z", "2025-01-04T00:00:00Z", "2025-01-05T00:00:00Z", "2025-01-10T00:00:00Z"},
		},
		{
			name: "seconds precision",
			expr: "*/20 * * * * *", tz: "UTC", from: "2025-01-01T00:00:05Z",
			want: []string{"2025-01-01T00:00:20Z", "2025-01-01T00:00:40Z", "2025-01-01T00:01:00Z"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			from, _ := time.Parse(time.RFC3339, c.from)
			s := mustParse(t, c.expr, len(c.want) > 0 && c.expr == "*/20 * * * * *", c.tz)
			got := dates(s, from, len(c.want))
			for i := range c.want {
				if got[i] != c.want[i] {
					t.Fatalf("dates %v, want %v", got, c.want)
				}
			}
		})
	}
}

func TestPreviousAndNextOrSame(t *testing.T) {
	s := mustParse(t, "0 6 * * *", false, "Europe/Paris")
	at, _ := time.Parse(time.RFC3339, "2025-06-10T06:00:00+02:00")
	if got := s.NextOrSame(at); !got.Equal(at) {
		t.Errorf("NextOrSame = %s", got)
	}
	if got := s.Previous(at).Format(time.RFC3339); got != "2025-06-09T06:00:00+02:00" {
		t.Errorf("Previous = %s", got)
	}
	yearly := mustParse(t, "@yearly", false, "")
	if got := yearly.Previous(at).Format(time.RFC3339); got != "2025-01-01T00:00:00Z" {
		t.Errorf("yearly Previous = %s", got)
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		expr string
		sec  bool
		tz   string
	}{
		{"* * * *", false, ""}, {"61 * * * *", false, ""}, {"@every 1h", false, ""}, {"TZ=UTC * * * * *", false, ""},
		{"* * * * *", true, ""}, {"* * * * *", false, "Mars/Olympus"}, {"0 0 * * 8", false, ""}, {"", false, ""},
	} {
		if _, err := Parse(c.expr, c.sec, c.tz); err == nil {
			t.Errorf("Parse(%q, %v, %q) accepted", c.expr, c.sec, c.tz)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"0 0 * * *", "@daily", "*/5 1-7 * JAN-MAR 1-7", "0 0 * * 7/2"} {
		f.Add(s)
	}
	from := time.Date(2025, 3, 9, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, expr string) {
		s, err := Parse(expr, false, "America/New_York")
		if err != nil {
			return
		}
		prev := from
		for range 5 {
			n := s.Next(prev)
			if n.IsZero() {
				return
			}
			if !n.After(prev) {
				t.Fatalf("%q: Next(%s) = %s is not after", expr, prev, n)
			}
			prev = n
		}
	})
}
