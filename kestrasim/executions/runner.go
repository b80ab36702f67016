package executions

import (
	"context"
	"fmt"
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/logs"
)

// The runner plays Kestra's executor and worker for one execution, in one
// goroutine:
//
//	CREATED -(schedule date, concurrency limit)-> RUNNING | QUEUED | CANCELLED | FAILED
//	QUEUED  -(a slot frees, unqueue, force-run)-> RUNNING | CANCELLED | FAILED
//	RUNNING -> PAUSED (Pause task, pause action) -> RESTARTED/RUNNING (resume)
//	RUNNING -> SUCCESS | WARNING | FAILED | CANCELLED;  any live state -> KILLING -> KILLED
//
// Tasks run in order. A task that already has an ended task run is not run
// again (it ran before a restart, or was copied by a replay); a RESTARTED
// one runs again with a new attempt. So the same loop starts an execution,
// continues a restarted one from its failed task, and runs a replay from its
// chosen task run.

// start launches a runner for e, which must have none.
func (s *Store) start(e *Execution) {
	ctx, cancel := context.WithCancel(s.ctx)
	rc := &runControl{cancel: cancel, done: make(chan struct{})}
	e.mu.Lock()
	e.run = rc
	e.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(rc.done)
		defer cancel()
		s.drive(ctx, e, rc)
		e.mu.Lock()
		if e.run == rc {
			e.run = nil
		}
		e.mu.Unlock()
		s.release(e)
		s.logs.Notify(e.tenant, e.id)
	}()
}

// stopRun cancels e's runner, saying why, and waits for it to return.
func (s *Store) stopRun(e *Execution, reason string) {
	e.mu.Lock()
	rc := e.run
	if rc != nil && rc.halt == "" {
		rc.halt = reason
	}
	e.mu.Unlock()
	if rc == nil {
		return
	}
	rc.cancel()
	<-rc.done
}

// drive runs e from its current state to its end.
func (s *Store) drive(ctx context.Context, e *Execution, rc *runControl) {
	if e.State() == Created && !s.waitSchedule(ctx, e) {
		s.halted(e, rc)
		return
	}
	// Quotas are checked as the execution leaves CREATED, before any task
	// runs (kestra-io/kestra QuotaGateTest).
	if e.State() == Created && !e.admitted() {
		return
	}
	switch s.admit(e) {
	case Queued:
		s.log(e, nil, "INFO", "Execution is queued: the flow's concurrency limit is reached")
		if !s.waitWhile(ctx, e, Queued) {
			s.halted(e, rc)
			return
		}
	case Cancelled:
		s.log(e, nil, "WARN", "Execution cancelled: the flow's concurrency limit is reached")
		return
	case Failed:
		s.log(e, nil, "ERROR", "Flow is FAILED due to concurrency limit exceeded")
		return
	}
	e.mu.Lock()
	if e.state.current() == Restarted {
		e.setState(Running)
	}
	cur := e.state.current()
	e.mu.Unlock()
	if Terminal(cur) || cur == Killing {
		if cur == Killing {
			s.halted(e, rc)
		}
		return
	}

	out := s.runTasks(ctx, e, e.def.Tasks, true)
	if ctx.Err() != nil {
		s.halted(e, rc)
		return
	}
	if out.failed {
		s.runTasks(ctx, e, taskList(e.def.Doc["errors"]), false)
	}
	s.runTasks(ctx, e, taskList(e.def.Doc["finally"]), false)
	if ctx.Err() != nil {
		s.halted(e, rc)
		return
	}
	if !out.failed && !out.cancelled {
		s.setFlowOutputs(e)
	}
	if !s.waitWhile(ctx, e, Paused) {
		s.halted(e, rc)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case out.cancelled:
		e.setState(Cancelled)
	case out.failed:
		e.setState(Failed)
	case out.warning:
		e.setState(Warning)
	default:
		e.setState(Success)
	}
}

