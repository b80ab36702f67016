package executions

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ForceRunByQuery is "executions force-run-by-query".
type ForceRunByQuery struct {
	byQueryFlags `embed:""`
	WaitFlags    `embed:""`
}

// Examples implements manifest.Exampler.
func (*ForceRunByQuery) Examples() []string {
	return []string{
		"# drain a flow's queue now\nkestractl executions force-run-by-query -n company.team --flow serial --state QUEUED --yes",
	}
}

// Help implements kong's HelpProvider.
func (*ForceRunByQuery) Help() string {
	return byQueryHelp("the ones that have not ended")
}

// Run applies the action to what the filters match, after confirmation.
func (b *ForceRunByQuery) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, forceRunAction, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byQuery(b.ExecutionFilters, b.ByQueryFlags)
}
