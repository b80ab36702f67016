package triggers

import "testing"

func TestBackfillProgress(t *testing.T) {
	bf := func(start, end, current string, paused bool) map[string]any {
		b := map[string]any{"start": start, "currentDate": current, "paused": paused}
		if end != "" {
			b["end"] = end
		}
		return map[string]any{"backfill": b}
	}
	for _, tc := range []struct {
		state map[string]any
		want  string
	}{
		{map[string]any{}, ""},
		{bf("2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z", "2026-03-01T00:00:00Z", false), "0%"},
		{bf("2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z", "2026-03-05T00:00:00Z", true), "40% paused"},
		{bf("2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z", "2026-04-01T00:00:00Z", false), "100%"},
		{bf("2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z", false), "100%"},
		{bf("2026-03-01T00:00:00Z", "", "2026-02-01T00:00:00Z", false), "0%"},
		{bf("garbage", "2026-03-11T00:00:00Z", "2026-03-05T00:00:00Z", false), "0%"},
	} {
		if got := backfillProgress(tc.state); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.state, got, tc.want)
		}
	}
}
