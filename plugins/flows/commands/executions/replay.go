package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ReplayFlags say where a replay starts and what it runs.
type ReplayFlags struct {
	TaskRunID string `name:"task-run-id" placeholder:"TASK_RUN_ID" help:"Start from this task run: the tasks before it keep their results (default: from the start)."`
	Revision  int    `placeholder:"N" help:"Replay on this revision of the flow (default: the execution's)."`
}

func (f ReplayFlags) options() (api.ReplayOptions, error) {
	if f.Revision < 0 {
		return api.ReplayOptions{}, cmderr.Usagef("--revision must be positive")
	}
	return api.ReplayOptions{TaskRunID: f.TaskRunID, Revision: f.Revision}, nil
}

// Replay is "executions replay <execution_id>".
type Replay struct {
	ID          string `arg:"" name:"execution_id" completer:"execution" help:"Execution id (ended)."`
	ReplayFlags `embed:""`
	WaitFlags   `embed:""`
}

// Examples implements manifest.Exampler.
func (*Replay) Examples() []string {
	return []string{
		"kestractl executions replay 4wjtkzwVGBM9yKnjm3yv8r",
		"# from one task run (see 'executions get ID -o json' for task run ids), following the new execution\nkestractl executions replay 4wjtkzwVGBM9yKnjm3yv8r --task-run-id 2Hx9mHS7ZUC0nk0MFTuAoW --wait",
	}
}

// Run replays the execution: a new execution, whose originalId is the
// replayed one's; --wait follows the new one.
func (r *Replay) Run(c *plugin.Context) error {
	if err := r.check(); err != nil {
		return err
	}
	o, err := r.options()
	if err != nil {
		return err
	}
	cl, e, err := act(c, r.ID, func(cl *api.Client) (*api.Execution, error) { return cl.Replay(c, r.ID, o) })
	if err != nil {
		return err
	}
	_ = c.Success("Execution %s replayed as execution %s.", r.ID, e.ID)
	return r.finish(c, cl, e)
}
