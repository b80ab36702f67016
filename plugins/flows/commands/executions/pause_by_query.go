package executions

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// PauseByQuery is "executions pause-by-query".
type PauseByQuery struct {
	byQueryFlags `embed:""`
	WaitFlags    `embed:""`
}

// Examples implements manifest.Exampler.
func (*PauseByQuery) Examples() []string {
	return []string{
		"kestractl executions pause-by-query -n company.team --flow etl --yes",
	}
}

// Help implements kong's HelpProvider.
func (*PauseByQuery) Help() string {
	return byQueryHelp("RUNNING ones")
}

// Run applies the action to what the filters match, after confirmation.
func (b *PauseByQuery) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, pauseAction, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byQuery(b.ExecutionFilters, b.ByQueryFlags)
}
