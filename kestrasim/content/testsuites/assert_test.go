package testsuites

import (
	"strings"
	"testing"
)

func prop(s string) *Property { p := Property(s); return &p }

func testVars() map[string]any {
	return map[string]any{
		"inputs":    map[string]any{"name": "Kestra", "n": int64(42), "my-input": "dashed"},
		"outputs":   map[string]any{"ret": map[string]any{"value": "Hello Kestra"}, "list": map[string]any{"items": []any{"a", int64(2)}}, "nil": map[string]any{"value": nil}},
		"execution": map[string]any{"state": "SUCCESS"},
	}
}

func TestAssertionOperators(t *testing.T) {
	cases := []struct {
		name string
		a    Assertion
		ok   []bool // one per result, in operator order
		err  string // substring of the first run error, if any
	}{
		{"equalTo passes", Assertion{Value: prop("{{ outputs.ret.value }}"), EqualTo: prop("Hello Kestra")}, []bool{true}, ""},
		{"equalTo fails", Assertion{Value: prop("{{ outputs.ret.value }}"), EqualTo: prop("Hello World")}, []bool{false}, ""},
		{"numbers compare as text", Assertion{Value: prop("{{ inputs.n }}"), EqualTo: prop("42")}, []bool{true}, ""},
		{"notEqualTo", Assertion{Value: prop("{{ outputs.ret.value }}"), NotEqualTo: prop("x")}, []bool{true}, ""},
		{"contains, startsWith, endsWith", Assertion{Value: prop("{{ outputs.ret.value }}"), Contains: prop("lo K"), StartsWith: prop("Hell"), EndsWith: prop("tra")}, []bool{true, true, true}, ""},
		{"startsWith fails", Assertion{Value: prop("{{ outputs.ret.value }}"), StartsWith: prop("Bye")}, []bool{false}, ""},
		{"text around expressions", Assertion{Value: prop("name={{ inputs.name }}!"), EqualTo: prop("name=Kestra!")}, []bool{true}, ""},
		{"bracket access", Assertion{Value: prop("{{ inputs['my-input'] }}"), EqualTo: prop("dashed")}, []bool{true}, ""},
		{"list index", Assertion{Value: prop("{{ outputs.list.items[1] }}"), EqualTo: prop("2")}, []bool{true}, ""},
		{"lists print as Java lists", Assertion{Value: prop("{{ outputs.list.items }}"), EqualTo: prop("[a, 2]")}, []bool{true}, ""},
		{"numeric comparisons", Assertion{Value: prop("{{ inputs.n }}"), GreaterThan: prop("41"), GreaterThanOrEqualTo: prop("42"), LessThan: prop("42"), LessThanOrEqualTo: prop("42.0")}, []bool{true, true, false, true}, ""},
		{"in / notIn", Assertion{Value: prop("{{ execution.state }}"), In: prop(`["SUCCESS","WARNING"]`), NotIn: prop(`["FAILED"]`)}, []bool{true, true}, ""},
		{"in fails", Assertion{Value: prop("{{ execution.state }}"), In: prop(`["FAILED"]`)}, []bool{false}, ""},
		{"isNull on a null output", Assertion{Value: prop("{{ outputs.nil.value }}"), IsNull: prop("true")}, []bool{true}, ""},
		{"isNotNull on a value", Assertion{Value: prop("{{ outputs.ret.value }}"), IsNotNull: prop("true")}, []bool{true}, ""},
		{"isNotNull on a null", Assertion{Value: prop("{{ outputs.nil.value }}"), IsNotNull: prop("true")}, []bool{false}, ""},
		{"operator with expression", Assertion{Value: prop("{{ outputs.ret.value }}"), EqualTo: prop("Hello {{ inputs.name }}")}, []bool{true}, ""},
		{"missing variable", Assertion{Value: prop("{{ outputs.nope.value }}"), EqualTo: prop("x")}, nil, "Missing variable: 'outputs.nope'"},
		{"not a number", Assertion{Value: prop("{{ outputs.ret.value }}"), GreaterThan: prop("1")}, nil, "Could not parse value as a Double"},
		{"filters and operators", Assertion{Value: prop("{{ outputs.ret.value | upper }} {{ inputs.n + 1 }}"), EqualTo: prop("HELLO KESTRA 43")}, []bool{true}, ""},
		{"unsupported expression", Assertion{Value: prop("{{ outputs.ret.value | slugify }}"), EqualTo: prop("x")}, nil, "kestrasim does not evaluate the filter slugify"},
		{"index out of bounds", Assertion{Value: prop("{{ outputs.list.items[5] }}"), EqualTo: prop("x")}, nil, "Index 5 out of bounds"},
		{"no operator", Assertion{Value: prop("{{ outputs.ret.value }}")}, nil, "no assertions found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			results, errs := c.a.run(testVars())
			if c.err != "" {
				if len(errs) == 0 {
					t.Fatalf("no error, results %+v", results)
				}
				if !strings.Contains(errs[0].Message+" "+errs[0].Details, c.err) {
					t.Fatalf("error %+v, want %q", errs[0], c.err)
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("errors %+v", errs)
			}
			if len(results) != len(c.ok) {
				t.Fatalf("%d results, want %d: %+v", len(results), len(c.ok), results)
			}
			for i, r := range results {
				if r.IsSuccess != c.ok[i] {
					t.Errorf("result %d (%s): success %v, want %v (%+v)", i, r.Operator, r.IsSuccess, c.ok[i], r)
				}
				if !r.IsSuccess && r.ErrorMessage == "" {
					t.Errorf("result %d (%s) failed without a message", i, r.Operator)
				}
			}
		})
	}
}

