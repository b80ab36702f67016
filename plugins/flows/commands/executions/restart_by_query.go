package executions

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// RestartByQuery is "executions restart-by-query".
type RestartByQuery struct {
	byQueryFlags `embed:""`
	WaitFlags    `embed:""`
}

// Examples implements manifest.Exampler.
func (*RestartByQuery) Examples() []string {
	return []string{
		"# after fixing a dependency, run again what failed today\nkestractl executions restart-by-query -n company.team --since 24h --dry-run",
		"kestractl executions restart-by-query -n company.team --flow etl --state FAILED --yes --wait",
	}
}

// Help implements kong's HelpProvider.
func (*RestartByQuery) Help() string {
	return byQueryHelp("FAILED and PAUSED ones (the states a restart resumes from)")
}

// Run applies the action to what the filters match, after confirmation.
func (b *RestartByQuery) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, restartAction, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byQuery(b.ExecutionFilters, b.ByQueryFlags)
}
