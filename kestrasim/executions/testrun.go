package executions

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// This file lets test suites (kestrasim/content/testsuites) run a flow with
// fixtures. Kestra keeps the fixtures on the execution, of kind TEST, and
// its executor never sends a task run that has one to a worker: the task
// run takes the fixture's state and outputs instead
// (Execution.getFixtureForTaskRun and ExecutorService.handleWorkerTask in
// kestra-io/kestra core).

// KindTest is the kind of the executions test suites start
// (ExecutionKind.TEST).
const KindTest = "TEST"

// TaskFixture replaces the run of one task of a test execution.
type TaskFixture struct {
	TaskID string
	// State is the state the task run ends in (default SUCCESS): a
	// terminal state.
	State string
	// Outputs are the task's outputs; their strings are rendered
	// ({{ inputs.x }}, {{ outputs.t.value }}, {{ files.name }} ...).
	Outputs map[string]any
}

// TestRun describes an execution of kind TEST started by a test suite.
type TestRun struct {
	Tenant string
	Flow   *flows.Revision
	// Inputs are typed fixture values (strings, numbers, lists, maps,
	// kestra:// URIs), validated like a trigger's; a FILE input given as
	// text is stored as an uploaded file.
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

// fixture returns the fixture of a task, if any.
func (t *testRun) fixture(taskID string) (TaskFixture, bool) {
	if t == nil {
		return TaskFixture{}, false
	}
	f, ok := t.fixtures[taskID]
	return f, ok
}

// StartTest validates the inputs of run, then creates and starts an
// execution of kind TEST through Create. Invalid inputs are a 422 and a
// disabled flow a 409, as when creating an execution.
func (s *Store) StartTest(run TestRun) (*Execution, error) {
	if run.Flow == nil || run.Flow.Def == nil {
		return nil, fmt.Errorf("start test execution: no flow")
	}
	def := run.Flow.Def
	id := ids.New()
	dir := s.dirOf(run.Tenant, id)
	prefix := storagePrefix(def.Namespace, def.ID, id)
	fail := func(err error) (*Execution, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	values := maps.Clone(run.Inputs)
	uploads := map[string]string{}
	for _, in := range def.Inputs {
		text, ok := values[in.ID].(string)
		if in.Type != "FILE" || !ok || strings.HasPrefix(text, "kestra://") || strings.HasPrefix(text, "nsfile://") {
			continue
		}
		path, err := writeFile(filepath.Join(dir, "inputs", in.ID), in.ID, text)
		if err != nil {
			return fail(err)
		}
		uri := prefix + "/inputs/" + in.ID + "/" + in.ID
		uploads[uri], values[in.ID] = path, uri
	}
	test := &testRun{fixtures: map[string]TaskFixture{}, files: map[string]any{}}
	names := slices.Sorted(maps.Keys(run.Files))
	for i, name := range names {
		if name == "" || strings.ContainsAny(name, "/\\") {
			return fail(rest.Invalid(rest.Violation{Path: "fixtures.files", Message: fmt.Sprintf("invalid file name '%s'", name)}))
		}
		path, err := writeFile(filepath.Join(dir, "files"), strconv.Itoa(i), run.Files[name])
		if err != nil {
			return fail(err)
		}
		uri := prefix + "/files/" + name
		uploads[uri], test.files[name] = path, uri
	}
	for _, f := range run.Fixtures {
		test.fixtures[f.TaskID] = f
	}
	e, _, err := s.create(CreateRequest{
		Tenant: run.Tenant, Flow: run.Flow, Values: values, Kind: KindTest, ID: id, Files: uploads, test: test,
	})
	if err != nil {
		return fail(err)
	}
	return e, nil
}

// runFixture ends a task run with its fixture instead of running the task:
// the task run goes to the fixture's state with the fixture's outputs,
// rendered. It has no attempt: no worker ran it. A fixture may only end a
// task run (SUCCESS, WARNING, FAILED, KILLED, CANCELLED, SKIPPED); another
// state fails the task run, saying so.
func (s *Store) runFixture(e *Execution, tr *taskRun, t flows.Task, f TaskFixture) string {
	final := strings.ToUpper(f.State)
	if final == "" {
		final = Success
	}
	if !Terminal(final) || final == Retried {
		s.log(e, tr, "ERROR", fmt.Sprintf("The test fixture of task '%s' ends it in %s: kestrasim ends a mocked task only in a terminal state (SUCCESS, WARNING, FAILED, KILLED, CANCELLED, SKIPPED)", t.ID, final))
		final = Failed
	}
	var outputs map[string]any
	if f.Outputs != nil {
		vars := e.vars(tr)
		vars["files"] = e.test.files
		outputs, _ = renderValue(f.Outputs, vars).(map[string]any)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	tr.outputs = outputs
	if !legal(taskRunTransitions, tr.state.current(), final) {
		e.setTaskRunState(tr, Running)
	}
	e.setTaskRunState(tr, final)
	return final
}

// Wait blocks until the execution ends, ctx is done or the server stops,
// and returns its latest snapshot.
func (e *Execution) Wait(ctx context.Context) ExecutionJSON {
	for {
		snap, ch := e.watch()
		if Terminal(snap.State.Current) {
			return snap
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return snap
		case <-e.store.ctx.Done():
			return snap
		}
	}
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
