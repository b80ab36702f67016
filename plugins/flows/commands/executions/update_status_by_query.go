package executions

import "github.com/kestractl/kestractl/sdk/plugin"

// UpdateStatusByQuery is "executions update-status-by-query --new-status STATE".
type UpdateStatusByQuery struct {
	byQueryFlags `embed:""`
	NewStatus    string `name:"new-status" required:"" values:"SUCCESS,WARNING,FAILED,KILLED,CANCELLED,SKIPPED,RETRIED" help:"New state: SUCCESS, WARNING, FAILED, KILLED, CANCELLED, SKIPPED or RETRIED."`
	WaitFlags    `embed:""`
}

// Examples implements manifest.Exampler.
func (*UpdateStatusByQuery) Examples() []string {
	return []string{
		"# mark yesterday's known failures as handled\nkestractl executions update-status-by-query -n company.team --flow etl --state FAILED --since 24h --new-status WARNING --dry-run",
		"kestractl executions update-status-by-query -n company.team --flow etl --state FAILED --new-status WARNING --yes",
	}
}

// Help implements kong's HelpProvider.
func (*UpdateStatusByQuery) Help() string {
	return byQueryHelp("ended ones that were not KILLED")
}

// Run changes the state of what the filters match, after confirmation.
func (b *UpdateStatusByQuery) Run(c *plugin.Context) error {
	a, err := changeStatusAction("--new-status", b.NewStatus)
	if err != nil {
		return err
	}
	r, err := newBulkRun(c, a, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byQuery(b.ExecutionFilters, b.ByQueryFlags)
}
