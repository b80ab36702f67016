package namespaces

import (
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Search is "namespaces search".
type Search struct {
	plugin.QueryFlag  `embed:""`
	plugin.FilterFlag `embed:""`
	plugin.ListFlags  `embed:""`
	Existing          bool     `help:"Only the namespaces that exist on the server (the search's existing=true)."`
	Sort              []string `placeholder:"FIELD[:asc|desc]" help:"Sort by FIELD (e.g. id:desc), repeatable."`
}

// Help is the detailed help of namespaces search.
func (*Search) Help() string {
	return `The server's namespace search (GET .../namespaces/search) with the list
grammar: 30 items by default, -L, --all, or one --page/--size as the public
kestractl does. Items are the server's namespaces, unchanged with -o json.
'namespaces list' is the same search restricted to existing namespaces.`
}

// Examples implements manifest.Exampler.
func (*Search) Examples() []string {
	return []string{
		"kestractl namespaces search -q team --page 1 --size 50",
		"kestractl namespaces search --existing --sort id:desc -o json",
	}
}

// Run searches.
func (s *Search) Run(c *plugin.Context) error {
	q, err := plugin.Query(s.QueryFlag, s.FilterFlag)
	if err != nil {
		return err
	}
	q.Set("existing", "false")
	if s.Existing {
		q.Set("existing", "true")
	}
	var sort []string
	for _, v := range s.Sort {
		for _, f := range strings.Split(v, ",") {
			field, dir, _ := strings.Cut(strings.TrimSpace(f), ":")
			if field == "" || dir != "" && dir != "asc" && dir != "desc" {
				return cmderr.Usagef("invalid --sort %q: expected FIELD[:asc|desc]", f)
			}
			if dir == "" {
				dir = "asc"
			}
			sort = append(sort, field+":"+dir)
		}
	}
	if len(sort) > 0 {
		q.Set("sort", strings.Join(sort, ","))
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	return c.List(s.ListFlags, plugin.Listing{Noun: "namespace", Columns: columns(), Path: k.TenantPath("namespaces", "search"), Query: q})
}
