package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UnpauseBackfillByIDs is "triggers unpause-backfill-by-ids <namespace/flow_id/trigger_id>...".
type UnpauseBackfillByIDs struct {
	Triggers []string `arg:"" name:"trigger" placeholder:"NAMESPACE/FLOW_ID/TRIGGER_ID" help:"Triggers, as namespace/flow_id/trigger_id."`
}

// Examples implements manifest.Exampler.
func (*UnpauseBackfillByIDs) Examples() []string {
	return []string{"kestractl triggers unpause-backfill-by-ids company.team/hello/daily company.data/etl/hourly"}
}

// Help implements kong.HelpProvider.
func (*UnpauseBackfillByIDs) Help() string {
	return "Resumes the triggers' paused backfills (a trigger without one is reported failed). The report has one result per trigger: status (resumed or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers.
func (t *UnpauseBackfillByIDs) Run(c *plugin.Context) error {
	return byIDs(c, t.Triggers, api.ActionUnpauseBackfill, "Resume", "resumed", withBackfill, false)
}
