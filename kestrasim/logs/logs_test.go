package logs

import (
	"net/url"
	"testing"
	"time"
)

func TestJavaInstant(t *testing.T) {
	base := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	for ns, want := range map[int]string{
		0:           "2024-05-01T10:00:00Z",
		120_000_000: "2024-05-01T10:00:00.120Z",
		123_456_000: "2024-05-01T10:00:00.123456Z",
		123_456_789: "2024-05-01T10:00:00.123456789Z",
	} {
		if got := JavaInstant(base.Add(time.Duration(ns))); got != want {
			t.Errorf("%d: %s, want %s", ns, got, want)
		}
	}
}

func entry(exec, task, level string, attempt int) Entry {
	return Entry{TenantID: "main", Namespace: "ns", FlowID: "f", ExecutionID: exec, TaskID: task, TaskRunID: task + "-run",
		AttemptNumber: Attempt(attempt), Level: level, Message: task + " " + level, Timestamp: time.Now()}
}

func TestSelection(t *testing.T) {
	cases := []struct {
		query string
		keep  []bool // for the entries below
	}{
		{"", []bool{true, true, true}},
		{"minLevel=WARN", []bool{false, true, true}},
		{"filters[level][EQUALS]=ERROR", []bool{false, false, true}},
		{"taskId=a", []bool{true, true, false}},
		{"taskRunId=b-run&attempt=1", []bool{false, false, true}},
		{"filters[attemptNumber][EQUALS]=0", []bool{true, true, false}},
	}
	es := []Entry{entry("e", "a", "INFO", 0), entry("e", "a", "WARN", 0), entry("e", "b", "ERROR", 1)}
	for _, c := range cases {
		q, _ := url.ParseQuery(c.query)
		sel, err := ParseSelection(q, true)
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		for i, e := range es {
			if sel.Keep(e) != c.keep[i] {
				t.Errorf("%s: entry %d kept=%v", c.query, i, !c.keep[i])
			}
		}
	}
	for _, bad := range []string{"minLevel=LOUD", "attempt=x", "filters[state][EQUALS]=X"} {
		q, _ := url.ParseQuery(bad)
		if _, err := ParseSelection(q, true); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestStoreSinceAndDelete(t *testing.T) {
	s := NewStore()
	s.Append(entry("e", "a", "INFO", 0))
	s.Append(entry("e", "b", "INFO", 0))
	s.Append(entry("other", "a", "INFO", 0))
	s.Append(Entry{TenantID: "main", Namespace: "ns", FlowID: "f", TriggerID: "sched", Level: "INFO", Message: "trigger"})
	lines, next, ch := s.Since("main", "e", 0)
	if len(lines) != 2 {
		t.Fatalf("since 0: %d lines", len(lines))
	}
	if more, _, _ := s.Since("main", "e", next); len(more) != 0 {
		t.Fatalf("since next: %d", len(more))
	}
	s.Append(entry("e", "c", "INFO", 0))
	select {
	case <-ch:
	default:
		t.Fatal("no change signalled")
	}
	if more, _, _ := s.Since("main", "e", next); len(more) != 1 || more[0].TaskID != "c" {
		t.Fatalf("new line %v", more)
	}
	if n := s.Delete("main", "e", func(e Entry) bool { return e.TaskID == "a" }); n != 1 {
		t.Errorf("deleted %d", n)
	}
	if all := s.All("main", nil); len(all) != 4 {
		t.Errorf("all %d", len(all))
	}
	if n := s.DeleteFlow("main", "ns", "f", "sched"); n != 1 {
		t.Errorf("trigger deletion removed %d", n)
	}
	if n := s.DeleteFlow("main", "ns", "f", ""); n != 3 {
		t.Errorf("flow deletion removed %d", n)
	}
	if all := s.All("other-tenant", nil); len(all) != 0 {
		t.Errorf("tenants share lines")
	}
}
