package executions

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/logs"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// fakeFlows serves one flow.
type fakeFlows struct{ rev *flows.Revision }

func (f fakeFlows) Get(_, ns, id string, revision int, _ bool) (*flows.Revision, error) {
	if ns != f.rev.Def.Namespace || id != f.rev.Def.ID || (revision > 0 && revision != f.rev.Revision) {
		return nil, rest.NotFound("Flow '%s' not found in namespace '%s'", id, ns)
	}
	return f.rev, nil
}

const testFlow = `id: f
namespace: ns
tasks:
  - id: one
    type: io.kestra.plugin.core.log.Log
    message: one
  - id: two
    type: io.kestra.plugin.core.log.Log
    message: two
`

func testStore(t *testing.T) (*Store, *flows.Revision) {
	return storeWith(t, testFlow)
}

// storeWith returns a store whose only flow is src, at revision 1, stopped
// when the test ends.
func storeWith(t *testing.T, src string) (*Store, *flows.Revision) {
	t.Helper()
	def, vs := flows.Parse([]byte(src))
	if len(vs) > 0 {
		t.Fatal(vs)
	}
	rev := &flows.Revision{Tenant: "main", Def: def, Source: src, Revision: 1}
	ctx, cancel := context.WithCancel(context.Background())
	s := NewStore(Config{Context: ctx, Now: time.Now, Flows: fakeFlows{rev}, Logs: logs.NewStore(), Dir: t.TempDir()})
	t.Cleanup(func() { cancel(); s.Wait() })
	return s, rev
}

// fixture stores an execution that is in state st, with a task run of
// task one in taskRunState (none when empty), and no runner.
func fixture(s *Store, rev *flows.Revision, st, taskRunState string) *Execution {
	now := time.Now().UTC()
	e := &Execution{
		store: s, tenant: "main", id: ids.New(), namespace: "ns", flowID: "f", flowRevision: 1, def: rev.Def,
		state: state{histories: []history{{Created, now}}}, created: now, attempt: 1,
		files: map[string]*outputFile{}, changed: make(chan struct{}),
	}
	e.originalID = e.id
	if st != Created {
		e.state.histories = append(e.state.histories, history{st, now})
	}
	if taskRunState != "" {
		tr := &taskRun{id: ids.New(), taskID: "one", state: newState(Created, now)}
		tr.attempts = []*attempt{{state: newState(Created, now)}}
		if taskRunState != Created {
			tr.state.histories = append(tr.state.histories, history{taskRunState, now})
			tr.attempts[0].state.histories = append(tr.attempts[0].state.histories, history{taskRunState, now})
		}
		e.taskRuns = []*taskRun{tr}
	}
	s.add(e)
	return e
}

// live are the states an execution is in before it ends.
var live = []string{Created, Queued, Running, Paused, Restarted, Killing}

var ended = []string{Success, Warning, Failed, Killed, Cancelled}

func message(err error) string {
	if err == nil {
		return ""
	}
	return rest.AsError(err).Message
}

