package testsuites

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/executions"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Test states (TestState.java).
const (
	StateError   = "ERROR"
	StateSuccess = "SUCCESS"
	StateFailed  = "FAILED"
	StateSkipped = "SKIPPED"
)

// UnitTestResult is the result of one test case (flow/UnitTestResult.java).
type UnitTestResult struct {
	TestID           string              `json:"testId"`
	TestType         string              `json:"testType"`
	ExecutionID      string              `json:"executionId,omitempty"`
	URL              string              `json:"url,omitempty"`
	State            string              `json:"state"`
	AssertionResults []AssertionResult   `json:"assertionResults"`
	Errors           []AssertionRunError `json:"errors"`
	Fixtures         *Fixtures           `json:"fixtures,omitempty"`
}

// RunResult is the result of one run of a test suite
// (TestSuiteRunResult.java).
type RunResult struct {
	ID          string           `json:"id"`
	TestSuiteID string           `json:"testSuiteId"`
	Namespace   string           `json:"namespace"`
	FlowID      string           `json:"flowId"`
	State       string           `json:"state"`
	StartDate   time.Time        `json:"startDate"`
	EndDate     time.Time        `json:"endDate"`
	Results     []UnitTestResult `json:"results"`
}

// FlowSource gives the flow a test suite tests.
type FlowSource interface {
	Get(tenant, ns, id string, revision int, allowDeleted bool) (*flows.Revision, error)
}

// Runner runs test suites: each enabled test case becomes an execution of
// kind TEST of the suite's flow, run with the case's fixtures; its
// assertions are evaluated once the execution has ended.
type Runner struct {
	Flows      FlowSource
	Executions *executions.Store
	Now        func() time.Time
}

// Run runs the test cases of ts (all of them, or those named in only) and
// waits for their executions. A disabled suite is SKIPPED without running
// anything (TestSuiteRunResult.ofDisabledTestSuite).
func (r *Runner) Run(ctx context.Context, tenant, baseURL string, ts *TestSuite, only []string) *RunResult {
	res := &RunResult{ID: ids.New(), TestSuiteID: ts.ID, Namespace: ts.Namespace, FlowID: ts.FlowID, StartDate: r.Now().UTC(), Results: []UnitTestResult{}}
	if ts.Disabled {
		res.State, res.EndDate = StateSkipped, res.StartDate
		return res
	}
	var cases []UnitTest
	for _, tc := range ts.TestCases {
		if len(only) == 0 || slices.Contains(only, tc.ID) {
			cases = append(cases, tc)
		}
	}
	res.Results = make([]UnitTestResult, len(cases))
	var wg sync.WaitGroup
	for i, tc := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res.Results[i] = r.runCase(ctx, tenant, baseURL, ts, tc)
		}()
	}
	wg.Wait()
	res.EndDate = r.Now().UTC()
	res.State = suiteState(res.Results)
	return res
}

// suiteState is TestSuiteRunResult.of: the first ERROR wins, then FAILED;
// SKIPPED when nothing ran.
func suiteState(results []UnitTestResult) string {
	allSkipped, anyFailed := true, false
	for _, r := range results {
		if r.State != StateSkipped {
			allSkipped = false
		}
		switch r.State {
		case StateError:
			return StateError
		case StateFailed:
			anyFailed = true
		}
	}
	switch {
	case anyFailed:
		return StateFailed
	case allSkipped:
		return StateSkipped
	}
	return StateSuccess
}

