package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UnlockByIDs is "triggers unlock-by-ids <namespace/flow_id/trigger_id>...".
type UnlockByIDs struct {
	Triggers []string `arg:"" name:"trigger" placeholder:"NAMESPACE/FLOW_ID/TRIGGER_ID" help:"Triggers, as namespace/flow_id/trigger_id."`
}

// Examples implements manifest.Exampler.
func (*UnlockByIDs) Examples() []string {
	return []string{"kestractl triggers unlock-by-ids company.team/hello/daily company.data/etl/hourly --yes"}
}

// Help implements kong.HelpProvider.
func (*UnlockByIDs) Help() string {
	return "Unlocks the triggers; one that is not locked is reported failed. Asks for confirmation naming the count (--yes in scripts). The report has one result per trigger: status (unlocked or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers.
func (t *UnlockByIDs) Run(c *plugin.Context) error {
	return byIDs(c, t.Triggers, api.ActionUnlock, "Unlock", "unlocked", whenLocked, true)
}
