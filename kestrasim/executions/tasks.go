package executions

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/isoduration"
	"github.com/kestractl/kestractl/kestrasim/logs"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Task types the runner interprets beyond flows' Log, Sleep, Fail, Return.
const (
	TypePause        = "io.kestra.plugin.core.flow.Pause"
	TypeSubflow      = "io.kestra.plugin.core.flow.Subflow"
	TypeWrite        = "io.kestra.plugin.core.storage.Write"
	TypeOutputValues = "io.kestra.plugin.core.output.OutputValues"
)

// work runs a task that only computes (no pause, no child execution) and
// returns its outputs.
func (s *Store) work(ctx context.Context, e *Execution, tr *taskRun, t flows.Task) (map[string]any, error) {
	vars := e.vars(tr)
	switch flows.Canonical(t.Type) {
	case flows.TypeLog:
		level := strings.ToUpper(str(t.Props["level"], "INFO"))
		if _, ok := logs.LevelRank(level); !ok {
			return nil, fmt.Errorf("invalid log level %q", level)
		}
		var messages []string
		switch m := t.Props["message"].(type) {
		case []any:
			for _, x := range m {
				messages = append(messages, fmt.Sprint(x))
			}
		case nil:
			return nil, taskFailure("Log task '%s': message is required", t.ID)
		default:
			messages = append(messages, fmt.Sprint(m))
		}
		for _, msg := range messages {
			msg, used, err := e.expandSecrets(msg)
			if err != nil {
				return nil, err
			}
			s.log(e, tr, level, maskSecrets(renderLenient(msg, vars), used))
		}
		return nil, nil
	case flows.TypeSleep:
		raw := renderLenient(str(t.Props["duration"], ""), vars)
		d, err := isoduration.Parse(raw)
		if err != nil || d < 0 {
			return nil, taskFailure("Sleep task '%s': invalid duration %q", t.ID, raw)
		}
		sleep(ctx, d)
		return nil, nil
	case flows.TypeFail:
		if cond, ok := t.Props["condition"]; ok {
			c, err := renderStrict(fmt.Sprint(cond), vars)
			if err != nil {
				return nil, err
			}
			if !truthyString(c) {
				return nil, nil
			}
		}
		return nil, fmt.Errorf("%s", renderLenient(str(t.Props["errorMessage"], "Task failure"), vars))
	case flows.TypeReturn:
		return map[string]any{"value": renderLenient(str(t.Props["format"], ""), vars)}, nil
	case TypeOutputValues:
		values, _ := t.Props["values"].(map[string]any)
		return map[string]any{"values": renderValue(values, vars)}, nil
	case TypeWrite:
		return s.write(e, tr, t, vars)
	}
	return nil, taskFailure("Task type %s is not supported by kestrasim: the task fails", t.Type)
}

// taskFailure is why a task failed, as its log line says it (Kestra's
// messages start with a capital).
func taskFailure(format string, args ...any) error {
	return &failure{msg: fmt.Sprintf(format, args...)}
}

type failure struct{ msg string }

func (f *failure) Error() string { return f.msg }

// truthyString is how a rendered condition reads: empty, "false" and "0"
// are false.
func truthyString(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && !strings.EqualFold(s, "false") && s != "0"
}

// renderValue renders every string of a value (maps and lists recursively).
func renderValue(v any, vars map[string]any) any {
	switch x := v.(type) {
	case string:
		return renderLenient(x, vars)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[k] = renderValue(val, vars)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = renderValue(val, vars)
		}
		return out
	}
	return v
}

func parseDuration(raw string) time.Duration {
	d, err := isoduration.Parse(strings.TrimSpace(raw))
	if err != nil {
		return 0
	}
	return d
}

// pauseOf reads a Pause task: pauseDuration (legacy delay) resumes after a
// while with behavior RESUME (or WARN, CANCEL, FAIL); the legacy timeout
// fails the task once elapsed.
func pauseOf(props map[string]any, vars map[string]any) (time.Duration, string) {
	behavior := strings.ToUpper(str(props["behavior"], "RESUME"))
	for _, key := range []string{"pauseDuration", "delay"} {
		if v, ok := props[key]; ok {
			return parseDuration(renderLenient(fmt.Sprint(v), vars)), behavior
		}
	}
	if v, ok := props["timeout"]; ok {
		return parseDuration(renderLenient(fmt.Sprint(v), vars)), "FAIL"
	}
	return 0, behavior
}

