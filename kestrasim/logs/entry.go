// Package logs stores the log lines of executions (and of triggers) per
// tenant and serves the logs API: list, search, download, follow and delete.
// Lines are kept in memory; every line carries the task run and attempt it
// came from, so that the filters Kestra offers (minimum level, task, task
// run, attempt) select exactly what a worker would have written.
package logs

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Levels in Kestra's order (SLF4J levels).
var Levels = []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR"}

// LevelRank orders a level (TRACE 0 ... ERROR 4); ok is false for an unknown
// level.
func LevelRank(level string) (int, bool) {
	i := slices.Index(Levels, level)
	return i, i >= 0
}

// Entry is Kestra's LogEntry. Null fields are omitted as Kestra's serializer
// does, except attemptNumber, which Kestra always writes (@JsonInclude).
type Entry struct {
	TenantID      string    `json:"tenantId,omitempty"`
	Namespace     string    `json:"namespace"`
	FlowID        string    `json:"flowId"`
	TaskID        string    `json:"taskId,omitempty"`
	ExecutionID   string    `json:"executionId,omitempty"`
	TaskRunID     string    `json:"taskRunId,omitempty"`
	AttemptNumber *int      `json:"attemptNumber"`
	TriggerID     string    `json:"triggerId,omitempty"`
	Timestamp     time.Time `json:"timestamp"`
	Level         string    `json:"level"`
	Thread        string    `json:"thread,omitempty"`
	Message       string    `json:"message"`
	ExecutionKind string    `json:"executionKind,omitempty"`

	seq uint64
}

// followEvent is an entry as a follow stream sends it (FollowLogEvent: the
// attempt number is omitted rather than null): its AttemptNumber hides the
// entry's.
type followEvent struct {
	Entry
	AttemptNumber *int `json:"attemptNumber,omitempty"`
}

func (e Entry) follow() followEvent {
	return followEvent{Entry: e, AttemptNumber: e.AttemptNumber}
}

// Pretty is the line of a log download: Kestra's LogEntry.toPrettyString,
// "<Instant> <LEVEL> <message>".
func (e Entry) Pretty() string {
	return JavaInstant(e.Timestamp) + " " + e.Level + " " + e.Message
}

// JavaInstant formats t as java.time.Instant.toString does: UTC, seconds
// always present, the fraction in groups of three digits and only when not
// zero.
func JavaInstant(t time.Time) string {
	t = t.UTC()
	base := t.Format("2006-01-02T15:04:05")
	ns := t.Nanosecond()
	switch {
	case ns == 0:
		return base + "Z"
	case ns%1_000_000 == 0:
		return fmt.Sprintf("%s.%03dZ", base, ns/1_000_000)
	case ns%1_000 == 0:
		return fmt.Sprintf("%s.%06dZ", base, ns/1_000)
	}
	return fmt.Sprintf("%s.%09dZ", base, ns)
}

// Attempt returns a pointer to n, for Entry.AttemptNumber.
func Attempt(n int) *int { return &n }

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
