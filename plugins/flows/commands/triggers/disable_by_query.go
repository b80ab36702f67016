package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DisableByQuery is "triggers disable-by-query [filters]".
type DisableByQuery struct {
	filters             `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*DisableByQuery) Examples() []string {
	return []string{"kestractl triggers disable-by-query -n company.team --dry-run", "kestractl triggers disable-by-query -n company.team --flow hello --yes"}
}

// Help implements kong.HelpProvider.
func (*DisableByQuery) Help() string {
	return "Disables the triggers the filters match. Counts the matches and asks naming the count (--yes in scripts), then acts on exactly those, in batches (by-triggers endpoint). --dry-run lists the matches and acts on nothing. The report has one result per trigger: status (disabled or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers the filters match.
func (t *DisableByQuery) Run(c *plugin.Context) error {
	return byQuery(c, t.filters, t.ByQueryFlags, api.ActionDisable, "Disable", "disabled", nil, true)
}
