package testsuites

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Delete is "test-suites delete <namespace> <id>".
type Delete struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the test suite."`
	ID        string `arg:"" completer:"testsuite" help:"Test suite id."`
}

// Examples implements manifest.Exampler.
func (*Delete) Examples() []string {
	return []string{"kestractl test-suites delete company.team hello_suite", "# in a script\nkestractl test-suites delete company.team hello_suite --yes"}
}

// Run deletes the test suite after confirmation.
func (d *Delete) Run(c *plugin.Context) error {
	if err := checkRef(d.Namespace, d.ID); err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	notFound := fmt.Sprintf("test suite %q not found in namespace %q", d.ID, d.Namespace)
	if _, _, err := cl.GetTestSuite(c, d.Namespace, d.ID); err != nil {
		return fail(c, err, "%s", notFound)
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("Delete test suite '%s' in %s?", d.ID, d.Namespace)); err != nil {
		return err
	}
	if err := cl.DeleteTestSuite(c, d.Namespace, d.ID); err != nil {
		return fail(c, err, "%s", notFound)
	}
	return cmdutil.Deleted(c, map[string]string{"namespace": d.Namespace, "id": d.ID}, "Test suite '%s' deleted from namespace '%s'.", d.ID, d.Namespace)
}
