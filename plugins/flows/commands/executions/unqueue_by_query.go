package executions

import "github.com/kestractl/kestractl/sdk/plugin"

// UnqueueByQuery is "executions unqueue-by-query".
type UnqueueByQuery struct {
	byQueryFlags `embed:""`
	NewState     string `name:"new-state" default:"RUNNING" values:"RUNNING,CANCELLED,FAILED" help:"State the executions take: RUNNING (they start now), CANCELLED or FAILED."`
	WaitFlags    `embed:""`
}

// Examples implements manifest.Exampler.
func (*UnqueueByQuery) Examples() []string {
	return []string{
		"kestractl executions unqueue-by-query -n company.team --flow serial --dry-run",
		"# empty a flow's queue without running it\nkestractl executions unqueue-by-query -n company.team --flow serial --new-state CANCELLED --yes",
	}
}

// Help implements kong's HelpProvider.
func (*UnqueueByQuery) Help() string { return byQueryHelp("QUEUED ones") }

// Run unqueues what the filters match, after confirmation.
func (b *UnqueueByQuery) Run(c *plugin.Context) error {
	a, err := unqueueAction(b.NewState)
	if err != nil {
		return err
	}
	r, err := newBulkRun(c, a, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byQuery(b.ExecutionFilters, b.ByQueryFlags)
}
