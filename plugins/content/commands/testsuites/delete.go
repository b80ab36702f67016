package testsuites

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/content/api"
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
	return cmdutil.Delete(c, suite{d.Namespace, d.ID}, func(*api.TestSuite) cmdutil.Deletion {
		return cmdutil.Deletion{Question: fmt.Sprintf("Delete test suite '%s' in %s?", d.ID, d.Namespace),
			Fields: map[string]string{"namespace": d.Namespace, "id": d.ID},
			Done:   fmt.Sprintf("Test suite '%s' deleted from namespace '%s'.", d.ID, d.Namespace)}
	})
}
