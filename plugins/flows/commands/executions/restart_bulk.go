package executions

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// RestartBulk is "executions restart-bulk <execution_id>...".
type RestartBulk struct {
	byIDsArgs `embed:""`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*RestartBulk) Examples() []string {
	return []string{
		"kestractl executions restart-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c",
		"kestractl executions restart-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c --yes --wait",
	}
}

// Help implements kong's HelpProvider.
func (*RestartBulk) Help() string { return bulkHelp }

// Run applies the action to the executions after confirmation.
func (b *RestartBulk) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, restartAction, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byIDs(b.IDs)
}
