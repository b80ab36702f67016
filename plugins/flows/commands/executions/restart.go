package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Restart is "executions restart <execution_id>".
type Restart struct {
	ID        string `arg:"" name:"execution_id" completer:"execution" help:"Execution id (FAILED or PAUSED)."`
	Revision  int    `placeholder:"N" help:"Restart on this revision of the flow: a new execution runs it (default: the same execution runs again from its failed task, as a new attempt)."`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*Restart) Examples() []string {
	return []string{
		"kestractl executions restart 4wjtkzwVGBM9yKnjm3yv8r",
		"# after a fix: run the failed task again and fail the job if it fails again\nkestractl executions restart 4wjtkzwVGBM9yKnjm3yv8r --revision 3 --wait",
	}
}

// Run restarts the execution from its failed (or paused) task runs.
func (r *Restart) Run(c *plugin.Context) error {
	if err := r.check(); err != nil {
		return err
	}
	if r.Revision < 0 {
		return cmderr.Usagef("--revision must be positive")
	}
	cl, e, err := act(c, r.ID, func(cl *api.Client) (*api.Execution, error) { return cl.Restart(c, r.ID, r.Revision) })
	if err != nil {
		return err
	}
	if e.ID != r.ID {
		_ = c.Success("Execution %s restarted as execution %s (revision %d).", r.ID, e.ID, e.FlowRevision)
	} else {
		_ = c.Success("Execution %s restarted.", e.ID)
	}
	return r.finish(c, cl, e)
}
