package testsuites

import (
	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List is "test-suites list [namespace]".
type List struct {
	Positional string `arg:"" name:"namespace" optional:"" completer:"namespace" help:"Only the test suites of this namespace and its children (same as -n)."`

	plugin.NamespaceFlag `embed:""`
	plugin.FlowFlag      `embed:""`
	Sort                 string `placeholder:"FIELD:asc|desc" help:"Sort by id, namespace or flowId (default id:asc)."`
	plugin.ListFlags     `embed:""`
}

// Examples implements manifest.Exampler.
func (*List) Examples() []string {
	return []string{
		"kestractl test-suites list company.team",
		"# the suites that test one flow, as JSON\nkestractl test-suites list -n company.team --flow hello -o json",
	}
}

// Run lists the test suites.
func (l *List) Run(c *plugin.Context) error {
	ns, err := plugin.PickNamespace(l.Positional, l.Namespace)
	if err != nil {
		return err
	}
	l.Namespace = ns
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	q := api.TestSuiteQuery(l.Namespace, l.Flow)
	q.Set("sort", "id:asc")
	if l.Sort != "" {
		q.Set("sort", l.Sort)
	}
	err = c.List(l.ListFlags, plugin.Listing{
		Noun: "test suite",
		Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("FLOW", "flowId"),
			{Header: "DISABLED", Path: "disabled", Format: "bool"}, plugin.Col("DESCRIPTION", "description")},
		Path:      cl.TestSuitesPath(),
		Query:     q,
		Namespace: l.Namespace,
	})
	return fail(c, err, "")
}
