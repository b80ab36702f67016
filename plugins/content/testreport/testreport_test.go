package testreport

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/plugins/content/api"
)

func sample() *api.RunResult {
	start := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	return &api.RunResult{ID: "r1", TestSuiteID: "greet_suite", Namespace: "qa.team", FlowID: "greet", State: "FAILED",
		StartDate: start, EndDate: start.Add(1500 * time.Millisecond),
		Results: []api.UnitTestResult{
			{TestID: "greets_by_name", State: "FAILED", ExecutionID: "e1", URL: "http://x/e1", AssertionResults: []api.AssertionResult{
				{Operator: "equalTo", Expected: "Hello", Actual: "Helo", Description: "greeting text",
					ErrorMessage: "expected '{{ outputs.greeting.value }}' to equal 'Hello' but was 'Helo'"},
				{Operator: "greaterThanOrEqualTo", Expected: 200.0, Actual: 200.0, IsSuccess: true},
			}},
			{TestID: "ends_well", State: "SUCCESS", AssertionResults: []api.AssertionResult{{Operator: "in", Expected: []any{"SUCCESS"}, IsSuccess: true}}},
			{TestID: "broken", State: "ERROR", Errors: []api.RunError{{Message: "cannot render", Details: "no output x"}}},
			{TestID: "off", State: "SKIPPED"},
		}}
}

func TestAssertion(t *testing.T) {
	tests := []struct {
		a    api.AssertionResult
		want string
	}{
		{api.AssertionResult{Operator: "equalTo", Expected: "a", Description: "greeting", ErrorMessage: "expected x"}, "greeting: expected x"},
		{api.AssertionResult{Operator: "equalTo", Expected: "a", ErrorMessage: "expected x"}, "expected x"},
		{api.AssertionResult{Operator: "greaterThan", Expected: 3.0, IsSuccess: true}, "greaterThan 3"},
		{api.AssertionResult{Operator: "in", Expected: []any{"A", "B"}, Actual: "C"}, `in ["A","B"]: expected in ["A","B"] but was C`},
		{api.AssertionResult{Operator: "isNull", Description: "no error", IsSuccess: true}, "no error"},
	}
	for _, tt := range tests {
		if got := Assertion(tt.a); got != tt.want {
			t.Errorf("Assertion(%+v) = %q, want %q", tt.a, got, tt.want)
		}
	}
}

func TestCountsAndRows(t *testing.T) {
	r := sample()
	n := Count(r)
	if n.String() != "4 test cases: 1 passed, 1 failed, 1 in error, 1 skipped" {
		t.Errorf("counts %q", n.String())
	}
	rows := Rows(r)
	if len(rows) != 5 || rows[0].Result != "failed" || rows[1].Result != "passed" || rows[3].Result != "error" ||
		rows[3].Assertion != "cannot render: no output x" || rows[4].TestCase != "off" || rows[4].Result != "" {
		t.Errorf("rows %+v", rows)
	}
	if !Failed("ERROR") || !Failed("FAILED") || Failed("SKIPPED") || Failed("SUCCESS") {
		t.Error("Failed")
	}
}

func TestJUnit(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJUnit(&b, []*api.RunResult{sample()}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), xml.Header) {
		t.Errorf("no XML header:\n%s", b.String())
	}
	var doc junitSuites
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if doc.Tests != 4 || doc.Failures != 1 || doc.Errors != 1 || doc.Skipped != 1 || doc.Time != "1.500" {
		t.Errorf("totals %+v", doc)
	}
	s := doc.Suites[0]
	if s.Name != "qa.team.greet_suite" || s.Timestamp != "2026-12-04T10:00:00" || len(s.Cases) != 4 {
		t.Fatalf("suite %+v", s)
	}
	f := s.Cases[0].Failure
	if f == nil || f.Message != "greeting text: expected '{{ outputs.greeting.value }}' to equal 'Hello' but was 'Helo'" || s.Cases[0].Classname != "qa.team.greet_suite" {
		t.Errorf("failure %+v", s.Cases[0])
	}
	if !strings.Contains(s.Cases[0].SystemOut, "execution: e1") || !strings.Contains(s.Cases[0].SystemOut, "passed: greaterThanOrEqualTo 200") {
		t.Errorf("system-out %q", s.Cases[0].SystemOut)
	}
	if s.Cases[1].Failure != nil || s.Cases[1].Error != nil || s.Cases[2].Error == nil || s.Cases[2].Error.Message != "cannot render: no output x" || s.Cases[3].Skipped == nil {
		t.Errorf("cases %+v", s.Cases)
	}
	// Markup in messages is escaped.
	r := sample()
	r.Results[0].AssertionResults[0].ErrorMessage = `<b>"&'`
	b.Reset()
	if err := WriteJUnit(&b, []*api.RunResult{r}); err != nil {
		t.Fatal(err)
	}
	var again junitSuites
	if err := xml.Unmarshal(b.Bytes(), &again); err != nil || again.Suites[0].Cases[0].Failure.Message != `greeting text: <b>"&'` {
		t.Errorf("escaping: %v %+v", err, again.Suites[0].Cases[0].Failure)
	}
}
