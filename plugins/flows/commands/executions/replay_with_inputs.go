package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ReplayWithInputs is "executions replay-with-inputs <execution_id>".
type ReplayWithInputs struct {
	ID          string `arg:"" name:"execution_id" completer:"execution" help:"Execution id (ended)."`
	ReplayFlags `embed:""`
	Breakpoints string `placeholder:"TASK_ID,..." help:"Stop the new execution at these tasks (id or id.value, comma-separated)."`
	InputFlag   `embed:""`
	WaitFlags   `embed:""`
}

// Help implements kong's HelpProvider.
func (*ReplayWithInputs) Help() string {
	return "The new execution's inputs are the ones given with --input, validated against the flow revision replayed; inputs not given take their defaults."
}

// Examples implements manifest.Exampler.
func (*ReplayWithInputs) Examples() []string {
	return []string{
		"kestractl executions replay-with-inputs 4wjtkzwVGBM9yKnjm3yv8r --input day=2026-12-02",
		"kestractl executions replay-with-inputs 4wjtkzwVGBM9yKnjm3yv8r --input data=@fixed.csv --task-run-id 2Hx9mHS7ZUC0nk0MFTuAoW --wait",
	}
}

// Run replays the execution with new inputs.
func (r *ReplayWithInputs) Run(c *plugin.Context) error {
	if err := r.check(); err != nil {
		return err
	}
	o, err := r.options()
	if err != nil {
		return err
	}
	o.Breakpoints = r.Breakpoints
	inputs, files, err := parseInputs(c, r.Input)
	if err != nil {
		return err
	}
	cl, e, err := act(c, r.ID, func(cl *api.Client) (*api.Execution, error) {
		return cl.ReplayWithInputs(c, r.ID, o, inputs, files)
	})
	if err != nil {
		return err
	}
	_ = c.Success("Execution %s replayed with new inputs as execution %s.", r.ID, e.ID)
	return r.finish(c, cl, e)
}
