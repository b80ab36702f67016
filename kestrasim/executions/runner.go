package executions

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/isoduration"
)

// run drives one execution through its states:
// CREATED -> RUNNING -> SUCCESS | WARNING | FAILED | KILLED.
// Tasks run in order; only Sleep (and a future scheduleDate) take time.
// ctx is cancelled by a kill; life by the server stopping.
func run(ctx, life context.Context, e *Execution) {
	if e.scheduleDate != nil {
		if wait := e.scheduleDate.Sub(e.now()); wait > 0 && !sleep(ctx, wait) {
			finish(e, life, false, false)
			return
		}
	}
	if !e.admitted() {
		return
	}
	e.mu.Lock()
	if e.state.current() == Created {
		e.state.set(Running, e.now())
		e.notify()
	}
	e.mu.Unlock()

	failed, warning := runTasks(ctx, e, e.def.Tasks, false)
	if failed && ctx.Err() == nil && len(e.def.Errors) > 0 {
		runTasks(ctx, e, e.def.Errors, true)
	}
	if !failed && ctx.Err() == nil {
		setFlowOutputs(e)
	}
	finish(e, life, failed, warning)
}

// finish sets the final state: KILLED when killed (not when the server
// stops: then the execution is simply left as it was).
func finish(e *Execution, life context.Context, failed, warning bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if Terminal(e.state.current()) {
		return
	}
	killed := e.state.current() == Killing
	if !killed && life.Err() != nil {
		return
	}
	switch {
	case killed:
		e.state.set(Killed, e.now())
	case failed:
		e.state.set(Failed, e.now())
	case warning:
		e.state.set(Warning, e.now())
	default:
		e.state.set(Success, e.now())
	}
	e.notify()
}

// runTasks runs tasks in order and reports whether one failed (and was not
// allowed to) and whether one ended in WARNING.
func runTasks(ctx context.Context, e *Execution, tasks []flows.Task, errorBranch bool) (failed, warning bool) {
	for _, t := range tasks {
		if ctx.Err() != nil {
			return failed, warning
		}
		if disabled, _ := t.Props["disabled"].(bool); disabled {
			continue
		}
		tr := &taskRun{ID: newID(), TaskID: t.ID, State: newState(e.now())}
		e.mu.Lock()
		e.taskRuns = append(e.taskRuns, tr)
		tr.State.set(Running, e.now())
		e.notify()
		e.mu.Unlock()

		outputs, err := runTask(ctx, e, tr, t)

		e.mu.Lock()
		tr.Outputs = outputs
		switch {
		case ctx.Err() != nil:
			tr.State.set(Killed, e.now())
		case err != nil:
			e.logLocked(tr, "ERROR", err.Error())
			if allow, _ := t.Props["allowFailure"].(bool); allow || isFixtureWarning(err) {
				tr.State.set(Warning, e.now())
				warning = true
			} else {
				tr.State.set(Failed, e.now())
				failed = true
			}
		default:
			tr.State.set(Success, e.now())
		}
		e.notify()
		e.mu.Unlock()
		if (failed && !errorBranch) || ctx.Err() != nil {
			return failed, warning
		}
	}
	return failed, warning
}

// runTask executes one task.
func runTask(ctx context.Context, e *Execution, tr *taskRun, t flows.Task) (map[string]any, error) {
	if outputs, mocked, err := e.test.fixture(e, t); mocked {
		return outputs, err
	}
	vars := e.vars()
	switch flows.Canonical(t.Type) {
	case flows.TypeLog:
		level := strings.ToUpper(str(t.Props["level"], "INFO"))
		if _, ok := levels[level]; !ok {
			return nil, fmt.Errorf("invalid log level %q", level)
		}
		var messages []string
		switch m := t.Props["message"].(type) {
		case []any:
			for _, x := range m {
				messages = append(messages, fmt.Sprint(x))
			}
		case nil:
			return nil, fmt.Errorf("Log task '%s': message is required", t.ID)
		default:
			messages = append(messages, fmt.Sprint(m))
		}
		for _, msg := range messages {
			msg, used, err := e.expandSecrets(msg)
			if err != nil {
				return nil, err
			}
			e.log(tr, level, maskSecrets(render(msg, vars), used))
		}
		return nil, nil
	case flows.TypeSleep:
		raw := render(str(t.Props["duration"], ""), vars)
		d, err := isoduration.Parse(raw)
		if err != nil || d < 0 {
			return nil, fmt.Errorf("Sleep task '%s': invalid duration %q", t.ID, raw)
		}
		sleep(ctx, d)
		return nil, nil
	case flows.TypeFail:
		if cond, ok := t.Props["condition"]; ok {
			c := strings.TrimSpace(render(fmt.Sprint(cond), vars))
			if c == "" || strings.EqualFold(c, "false") || c == "0" {
				return nil, nil
			}
		}
		return nil, fmt.Errorf("%s", render(str(t.Props["errorMessage"], "Task failure"), vars))
	case flows.TypeReturn:
		return map[string]any{"value": render(str(t.Props["format"], ""), vars)}, nil
	}
	return nil, fmt.Errorf("Task type %s is not supported by kestrasim: the task fails", t.Type)
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

// sleep waits d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// vars is the render context: flow, execution, inputs, outputs, labels.
func (e *Execution) vars() map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	outputs := map[string]any{}
	for _, tr := range e.taskRuns {
		if tr.Outputs != nil {
			outputs[tr.TaskID] = tr.Outputs
		}
	}
	labels := map[string]any{}
	for _, l := range e.labels {
		labels[l.Key] = l.Value
	}
	vars := map[string]any{
		"flow":      map[string]any{"id": e.flowID, "namespace": e.namespace, "revision": e.flowRevision, "tenantId": e.tenant},
		"execution": map[string]any{"id": e.id, "startDate": e.created.Format(time.RFC3339Nano)},
		"inputs":    e.inputs,
		"outputs":   outputs,
		"labels":    labels,
	}
	if e.trigger != nil {
		vars["trigger"] = e.trigger.Variables
	}
	return vars
}

// setFlowOutputs renders the flow's declared outputs.
func setFlowOutputs(e *Execution) {
	if len(e.flowOutputs) == 0 {
		return
	}
	vars := e.vars()
	out := map[string]any{}
	for _, o := range e.flowOutputs {
		m, ok := o.(map[string]any)
		if !ok {
			continue
		}
		id, _ := m["id"].(string)
		if id == "" {
			continue
		}
		out[id] = render(str(m["value"], ""), vars)
	}
	e.mu.Lock()
	e.outputs = out
	e.notify()
	e.mu.Unlock()
}

func (e *Execution) log(tr *taskRun, level, msg string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.logLocked(tr, level, msg)
	e.notify()
}

func (e *Execution) logLocked(tr *taskRun, level, msg string) {
	entry := LogEntry{
		TenantID: e.tenant, Namespace: e.namespace, FlowID: e.flowID, ExecutionID: e.id,
		AttemptNumber: 0, Timestamp: e.now().UTC(), Level: level, Thread: "kestrasim-worker", Message: msg,
	}
	if tr != nil {
		entry.TaskID, entry.TaskRunID = tr.TaskID, tr.ID
	}
	e.logs = append(e.logs, entry)
}
