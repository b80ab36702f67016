package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Resume is "executions resume <execution_id>".
type Resume struct {
	ID        string `arg:"" name:"execution_id" completer:"execution" help:"Execution id (PAUSED)."`
	InputFlag `embed:""`
	WaitFlags `embed:""`
}

// Help implements kong's HelpProvider.
func (*Resume) Help() string {
	return "A Pause task may declare resume inputs (onResume): give them with --input, validated as flow inputs are. " +
		"'kestractl executions flow-info-by-id ID -o json' shows what the paused task takes."
}

// Examples implements manifest.Exampler.
func (*Resume) Examples() []string {
	return []string{
		"kestractl executions resume 4wjtkzwVGBM9yKnjm3yv8r",
		"# an approval step with resume inputs, then wait for the end\nkestractl executions resume 4wjtkzwVGBM9yKnjm3yv8r --input approved=true --input reason='looks good' --wait",
	}
}

// Run resumes the paused execution.
func (r *Resume) Run(c *plugin.Context) error {
	if err := r.check(); err != nil {
		return err
	}
	inputs, files, err := parseInputs(c, r.Input)
	if err != nil {
		return err
	}
	cl, e, err := act(c, r.ID, func(cl *api.Client) (*api.Execution, error) { return cl.Resume(c, r.ID, inputs, files) })
	if err != nil {
		return err
	}
	_ = c.Success("Execution %s resumed.", e.ID)
	return r.finish(c, cl, e)
}
