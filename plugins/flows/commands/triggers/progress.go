package triggers

import (
	"encoding/json"
	"fmt"
	"time"
)

// backfillProgress is how far a backfill went, for the tables: the share
// of its time range done ("40%", "40% paused"), "" without a backfill.
func backfillProgress(state map[string]any) string {
	bf, _ := state["backfill"].(map[string]any)
	if bf == nil {
		return ""
	}
	parse := func(key string) (time.Time, bool) {
		s, _ := bf[key].(string)
		t, err := time.Parse(time.RFC3339Nano, s)
		return t, err == nil
	}
	start, ok1 := parse("start")
	end, ok2 := parse("end")
	current, ok3 := parse("currentDate")
	pct := 0
	switch {
	case !ok1 || !ok3:
	case !ok2 || !end.After(start):
		if !current.Before(start) {
			pct = 100
		}
	default:
		pct = int(100 * current.Sub(start) / end.Sub(start))
	}
	pct = max(0, min(pct, 100))
	out := fmt.Sprintf("%d%%", pct)
	if paused, _ := bf["paused"].(bool); paused {
		out += " paused"
	}
	return out
}

// progressRow adds "backfillProgress" to a table row; state is the path
// to the trigger state in the item ("" when the item is the state).
func progressRow(state string) func(json.RawMessage) (json.RawMessage, error) {
	return func(item json.RawMessage) (json.RawMessage, error) {
		var m map[string]any
		if err := json.Unmarshal(item, &m); err != nil {
			return nil, fmt.Errorf("decode trigger: %w", err)
		}
		st := m
		if state != "" {
			st, _ = m[state].(map[string]any)
		}
		if p := backfillProgress(st); p != "" {
			m["backfillProgress"] = p
		}
		return json.Marshal(m)
	}
}
