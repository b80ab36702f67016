package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// PauseBackfillByIDs is "triggers pause-backfill-by-ids <namespace/flow_id/trigger_id>...".
type PauseBackfillByIDs struct {
	Triggers []string `arg:"" name:"trigger" placeholder:"NAMESPACE/FLOW_ID/TRIGGER_ID" help:"Triggers, as namespace/flow_id/trigger_id."`
}

// Examples implements manifest.Exampler.
func (*PauseBackfillByIDs) Examples() []string {
	return []string{"kestractl triggers pause-backfill-by-ids company.team/hello/daily company.data/etl/hourly"}
}

// Help implements kong.HelpProvider.
func (*PauseBackfillByIDs) Help() string {
	return "Pauses the triggers' backfills (a trigger without one is reported failed). The report has one result per trigger: status (paused or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers.
func (t *PauseBackfillByIDs) Run(c *plugin.Context) error {
	return byIDs(c, t.Triggers, api.ActionPauseBackfill, "Pause", "paused", withBackfill, false)
}
