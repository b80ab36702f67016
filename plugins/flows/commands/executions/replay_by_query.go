package executions

import "github.com/kestractl/kestractl/sdk/plugin"

// ReplayByQuery is "executions replay-by-query".
type ReplayByQuery struct {
	byQueryFlags   `embed:""`
	LatestRevision bool `name:"latest-revision" help:"Replay on the flow's latest revision (default: each execution's own)."`
	WaitFlags      `embed:""`
}

// Examples implements manifest.Exampler.
func (*ReplayByQuery) Examples() []string {
	return []string{
		"kestractl executions replay-by-query -n company.team --flow etl --state FAILED --since 24h --dry-run",
		"kestractl executions replay-by-query -n company.team --flow etl --state FAILED --latest-revision --yes --wait",
	}
}

// Help implements kong's HelpProvider.
func (*ReplayByQuery) Help() string {
	return byQueryHelp("ended ones") + " A replay is a new execution: --wait follows the replays."
}

// Run replays what the filters match, after confirmation.
func (b *ReplayByQuery) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, replayAction(b.LatestRevision), b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byQuery(b.ExecutionFilters, b.ByQueryFlags)
}