func (r *Runner) runCase(ctx context.Context, tenant, baseURL string, ts *TestSuite, tc UnitTest) UnitTestResult {
	out := UnitTestResult{TestID: tc.ID, TestType: tc.Type, Fixtures: tc.Fixtures, AssertionResults: []AssertionResult{}, Errors: []AssertionRunError{}}
	if tc.Disabled {
		out.State = StateSkipped
		return out
	}
	errored := func(format string, args ...any) UnitTestResult {
		out.Errors = append(out.Errors, AssertionRunError{Message: fmt.Sprintf(format, args...)})
		out.State = StateError
		return out
	}
	rev, err := r.Flows.Get(tenant, ts.Namespace, ts.FlowID, 0, false)
	if err != nil {
		return errored("Flow with id: '%s' does not exist on Namespace: '%s'.", ts.FlowID, ts.Namespace)
	}
	run := executions.TestRun{Tenant: tenant, Flow: rev}
	if f := tc.Fixtures; f != nil {
		run.Inputs, run.Files = f.Inputs, f.Files
		for _, tf := range f.Tasks {
			// A fixture with a value only matches the task run of that
			// iteration value; the simulator runs no iterations.
			if tf.Value == "" {
				run.Fixtures = append(run.Fixtures, executions.TaskFixture{TaskID: tf.ID, State: tf.State, Outputs: tf.Outputs})
			}
		}
	}
	e, err := r.Executions.StartTest(run)
	if err != nil {
		return errored("Unable to create the test execution: %s", rest.AsError(err).Message)
	}
	snap := e.Wait(ctx)
	out.ExecutionID = snap.ID
	out.URL = baseURL + "/ui/" + tenant + "/executions/" + snap.Namespace + "/" + snap.FlowID + "/" + snap.ID
	if !executions.Terminal(snap.State.Current) {
		return errored("The test execution '%s' did not end (%s)", snap.ID, snap.State.Current)
	}
	vars := runVars(tenant, snap.ID, snap.Namespace, snap.FlowID, snap.FlowRevision, snap.State.Current,
		snap.State.StartDate, snap.Inputs, tc.Fixtures)
	outputs := map[string]any{}
	for _, tr := range snap.TaskRunList {
		if tr.Outputs != nil {
			outputs[tr.TaskID] = tr.Outputs
		}
	}
	vars["outputs"] = outputs
	labels := map[string]any{}
	for _, l := range snap.Labels {
		labels[l.Key] = l.Value
	}
	vars["labels"] = labels
	for i := range tc.Assertions {
		results, errs := tc.Assertions[i].run(vars)
		out.AssertionResults = append(out.AssertionResults, results...)
		out.Errors = append(out.Errors, errs...)
	}
	if tc.ExpectedState != "" {
		ok := snap.State.Current == tc.ExpectedState
		r := AssertionResult{Operator: "expectedState", Expected: tc.ExpectedState, Actual: snap.State.Current, IsSuccess: ok}
		if !ok {
			r.ErrorMessage = fmt.Sprintf("expected the execution to end in '%s' but it ended in '%s'", tc.ExpectedState, snap.State.Current)
		}
		out.AssertionResults = append(out.AssertionResults, r)
	}
	out.State = caseState(out)
	return out
}

// caseState is UnitTestResult.of.
func caseState(r UnitTestResult) string {
	if len(r.Errors) > 0 {
		return StateError
	}
	for _, a := range r.AssertionResults {
		if !a.IsSuccess {
			return StateFailed
		}
	}
	return StateSuccess
}

// runVars are the variables assertions render against.
func runVars(tenant, id, ns, flowID string, revision int, state string, start time.Time, inputs map[string]any, f *Fixtures) map[string]any {
	if inputs == nil {
		inputs = map[string]any{}
	}
	vars := map[string]any{
		"flow":      map[string]any{"id": flowID, "namespace": ns, "revision": int64(revision), "tenantId": tenant},
		"execution": map[string]any{"id": id, "originalId": id, "state": state, "startDate": start.Format(time.RFC3339Nano)},
		"inputs":    inputs,
	}
	if f != nil && f.Trigger != nil {
		trigger := map[string]any{"id": f.Trigger.ID, "type": f.Trigger.Type}
		for k, v := range f.Trigger.Variables {
			trigger[k] = v
		}
		vars["trigger"] = trigger
	}
	return vars
}
