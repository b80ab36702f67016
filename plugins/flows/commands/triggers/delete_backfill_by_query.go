package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DeleteBackfillByQuery is "triggers delete-backfill-by-query [filters]".
type DeleteBackfillByQuery struct {
	filters             `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*DeleteBackfillByQuery) Examples() []string {
	return []string{"kestractl triggers delete-backfill-by-query -n company.team --dry-run", "kestractl triggers delete-backfill-by-query -n company.team --flow hello --yes"}
}

// Help implements kong.HelpProvider.
func (*DeleteBackfillByQuery) Help() string {
	return "Deletes the backfills of the triggers the filters match (those with one); their schedules resume. Counts the matches and asks naming the count (--yes in scripts), then acts on exactly those, in batches (by-triggers endpoint). --dry-run lists the matches and acts on nothing. The report has one result per trigger: status (backfill deleted or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers the filters match.
func (t *DeleteBackfillByQuery) Run(c *plugin.Context) error {
	return byQuery(c, t.filters, t.ByQueryFlags, api.ActionDeleteBackfill, "Delete the backfills of", "backfill deleted", withBackfill, true)
}
