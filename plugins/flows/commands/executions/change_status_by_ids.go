package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// changeStatusAction sets ended, not killed executions to a state.
func changeStatusAction(flag, status string) (bulkAction, error) {
	st, err := checkStatus(flag, status, terminalStates)
	if err != nil {
		return bulkAction{}, err
	}
	return bulkAction{verb: "Set the state to " + st + " of", done: "changed", endpoint: api.BulkChangeStatus(st), states: changeableStates}, nil
}

// ChangeStatusByIDs is "executions change-status-by-ids <execution_id>... --status STATE".
type ChangeStatusByIDs struct {
	byIDsArgs `embed:""`
	Status    string `required:"" values:"SUCCESS,WARNING,FAILED,KILLED,CANCELLED,SKIPPED,RETRIED" help:"New state: SUCCESS, WARNING, FAILED, KILLED, CANCELLED, SKIPPED or RETRIED."`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*ChangeStatusByIDs) Examples() []string {
	return []string{"kestractl executions change-status-by-ids 4wjtkzwVGBM9yKnjm3yv8r 7bX2mKq9RtLp3VwYz1aB4c --status WARNING --yes"}
}

// Help implements kong's HelpProvider.
func (*ChangeStatusByIDs) Help() string {
	return "Only ended executions that were not KILLED can change state. " + bulkHelp
}

// Run changes the executions' state after confirmation.
func (b *ChangeStatusByIDs) Run(c *plugin.Context) error {
	a, err := changeStatusAction("--status", b.Status)
	if err != nil {
		return err
	}
	r, err := newBulkRun(c, a, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byIDs(b.IDs)
}
