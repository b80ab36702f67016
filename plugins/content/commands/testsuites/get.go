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
	if err := checkRef(g.Namespace, g.ID); err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, ts, err := cl.GetTestSuite(c, g.Namespace, g.ID)
	if err != nil {
		return fail(c, err, "test suite %q not found in namespace %q", g.ID, g.Namespace)
	}
	return cmdutil.SourceOf(c, raw, ts.Source, "test suite")
}

// checkRef validates a namespace and a test suite id given on the line.
func checkRef(ns, id string) error {
	if err := plugin.ValidateNamespace(ns); err != nil {
		return err
	}
	return plugin.ValidateID("test suite id", id, 100)
}
