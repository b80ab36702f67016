package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// PauseBackfillByQuery is "triggers pause-backfill-by-query [filters]".
type PauseBackfillByQuery struct {
	filters             `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*PauseBackfillByQuery) Examples() []string {
	return []string{"kestractl triggers pause-backfill-by-query -n company.team --dry-run", "kestractl triggers pause-backfill-by-query -n company.team --flow hello"}
}

// Help implements kong.HelpProvider.
func (*PauseBackfillByQuery) Help() string {
	return "Pauses the backfills of the triggers the filters match (those with one). Acts on every match, in batches (by-triggers endpoint); it changes nothing for good, so it does not ask. --dry-run lists the matches and acts on nothing. The report has one result per trigger: status (paused or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers the filters match.
func (t *PauseBackfillByQuery) Run(c *plugin.Context) error {
	return byQuery(c, t.filters, t.ByQueryFlags, api.ActionPauseBackfill, "Pause", "paused", withBackfill, false)
}
