package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UnlockByQuery is "triggers unlock-by-query [filters]".
type UnlockByQuery struct {
	filters             `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*UnlockByQuery) Examples() []string {
	return []string{"kestractl triggers unlock-by-query -n company.team --dry-run", "kestractl triggers unlock-by-query -n company.team --flow hello --yes"}
}

// Help implements kong.HelpProvider.
func (*UnlockByQuery) Help() string {
	return "Unlocks the locked triggers among those the filters match. Counts the matches and asks naming the count (--yes in scripts), then acts on exactly those, in batches (by-triggers endpoint). --dry-run lists the matches and acts on nothing. The report has one result per trigger: status (unlocked or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers the filters match.
func (t *UnlockByQuery) Run(c *plugin.Context) error {
	return byQuery(c, t.filters, t.ByQueryFlags, api.ActionUnlock, "Unlock", "unlocked", whenLocked, true)
}
