package executions

import (
	"slices"
	"time"

	"github.com/kestractl/kestractl/kestrasim/isoduration"
)

// States of executions, task runs and attempts (Kestra's State.Type).
const (
	Created     = "CREATED"
	Queued      = "QUEUED"
	Running     = "RUNNING"
	Paused      = "PAUSED"
	Restarted   = "RESTARTED"
	Killing     = "KILLING"
	Success     = "SUCCESS"
	Warning     = "WARNING"
	Failed      = "FAILED"
	Killed      = "KILLED"
	Cancelled   = "CANCELLED"
	Retrying    = "RETRYING"
	Retried     = "RETRIED"
	Skipped     = "SKIPPED"
	Submitted   = "SUBMITTED"
	Breakpoint  = "BREAKPOINT"
	Resubmitted = "RESUBMITTED"
)

// AllStates is State.Type of the 2.0 document, in its order.
var AllStates = []string{
	Created, Submitted, Running, Paused, Restarted, Killing, Success, Warning, Failed, Killed,
	Cancelled, Queued, Retrying, Retried, Skipped, Breakpoint, Resubmitted,
}

// Terminal reports whether a state is final (State.Type.isTerminated).
func Terminal(s string) bool {
	switch s {
	case Success, Warning, Failed, Killed, Cancelled, Skipped, Retried:
		return true
	}
	return false
}

// canBeRestarted is State.canBeRestarted: a terminated execution that was
// not killed (kestra-io/kestra#14374), or a paused one.
func canBeRestarted(s string) bool {
	return (Terminal(s) && s != Killed) || s == Paused
}

// canChangeStatus is State.canChangeStatus: terminated and not killed
// (kestra-io/kestra#14374, #14469).
func canChangeStatus(s string) bool { return Terminal(s) && s != Killed }

// executionTransitions are the state changes an execution may make. Every
// change goes through state.to, which refuses the others: the operations
// check Kestra's preconditions first (with Kestra's messages), so a refusal
// here is a simulator bug, never a user error.
//
//   - CREATED waits for its schedule date and the flow's concurrency limit:
//     it runs, is queued, or is cancelled/failed by the limit's behavior.
//   - QUEUED leaves the queue when a slot frees or on unqueue/force-run
//     (RUNNING, CANCELLED or FAILED: ConcurrencyLimitService.unqueue).
//   - RUNNING ends, or pauses (a Pause task or the pause action).
//   - PAUSED resumes: to RUNNING (pause action, no paused task run) or to
//     RESTARTED (a paused task run resumed: ExecutionService.markAs).
//   - any live state can be killed: KILLING, then KILLED.
//   - a terminated execution is RESTARTED (restart, task run state change)
//     or changes to another terminal state (change-status), unless KILLED.
var executionTransitions = map[string][]string{
	Created:   {Queued, Running, Cancelled, Failed, Killing},
	Queued:    {Running, Cancelled, Failed, Killing},
	Running:   {Paused, Killing, Success, Warning, Failed, Cancelled},
	Paused:    {Running, Restarted, Killing, Cancelled},
	Restarted: {Running, Killing},
	Killing:   {Killed},
	Success:   {Restarted, Warning, Failed, Cancelled, Killed, Skipped, Retried},
	Warning:   {Restarted, Success, Failed, Cancelled, Killed, Skipped, Retried},
	Failed:    {Restarted, Success, Warning, Cancelled, Killed, Skipped, Retried},
	Cancelled: {Restarted, Success, Warning, Failed, Killed, Skipped, Retried},
	Skipped:   {Restarted, Success, Warning, Failed, Cancelled, Killed, Retried},
	Retried:   {Restarted, Success, Warning, Failed, Cancelled, Killed, Skipped},
	Killed:    {},
}

// taskRunTransitions are the state changes of a task run: it runs (a new
// attempt each time), pauses (Pause), retries (a task retry policy), ends;
// a restart or a replay sets it RESTARTED; the task run state action sets an
// ended one to any state.
var taskRunTransitions = map[string][]string{
	Created:   {Running, Paused, Skipped, Killed},
	Running:   {Success, Warning, Failed, Killed, Paused, Retrying, Cancelled},
	Paused:    {Running, Success, Warning, Failed, Killed, Cancelled, Restarted},
	Retrying:  {Running, Killed},
	Restarted: {Running, Paused, Killed},
	Success:   {Restarted, Warning, Failed, Cancelled, Killed, Skipped, Running},
	Warning:   {Restarted, Success, Failed, Cancelled, Killed, Skipped, Running},
	Failed:    {Restarted, Success, Warning, Cancelled, Killed, Skipped, Running},
	Cancelled: {Restarted, Success, Warning, Failed, Killed, Skipped, Running},
	Skipped:   {Restarted, Success, Warning, Failed, Cancelled, Killed, Running},
	Killed:    {Restarted, Success, Warning, Failed, Cancelled, Skipped, Running},
}

// attemptTransitions: an attempt runs once; a retried one ends RETRIED.
var attemptTransitions = map[string][]string{
	Created: {Running, Killed},
	Running: {Success, Warning, Failed, Killed, Paused, Retried, Cancelled},
	Paused:  {Success, Warning, Failed, Killed, Cancelled},
	Success: {Warning, Failed, Cancelled, Killed, Skipped},
	Warning: {Success, Failed, Cancelled, Killed, Skipped},
	Failed:  {Success, Warning, Cancelled, Killed, Skipped},
	Killed:  {Success, Warning, Failed, Cancelled, Skipped},
}

// legal reports whether table allows from -> to.
func legal(table map[string][]string, from, to string) bool {
	return slices.Contains(table[from], to)
}

type history struct {
	State string    `json:"state"`
	Date  time.Time `json:"date"`
}

// state is Kestra's State: the current state and its histories.
type state struct {
	histories []history
}

func newState(s string, now time.Time) state {
	return state{histories: []history{{State: s, Date: now}}}
}

func (s *state) current() string { return s.histories[len(s.histories)-1].State }

// to moves to next when table allows it and reports whether it did; moving
// to the current state is a no-op (State.withState logs "already" and keeps
// the state).
func (s *state) to(table map[string][]string, next string, now time.Time) bool {
	cur := s.current()
	if cur == next {
		return true
	}
	if !legal(table, cur, next) {
		return false
	}
	s.histories = append(s.histories, history{State: next, Date: now})
	return true
}

func (s state) clone() state {
	return state{histories: slices.Clone(s.histories)}
}

type stateJSON struct {
	Current   string     `json:"current"`
	Histories []history  `json:"histories"`
	StartDate time.Time  `json:"startDate"`
	EndDate   *time.Time `json:"endDate,omitempty"`
	Duration  string     `json:"duration"`
}

// json renders the state: the end date is the last change of a terminated
// or paused state (State.getEndDate), the duration runs to it, or to now.
func (s *state) json(now time.Time) stateJSON {
	start := s.histories[0].Date
	out := stateJSON{Current: s.current(), Histories: slices.Clone(s.histories), StartDate: start}
	end := now
	if cur := s.current(); Terminal(cur) || cur == Paused {
		e := s.histories[len(s.histories)-1].Date
		out.EndDate, end = &e, e
	}
	out.Duration = isoduration.Format(end.Sub(start))
	return out
}
