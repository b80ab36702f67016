package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// deleteAction deletes executions (and, when asked, what they left).
func deleteAction(f DeleteFlags, nonTerminated bool) bulkAction {
	o := f.options()
	o.NonTerminated = nonTerminated
	a := bulkAction{verb: "Delete", done: "deleted", endpoint: api.BulkDelete(o)}
	if !nonTerminated {
		a.states = endedStates
	}
	return a
}

// DeleteBulk is "executions delete-bulk <execution_id>...".
type DeleteBulk struct {
	byIDsArgs            `embed:""`
	DeleteFlags          `embed:""`
	IncludeNonTerminated bool `name:"include-non-terminated" help:"Also delete executions that have not ended (the server refuses them otherwise)."`
}

// Examples implements manifest.Exampler.
func (*DeleteBulk) Examples() []string {
	return []string{
		"kestractl executions delete-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c",
		"kestractl executions delete-bulk 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c --delete-logs --delete-storage --yes -o json",
	}
}

// Help implements kong's HelpProvider.
func (*DeleteBulk) Help() string { return bulkHelp }

// Run deletes the executions after confirmation.
func (d *DeleteBulk) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, deleteAction(d.DeleteFlags, d.IncludeNonTerminated), WaitFlags{})
	if err != nil {
		return err
	}
	return r.byIDs(d.IDs)
}
