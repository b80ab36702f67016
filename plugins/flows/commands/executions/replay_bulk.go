package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// replayAction replays ended executions, each as a new execution.
func replayAction(latestRevision bool) bulkAction {
	return bulkAction{verb: "Replay", done: "replayed", endpoint: api.BulkReplay(latestRevision), states: endedStates, replays: true}
}

// ReplayBulk is "executions replay-bulk <execution_id>...".
type ReplayBulk struct {
	byIDsArgs      `embed:""`
	LatestRevision bool `name:"latest-revision" help:"Replay on the flow's latest revision (default: each execution's own)."`
	WaitFlags      `embed:""`
}

// Examples implements manifest.Exampler.
func (*ReplayBulk) Examples() []string {
	return []string{
		"kestractl executions replay-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c",
		"# replay on the fixed flow and wait for the new executions\nkestractl executions replay-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c --latest-revision --yes --wait",
	}
}

// Help implements kong's HelpProvider.
func (*ReplayBulk) Help() string {
	return bulkHelp + " A replay is a new execution: --wait follows the replays."
}

// Run replays the executions after confirmation.
func (b *ReplayBulk) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, replayAction(b.LatestRevision), b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byIDs(b.IDs)
}
