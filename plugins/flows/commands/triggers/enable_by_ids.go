package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// EnableByIDs is "triggers enable-by-ids <namespace/flow_id/trigger_id>...".
type EnableByIDs struct {
	Triggers []string `arg:"" name:"trigger" placeholder:"NAMESPACE/FLOW_ID/TRIGGER_ID" help:"Triggers, as namespace/flow_id/trigger_id."`
}

// Examples implements manifest.Exampler.
func (*EnableByIDs) Examples() []string {
	return []string{"kestractl triggers enable-by-ids company.team/hello/daily company.data/etl/hourly"}
}

// Help implements kong.HelpProvider.
func (*EnableByIDs) Help() string {
	return "Enables the triggers (it changes nothing for good, so it does not ask). The report has one result per trigger: status (enabled or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers.
func (t *EnableByIDs) Run(c *plugin.Context) error {
	return byIDs(c, t.Triggers, api.ActionEnable, "Enable", "enabled", nil, false)
}
