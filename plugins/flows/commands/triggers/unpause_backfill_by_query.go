package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UnpauseBackfillByQuery is "triggers unpause-backfill-by-query [filters]".
type UnpauseBackfillByQuery struct {
	filters             `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*UnpauseBackfillByQuery) Examples() []string {
	return []string{"kestractl triggers unpause-backfill-by-query -n company.team --dry-run", "kestractl triggers unpause-backfill-by-query -n company.team --flow hello"}
}

// Help implements kong.HelpProvider.
func (*UnpauseBackfillByQuery) Help() string {
	return "Resumes the backfills of the triggers the filters match (those with one). Acts on every match, in batches (by-triggers endpoint); it changes nothing for good, so it does not ask. --dry-run lists the matches and acts on nothing. The report has one result per trigger: status (resumed or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers the filters match.
func (t *UnpauseBackfillByQuery) Run(c *plugin.Context) error {
	return byQuery(c, t.filters, t.ByQueryFlags, api.ActionUnpauseBackfill, "Resume", "resumed", withBackfill, false)
}
