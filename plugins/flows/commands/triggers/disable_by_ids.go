package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DisableByIDs is "triggers disable-by-ids <namespace/flow_id/trigger_id>...".
type DisableByIDs struct {
	Triggers []string `arg:"" name:"trigger" placeholder:"NAMESPACE/FLOW_ID/TRIGGER_ID" help:"Triggers, as namespace/flow_id/trigger_id."`
}

// Examples implements manifest.Exampler.
func (*DisableByIDs) Examples() []string {
	return []string{"kestractl triggers disable-by-ids company.team/hello/daily company.data/etl/hourly --yes"}
}

// Help implements kong.HelpProvider.
func (*DisableByIDs) Help() string {
	return "Disables the triggers. Asks for confirmation naming the count (--yes in scripts). The report has one result per trigger: status (disabled or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers.
func (t *DisableByIDs) Run(c *plugin.Context) error {
	return byIDs(c, t.Triggers, api.ActionDisable, "Disable", "disabled", nil, true)
}