// TestOperationsFromEveryState applies each action to an execution in
// every state and checks Kestra's answer: the new state, or the refusal.
func TestOperationsFromEveryState(t *testing.T) {
	type outcome struct {
		state string // state after the action when it is accepted
		err   string // prefix of the refusal
	}
	cases := []struct {
		name     string
		taskRun  string
		act      func(s *Store, e *Execution) error
		outcomes map[string]outcome
	}{
		{
			name: "pause",
			act:  func(s *Store, e *Execution) error { return s.Pause(e) },
			outcomes: map[string]outcome{
				Running: {state: Paused},
				"*":     {err: "Conflict: Cannot pause execution: execution is not running."},
			},
		},
		{
			name: "resume",
			act:  func(s *Store, e *Execution) error { return s.Resume(e, nil) },
			outcomes: map[string]outcome{
				Paused: {state: Running},
				"*":    {err: "Illegal state: Execution '"},
			},
		},
		{
			name: "unqueue",
			act:  func(s *Store, e *Execution) error { return s.Unqueue(e, Failed) },
			outcomes: map[string]outcome{
				Queued: {state: Failed},
				"*":    {err: "Conflict: Cannot unqueue execution: only QUEUED executions can be unqueued."},
			},
		},
		{
			name: "force-run",
			act:  func(s *Store, e *Execution) error { return s.ForceRun(e) },
			outcomes: map[string]outcome{
				Created: {state: Running}, Queued: {state: Running}, Paused: {state: Running},
				Running: {state: Running}, Restarted: {state: Restarted}, Killing: {state: Killing},
				"ended": {err: "Conflict: Cannot force run execution: only non-terminated executions can be force run."},
			},
		},
		{
			name: "change-status",
			act:  func(s *Store, e *Execution) error { return s.ChangeStatus(e, Cancelled) },
			outcomes: map[string]outcome{
				Success: {state: Cancelled}, Warning: {state: Cancelled}, Failed: {state: Cancelled}, Cancelled: {state: Cancelled},
				"*": {err: "Conflict: Cannot change execution state: execution must be terminated and not killed."},
			},
		},
		{
			name: "kill without cascade",
			act:  func(s *Store, e *Execution) error { return s.Kill(e, false) },
			outcomes: map[string]outcome{
				"live":  {state: Killed},
				"ended": {err: "Conflict: Cannot kill execution: execution is already terminated."},
			},
		},
		{
			name:    "restart with a failed task run",
			taskRun: Failed,
			act:     func(s *Store, e *Execution) error { _, err := s.Restart(e, 0); return err },
			outcomes: map[string]outcome{
				Success: {state: Restarted}, Warning: {state: Restarted}, Failed: {state: Restarted},
				Cancelled: {state: Restarted}, Paused: {state: Restarted},
				Killed: {err: "Conflict: Cannot restart execution: current state is 'KILLED', expected terminated or paused."},
				"live": {err: "Conflict: Cannot restart execution: current state is '"},
			},
		},
		{
			name:    "restart without a failed task run",
			taskRun: Success,
			act:     func(s *Store, e *Execution) error { _, err := s.Restart(e, 0); return err },
			outcomes: map[string]outcome{
				Success: {err: "Conflict: Failed to execute action 'Restart'"}, Warning: {err: "Conflict: Failed to execute action 'Restart'"},
				Failed: {err: "Conflict: Failed to execute action 'Restart'"}, Cancelled: {err: "Conflict: Failed to execute action 'Restart'"},
				Paused: {err: "Conflict: Failed to execute action 'Restart'"},
				"*":    {err: "Conflict: Cannot restart execution: current state is '"},
			},
		},
		{
			name: "replay",
			act:  func(s *Store, e *Execution) error { _, err := s.Replay(e, "", 0, nil); return err },
			outcomes: map[string]outcome{
				"ended": {state: "same"},
				"live":  {err: "Conflict: Cannot replay execution: current state is '"},
			},
		},
		{
			name: "labels",
			act: func(s *Store, e *Execution) error {
				return s.SetLabels(e, []flows.Label{{Key: "team", Value: "data"}})
			},
			outcomes: map[string]outcome{
				"ended": {state: "same"},
				"live":  {err: "The execution is not terminated"},
			},
		},
		{
			name:    "task run state",
			taskRun: Failed,
			act:     func(s *Store, e *Execution) error { return s.SetTaskRunState(e, e.taskRuns[0].id, Cancelled) },
			outcomes: map[string]outcome{
				Success: {state: Cancelled}, Warning: {state: Cancelled}, Failed: {state: Cancelled}, Cancelled: {state: Cancelled},
				"*": {err: "Conflict: Cannot change task run state: execution must be terminated and not killed."},
			},
		},
	}
	for _, c := range cases {
		for _, st := range slices.Concat(live, ended) {
			t.Run(c.name+"/"+st, func(t *testing.T) {
				want, ok := c.outcomes[st]
				if !ok && slices.Contains(live, st) {
					want, ok = c.outcomes["live"]
				}
				if !ok && slices.Contains(ended, st) {
					want, ok = c.outcomes["ended"]
				}
				if !ok {
					want = c.outcomes["*"]
				}
				s, rev := testStore(t)
				e := fixture(s, rev, st, c.taskRun)
				err := c.act(s, e)
				got := message(err)
				if want.err != "" {
					if !strings.HasPrefix(got, want.err) {
						t.Fatalf("error %q, want %q", got, want.err)
					}
					if e.State() != st {
						t.Fatalf("a refused action moved %s to %s", st, e.State())
					}
					return
				}
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				wantState := want.state
				if wantState == "same" {
					wantState = st
				}
				if got := firstState(e, wantState); got != wantState {
					t.Fatalf("state %s, want %s (histories %v)", got, wantState, e.Snapshot().State.Histories)
				}
			})
		}
	}
}

