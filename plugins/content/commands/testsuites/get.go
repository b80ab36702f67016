package testsuites

import (
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Get is "test-suites get <namespace> <id>".
type Get struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the test suite."`
	ID        string `arg:"" completer:"testsuite" help:"Test suite id."`
}

// Examples implements manifest.Exampler.
func (*Get) Examples() []string {
	return []string{
		"kestractl test-suites get company.team hello_suite > tests/hello_suite.yaml",
		"kestractl test-suites get company.team hello_suite -o json",
	}
}

// Run prints the test suite.
func (g *Get) Run(c *plugin.Context) error {
	s := suite{g.Namespace, g.ID}
	cl, err := cmdutil.Open(c, s.Check())
	if err != nil {
		return err
	}
	raw, ts, err := cl.GetTestSuite(c, g.Namespace, g.ID)
	if err != nil {
		return s.Fail(c, err)
	}
	return cmdutil.SourceOf(c, raw, ts.Source, "test suite")
}
