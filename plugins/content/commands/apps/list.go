package apps

import (
	"strings"

	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List is "apps list".
type List struct {
	plugin.NamespaceFlag `embed:""`
	plugin.QueryFlag     `embed:""`
	plugin.FlowFlag      `embed:""`
	Tag                  []string `placeholder:"TAG" help:"Only apps with one of these tags (repeatable)."`
	plugin.FilterFlag    `embed:""`
	Sort                 string `placeholder:"FIELD:asc|desc" help:"Sort by id, name, namespace, created or updated (default id:asc)."`
	plugin.ListFlags     `embed:""`
}

// Examples implements manifest.Exampler.
func (*List) Examples() []string {
	return []string{"kestractl apps list -n company.team", "kestractl apps list --tag Reporting -q sales -o json"}
}

// Run lists the apps.
func (l *List) Run(c *plugin.Context) error {
	q, err := plugin.Query(l.NamespaceFlag, l.QueryFlag, l.FlowFlag, l.FilterFlag)
	if err != nil {
		return err
	}
	if len(l.Tag) > 0 {
		q.Set("filters[tags][IN]", strings.Join(l.Tag, ","))
	}
	q.Set("sort", "id:asc")
	if l.Sort != "" {
		q.Set("sort", l.Sort)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	err = c.List(l.ListFlags, plugin.Listing{
		Noun: "app",
		Columns: []plugin.Column{plugin.Col("UID", "uid"), plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"),
			plugin.Col("FLOW", "flowId"), {Header: "ENABLED", Path: "enabled", Format: "bool"}, plugin.Col("TAGS", "tags"), plugin.Col("NAME", "name")},
		Path:      cl.AppsPath(),
		Query:     q,
		Namespace: l.Namespace,
	})
	return fail(c, err, "")
}
