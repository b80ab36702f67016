package flows

import (
	"net/url"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// SearchBySource is "flows search-by-source --query TEXT [--namespace NS]".
type SearchBySource struct {
	Query            string `short:"q" required:"" placeholder:"TEXT" help:"Text to find in the flows' sources (case-insensitive)."`
	Namespace        string `short:"n" completer:"namespace" help:"Only flows of this namespace and its children."`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*SearchBySource) Examples() []string {
	return []string{
		"# which flows still use the old bucket?\nkestractl flows search-by-source --query s3://old-bucket",
		"kestractl flows search-by-source -q 'io.kestra.plugin.scripts.python' -n company --all -o json",
	}
}

// Help implements kong.HelpProvider.
func (*SearchBySource) Help() string {
	return `Each result is a flow (model) and the lines of its source that match (fragments), as the server
sends them (GET /flows/source).`
}

// Run searches the sources.
func (s *SearchBySource) Run(c *plugin.Context) error {
	if s.Namespace != "" {
		if err := plugin.ValidateNamespace(s.Namespace); err != nil {
			return err
		}
	}
	if s.Query == "" {
		return cmderr.Usagef("--query must not be empty")
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	q := url.Values{"q": {s.Query}}
	if s.Namespace != "" {
		q.Set("namespace", s.Namespace)
	}
	return c.List(s.ListFlags, plugin.Listing{
		Noun: "flow",
		Columns: []plugin.Column{plugin.Col("ID", "model.id"), plugin.Col("NAMESPACE", "model.namespace"),
			plugin.Col("MATCHES", "fragments")},
		Path:  k.TenantPath("flows", "source"),
		Query: q,
	})
}
