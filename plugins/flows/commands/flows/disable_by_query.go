package flows

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DisableByQuery is "flows disable-by-query [filters]".
type DisableByQuery struct {
	flowFilters         `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*DisableByQuery) Examples() []string {
	return []string{
		"# what would be disabled\nkestractl flows disable-by-query -n company.team --dry-run",
		"kestractl flows disable-by-query --filter namespace:PREFIX:company --label team=data --yes",
	}
}

// Help implements kong.HelpProvider.
func (*DisableByQuery) Help() string {
	return `Counts the flows the filters match and asks naming that count (--yes in scripts), then disables
exactly those (in batches, through the by-ids endpoint): a flow that starts matching after the question is not
touched. --dry-run lists the matches instead. The report has one result per flow: status (disabled or failed),
id (namespace/flow_id), error.`
}

// Run disables the flows the filters match.
func (q *DisableByQuery) Run(c *plugin.Context) error {
	query, err := q.query()
	if err != nil {
		return err
	}
	b, err := flowBulk(c, "Disable", "disabled", disableFlows)
	if err != nil {
		return err
	}
	b.Query = query
	b.NoConfirm = false
	return c.BulkByQuery(q.ByQueryFlags, b)
}
