// Package executions runs flows in a small deterministic state machine and
// serves the executions and logs API: create (with inputs, labels, wait),
// get, search, kill, follow (server-sent events), logs and log follow.
package executions

import (
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/isoduration"
)

// States of executions and task runs.
const (
	Created  = "CREATED"
	Running  = "RUNNING"
	Killing  = "KILLING"
	Success  = "SUCCESS"
	Warning  = "WARNING"
	Failed   = "FAILED"
	Killed   = "KILLED"
	Skipped  = "SKIPPED"
	statusOK = Success
)

// Terminal reports whether a state is final.
func Terminal(s string) bool {
	switch s {
	case Success, Warning, Failed, Killed, "CANCELLED", Skipped:
		return true
	}
	return false
}

type history struct {
	State string    `json:"state"`
	Date  time.Time `json:"date"`
}

// state is Kestra's State: current, histories and derived dates.
type state struct {
	histories []history
}

func newState(now time.Time) state {
	return state{histories: []history{{State: Created, Date: now}}}
}

func (s *state) current() string { return s.histories[len(s.histories)-1].State }

func (s *state) set(st string, now time.Time) {
	if s.current() != st {
		s.histories = append(s.histories, history{State: st, Date: now})
	}
}

type stateJSON struct {
	Current   string     `json:"current"`
	Histories []history  `json:"histories"`
	StartDate time.Time  `json:"startDate"`
	EndDate   *time.Time `json:"endDate,omitempty"`
	Duration  string     `json:"duration"`
}

func (s *state) json(now time.Time) stateJSON {
	start := s.histories[0].Date
	out := stateJSON{Current: s.current(), Histories: append([]history(nil), s.histories...), StartDate: start}
	end := now
	if Terminal(s.current()) {
		e := s.histories[len(s.histories)-1].Date
		out.EndDate, end = &e, e
	}
	out.Duration = isoduration.Format(end.Sub(start))
	return out
}

// taskRun is the run of one task.
type taskRun struct {
	ID      string
	TaskID  string
	State   state
	Outputs map[string]any
}

type attemptJSON struct {
	State stateJSON `json:"state"`
}

type taskRunJSON struct {
	ID          string         `json:"id"`
	ExecutionID string         `json:"executionId"`
	Namespace   string         `json:"namespace"`
	FlowID      string         `json:"flowId"`
	TaskID      string         `json:"taskId"`
	State       stateJSON      `json:"state"`
	Attempts    []attemptJSON  `json:"attempts"`
	Outputs     map[string]any `json:"outputs,omitempty"`
}

type metadataJSON struct {
	AttemptNumber       int       `json:"attemptNumber"`
	OriginalCreatedDate time.Time `json:"originalCreatedDate"`
}

// executionJSON is the Execution / ApiExecution / ExecutionResponse shape.
type executionJSON struct {
	TenantID     string         `json:"tenantId"`
	ID           string         `json:"id"`
	Namespace    string         `json:"namespace"`
	FlowID       string         `json:"flowId"`
	FlowRevision int            `json:"flowRevision"`
	TaskRunList  []taskRunJSON  `json:"taskRunList,omitempty"`
	Inputs       map[string]any `json:"inputs"`
	Outputs      map[string]any `json:"outputs,omitempty"`
	Labels       []flows.Label  `json:"labels"`
	State        stateJSON      `json:"state"`
	OriginalID   string         `json:"originalId"`
	Deleted      bool           `json:"deleted"`
	Metadata     metadataJSON   `json:"metadata"`
	ScheduleDate *time.Time     `json:"scheduleDate,omitempty"`
	Trigger      *TriggerInfo   `json:"trigger,omitempty"`
	Kind         string         `json:"kind,omitempty"`
	URL          string         `json:"url,omitempty"`
}

// lightJSON is ApiLightExecution, the search result shape.
type lightJSON struct {
	TenantID     string         `json:"tenantId"`
	ID           string         `json:"id"`
	Namespace    string         `json:"namespace"`
	FlowID       string         `json:"flowId"`
	FlowRevision int            `json:"flowRevision"`
	Inputs       map[string]any `json:"inputs"`
	Outputs      map[string]any `json:"outputs,omitempty"`
	Labels       []flows.Label  `json:"labels"`
	State        stateJSON      `json:"state"`
	OriginalID   string         `json:"originalId"`
	ScheduleDate *time.Time     `json:"scheduleDate,omitempty"`
	Kind         string         `json:"kind,omitempty"`
}

// LogEntry is one log line of an execution.
type LogEntry struct {
	TenantID      string    `json:"tenantId"`
	Namespace     string    `json:"namespace"`
	FlowID        string    `json:"flowId"`
	TaskID        string    `json:"taskId,omitempty"`
	ExecutionID   string    `json:"executionId"`
	TaskRunID     string    `json:"taskRunId,omitempty"`
	AttemptNumber int       `json:"attemptNumber"`
	Timestamp     time.Time `json:"timestamp"`
	Level         string    `json:"level"`
	Thread        string    `json:"thread"`
	Message       string    `json:"message"`
}

var levels = map[string]int{"TRACE": 0, "DEBUG": 1, "INFO": 2, "WARN": 3, "ERROR": 4}
