package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// unqueueAction takes queued executions out of their flow's queue.
func unqueueAction(state string) (bulkAction, error) {
	st, err := checkState("--state", state, unqueueStates...)
	if err != nil {
		return bulkAction{}, err
	}
	return bulkAction{verb: "Unqueue", done: "unqueued", endpoint: api.BulkUnqueue(st), states: []string{"QUEUED"}}, nil
}

// UnqueueBulk is "executions unqueue-bulk <execution_id>...".
type UnqueueBulk struct {
	byIDsArgs `embed:""`
	State     string `default:"RUNNING" values:"RUNNING,CANCELLED,FAILED" help:"State the executions take: RUNNING (they start now), CANCELLED or FAILED."`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*UnqueueBulk) Examples() []string {
	return []string{
		"kestractl executions unqueue-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c",
		"kestractl executions unqueue-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c --state CANCELLED --yes",
	}
}

// Help implements kong's HelpProvider.
func (*UnqueueBulk) Help() string { return bulkHelp }

// Run unqueues the executions after confirmation.
func (b *UnqueueBulk) Run(c *plugin.Context) error {
	a, err := unqueueAction(b.State)
	if err != nil {
		return err
	}
	r, err := newBulkRun(c, a, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byIDs(b.IDs)
}
