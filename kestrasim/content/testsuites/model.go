// Package testsuites serves Kestra's test suites ("unit tests" of flows):
// CRUD of the YAML suites, and runs in which each test case executes its
// flow with fixtures (inputs, files, task mocks) and evaluates assertions,
// with searchable results.
//
// Models follow kestra-io/kestra core/src/main/java/io/kestra/core/test:
// TestSuite.java, flow/UnitTest.java, flow/Fixtures.java,
// flow/TaskFixture.java, flow/TriggerFixture.java, flow/Assertion.java,
// TestSuiteRunResult.java, flow/UnitTestResult.java.
package testsuites

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/kestrasim/content/source"
)

// UnitTestType is the one test case type Kestra defines.
const UnitTestType = "io.kestra.core.tests.flow.UnitTest"

// states is the State.Type enum of the document.
var states = []string{
	"CREATED", "SUBMITTED", "RUNNING", "PAUSED", "RESTARTED", "KILLING", "SUCCESS", "WARNING", "FAILED",
	"KILLED", "CANCELLED", "QUEUED", "RETRYING", "RETRIED", "SKIPPED", "BREAKPOINT", "RESUBMITTED",
}

// Property is Kestra's Property<T>: whatever the YAML holds, kept as the
// expression text it renders from (a list or a mapping as JSON), and
// answered as that string (Property.PropertyDeserializer/Serializer).
type Property string

// UnmarshalYAML implements yaml.Unmarshaler.
func (p *Property) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*p = Property(n.Value)
		return nil
	}
	v, err := source.Value(n)
	if err != nil {
		return err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	*p = Property(data)
	return nil
}

// Values is a free-form mapping (fixture inputs, outputs, variables),
// decoded as JSON-compatible values.
type Values map[string]any

// UnmarshalYAML implements yaml.Unmarshaler.
func (v *Values) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: must be a mapping", n.Line)
	}
	val, err := source.Value(n)
	if err != nil {
		return err
	}
	*v = val.(map[string]any)
	return nil
}

// Assertion is one assertion of a test case: value is rendered, then
// compared with every operator that is set.
type Assertion struct {
	Value                *Property `yaml:"value" json:"value,omitempty"`
	TaskID               string    `yaml:"taskId" json:"taskId,omitempty"`
	ErrorMessage         *Property `yaml:"errorMessage" json:"errorMessage,omitempty"`
	Description          *Property `yaml:"description" json:"description,omitempty"`
	EndsWith             *Property `yaml:"endsWith" json:"endsWith,omitempty"`
	StartsWith           *Property `yaml:"startsWith" json:"startsWith,omitempty"`
	Contains             *Property `yaml:"contains" json:"contains,omitempty"`
	EqualTo              *Property `yaml:"equalTo" json:"equalTo,omitempty"`
	NotEqualTo           *Property `yaml:"notEqualTo" json:"notEqualTo,omitempty"`
	GreaterThan          *Property `yaml:"greaterThan" json:"greaterThan,omitempty"`
	GreaterThanOrEqualTo *Property `yaml:"greaterThanOrEqualTo" json:"greaterThanOrEqualTo,omitempty"`
	LessThan             *Property `yaml:"lessThan" json:"lessThan,omitempty"`
	LessThanOrEqualTo    *Property `yaml:"lessThanOrEqualTo" json:"lessThanOrEqualTo,omitempty"`
	In                   *Property `yaml:"in" json:"in,omitempty"`
	NotIn                *Property `yaml:"notIn" json:"notIn,omitempty"`
	IsNull               *Property `yaml:"isNull" json:"isNull,omitempty"`
	IsNotNull            *Property `yaml:"isNotNull" json:"isNotNull,omitempty"`
}

// hasOperator is Assertion.hasAtLeastOneAssertion.
func (a *Assertion) hasOperator() bool {
	for _, p := range []*Property{a.EndsWith, a.StartsWith, a.Contains, a.EqualTo, a.NotEqualTo, a.GreaterThan,
		a.GreaterThanOrEqualTo, a.LessThan, a.LessThanOrEqualTo, a.In, a.NotIn, a.IsNull, a.IsNotNull} {
		if p != nil {
			return true
		}
	}
	return false
}

// TaskFixture mocks one task: it is not run, and its task run ends in State
// (default SUCCESS) with Outputs.
type TaskFixture struct {
	ID          string    `yaml:"id" json:"id"`
	Value       string    `yaml:"value" json:"value,omitempty"`
	State       string    `yaml:"state" json:"state,omitempty"`
	Outputs     Values    `yaml:"outputs" json:"outputs,omitempty"`
	Assets      []Values  `yaml:"assets" json:"assets,omitempty"`
	Description *Property `yaml:"description" json:"description,omitempty"`
}

// TriggerFixture is the trigger a test execution pretends to come from.
type TriggerFixture struct {
	ID        string `yaml:"id" json:"id"`
	Type      string `yaml:"type" json:"type"`
	Variables Values `yaml:"variables" json:"variables,omitempty"`
}

