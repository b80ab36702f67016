package executions

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ResumeBulk is "executions resume-bulk <execution_id>...".
type ResumeBulk struct {
	byIDsArgs `embed:""`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*ResumeBulk) Examples() []string {
	return []string{
		"kestractl executions resume-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c --yes",
	}
}

// Help implements kong's HelpProvider.
func (*ResumeBulk) Help() string { return bulkHelp }

// Run applies the action to the executions after confirmation.
func (b *ResumeBulk) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, resumeAction, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byIDs(b.IDs)
}
