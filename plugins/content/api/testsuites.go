package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// TestSuite is the part of a TestSuite the commands read.
type TestSuite struct {
	ID        string `json:"id"`
	Namespace string `json:"namespace"`
	FlowID    string `json:"flowId"`
	Source    string `json:"source"`
	Disabled  bool   `json:"disabled"`
}

// SuiteID is TestSuiteController.TestSuiteApiId.
type SuiteID struct {
	Namespace string `json:"namespace"`
	ID        string `json:"id"`
}

// RunResult is TestSuiteRunResult.
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

// UnitTestResult is the result of one test case.
type UnitTestResult struct {
	TestID           string            `json:"testId"`
	TestType         string            `json:"testType"`
	ExecutionID      string            `json:"executionId"`
	URL              string            `json:"url"`
	State            string            `json:"state"`
	AssertionResults []AssertionResult `json:"assertionResults"`
	Errors           []RunError        `json:"errors"`
}

// AssertionResult is the outcome of one assertion operator.
type AssertionResult struct {
	Operator     string `json:"operator"`
	Expected     any    `json:"expected"`
	Actual       any    `json:"actual"`
	IsSuccess    bool   `json:"isSuccess"`
	Description  string `json:"description"`
	ErrorMessage string `json:"errorMessage"`
	TaskID       string `json:"taskId"`
}

// RunError is AssertionRunError: an assertion that could not be evaluated.
type RunError struct {
	Message string `json:"message"`
	Details string `json:"details"`
}

// ByQueryResult is TestSuiteService.TestRunByQueryResult.
type ByQueryResult struct {
	NumberOfTestSuitesToBeRun int          `json:"numberOfTestSuitesToBeRun"`
	NumberOfTestCasesToBeRun  int          `json:"numberOfTestCasesToBeRun"`
	Results                   []*RunResult `json:"results"`
}

// TestSuitesPath is the test suite search endpoint.
func (c *Client) TestSuitesPath() string { return c.path("tests", "search") }

// TestResultsPath is the test result search endpoint.
func (c *Client) TestResultsPath() string { return c.path("tests", "results", "search") }

// GetTestSuite reads a test suite.
func (c *Client) GetTestSuite(ctx context.Context, ns, id string) (json.RawMessage, *TestSuite, error) {
	raw, err := c.get(ctx, c.path("tests", ns, id), nil)
	if err != nil {
		return nil, nil, err
	}
	ts, err := decode[TestSuite](raw)
	return raw, &ts, err
}

// CreateTestSuite creates a test suite from its YAML source.
func (c *Client) CreateTestSuite(ctx context.Context, src []byte) (json.RawMessage, *TestSuite, error) {
	raw, err := c.sendYAML(ctx, http.MethodPost, c.path("tests"), nil, src)
	if err != nil {
		return nil, nil, err
	}
	ts, err := decode[TestSuite](raw)
	return raw, &ts, err
}

// UpdateTestSuite replaces a test suite's source.
func (c *Client) UpdateTestSuite(ctx context.Context, ns, id string, src []byte) (json.RawMessage, *TestSuite, error) {
	raw, err := c.sendYAML(ctx, http.MethodPut, c.path("tests", ns, id), nil, src)
	if err != nil {
		return nil, nil, err
	}
	ts, err := decode[TestSuite](raw)
	return raw, &ts, err
}

// DeleteTestSuite deletes a test suite.
func (c *Client) DeleteTestSuite(ctx context.Context, ns, id string) error {
	return c.del(ctx, c.path("tests", ns, id))
}

// ValidateTestSuite validates a test suite source.
func (c *Client) ValidateTestSuite(ctx context.Context, src []byte) (*Validation, error) {
	return c.validate(ctx, c.path("tests", "validate"), src)
}

// RunTestSuite runs a test suite (all its test cases, or those named) and
// answers once every case has ended. timeout bounds the request (0: the
// client's).
func (c *Client) RunTestSuite(ctx context.Context, ns, id string, cases []string, timeout time.Duration) (json.RawMessage, *RunResult, error) {
	req := &kestra.Request{Method: http.MethodPost, Path: c.path("tests", ns, id, "run"), Timeout: timeout}
	body := map[string]any{}
	if len(cases) > 0 {
		body["testCases"] = cases
	}
	if err := req.JSONBody(body); err != nil {
		return nil, nil, err
	}
	var raw json.RawMessage
	if err := c.K.JSON(ctx, req, &raw); err != nil {
		return nil, nil, err
	}
	res, err := decode[RunResult](raw)
	return raw, &res, err
}

// RunTestSuitesByQuery runs every test suite of a namespace (and its
// children) or of a flow.
func (c *Client) RunTestSuitesByQuery(ctx context.Context, ns, flowID string, children bool, timeout time.Duration) (json.RawMessage, *ByQueryResult, error) {
	body := map[string]any{"includeChildNamespaces": children}
	if ns != "" {
		body["namespace"] = ns
	}
	if flowID != "" {
		body["flowId"] = flowID
	}
	req := &kestra.Request{Method: http.MethodPost, Path: c.path("tests", "run"), Timeout: timeout}
	if err := req.JSONBody(body); err != nil {
		return nil, nil, err
	}
	var raw json.RawMessage
	if err := c.K.JSON(ctx, req, &raw); err != nil {
		return nil, nil, err
	}
	res, err := decode[ByQueryResult](raw)
	return raw, &res, err
}

// BulkTestSuites deletes, enables or disables test suites by id (action:
// "delete", "enable" or "disable") and answers how many it changed.
func (c *Client) BulkTestSuites(ctx context.Context, action string, ids []SuiteID) (int, error) {
	body := map[string]any{"ids": ids}
	var raw json.RawMessage
	var err error
	switch action {
	case "delete":
		raw, err = c.sendJSON(ctx, http.MethodDelete, c.path("tests", "by-ids"), nil, body, false)
	default:
		raw, err = c.sendJSON(ctx, http.MethodPost, c.path("tests", action, "by-ids"), nil, body, true)
	}
	if err != nil || raw == nil {
		return 0, err
	}
	n, err := decode[BulkCount](raw)
	return n.Count, err
}

// GetTestResult reads a test suite run result.
func (c *Client) GetTestResult(ctx context.Context, id string) (json.RawMessage, *RunResult, error) {
	raw, err := c.get(ctx, c.path("tests", "results", id), nil)
	if err != nil {
		return nil, nil, err
	}
	res, err := decode[RunResult](raw)
	return raw, &res, err
}

// LastTestResults reads the last result of each test suite.
func (c *Client) LastTestResults(ctx context.Context, ids []SuiteID) ([]json.RawMessage, error) {
	raw, err := c.sendJSON(ctx, http.MethodPost, c.path("tests", "results", "search", "last"), nil, map[string]any{"testSuiteIds": ids}, true)
	if err != nil {
		return nil, err
	}
	out, err := decode[struct {
		Results []json.RawMessage `json:"results"`
	}](raw)
	return out.Results, err
}

// TestSuiteQuery is the query of the test suite search.
func TestSuiteQuery(ns, flowID string) url.Values {
	q := url.Values{}
	if ns != "" {
		q.Set("namespace", ns)
	}
	if flowID != "" {
		q.Set("flowId", flowID)
	}
	return q
}
