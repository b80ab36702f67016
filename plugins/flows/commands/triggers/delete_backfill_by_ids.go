package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DeleteBackfillByIDs is "triggers delete-backfill-by-ids <namespace/flow_id/trigger_id>...".
type DeleteBackfillByIDs struct {
	Triggers []string `arg:"" name:"trigger" placeholder:"NAMESPACE/FLOW_ID/TRIGGER_ID" help:"Triggers, as namespace/flow_id/trigger_id."`
}

// Examples implements manifest.Exampler.
func (*DeleteBackfillByIDs) Examples() []string {
	return []string{"kestractl triggers delete-backfill-by-ids company.team/hello/daily company.data/etl/hourly --yes"}
}

// Help implements kong.HelpProvider.
func (*DeleteBackfillByIDs) Help() string {
	return "Deletes the triggers' backfills; their schedules resume (a trigger without one is reported failed). Asks for confirmation naming the count (--yes in scripts). The report has one result per trigger: status (backfill deleted or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers.
func (t *DeleteBackfillByIDs) Run(c *plugin.Context) error {
	return byIDs(c, t.Triggers, api.ActionDeleteBackfill, "Delete the backfills of", "backfill deleted", withBackfill, true)
}
