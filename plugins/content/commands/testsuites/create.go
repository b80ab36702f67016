package testsuites

import (
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Create is "test-suites create --file FILE".
type Create struct {
	File string `short:"f" required:"" completer:"file" help:"The test suite's YAML file (- reads stdin)."`
}

// Examples implements manifest.Exampler.
func (*Create) Examples() []string {
	return []string{"kestractl test-suites create --file tests/hello_suite.yaml", "cat suite.yaml | kestractl test-suites create -f - -o json"}
}

// Run creates the test suite.
func (cr *Create) Run(c *plugin.Context) error {
	cl, src, err := cmdutil.OpenSource(c, cr.File, "test suite")
	if err != nil {
		return err
	}
	raw, ts, err := cl.CreateTestSuite(c, src)
	if err != nil {
		return fail(c, err, "")
	}
	return cmdutil.Saved(c, raw, "Test suite '%s' created in namespace '%s' (it tests flow '%s').", ts.ID, ts.Namespace, ts.FlowID)
}

// Update is "test-suites update <namespace> <id> --file FILE".
type Update struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the test suite."`
	ID        string `arg:"" completer:"testsuite" help:"Test suite id."`
	File      string `short:"f" required:"" completer:"file" help:"The test suite's new YAML source (- reads stdin)."`
}

// Examples implements manifest.Exampler.
func (*Update) Examples() []string {
	return []string{"kestractl test-suites update company.team hello_suite --file tests/hello_suite.yaml"}
}

// Run replaces the test suite's source.
func (u *Update) Run(c *plugin.Context) error {
	s := suite{u.Namespace, u.ID}
	cl, src, err := cmdutil.OpenSource(c, u.File, "test suite", s.Check())
	if err != nil {
		return err
	}
	raw, ts, err := cl.UpdateTestSuite(c, u.Namespace, u.ID, src)
	if err != nil {
		return s.Fail(c, err)
	}
	return cmdutil.Saved(c, raw, "Test suite '%s' updated in namespace '%s'.", ts.ID, ts.Namespace)
}
