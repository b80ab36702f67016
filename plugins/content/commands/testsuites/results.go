package testsuites

import (
	"context"
	"encoding/json"
	"time"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// resultColumns are the columns of a list of run results.
func resultColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("ID", "id"), plugin.Col("TEST SUITE", "testSuiteId"), plugin.Col("NAMESPACE", "namespace"),
		plugin.Col("FLOW", "flowId"), {Header: "STATE", Path: "state", Format: "status"}, plugin.Col("STARTED", "started")}
}

// resultRow adds an age column to a run result (table only).
func resultRow(item json.RawMessage) (json.RawMessage, error) {
	var r map[string]any
	if err := json.Unmarshal(item, &r); err != nil {
		return nil, err
	}
	if s, ok := r["startDate"].(string); ok {
		r["started"] = plugin.Age(s, time.Now())
	}
	return json.Marshal(r)
}

// SearchResults is "test-suites search-results".
type SearchResults struct {
	TestSuiteID          string `name:"test-suite-id" placeholder:"ID" help:"Only the results of this test suite id."`
	plugin.NamespaceFlag `embed:""`
	plugin.FlowFlag      `embed:""`
	Sort                 string `placeholder:"FIELD:asc|desc" help:"Sort by startDate, endDate, testSuiteId, namespace, flowId or state (default startDate:desc)."`
	plugin.ListFlags     `embed:""`
}

// Examples implements manifest.Exampler.
func (*SearchResults) Examples() []string {
	return []string{"kestractl test-suites search-results -n company.team", "kestractl test-suites search-results --test-suite-id hello_suite -L 5 -o json"}
}

// Run lists the run results.
func (s *SearchResults) Run(c *plugin.Context) error {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	q := api.TestSuiteQuery(s.Namespace, s.Flow)
	if s.TestSuiteID != "" {
		q.Set("testSuiteId", s.TestSuiteID)
	}
	if s.Sort != "" {
		q.Set("sort", s.Sort)
	}
	err = c.List(s.ListFlags, plugin.Listing{Noun: "test suite result", Columns: resultColumns(), Path: cl.TestResultsPath(), Query: q, Row: resultRow,
		Namespace: s.Namespace})
	return fail(c, err, "")
}

// LastResult is "test-suites last-result --id namespace/id...".
type LastResult struct {
	ID []string `name:"id" required:"" placeholder:"NAMESPACE/ID" help:"A test suite, as namespace/id (repeatable)."`
}

// Examples implements manifest.Exampler.
func (*LastResult) Examples() []string {
	return []string{"kestractl test-suites last-result --id company.team/hello_suite", "kestractl test-suites last-result --id company.team/a --id company.team/b -o json"}
}

// Run shows the last result of each test suite.
func (l *LastResult) Run(c *plugin.Context) error {
	var ids []api.SuiteID
	for _, s := range l.ID {
		id, err := parseSuiteID(s)
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	err = c.List(plugin.ListFlags{All: true}, plugin.Listing{Noun: "test suite result", Columns: resultColumns(), Row: resultRow,
		Fetch: func(ctx context.Context) ([]json.RawMessage, error) { return cl.LastTestResults(ctx, ids) }})
	return fail(c, err, "")
}

// GetResult is "test-suites get-result <result-id>".
type GetResult struct {
	ResultID string `arg:"" name:"result-id" help:"The run result's id (from run -o json or search-results)."`
}

// Examples implements manifest.Exampler.
func (*GetResult) Examples() []string {
	return []string{"kestractl test-suites get-result 5Kq1Qe0Y3bC9sQ0pXj2Zf", "kestractl test-suites get-result 5Kq1Qe0Y3bC9sQ0pXj2Zf -o json"}
}

// Run shows a run result.
func (g *GetResult) Run(c *plugin.Context) error {
	if err := cmdutil.CheckID("result id", g.ResultID); err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, res, err := cl.GetTestResult(c, g.ResultID)
	if err != nil {
		return fail(c, err, "test suite result %q not found", g.ResultID)
	}
	return show(c, raw, []*api.RunResult{res})
}
