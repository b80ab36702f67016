// Package testreport turns test suite run results into what people and CI
// read: one line per assertion, a verdict, and JUnit XML.
package testreport

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/content/api"
)

// Test states (Kestra's TestState).
const (
	StateSuccess = "SUCCESS"
	StateFailed  = "FAILED"
	StateError   = "ERROR"
	StateSkipped = "SKIPPED"
)

// Failed reports whether a suite or case state is a failure (FAILED or
// ERROR).
func Failed(state string) bool { return state == StateFailed || state == StateError }

// Assertion describes an assertion result in one line: its description
// (or operator and expected value), and, when it failed, why.
func Assertion(a api.AssertionResult) string {
	what := a.Description
	if what == "" {
		what = strings.TrimSpace(a.Operator + " " + value(a.Expected))
	}
	if a.IsSuccess {
		return what
	}
	if a.ErrorMessage != "" {
		if a.Description != "" {
			return a.Description + ": " + a.ErrorMessage
		}
		return a.ErrorMessage
	}
	return fmt.Sprintf("%s: expected %s %s but was %s", what, a.Operator, value(a.Expected), value(a.Actual))
}

// value shows an expected or actual value: strings as they are, the rest
// as JSON.
func value(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// Counts are the test cases of results by state.
type Counts struct {
	Total, Passed, Failed, Errors, Skipped int
}

// Count counts the test cases of results.
func Count(results ...*api.RunResult) Counts {
	var n Counts
	for _, r := range results {
		for _, c := range r.Results {
			n.Total++
			switch c.State {
			case StateSuccess:
				n.Passed++
			case StateFailed:
				n.Failed++
			case StateError:
				n.Errors++
			default:
				n.Skipped++
			}
		}
	}
	return n
}

// String is "3 test cases: 2 passed, 1 failed".
func (n Counts) String() string {
	noun := "test cases"
	if n.Total == 1 {
		noun = "test case"
	}
	parts := []string{}
	for _, p := range []struct {
		n    int
		word string
	}{{n.Passed, "passed"}, {n.Failed, "failed"}, {n.Errors, "in error"}, {n.Skipped, "skipped"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.word))
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%d %s", n.Total, noun)
	}
	return fmt.Sprintf("%d %s: %s", n.Total, noun, strings.Join(parts, ", "))
}

// Row is one line of a run's table: an assertion of a test case (or the
// case itself when it has none, or one of its errors).
type Row struct {
	Suite     string `json:"suite"`
	TestCase  string `json:"testCase"`
	State     string `json:"state"`
	Result    string `json:"result,omitempty"`
	Assertion string `json:"assertion,omitempty"`
	Execution string `json:"execution,omitempty"`
}

// Rows lists the rows of a run result, in the order of its test cases.
func Rows(r *api.RunResult) []Row {
	suite := r.Namespace + "/" + r.TestSuiteID
	var rows []Row
	if len(r.Results) == 0 {
		return []Row{{Suite: suite, TestCase: "-", State: r.State}}
	}
	for _, c := range r.Results {
		base := Row{Suite: suite, TestCase: c.TestID, State: c.State, Execution: c.ExecutionID}
		n := 0
		for _, e := range c.Errors {
			row := base
			row.Result, row.Assertion = "error", e.Message
			if e.Details != "" {
				row.Assertion += ": " + e.Details
			}
			rows = append(rows, row)
			n++
		}
		for _, a := range c.AssertionResults {
			row := base
			row.Result, row.Assertion = "failed", Assertion(a)
			if a.IsSuccess {
				row.Result = "passed"
			}
			rows = append(rows, row)
			n++
		}
		if n == 0 {
			rows = append(rows, base)
		}
	}
	return rows
}
