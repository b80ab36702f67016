package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// unqueueStates are the states an unqueued execution may take
// (ConcurrencyLimitService.VALID_TARGET_STATES).
var unqueueStates = []string{"RUNNING", "CANCELLED", "FAILED"}

// Unqueue is "executions unqueue <execution_id>".
type Unqueue struct {
	ID        string `arg:"" name:"execution_id" completer:"execution" help:"Execution id (QUEUED)."`
	State     string `default:"RUNNING" values:"RUNNING,CANCELLED,FAILED" help:"State the execution takes: RUNNING (it starts now), CANCELLED or FAILED."`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*Unqueue) Examples() []string {
	return []string{
		"kestractl executions unqueue 4wjtkzwVGBM9yKnjm3yv8r",
		"# drop it from the queue without running it\nkestractl executions unqueue 4wjtkzwVGBM9yKnjm3yv8r --state CANCELLED",
	}
}

// Run takes the execution out of its flow's queue.
func (u *Unqueue) Run(c *plugin.Context) error {
	if err := u.check(); err != nil {
		return err
	}
	state, err := checkState("--state", u.State, unqueueStates...)
	if err != nil {
		return err
	}
	cl, e, err := act(c, u.ID, func(cl *api.Client) (*api.Execution, error) { return cl.Unqueue(c, u.ID, state) })
	if err != nil {
		return err
	}
	_ = c.Success("Execution %s unqueued (%s).", e.ID, e.State.Current)
	return u.finish(c, cl, e)
}
