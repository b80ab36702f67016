package flows

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// EnableByQuery is "flows enable-by-query [filters]".
type EnableByQuery struct {
	flowFilters         `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*EnableByQuery) Examples() []string {
	return []string{
		"# what would be enabled\nkestractl flows enable-by-query -n company.team --dry-run",
		"kestractl flows enable-by-query --filter namespace:PREFIX:company --label team=data --yes",
	}
}

// Help implements kong.HelpProvider.
func (*EnableByQuery) Help() string {
	return `Finds the flows the filters match, then enables exactly those (in batches, through the by-ids
endpoint); enabling changes nothing for good, so it does not ask. --dry-run lists the matches instead. The
report has one result per flow: status (enabled or failed), id (namespace/flow_id), error.`
}

// Run enables the flows the filters match.
func (q *EnableByQuery) Run(c *plugin.Context) error {
	query, err := q.query()
	if err != nil {
		return err
	}
	b, err := flowBulk(c, "Enable", "enabled", enableFlows)
	if err != nil {
		return err
	}
	b.Query = query
	b.NoConfirm = true
	return c.BulkByQuery(q.ByQueryFlags, b)
}
