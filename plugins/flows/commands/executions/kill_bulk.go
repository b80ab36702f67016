package executions

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// KillBulk is "executions kill-bulk <execution_id>...".
type KillBulk struct {
	byIDsArgs `embed:""`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*KillBulk) Examples() []string {
	return []string{
		"kestractl executions kill-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c",
		"kestractl executions kill-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c --yes --wait",
	}
}

// Help implements kong's HelpProvider.
func (*KillBulk) Help() string { return bulkHelp }

// Run applies the action to the executions after confirmation.
func (b *KillBulk) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, killAction, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byIDs(b.IDs)
}
