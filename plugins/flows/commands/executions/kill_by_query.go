package executions

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// KillByQuery is "executions kill-by-query".
type KillByQuery struct {
	byQueryFlags `embed:""`
	WaitFlags    `embed:""`
}

// Examples implements manifest.Exampler.
func (*KillByQuery) Examples() []string {
	return []string{
		"kestractl executions kill-by-query -n company.team --flow etl --dry-run",
		"# stop everything a bad deploy started in the last hour\nkestractl executions kill-by-query -n company.team --since 1h --yes -o json",
	}
}

// Help implements kong's HelpProvider.
func (*KillByQuery) Help() string {
	return byQueryHelp("running ones (every state but SUCCESS, WARNING, FAILED, KILLED, CANCELLED, SKIPPED, RETRIED)")
}

// Run applies the action to what the filters match, after confirmation.
func (b *KillByQuery) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, killAction, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byQuery(b.ExecutionFilters, b.ByQueryFlags)
}