// runPause pauses the execution until the resume action, the pause
// duration or a kill.
func (s *Store) runPause(ctx context.Context, e *Execution, tr *taskRun, t flows.Task) string {
	d, behavior := pauseOf(t.Props, e.vars(tr))
	e.mu.Lock()
	e.setTaskRunState(tr, Paused)
	if e.state.current() == Running {
		e.setState(Paused)
	}
	e.mu.Unlock()
	var timer <-chan time.Time
	if d > 0 {
		tm := time.NewTimer(d)
		defer tm.Stop()
		timer = tm.C
	}
	for {
		e.mu.Lock()
		st, ch := tr.state.current(), e.changed
		if st != Paused {
			// resumed (ExecutionService.markAs moved the execution to
			// RESTARTED): the executor runs it again.
			if e.state.current() == Restarted {
				e.setState(Running)
			}
			e.mu.Unlock()
			return st
		}
		e.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ""
		case <-timer:
			final := map[string]string{"RESUME": Success, "WARN": Warning, "CANCEL": Cancelled, "FAIL": Failed}[behavior]
			if final == "" {
				final = Success
			}
			if final == Failed {
				s.log(e, tr, "ERROR", fmt.Sprintf("Pause task '%s' timed out after %s", t.ID, isoduration.Format(d)))
			}
			e.mu.Lock()
			tr.outputs = map[string]any{"resumed": map[string]any{"on": e.now().Format(time.RFC3339Nano), "to": final}}
			e.setTaskRunState(tr, final)
			if e.state.current() == Paused {
				e.setState(Running)
			}
			e.mu.Unlock()
			return final
		}
	}
}

// runSubflow starts a child execution and, when the task waits (the
// default), ends with the child's state (transmitFailed: a failed child
// fails the task).
func (s *Store) runSubflow(ctx context.Context, e *Execution, tr *taskRun, t flows.Task) string {
	vars := e.vars(tr)
	fail := func(err error) string {
		s.log(e, tr, "ERROR", err.Error())
		final := Failed
		if allow, _ := t.Props["allowFailure"].(bool); allow {
			final = Warning
		}
		e.mu.Lock()
		e.setTaskRunState(tr, final)
		e.mu.Unlock()
		return final
	}
	ns := renderLenient(str(t.Props["namespace"], ""), vars)
	flowID := renderLenient(str(t.Props["flowId"], ""), vars)
	revision := 0
	if r, ok := t.Props["revision"].(int64); ok {
		revision = int(r)
	}
	rev, err := s.flows.Get(e.tenant, ns, flowID, revision, revision > 0)
	if err != nil {
		return fail(taskFailure("Unable to find flow '%s'.'%s'", ns, flowID))
	}
	values, _ := renderValue(t.Props["inputs"], vars).(map[string]any)
	var labels []flows.Label
	if inherit, _ := t.Props["inheritLabels"].(bool); inherit {
		e.mu.Lock()
		for _, l := range e.labels {
			if !strings.HasPrefix(l.Key, "system.") {
				labels = append(labels, l)
			}
		}
		e.mu.Unlock()
	}
	switch l := t.Props["labels"].(type) {
	case map[string]any:
		for k, v := range l {
			labels = mergeLabels(labels, []flows.Label{{Key: k, Value: renderLenient(fmt.Sprint(v), vars)}})
		}
	case []any:
		for _, item := range l {
			if m, ok := item.(map[string]any); ok {
				labels = mergeLabels(labels, []flows.Label{{Key: fmt.Sprint(m["key"]), Value: renderLenient(fmt.Sprint(m["value"]), vars)}})
			}
		}
	}
	child, err := s.Create(CreateRequest{
		Tenant: e.tenant, Flow: rev, Values: values, Labels: labels, parent: e, Kind: e.kind,
		Trigger: &TriggerInfo{ID: t.ID, Type: TypeSubflow, Variables: map[string]any{
			"executionId": e.id, "namespace": e.namespace, "flowId": e.flowID, "flowRevision": e.flowRevision,
		}},
	})
	if err != nil {
		return fail(taskFailure("Unable to create the subflow execution: %s", rest.AsError(err).Message))
	}
	e.mu.Lock()
	tr.outputs = map[string]any{"executionId": child.id}
	e.notify()
	e.mu.Unlock()
	if wait, ok := t.Props["wait"].(bool); ok && !wait {
		e.mu.Lock()
		e.setTaskRunState(tr, Success)
		e.mu.Unlock()
		return Success
	}
	for {
		snap, ch := child.watch()
		if Terminal(snap.State.Current) {
			final := snap.State.Current
			switch final {
			case Failed, Killed, Cancelled:
				if transmit, ok := t.Props["transmitFailed"].(bool); ok && !transmit {
					final = Success
				} else if final == Cancelled {
					final = Failed
				}
			case Success, Warning:
			default:
				final = Success
			}
			if final == Failed {
				if allow, _ := t.Props["allowFailure"].(bool); allow {
					final = Warning
				}
			}
			e.mu.Lock()
			tr.outputs = map[string]any{"executionId": child.id, "state": snap.State.Current}
			if snap.Outputs != nil {
				tr.outputs["outputs"] = snap.Outputs
			}
			e.setTaskRunState(tr, final)
			e.mu.Unlock()
			return final
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ""
		}
	}
}

