package executions

import (
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// The actions on one execution, with Kestra's rules and messages
// (kestra-io/kestra webserver ExecutionController, core ExecutionService,
// ConcurrencyLimitService). The controller checks preconditions and answers
// ConflictException (409 "Conflict: ..."), IllegalArgumentException (422
// "Illegal argument: ...") or IllegalStateException (409 "Illegal state:
// ..."), as its ErrorController maps them; what the executor refuses comes
// back as 409 "Failed to execute action ..." (awaitBlockingAction).

func conflict(format string, args ...any) error {
	return rest.Conflict("Conflict: "+format, args...)
}

func illegalArgument(format string, args ...any) error {
	return rest.Errorf(http.StatusUnprocessableEntity, "Illegal argument: "+format, args...)
}

// failedAction is the answer when the executor fails a submitted action.
func failedAction(action, id, cause string) error {
	return rest.Conflict("Conflict: Failed to execute action '%s' on execution %s (operation_id=%s). Cause: %s", action, id, ids.New(), cause)
}

// Kill kills a live execution (KILLING, then KILLED once its runner
// stopped) and, with cascade, the executions its Subflow tasks started.
// Killing a terminated execution is refused without cascade; with cascade
// Kestra still emits the kill, which reaches the children (the parent stays
// as it is).
func (s *Store) Kill(e *Execution, cascade bool) error {
	e.mu.Lock()
	st := e.state.current()
	if Terminal(st) {
		e.mu.Unlock()
		if !cascade {
			return conflict("Cannot kill execution: execution is already terminated.")
		}
	} else {
		if st != Killing {
			e.setState(Killing)
		}
		rc := e.run
		if rc != nil {
			if rc.halt == "" {
				rc.halt = "kill"
			}
			e.mu.Unlock()
			rc.cancel()
		} else {
			// no runner (between a restart and its run): end it here
			for _, tr := range e.taskRuns {
				if !Terminal(tr.state.current()) {
					e.setTaskRunState(tr, Killed)
				}
			}
			e.setState(Killed)
			e.mu.Unlock()
			s.logs.Notify(e.tenant, e.id)
		}
	}
	if cascade {
		for _, c := range s.children(e.tenant, e.id) {
			if st := c.State(); !Terminal(st) && st != Killing {
				_ = s.Kill(c, true)
			}
		}
	}
	return nil
}

// controlRevision checks that a flow revision exists
// (ExecutionController.controlRevision) and returns it.
func (s *Store) controlRevision(e *Execution, revision int) (*flows.Revision, error) {
	rev, err := s.flows.Get(e.tenant, e.namespace, e.flowID, revision, true)
	if err != nil {
		return nil, rest.NotFound("Not Found: Unable to find revision %d on flow %s.%s", revision, e.namespace, e.flowID)
	}
	return rev, nil
}

// branchTasks returns the ids of a flow's errors and finally tasks.
func branchTasks(def *flows.Definition) []string {
	var ids []string
	for _, key := range []string{"errors", "finally"} {
		for _, t := range taskList(def.Doc[key]) {
			ids = append(ids, t.ID)
		}
	}
	return ids
}

// Restart runs a failed (or paused) execution again from its failed (or
// paused) task runs: without a revision the execution keeps its id, its
// failed task runs get a new attempt, metadata.attemptNumber grows and the
// label system.restarted is set; with a revision a new execution runs that
// revision (ExecutionService.restart).
func (s *Store) Restart(e *Execution, revision int) (*Execution, error) {
	var rev *flows.Revision
	if revision > 0 {
		var err error
		if rev, err = s.controlRevision(e, revision); err != nil {
			return nil, err
		}
	}
	e.mu.Lock()
	st := e.state.current()
	if !canBeRestarted(st) {
		e.mu.Unlock()
		return nil, conflict("Cannot restart execution: current state is '%s', expected terminated or paused.", st)
	}
	restartable := slices.ContainsFunc(e.taskRuns, func(tr *taskRun) bool {
		c := tr.state.current()
		return c == Failed || c == Paused
	})
	e.mu.Unlock()
	if !restartable {
		return nil, failedAction("Restart", e.id, "No task found to restart execution from!")
	}
	if st == Paused {
		s.stopRun(e, "stop")
	}
	target := e
	if rev != nil {
		target = s.derive(e, rev)
		s.continueFrom(target, e, "")
	}
	target.mu.Lock()
	branch := branchTasks(target.def)
	target.taskRuns = slices.DeleteFunc(target.taskRuns, func(tr *taskRun) bool { return slices.Contains(branch, tr.taskID) })
	for _, tr := range target.taskRuns {
		if c := tr.state.current(); c == Failed || c == Paused {
			target.setTaskRunState(tr, Restarted)
		}
	}
	if rev == nil {
		target.attempt++
	}
	target.outputs = nil
	target.setLabel(labelRestarted, "true")
	target.setState(Restarted)
	target.mu.Unlock()
	if rev != nil {
		s.add(target)
	}
	s.start(target)
	return target, nil
}

// derive builds a new execution from e (a replay, a restart on another
// revision): new id, same inputs and labels, the next attempt number,
// originalId kept and parentId pointing at e. The caller sets its state and
// task runs.
func (s *Store) derive(e *Execution, rev *flows.Revision) *Execution {
	e.mu.Lock()
	defer e.mu.Unlock()
	id := ids.New()
	return &Execution{
		store: s, tenant: e.tenant, id: id, namespace: e.namespace, flowID: e.flowID,
		flowRevision: rev.Revision, def: rev.Def, inputs: e.inputs, labels: slices.Clone(e.labels),
		created: e.created, kind: e.kind, trigger: e.trigger, parentID: e.id, originalID: e.originalID,
		attempt: e.attempt + 1, parent: e.parent, files: map[string]*outputFile{}, test: e.test,
		fileDir: s.dirOf(e.tenant, id), changed: make(chan struct{}),
	}
}

// continueFrom gives n (derived from e) e's histories and copies of e's
// task runs, up to and including upTo when set; that one is RESTARTED
// (ExecutionService.replay, restart with a revision: the new execution goes
// on from where e stopped).
func (s *Store) continueFrom(n, e *Execution, upTo string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	n.state = e.state.clone()
	for _, tr := range e.taskRuns {
		c := tr.clone(ids.New())
		n.taskRuns = append(n.taskRuns, c)
		if tr.id == upTo {
			c.state.to(taskRunTransitions, Restarted, now)
			break
		}
	}
}

func (s *Store) dirOf(tenant, id string) string {
	return filepath.Join(s.dir, tenant, id)
}

// Replay creates a new execution from a terminated one, from scratch or
// from a task run (ExecutionService.replay): the new execution has its own
// id, originalId and parentId link to the replayed one, which gets the
// label system.replayed. inputs, when not nil, replace the execution's
// (replay-with-inputs).
func (s *Store) Replay(e *Execution, taskRunID string, revision int, inputs map[string]any) (*Execution, error) {
	if st := e.State(); !Terminal(st) {
		return nil, conflict("Cannot replay execution: current state is '%s', expected terminated.", st)
	}
	var rev *flows.Revision
	var err error
	if revision > 0 {
		if rev, err = s.controlRevision(e, revision); err != nil {
			return nil, err
		}
	}
	latest, err := s.flows.Get(e.tenant, e.namespace, e.flowID, 0, false)
	if err != nil {
		return nil, err
	}
	if latest.Def.Disabled {
		return nil, rest.Conflict("Cannot execute disabled flow '%s' in namespace '%s'", e.flowID, e.namespace)
	}
	if rev == nil {
		if rev, err = s.flows.Get(e.tenant, e.namespace, e.flowID, e.flowRevision, true); err != nil {
			return nil, err
		}
	}
	if taskRunID != "" {
		e.mu.Lock()
		found := e.taskRunByID(taskRunID) != nil
		e.mu.Unlock()
		if !found {
			return nil, illegalArgument("Task run id '%s' not found in execution '%s'", taskRunID, e.id)
		}
	}
	n := s.derive(e, rev)
	if taskRunID == "" {
		n.state = newState(Created, s.now().UTC())
	} else {
		s.continueFrom(n, e, taskRunID)
		n.state.to(executionTransitions, Restarted, s.now().UTC())
	}
	if inputs != nil {
		n.inputs = inputs
	}
	n.setLabel(labelReplay, "true")
	e.mu.Lock()
	e.setLabel(labelReplayed, "true")
	e.notify()
	e.mu.Unlock()
	s.add(n)
	s.start(n)
	return n, nil
}

// Resume resumes a paused execution. A paused Pause task takes the resume
// inputs, declared by its onResume (validated like flow inputs), ends
// SUCCESS and the execution goes RESTARTED then RUNNING
// (ExecutionService.resume, markAs); an execution paused by the pause
// action goes back to RUNNING.
func (s *Store) Resume(e *Execution, values map[string]formValue) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.state.current() != Paused {
		return rest.Conflict("Illegal state: Execution '%s' is not paused, can't resume it", e.id)
	}
	var tr *taskRun
	for _, r := range e.taskRuns {
		if r.state.current() == Paused {
			tr = r
			break
		}
	}
	if tr == nil {
		e.setState(Running)
		return nil
	}
	outputs := map[string]any{"resumed": map[string]any{"on": e.now().Format(timeLayout), "to": Running}}
	if t := e.task(tr.taskID); t != nil {
		if decl, vs := flows.ParseInputs(t.Props["onResume"]); len(vs) == 0 && len(decl) > 0 {
			inputs, vs := resolveDeclared(decl, values, func(input, name string) string {
				uri := e.storagePrefix() + "/resume/" + input + "/" + name
				e.files[uri] = &outputFile{path: values[input].file}
				return uri
			})
			if len(vs) > 0 {
				return rest.Invalid(vs...)
			}
			outputs["onResume"] = inputs
		}
	}
	tr.outputs = outputs
	e.setTaskRunState(tr, Success)
	e.setState(Restarted)
	return nil
}

