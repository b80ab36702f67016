package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ForceRun is "executions force-run <execution_id>".
type ForceRun struct {
	ID        string `arg:"" name:"execution_id" completer:"execution" help:"Execution id (CREATED for a later date, QUEUED or PAUSED)."`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*ForceRun) Examples() []string {
	return []string{
		"# run a queued execution now, beyond the flow's concurrency limit\nkestractl executions force-run 4wjtkzwVGBM9yKnjm3yv8r",
		"kestractl executions force-run 4wjtkzwVGBM9yKnjm3yv8r --wait",
	}
}

// Run runs the execution now.
func (f *ForceRun) Run(c *plugin.Context) error {
	if err := f.check(); err != nil {
		return err
	}
	cl, e, err := act(c, f.ID, func(cl *api.Client) (*api.Execution, error) { return cl.ForceRun(c, f.ID) })
	if err != nil {
		return err
	}
	_ = c.Success("Execution %s forced to run (%s).", e.ID, e.State.Current)
	return f.finish(c, cl, e)
}
