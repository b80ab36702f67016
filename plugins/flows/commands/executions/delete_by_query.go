package executions

import "github.com/kestractl/kestractl/sdk/plugin"

// DeleteByQuery is "executions delete-by-query".
type DeleteByQuery struct {
	byQueryFlags         `embed:""`
	DeleteFlags          `embed:""`
	IncludeNonTerminated bool `name:"include-non-terminated" help:"Also match and delete executions that have not ended."`
}

// Examples implements manifest.Exampler.
func (*DeleteByQuery) Examples() []string {
	return []string{
		"kestractl executions delete-by-query -n company.team --until 30d --dry-run",
		"# clean up test runs and everything they left\nkestractl executions delete-by-query -n company.team.tests --delete-logs --delete-metrics --delete-storage --yes",
	}
}

// Help implements kong's HelpProvider.
func (*DeleteByQuery) Help() string {
	return byQueryHelp("ended ones (unless --include-non-terminated)")
}

// Run deletes what the filters match, after confirmation.
func (d *DeleteByQuery) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, deleteAction(d.DeleteFlags, d.IncludeNonTerminated), WaitFlags{})
	if err != nil {
		return err
	}
	return r.byQuery(d.ExecutionFilters, d.ByQueryFlags)
}