// write stores a file in the execution's storage: the rendered content, or
// (kestrasim's own size property) size bytes of deterministic data that are
// generated when read, never held.
func (s *Store) write(e *Execution, tr *taskRun, t flows.Task, vars map[string]any) (map[string]any, error) {
	ext := str(t.Props["extension"], ".ion")
	if !strings.HasPrefix(ext, ".") {
		ext = "." + ext
	}
	name := t.ID + ext
	uri := e.storagePrefix() + "/tasks/" + t.ID + "/" + tr.id + "/" + name
	if raw, ok := t.Props["size"]; ok {
		size, err := parseSize(raw)
		if err != nil {
			return nil, taskFailure("Write task '%s': %v", t.ID, err)
		}
		e.mu.Lock()
		e.files[uri] = generatedFile(uri, size)
		e.mu.Unlock()
		return map[string]any{"uri": uri}, nil
	}
	content, ok := t.Props["content"]
	if !ok {
		return nil, taskFailure("Write task '%s': content is required", t.ID)
	}
	path := filepath.Join(e.fileDir, "tasks", t.ID, tr.id, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, taskFailure("Write task '%s': %v", t.ID, err)
	}
	if err := os.WriteFile(path, []byte(renderLenient(fmt.Sprint(content), vars)), 0o644); err != nil {
		return nil, taskFailure("Write task '%s': %v", t.ID, err)
	}
	e.mu.Lock()
	e.files[uri] = &outputFile{path: path}
	e.mu.Unlock()
	return map[string]any{"uri": uri}, nil
}

// parseSize reads a byte count: an integer, or a number with a unit (B,
// KB, MB, GB, KiB, MiB, GiB).
func parseSize(raw any) (int64, error) {
	switch n := raw.(type) {
	case int64:
		if n < 0 {
			return 0, fmt.Errorf("size must not be negative")
		}
		return n, nil
	case float64:
		return int64(n), nil
	}
	s := strings.TrimSpace(fmt.Sprint(raw))
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q: want a byte count such as 1048576 or 200MiB", fmt.Sprint(raw))
	}
	return n * mult, nil
}

// storagePrefix is the internal storage URI of the execution's files
// (StorageContext.forExecution).
func (e *Execution) storagePrefix() string {
	return storagePrefix(e.namespace, e.flowID, e.id)
}

// storagePrefix is the internal storage URI of the files of execution id
// of a flow.
func storagePrefix(namespace, flowID, id string) string {
	return "kestra:///" + strings.ReplaceAll(namespace, ".", "/") + "/" + flowID + "/executions/" + id
}
