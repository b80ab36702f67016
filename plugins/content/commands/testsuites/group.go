// Package testsuites is the "test-suites" command group (Kestra
// Enterprise): test suites as code, and the CI gate that runs them.
package testsuites

import (
	"context"
	"fmt"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Group is "kestractl test-suites".
type Group struct {
	List          List          `cmd:"" aliases:"ls" help:"List test suites."`
	Get           Get           `cmd:"" aliases:"show" help:"Print a test suite: its YAML source (table) or the test suite object (json, yaml)."`
	Create        Create        `cmd:"" help:"Create a test suite from a YAML file."`
	Update        Update        `cmd:"" help:"Replace a test suite's source with a YAML file."`
	Deploy        Deploy        `cmd:"" aliases:"apply" help:"Create or update test suites from YAML files or directories. Never deletes a test suite."`
	Delete        Delete        `cmd:"" aliases:"rm" help:"Delete a test suite (asks first; --yes to skip)."`
	Validate      Validate      `cmd:"" help:"Validate a test suite file on the server; exits 1 if it is invalid."`
	Run           Run           `cmd:"" help:"Run a test suite, wait for its results and exit 8 if a test case fails."`
	RunByQuery    RunByQuery    `cmd:"" name:"run-by-query" help:"Run the test suites of a namespace or a flow and exit 8 if a test case fails."`
	DeleteBulk    DeleteBulk    `cmd:"" name:"delete-bulk" help:"Delete test suites given as namespace/id (asks first; --yes to skip)."`
	EnableBulk    EnableBulk    `cmd:"" name:"enable-bulk" help:"Enable test suites given as namespace/id."`
	DisableBulk   DisableBulk   `cmd:"" name:"disable-bulk" help:"Disable test suites given as namespace/id."`
	SearchResults SearchResults `cmd:"" name:"search-results" help:"List test suite run results, newest first."`
	LastResult    LastResult    `cmd:"" name:"last-result" help:"Show the last run result of test suites."`
	GetResult     GetResult     `cmd:"" name:"get-result" help:"Show a test suite run result, test case by test case."`
}

// what names the feature in Enterprise-only errors.
const what = "test suites"

// fail explains an error of the test suites API.
func fail(c *plugin.Context, err error, notFound string, args ...any) error {
	return cmdutil.Fail(c, err, what, notFound, args...)
}

// checkRef validates a namespace and a test suite id given on the line.
func checkRef(ns, id string) error {
	if err := plugin.ValidateNamespace(ns); err != nil {
		return err
	}
	return plugin.ValidateID("test suite id", id, 100)
}

// suite is the test suite a command names by namespace and id.
type suite struct{ ns, id string }

// Check refuses a namespace or an id that cannot name a test suite.
func (s suite) Check() error { return checkRef(s.ns, s.id) }

func (s suite) notFound() string {
	return fmt.Sprintf("test suite %q not found in namespace %q", s.id, s.ns)
}

// Fail explains an error of a call about the test suite.
func (s suite) Fail(c *plugin.Context, err error) error { return fail(c, err, "%s", s.notFound()) }

// Find reads the test suite.
func (s suite) Find(ctx context.Context, cl *api.Client) (*api.TestSuite, error) {
	_, ts, err := cl.GetTestSuite(ctx, s.ns, s.id)
	return ts, err
}

// Delete deletes the test suite.
func (s suite) Delete(ctx context.Context, cl *api.Client) error {
	return cl.DeleteTestSuite(ctx, s.ns, s.id)
}
