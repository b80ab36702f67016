package flows

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DeleteByQuery is "flows delete-by-query [filters]".
type DeleteByQuery struct {
	flowFilters         `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*DeleteByQuery) Examples() []string {
	return []string{
		"# what would be deleted\nkestractl flows delete-by-query -n company.team --dry-run",
		"kestractl flows delete-by-query --filter namespace:PREFIX:company --label team=data --yes",
	}
}

// Help implements kong.HelpProvider.
func (*DeleteByQuery) Help() string {
	return `Counts the flows the filters match and asks naming that count (--yes in scripts), then deletes
exactly those (in batches, through the by-ids endpoint): a flow that starts matching after the question is not
touched. --dry-run lists the matches instead. Without any filter every flow of the tenant matches. The report
has one result per flow: status (deleted or failed), id (namespace/flow_id), error.`
}

// Run deletes the flows the filters match.
func (q *DeleteByQuery) Run(c *plugin.Context) error {
	query, err := q.query()
	if err != nil {
		return err
	}
	b, err := flowBulk(c, "Delete", "deleted", deleteFlows)
	if err != nil {
		return err
	}
	b.Query = query
	b.NoConfirm = false
	return c.BulkByQuery(q.ByQueryFlags, b)
}
