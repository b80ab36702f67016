package testsuites

import (
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Validate is "test-suites validate --file FILE".
type Validate struct {
	File string `short:"f" required:"" completer:"file" help:"The test suite's YAML file (- reads stdin)."`
}

// Examples implements manifest.Exampler.
func (*Validate) Examples() []string {
	return []string{"kestractl test-suites validate --file tests/hello_suite.yaml"}
}

// Help implements kong.HelpProvider.
func (*Validate) Help() string {
	return `The server checks the source (and that the tested flow exists). The report has one result: status
(valid or invalid), file, namespace, id, constraints, warnings. Exit code 1 when invalid.`
}

// Run validates the file.
func (v *Validate) Run(c *plugin.Context) error {
	cl, src, err := cmdutil.OpenSource(c, v.File, "test suite")
	if err != nil {
		return err
	}
	res, err := cl.ValidateTestSuite(c, src)
	if err != nil {
		return fail(c, err, "")
	}
	return cmdutil.ValidationReport(c, "test suites", cmdutil.FileLabel(v.File), res, cmdutil.IDOf(src))
}
