package testsuites

import (
	"context"
	"fmt"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// RunByQuery is "test-suites run-by-query [-n NS] [--flow ID]".
type RunByQuery struct {
	plugin.NamespaceFlag `embed:""`
	plugin.FlowFlag      `embed:""`
	ChildNamespaces      bool `name:"include-child-namespaces" help:"Also run the suites of the namespace's children."`
	WaitFlags            `embed:""`
}

// Examples implements manifest.Exampler.
func (*RunByQuery) Examples() []string {
	return []string{
		"# the CI gate of a whole team\nkestractl test-suites run-by-query -n company.team --include-child-namespaces --junit report.xml",
		"kestractl test-suites run-by-query -n company.team --flow hello -o json",
	}
}

// Help implements kong.HelpProvider.
func (*RunByQuery) Help() string {
	return `Runs every test suite that matches, waits for all of them, prints one row per assertion and a summary;
-o json prints the server's TestRunByQueryResult. Exit code 8 when a suite failed, 3 after --timeout. --junit
FILE writes one <testsuite> per suite.`
}

// Run runs the matching test suites.
func (r *RunByQuery) Run(c *plugin.Context) error {
	if r.Namespace == "" && r.Flow == "" {
		return cmderr.Usagef("give -n NAMESPACE and/or --flow ID: which test suites to run")
	}
	if r.Namespace != "" {
		if err := plugin.ValidateNamespace(r.Namespace); err != nil {
			return err
		}
	}
	if err := r.check(); err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	label := "namespace " + r.Namespace
	if r.Flow != "" {
		label = fmt.Sprintf("flow %s %s", r.Flow, label)
	}
	_ = c.OnInterrupt("the test suites keep running on the server; see their results with 'kestractl test-suites search-results'")
	var raw []byte
	var res *api.ByQueryResult
	err = r.wait(c, "Running the test suites of "+label, func(ctx context.Context) error {
		var err error
		raw, res, err = cl.RunTestSuitesByQuery(ctx, r.Namespace, r.Flow, r.ChildNamespaces, r.Timeout)
		return err
	})
	if err != nil {
		return r.explain(c, err, "", "kestractl test-suites search-results -n "+r.Namespace)
	}
	if len(res.Results) == 0 {
		if err := c.NamespaceMustExist(r.Namespace); err != nil {
			return err
		}
		if c.Structured() {
			return c.Object(raw)
		}
		return c.Info("No test suites match: nothing was run.")
	}
	return finish(c, r.WaitFlags, raw, res.Results)
}