// firstState returns want when the execution is in it or passed through it
// since the action (the runner may already have moved on), else the
// current state.
func firstState(e *Execution, want string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, h := range e.state.histories[1:] {
		if h.State == want {
			return want
		}
	}
	return e.state.current()
}

// TestTransitionTables checks the shape of the state machine: every state
// is reachable from CREATED, nothing goes back to CREATED or QUEUED, KILLED
// is final, KILLING only ends KILLED, and state.to refuses what the table
// does not allow.
func TestTransitionTables(t *testing.T) {
	reach := map[string]bool{Created: true}
	for changed := true; changed; {
		changed = false
		for from := range reach {
			for _, to := range executionTransitions[from] {
				if !reach[to] {
					reach[to], changed = true, true
				}
			}
		}
	}
	for _, st := range []string{Queued, Running, Paused, Restarted, Killing, Success, Warning, Failed, Killed, Cancelled} {
		if !reach[st] {
			t.Errorf("%s is not reachable", st)
		}
	}
	for from, tos := range executionTransitions {
		for _, to := range tos {
			if to == Created || (to == Queued && from != Created) {
				t.Errorf("%s -> %s", from, to)
			}
			if Terminal(from) && !Terminal(to) && to != Restarted {
				t.Errorf("an ended execution goes back to %s from %s", to, from)
			}
		}
	}
	if len(executionTransitions[Killed]) != 0 || !slices.Equal(executionTransitions[Killing], []string{Killed}) {
		t.Errorf("KILLING/KILLED: %v %v", executionTransitions[Killing], executionTransitions[Killed])
	}
	now := time.Now()
	for _, from := range AllStates {
		for _, to := range AllStates {
			st := newState(from, now)
			moved := st.to(executionTransitions, to, now)
			if want := from == to || legal(executionTransitions, from, to); moved != want {
				t.Errorf("%s -> %s: moved %v, want %v", from, to, moved, want)
			}
			if moved && st.current() != to {
				t.Errorf("%s -> %s: current %s", from, to, st.current())
			}
			if !moved && len(st.histories) != 1 {
				t.Errorf("%s -> %s: a refused move was recorded", from, to)
			}
		}
	}
}

// TestRestartedTaskRunGetsAnAttempt runs the runner: a restart of a failed
// task run adds an attempt to the same task run and ends SUCCESS.
func TestRestartedTaskRunGetsAnAttempt(t *testing.T) {
	s, rev := testStore(t)
	e := fixture(s, rev, Failed, Failed)
	first := e.taskRuns[0].id
	if _, err := s.Restart(e, 0); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for e.State() != Success {
		if time.Now().After(deadline) {
			t.Fatalf("state %s", e.State())
		}
		time.Sleep(5 * time.Millisecond)
	}
	snap := e.Snapshot()
	if len(snap.TaskRunList) != 2 || snap.TaskRunList[0].ID != first || len(snap.TaskRunList[0].Attempts) != 2 {
		t.Fatalf("task runs %+v", snap.TaskRunList)
	}
	var seq []string
	for _, h := range snap.TaskRunList[0].State.Histories {
		seq = append(seq, h.State)
	}
	if strings.Join(seq, ",") != "CREATED,FAILED,RESTARTED,RUNNING,SUCCESS" {
		t.Errorf("task run histories %v", seq)
	}
	if snap.Metadata.AttemptNumber != 2 {
		t.Errorf("attempt number %d", snap.Metadata.AttemptNumber)
	}
}

func TestParseSize(t *testing.T) {
	for raw, want := range map[any]int64{int64(7): 7, "200MiB": 200 << 20, "1 GiB": 1 << 30, "10KB": 10000, "5": 5, "3B": 3} {
		got, err := parseSize(raw)
		if err != nil || got != want {
			t.Errorf("%v: %d %v, want %d", raw, got, err, want)
		}
	}
	for _, bad := range []any{"lots", "-1", "1.5MiB", int64(-2)} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
