package logs

import (
	"encoding/json"
	"testing"
	"time"
)

func TestFollowEventOmitsANullAttempt(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, c := range []struct {
		attempt *int
		want    map[string]any
	}{
		{nil, map[string]any{"namespace": "ns", "flowId": "f", "timestamp": "2025-01-02T03:04:05Z", "level": "INFO", "message": "m"}},
		{Attempt(2), map[string]any{"namespace": "ns", "flowId": "f", "timestamp": "2025-01-02T03:04:05Z", "level": "INFO", "message": "m", "attemptNumber": 2.0}},
	} {
		e := Entry{Namespace: "ns", FlowID: "f", Timestamp: at, Level: "INFO", Message: "m", AttemptNumber: c.attempt}
		data, err := json.Marshal(e.follow())
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(c.want) {
			t.Errorf("%s, want %v", data, c.want)
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%s: %s = %v, want %v", data, k, got[k], v)
			}
		}
	}
}
