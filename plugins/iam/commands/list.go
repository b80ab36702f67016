package commands

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/plugins/iam/validate"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// listFlags are the flags of every paged IAM list: the SDK's list grammar
// (-L/--limit, --all, --page/--size), --filter and --sort.
type listFlags struct {
	plugin.ListFlags  `embed:""`
	plugin.FilterFlag `embed:""`
	Sort              []string `help:"Sort by FIELD[:asc|desc], repeatable or comma-separated (e.g. name:asc)." placeholder:"FIELD[:DIR]"`
}

// params builds the query of the list: the filters of sources and of
// --filter, and --sort.
func (f listFlags) params(sources ...plugin.FilterSource) (url.Values, error) {
	q, err := plugin.Query(append(sources, f.FilterFlag)...)
	if err != nil {
		return nil, err
	}
	sort, err := validate.Sort(f.Sort)
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	if len(sort) > 0 {
		q.Set("sort", strings.Join(sort, ","))
	}
	return q, nil
}

// search lists what search finds (an iamapi.Client method expression such
// as (*iamapi.Client).Groups) with these flags and the filters of sources
// (the command's own flags), as list does.
func (f listFlags) search(c *plugin.Context, search func(*iamapi.Client) iamapi.Search, l plugin.Listing, sources ...plugin.FilterSource) error {
	q, err := f.params(sources...)
	if err != nil {
		return err
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	return list(c, search(a), f, q, l)
}

// list shows a paged IAM list with the SDK's list grammar: the server's
// items, unchanged in JSON and YAML.
func list(c *plugin.Context, s iamapi.Search, f listFlags, q url.Values, l plugin.Listing) error {
	l.Path, l.Query = s.Path(), q
	return s.Explain(c, c.List(f.ListFlags, l))
}

// fetched shows a list the server does not page (API tokens).
func fetched(c *plugin.Context, f plugin.ListFlags, l plugin.Listing, fetch func(ctx context.Context) ([]json.RawMessage, error)) error {
	l.Fetch = fetch
	return c.List(f, l)
}

// ageCol is a column of server timestamps, shown as ages ("3 days ago").
func ageCol(header, path string) plugin.Column {
	return plugin.Column{Header: header, Path: path, Format: "age"}
}

// fixedFilters are filters a command builds from its own flags.
type fixedFilters []plugin.Filter

// Filters implements plugin.FilterSource.
func (f fixedFilters) Filters() ([]plugin.Filter, error) { return f, nil }