// Fixtures set up a test case: inputs, inline files, task mocks, trigger.
type Fixtures struct {
	Inputs  Values            `yaml:"inputs" json:"inputs,omitempty"`
	Files   map[string]string `yaml:"files" json:"files,omitempty"`
	Tasks   []TaskFixture     `yaml:"tasks" json:"tasks,omitempty"`
	Trigger *TriggerFixture   `yaml:"trigger" json:"trigger,omitempty"`
}

// UnitTest is one test case.
type UnitTest struct {
	ID          string      `yaml:"id" json:"id"`
	Type        string      `yaml:"type" json:"type"`
	Disabled    bool        `yaml:"disabled" json:"disabled"`
	Description string      `yaml:"description" json:"description,omitempty"`
	Fixtures    *Fixtures   `yaml:"fixtures" json:"fixtures,omitempty"`
	Assertions  []Assertion `yaml:"assertions" json:"assertions"`
	// ExpectedState is the state the test execution must end in (Kestra
	// 2.0: "flow unit tests can now assert that a test case ends in
	// FAILED, WARNING, or KILLED").
	ExpectedState string `yaml:"expectedState" json:"expectedState,omitempty"`
}

// TestSuite is a stored test suite.
type TestSuite struct {
	ID          string     `yaml:"id" json:"id"`
	TenantID    string     `yaml:"-" json:"tenantId,omitempty"`
	Description string     `yaml:"description" json:"description,omitempty"`
	Namespace   string     `yaml:"namespace" json:"namespace"`
	FlowID      string     `yaml:"flowId" json:"flowId"`
	Source      string     `yaml:"-" json:"source,omitempty"`
	TestCases   []UnitTest `yaml:"testCases" json:"testCases"`
	Deleted     bool       `yaml:"-" json:"deleted"`
	Disabled    bool       `yaml:"disabled" json:"disabled"`
}

// Parse reads and validates a test suite source (everything but the
// existence of its flow, which the caller checks).
func Parse(src []byte) (*TestSuite, source.Violations) {
	var ts TestSuite
	var vs source.Violations
	if err := source.Decode(src, &ts); err != nil {
		vs.Add("", "Unable to parse test suite: %v", err)
		return nil, vs
	}
	vs.Identifier("id", ts.ID, source.IDPattern, 0)
	vs.Identifier("namespace", ts.Namespace, source.NamespacePattern, 150)
	vs.Identifier("flowId", ts.FlowID, source.FlowIDPattern, 100)
	if len(ts.TestCases) == 0 {
		vs.Add("testCases", "must not be empty")
	}
	seen := map[string]bool{}
	for i, tc := range ts.TestCases {
		path := fmt.Sprintf("testCases[%d]", i)
		switch {
		case tc.ID == "":
			vs.Add(path+".id", "must not be null")
		case seen[tc.ID]:
			vs.Add(path+".id", "Duplicate test case id '%s'", tc.ID)
		}
		seen[tc.ID] = true
		switch {
		case tc.Type == "":
			vs.Add(path+".type", "must not be null")
		case tc.Type != UnitTestType:
			vs.Add(path+".type", "Invalid type: %s (the test case type is %s)", tc.Type, UnitTestType)
		}
		if tc.ExpectedState != "" && !slices.Contains(states, tc.ExpectedState) {
			vs.Add(path+".expectedState", "Invalid state '%s', allowed values: %s", tc.ExpectedState, strings.Join(states, ", "))
		}
		if tc.Assertions == nil {
			vs.Add(path+".assertions", "must not be null")
		}
		for j := range tc.Assertions {
			a := &tc.Assertions[j]
			apath := fmt.Sprintf("%s.assertions[%d]", path, j)
			if a.Value == nil {
				vs.Add(apath+".value", "must not be null")
			}
			if !a.hasOperator() {
				vs.Add(apath, "At least one assertion operator must be set (equalTo, notEqualTo, contains, startsWith, endsWith, greaterThan, greaterThanOrEqualTo, lessThan, lessThanOrEqualTo, in, notIn, isNull, isNotNull)")
			}
		}
		if tc.Fixtures == nil {
			continue
		}
		for j, f := range tc.Fixtures.Tasks {
			fpath := fmt.Sprintf("%s.fixtures.tasks[%d]", path, j)
			if f.ID == "" {
				vs.Add(fpath+".id", "must not be null")
			}
			if f.State != "" && !slices.Contains(states, f.State) {
				vs.Add(fpath+".state", "Invalid state '%s', allowed values: %s", f.State, strings.Join(states, ", "))
			}
		}
		if tr := tc.Fixtures.Trigger; tr != nil && (tr.ID == "" || tr.Type == "") {
			vs.Add(path+".fixtures.trigger", "id and type must not be null")
		}
	}
	if len(vs) > 0 {
		return &ts, vs
	}
	for i := range ts.TestCases {
		if f := ts.TestCases[i].Fixtures; f != nil {
			for j := range f.Tasks {
				if f.Tasks[j].State == "" {
					f.Tasks[j].State = "SUCCESS"
				}
			}
		}
	}
	return &ts, nil
}

// withSource returns a copy of ts carrying its stored attributes.
func (ts *TestSuite) withSource(tenant, src string, deleted bool) *TestSuite {
	c := *ts
	c.TenantID, c.Source, c.Deleted = tenant, src, deleted
	return &c
}

// Key is the store key of a test suite.
func Key(ns, id string) string { return ns + "/" + id }
