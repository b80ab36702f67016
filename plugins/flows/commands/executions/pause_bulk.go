package executions

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// PauseBulk is "executions pause-bulk <execution_id>...".
type PauseBulk struct {
	byIDsArgs `embed:""`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*PauseBulk) Examples() []string {
	return []string{
		"kestractl executions pause-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c",
	}
}

// Help implements kong's HelpProvider.
func (*PauseBulk) Help() string { return bulkHelp }

// Run applies the action to the executions after confirmation.
func (b *PauseBulk) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, pauseAction, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byIDs(b.IDs)
}
