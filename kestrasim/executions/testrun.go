package executions

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// This file lets test suites (kestrasim/content/testsuites) run a flow with
// fixtures. Kestra keeps the fixtures on the execution and its executor
// never sends a task run that has one to a worker: the task run takes the
// fixture's state and outputs instead (Execution.getFixtureForTaskRun and
// ExecutorService.handleWorkerTask in kestra-io/kestra core).

// TaskFixture replaces the run of one task of a test execution.
type TaskFixture struct {
	TaskID string
	// State is the state the task run ends in (default SUCCESS). WARNING
	// gives a warning; FAILED, KILLED and other failing states fail the
	// task run.
	State string
	// Outputs are the task's outputs; their strings are rendered
	// ({{ inputs.x }}, {{ outputs.t.value }}, {{ files.name }} ...).
	Outputs map[string]any
}

// TestRun describes an execution of kind TEST started by a test suite.
type TestRun struct {
	Tenant string
	Flow   *flows.Revision
	// Inputs are typed fixture values (strings, numbers, lists, maps); a
	// FILE input given as text is stored as an uploaded file.
	Inputs map[string]any
	// Files are inline file fixtures (name -> content), stored with the
	// execution and available to fixture outputs as {{ files.name }}.
	Files    map[string]string
	Fixtures []TaskFixture
}

// testRun is the test part of an execution.
type testRun struct {
	fixtures map[string]TaskFixture
	// files maps each file fixture name to its kestra:// URI.
	files map[string]any
}

// fixtureWarning is the "error" of a task whose fixture ends it in WARNING.
type fixtureWarning struct{ task string }

func (w fixtureWarning) Error() string {
	return fmt.Sprintf("Task '%s' ended in WARNING (test fixture)", w.task)
}

func isFixtureWarning(err error) bool {
	var w fixtureWarning
	return errors.As(err, &w)
}

// fixture applies the fixture of task t, if any: mocked reports whether
// the task was replaced.
func (tr *testRun) fixture(e *Execution, t flows.Task) (outputs map[string]any, mocked bool, err error) {
	if tr == nil {
		return nil, false, nil
	}
	f, ok := tr.fixtures[t.ID]
	if !ok {
		return nil, false, nil
	}
	vars := e.vars()
	vars["files"] = tr.files
	if f.Outputs != nil {
		outputs, _ = renderValue(f.Outputs, vars).(map[string]any)
	}
	switch strings.ToUpper(f.State) {
	case "", Success, Skipped:
		return outputs, true, nil
	case Warning:
		return outputs, true, fixtureWarning{task: t.ID}
	default:
		return outputs, true, fmt.Errorf("the test fixture of task '%s' ends it in %s", t.ID, strings.ToUpper(f.State))
	}
}

// renderValue renders every string of a JSON-like value.
func renderValue(v any, vars map[string]any) any {
	switch x := v.(type) {
	case string:
		return render(x, vars)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, item := range x {
			out[k] = renderValue(item, vars)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = renderValue(item, vars)
		}
		return out
	}
	return v
}

// inputText is how a typed fixture input is submitted.
func inputText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case map[string]any, []any:
		data, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(data)
	}
	return fmt.Sprint(v)
}

// StartTest validates the inputs of run, then stores and starts an
// execution of kind TEST. dir is where executions keep their files. Invalid
// inputs are a 422, as when creating an execution.
func (s *Store) StartTest(dir string, run TestRun) (*Execution, error) {
	def := run.Flow.Def
	if def.Disabled {
		return nil, rest.Conflict("Cannot execute disabled flow '%s' in namespace '%s'", def.ID, def.Namespace)
	}
	id := newID()
	edir := filepath.Join(dir, run.Tenant, id)
	values := make(map[string]formValue, len(run.Inputs))
	for k, v := range run.Inputs {
		values[k] = formValue{value: inputText(v)}
	}
	fail := func(err error) (*Execution, error) {
		os.RemoveAll(edir)
		return nil, err
	}
	for _, in := range def.Inputs {
		v, ok := values[in.ID]
		if in.Type != "FILE" || !ok || strings.HasPrefix(v.value, "kestra://") || strings.HasPrefix(v.value, "nsfile://") {
			continue
		}
		path, err := writeFile(filepath.Join(edir, "inputs"), in.ID, v.value)
		if err != nil {
			return fail(err)
		}
		values[in.ID] = formValue{fileName: in.ID, file: path}
	}
	inputs, vs := resolveInputs(def, values, func(input, name string) string {
		return fileURI(def.Namespace, def.ID, id, "inputs/"+input+"/"+name)
	})
	if len(vs) > 0 {
		return fail(rest.Invalid(vs...))
	}
	files := inputFiles(values, def.Namespace, def.ID, id)
	test := &testRun{fixtures: map[string]TaskFixture{}, files: map[string]any{}}
	for i, name := range sortedKeys(run.Files) {
		if name == "" || strings.ContainsAny(name, "/\\") {
			return fail(rest.Invalid(rest.Violation{Path: "fixtures.files", Message: fmt.Sprintf("invalid file name '%s'", name)}))
		}
		path, err := writeFile(filepath.Join(edir, "files"), strconv.Itoa(i), run.Files[name])
		if err != nil {
			return fail(err)
		}
		uri := fileURI(def.Namespace, def.ID, id, "files/"+name)
		files[uri] = path
		test.files[name] = uri
	}
	for _, f := range run.Fixtures {
		test.fixtures[f.TaskID] = f
	}
	now := s.now().UTC()
	e := &Execution{
		tenant: run.Tenant, id: id, namespace: def.Namespace, flowID: def.ID, flowRevision: run.Flow.Revision,
		def: def, inputs: inputs, labels: mergeLabels(def.Labels, nil),
		state: newState(now), created: now, kind: "TEST",
		changed: make(chan struct{}), now: s.now, test: test, files: files,
	}
	if outs, ok := def.Doc["outputs"].([]any); ok {
		e.flowOutputs = outs
	}
	s.add(e)
	return e, nil
}

// Wait blocks until the execution ends or ctx is done and returns its
// latest snapshot.
func (e *Execution) Wait(ctx context.Context) executionJSON {
	for {
		snap, ch := e.watch()
		if Terminal(snap.State.Current) {
			return snap
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return snap
		}
	}
}

// LogLines returns the log lines of the execution so far.
func (e *Execution) LogLines() []LogEntry {
	lines, _, _ := e.logsFrom(0)
	return lines
}

func writeFile(dir, name, content string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("store test file: %w", err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		return "", fmt.Errorf("store test file: %w", err)
	}
	return path, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