func TestAssertionMessages(t *testing.T) {
	a := Assertion{Value: prop("{{ outputs.ret.value }}"), EqualTo: prop("Hello World"), Description: prop("greets {{ inputs.name }}"), TaskID: "ret"}
	results, _ := a.run(testVars())
	r := results[0]
	if r.Operator != "equalTo" || r.Expected != "Hello World" || r.Actual != "Hello Kestra" || r.TaskID != "ret" || r.Description != "greets Kestra" {
		t.Errorf("result %+v", r)
	}
	if want := "expected '{{ outputs.ret.value }}' to equal 'Hello World' but was 'Hello Kestra'"; r.ErrorMessage != want {
		t.Errorf("message %q, want %q", r.ErrorMessage, want)
	}
	a.ErrorMessage = prop("custom for {{ inputs.name }}")
	results, _ = a.run(testVars())
	if results[0].ErrorMessage != "custom for Kestra" {
		t.Errorf("custom message %q", results[0].ErrorMessage)
	}
	gt := Assertion{Value: prop("{{ inputs.n }}"), GreaterThan: prop("50")}
	results, _ = gt.run(testVars())
	if results[0].Expected != 50.0 || results[0].ErrorMessage != "expected '{{ inputs.n }}' to be greater than '50.0' but was '42'" {
		t.Errorf("greaterThan %+v", results[0])
	}
}

func TestParse(t *testing.T) {
	good := `id: suite
namespace: company.team
flowId: hello
testCases:
  - id: case_1
    type: io.kestra.core.tests.flow.UnitTest
    fixtures:
      inputs: {name: Kestra, n: 3}
      files: {data.csv: "a,b"}
      tasks:
        - id: fetch
          outputs: {value: mocked, list: [1, 2]}
    assertions:
      - value: "{{ outputs.greet.value }}"
        equalTo: 200
      - value: "{{ outputs.greet.value }}"
        in: [a, b]
`
	ts, vs := Parse([]byte(good))
	if len(vs) > 0 {
		t.Fatalf("violations %v", vs.Constraints())
	}
	tc := ts.TestCases[0]
	if *tc.Assertions[0].EqualTo != "200" || *tc.Assertions[1].In != `["a","b"]` {
		t.Errorf("properties %q %q", *tc.Assertions[0].EqualTo, *tc.Assertions[1].In)
	}
	if tc.Fixtures.Inputs["n"] != int64(3) || tc.Fixtures.Tasks[0].State != "SUCCESS" || tc.Fixtures.Files["data.csv"] != "a,b" {
		t.Errorf("fixtures %+v", tc.Fixtures)
	}
	bad := []struct{ src, want string }{
		{"id: s\nnamespace: ns\n", "flowId: must not be null\ntestCases: must not be empty"},
		{"id: s\nnamespace: Bad NS\nflowId: f\ntestCases: []\n", "namespace: must match"},
		{"id: s\nnamespace: ns\nflowId: f\ntestCases:\n  - id: c\n    type: io.kestra.core.tests.flow.UnitTest\n    assertions:\n      - value: x\n        equalsTo: 1\n", `Unrecognized field "equalsTo"`},
		{"id: s\nnamespace: ns\nflowId: f\ntestCases:\n  - id: c\n    type: io.kestra.core.tests.flow.UnitTest\n    assertions:\n      - value: x\n", "At least one assertion operator"},
		{"id: s\nnamespace: ns\nflowId: f\ntestCases:\n  - id: c\n    type: Other\n    assertions: []\n", "testCases[0].type: Invalid type: Other"},
		{"id: s\nnamespace: ns\nflowId: f\ntestCases:\n  - id: c\n    type: io.kestra.core.tests.flow.UnitTest\n    expectedState: DONE\n    assertions: []\n", "expectedState: Invalid state 'DONE'"},
		{"id: s\nnamespace: ns\nflowId: f\ntestCases:\n  - id: c\n    type: io.kestra.core.tests.flow.UnitTest\n    assertions: []\n  - id: c\n    type: io.kestra.core.tests.flow.UnitTest\n    assertions: []\n", "Duplicate test case id 'c'"},
	}
	for _, b := range bad {
		_, vs := Parse([]byte(b.src))
		if !strings.Contains(vs.Constraints(), b.want) {
			t.Errorf("%q: constraints %q, want %q", b.src, vs.Constraints(), b.want)
		}
	}
}

func TestSuiteState(t *testing.T) {
	r := func(states ...string) []UnitTestResult {
		var out []UnitTestResult
		for _, s := range states {
			out = append(out, UnitTestResult{State: s})
		}
		return out
	}
	for _, c := range []struct {
		in   []UnitTestResult
		want string
	}{
		{r(StateSuccess, StateSkipped), StateSuccess},
		{r(StateSuccess, StateFailed), StateFailed},
		{r(StateFailed, StateError), StateError},
		{r(StateSkipped), StateSkipped},
		{nil, StateSkipped},
	} {
		if got := suiteState(c.in); got != c.want {
			t.Errorf("%v: %s, want %s", c.in, got, c.want)
		}
	}
}