// task returns the flow's task with an id (main, errors or finally).
func (e *Execution) task(id string) *flows.Task {
	for _, key := range []string{"tasks", "errors", "finally"} {
		for _, t := range taskList(e.def.Doc[key]) {
			if t.ID == id {
				return &t
			}
		}
	}
	return nil
}

// Pause pauses a running execution: it finishes its current task and waits
// for resume.
func (s *Store) Pause(e *Execution) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.state.current() != Running {
		return conflict("Cannot pause execution: execution is not running.")
	}
	e.setState(Paused)
	return nil
}

// ForceRun runs a live execution now (ExecutionService.forceRun): CREATED
// (a future schedule date) and QUEUED ones start, PAUSED ones resume, others
// are unchanged.
func (s *Store) ForceRun(e *Execution) error {
	e.mu.Lock()
	st := e.state.current()
	switch {
	case Terminal(st):
		e.mu.Unlock()
		return conflict("Cannot force run execution: only non-terminated executions can be force run.")
	case st == Created, st == Queued:
		e.setState(Running)
	case st == Paused:
		e.mu.Unlock()
		return s.Resume(e, nil)
	}
	e.mu.Unlock()
	return nil
}

// unqueueTargets are the states an unqueued execution may take
// (ConcurrencyLimitService.VALID_TARGET_STATES).
var unqueueTargets = []string{Running, Cancelled, Failed}

