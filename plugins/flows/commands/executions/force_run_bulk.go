package executions

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ForceRunBulk is "executions force-run-bulk <execution_id>...".
type ForceRunBulk struct {
	byIDsArgs `embed:""`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*ForceRunBulk) Examples() []string {
	return []string{
		"kestractl executions force-run-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c --yes",
	}
}

// Help implements kong's HelpProvider.
func (*ForceRunBulk) Help() string { return bulkHelp }

// Run applies the action to the executions after confirmation.
func (b *ForceRunBulk) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, forceRunAction, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byIDs(b.IDs)
}