// halted ends a cancelled run: a kill ends the execution and its live task
// runs KILLED; a stop (restart, delete) or the server stopping leaves the
// state as it is.
func (s *Store) halted(e *Execution, rc *runControl) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if rc.halt != "kill" {
		return
	}
	for _, tr := range e.taskRuns {
		if !Terminal(tr.state.current()) {
			e.setTaskRunState(tr, Killed)
		}
	}
	if e.state.current() != Killing {
		e.setState(Killing)
	}
	e.setState(Killed)
}

// waitSchedule waits until e's schedule date, or until e leaves CREATED
// (force-run, kill); it reports false when the run was cancelled.
func (s *Store) waitSchedule(ctx context.Context, e *Execution) bool {
	if e.scheduleDate == nil {
		return true
	}
	for {
		e.mu.Lock()
		st, ch := e.state.current(), e.changed
		e.mu.Unlock()
		if st != Created {
			return ctx.Err() == nil
		}
		wait := e.scheduleDate.Sub(s.now())
		if wait <= 0 {
			return true
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
			return true
		case <-ch:
			t.Stop()
		case <-ctx.Done():
			t.Stop()
			return false
		}
	}
}

// waitWhile waits while e is in state st; it reports false when the run was
// cancelled.
func (s *Store) waitWhile(ctx context.Context, e *Execution, st string) bool {
	for {
		e.mu.Lock()
		cur, ch := e.state.current(), e.changed
		e.mu.Unlock()
		if ctx.Err() != nil {
			return false
		}
		if cur != st {
			return true
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}

// outcome sums up a list of tasks.
type outcome struct {
	failed, warning, cancelled bool
}

// runTasks runs tasks in order; the main list stops at the first failure
// (the errors and finally lists run to their end).
func (s *Store) runTasks(ctx context.Context, e *Execution, tasks []flows.Task, main bool) outcome {
	var out outcome
	for _, t := range tasks {
		if ctx.Err() != nil || !s.waitWhile(ctx, e, Paused) {
			return out
		}
		if disabled, _ := t.Props["disabled"].(bool); disabled {
			continue
		}
		e.mu.Lock()
		tr := e.taskRunByTask(t.ID)
		done := ""
		if tr == nil {
			tr = &taskRun{id: ids.New(), taskID: t.ID, state: newState(Created, e.now())}
			e.taskRuns = append(e.taskRuns, tr)
			e.notify()
		} else if st := tr.state.current(); Terminal(st) {
			done = st
		}
		e.mu.Unlock()
		if done == "" {
			done = s.runTask(ctx, e, tr, t)
		}
		switch done {
		case "":
			return out // cancelled
		case Failed, Killed:
			out.failed = true
		case Warning:
			out.warning = true
		case Cancelled:
			out.cancelled = true
		}
		if main && (out.failed || out.cancelled) {
			return out
		}
	}
	return out
}

// taskList reads a list of tasks (the errors and finally branches) from a
// flow document.
func taskList(raw any) []flows.Task {
	list, _ := raw.([]any)
	var out []flows.Task
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		id, _ := m["id"].(string)
		typ, _ := m["type"].(string)
		out = append(out, flows.Task{ID: id, Type: typ, Props: m})
	}
	return out
}

// runTask runs one task run to its end and returns its final state ("" when
// the run was cancelled). Each run is a new attempt; a task with a retry
// policy gets more attempts after a failure.
func (s *Store) runTask(ctx context.Context, e *Execution, tr *taskRun, t flows.Task) string {
	if f, ok := e.test.fixture(t.ID); ok {
		return s.runFixture(e, tr, t, f)
	}
	policy := retryOf(t.Props)
	for {
		e.mu.Lock()
		a := &attempt{state: newState(Created, e.now())}
		a.state.to(attemptTransitions, Running, e.now())
		tr.attempts = append(tr.attempts, a)
		e.setTaskRunState(tr, Running)
		e.mu.Unlock()

		switch flows.Canonical(t.Type) {
		case TypePause:
			return s.runPause(ctx, e, tr, t)
		case TypeSubflow:
			return s.runSubflow(ctx, e, tr, t)
		}
		outputs, err := s.work(ctx, e, tr, t)
		if ctx.Err() != nil {
			return ""
		}
		if err == nil {
			e.mu.Lock()
			tr.outputs = outputs
			e.setTaskRunState(tr, Success)
			e.mu.Unlock()
			return Success
		}
		s.log(e, tr, "ERROR", err.Error())
		e.mu.Lock()
		if policy.maxAttempts > len(tr.attempts) {
			a.state.to(attemptTransitions, Retried, e.now())
			e.setTaskRunState(tr, Retrying)
			e.mu.Unlock()
			if !sleep(ctx, policy.interval) {
				return ""
			}
			continue
		}
		final := Failed
		if allow, _ := t.Props["allowFailure"].(bool); allow {
			final = Warning
		}
		e.setTaskRunState(tr, final)
		e.mu.Unlock()
		return final
	}
}

// retry is a task's retry policy (maxAttempts counts every attempt).
type retry struct {
	maxAttempts int
	interval    time.Duration
}

func retryOf(props map[string]any) retry {
	m, ok := props["retry"].(map[string]any)
	if !ok {
		return retry{}
	}
	var r retry
	switch n := m["maxAttempts"].(type) {
	case int64:
		r.maxAttempts = int(n)
	case float64:
		r.maxAttempts = int(n)
	}
	if v, ok := m["interval"].(string); ok {
		r.interval = parseDuration(v)
	}
	return r
}

// sleep waits d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// log writes one line of e (of tr when not nil). The caller must not hold
// e.mu.
func (s *Store) log(e *Execution, tr *taskRun, level, msg string) {
	entry := logs.Entry{
		TenantID: e.tenant, Namespace: e.namespace, FlowID: e.flowID, ExecutionID: e.id,
		Timestamp: s.now().UTC(), Level: level, Thread: "kestrasim-worker", Message: msg,
		ExecutionKind: e.kind,
	}
	if tr != nil {
		e.mu.Lock()
		entry.TaskID, entry.TaskRunID = tr.taskID, tr.id
		entry.AttemptNumber = logs.Attempt(tr.attemptNumber())
		e.mu.Unlock()
	}
	s.logs.Append(entry)
}

// setFlowOutputs renders the flow's declared outputs.
func (s *Store) setFlowOutputs(e *Execution) {
	decl, _ := e.def.Doc["outputs"].([]any)
	if len(decl) == 0 {
		return
	}
	vars := e.vars(nil)
	out := map[string]any{}
	for _, o := range decl {
		m, ok := o.(map[string]any)
		if !ok {
			continue
		}
		id, _ := m["id"].(string)
		if id == "" {
			continue
		}
		out[id] = renderValue(m["value"], vars)
	}
	e.mu.Lock()
	e.outputs = out
	e.notify()
	e.mu.Unlock()
}

// vars is the render context of e (and of tr when not nil): flow,
// execution, inputs, outputs, labels, trigger, taskrun.
func (e *Execution) vars(tr *taskRun) map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	outputs := map[string]any{}
	for _, r := range e.taskRuns {
		if r.outputs != nil {
			outputs[r.taskID] = r.outputs
		}
	}
	labels := map[string]any{}
	for _, l := range e.labels {
		labels[l.Key] = l.Value
	}
	v := map[string]any{
		"flow": map[string]any{"id": e.flowID, "namespace": e.namespace, "revision": int64(e.flowRevision), "tenantId": e.tenant},
		"execution": map[string]any{
			"id": e.id, "startDate": e.created.Format(time.RFC3339Nano), "originalId": e.originalID,
			"state": e.state.current(),
		},
		"inputs":  nonNil(e.inputs),
		"outputs": outputs,
		"labels":  labels,
	}
	if e.trigger != nil {
		v["trigger"] = nonNil(e.trigger.Variables)
	}
	if tr != nil {
		tv := map[string]any{"id": tr.id, "startDate": tr.state.histories[0].Date.Format(time.RFC3339Nano)}
		// attemptsCount: the attempts before the current one.
		n := len(tr.attempts)
		if n > 0 && !Terminal(tr.state.current()) {
			n--
		}
		tv["attemptsCount"] = int64(n)
		v["taskrun"] = tv
	}
	return v
}

func nonNil(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func str(v any, def string) string {
	if v == nil {
		return def
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}