// Unqueue takes a queued execution out of its flow's queue, to RUNNING (the
// default), CANCELLED or FAILED.
func (s *Store) Unqueue(e *Execution, target string) error {
	if target == "" {
		target = Running
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.state.current() != Queued {
		return conflict("Cannot unqueue execution: only QUEUED executions can be unqueued.")
	}
	if !slices.Contains(unqueueTargets, target) {
		return failedAction("Unqueue", e.id, fmt.Sprintf("Invalid target state: %s. Valid states are: [RUNNING, CANCELLED, FAILED]", target))
	}
	e.setState(target)
	return nil
}

// ChangeStatus sets a terminated, not killed execution to another terminal
// state.
func (s *Store) ChangeStatus(e *Execution, status string) error {
	if !Terminal(status) {
		return illegalArgument("You can only change the state of an execution to a terminal state.")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !canChangeStatus(e.state.current()) {
		return conflict("Cannot change execution state: execution must be terminated and not killed.")
	}
	e.setState(status)
	return nil
}

// SetTaskRunState changes the state of a task run of a terminated, not
// killed execution (ExecutionService.changeTaskRunState, markAs): the task
// run and its last attempt take the state (a Pause task set RUNNING ends
// SUCCESS), the errors and finally task runs are dropped, the attempt number
// grows, and the execution is RESTARTED — it runs on from there — unless the
// state is CANCELLED, which cancels it.
func (s *Store) SetTaskRunState(e *Execution, taskRunID, state string) error {
	if !slices.Contains(AllStates, state) {
		return rest.BadRequest("Failed to convert argument [state] for value [%s]", state)
	}
	e.mu.Lock()
	if !canChangeStatus(e.state.current()) {
		e.mu.Unlock()
		return conflict("Cannot change task run state: execution must be terminated and not killed.")
	}
	tr := e.taskRunByID(taskRunID)
	if tr == nil {
		e.mu.Unlock()
		return failedAction("Change task run state", e.id, "No task found to restart execution from!")
	}
	target := state
	if t := e.task(tr.taskID); t != nil && flows.Canonical(t.Type) == TypePause {
		switch state {
		case Running:
			target = Success
		case Killing:
			target = Killed
		}
	}
	if !legal(taskRunTransitions, tr.state.current(), target) && tr.state.current() != target {
		e.mu.Unlock()
		return failedAction("Change task run state", e.id, fmt.Sprintf("Task run '%s' cannot go from %s to %s", tr.id, tr.state.current(), target))
	}
	e.setTaskRunState(tr, target)
	branch := branchTasks(e.def)
	e.taskRuns = slices.DeleteFunc(e.taskRuns, func(r *taskRun) bool { return slices.Contains(branch, r.taskID) })
	e.attempt++
	e.setLabel(labelRestarted, "true")
	if target == Cancelled {
		e.setState(Cancelled)
		e.mu.Unlock()
		return nil
	}
	e.outputs = nil
	e.setState(Restarted)
	e.mu.Unlock()
	s.start(e)
	return nil
}

// SetLabels replaces the labels of a terminated execution, keeping its
// system labels (ExecutionController.setLabelsOnTerminatedExecution).
func (s *Store) SetLabels(e *Execution, labels []flows.Label) error {
	if vs := validateLabels(labels); len(vs) > 0 {
		return rest.Invalid(vs...)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !Terminal(e.state.current()) {
		return rest.BadRequest("The execution is not terminated")
	}
	if err := checkSystemLabels(e.labels, labels); err != nil {
		return err
	}
	next := slices.Clone(labels)
	for _, l := range e.labels {
		if strings.HasPrefix(l.Key, "system.") && !slices.Contains(next, l) {
			next = append(next, l)
		}
	}
	e.labels = mergeLabels(nil, next)
	e.notify()
	return nil
}

// addLabels adds labels to a terminated execution (the bulk label routes:
// Label.deduplicate of the existing and the new ones, the new winning).
func (s *Store) addLabels(e *Execution, labels []flows.Label) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.labels = mergeLabels(nil, append(slices.Clone(e.labels), labels...))
	e.notify()
}
