package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// EnableByQuery is "triggers enable-by-query [filters]".
type EnableByQuery struct {
	filters             `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*EnableByQuery) Examples() []string {
	return []string{"kestractl triggers enable-by-query -n company.team --dry-run", "kestractl triggers enable-by-query -n company.team --flow hello"}
}

// Help implements kong.HelpProvider.
func (*EnableByQuery) Help() string {
	return "Enables the triggers the filters match. Acts on every match, in batches (by-triggers endpoint); it changes nothing for good, so it does not ask. --dry-run lists the matches and acts on nothing. The report has one result per trigger: status (enabled or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers the filters match.
func (t *EnableByQuery) Run(c *plugin.Context) error {
	return byQuery(c, t.filters, t.ByQueryFlags, api.ActionEnable, "Enable", "enabled", nil, false)
}
