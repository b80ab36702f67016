package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DeleteByQuery is "triggers delete-by-query [filters]".
type DeleteByQuery struct {
	filters             `embed:""`
	plugin.ByQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*DeleteByQuery) Examples() []string {
	return []string{"kestractl triggers delete-by-query -n company.team --dry-run", "kestractl triggers delete-by-query -n company.team --flow hello --yes"}
}

// Help implements kong.HelpProvider.
func (*DeleteByQuery) Help() string {
	return "Deletes the states of the triggers the filters match. Counts the matches and asks naming the count (--yes in scripts), then acts on exactly those, in batches (by-triggers endpoint). --dry-run lists the matches and acts on nothing. The report has one result per trigger: status (deleted or failed), id (namespace/flow_id/trigger_id), error."
}

// Run acts on the triggers the filters match.
func (t *DeleteByQuery) Run(c *plugin.Context) error {
	return byQuery(c, t.filters, t.ByQueryFlags, api.ActionDelete, "Delete", "deleted", nil, true)
}
