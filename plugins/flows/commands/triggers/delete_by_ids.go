package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DeleteByIDs is "triggers delete-by-ids <namespace/flow_id/trigger_id>...".
type DeleteByIDs struct {
	Triggers []string `arg:"" name:"trigger" placeholder:"NAMESPACE/FLOW_ID/TRIGGER_ID" help:"Triggers, as namespace/flow_id/trigger_id."`
}

// Examples implements manifest.Exampler.
func (*DeleteByIDs) Examples() []string {
	return []string{"kestractl triggers delete-by-ids company.team/hello/daily company.data/etl/hourly --yes"}
}

// Help implements kong.HelpProvider.
func (*DeleteByIDs) Help() string {
	return "Deletes the triggers' states (they start anew with their flow's next revision). Asks for confirmation naming the count (--yes in scripts). The report has one result per trigger: status (deleted or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers.
func (t *DeleteByIDs) Run(c *plugin.Context) error {
	return byIDs(c, t.Triggers, api.ActionDelete, "Delete", "deleted", nil, true)
}
