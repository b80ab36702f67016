package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Pause is "executions pause <execution_id>".
type Pause struct {
	ID        string `arg:"" name:"execution_id" completer:"execution" help:"Execution id (RUNNING)."`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*Pause) Examples() []string {
	return []string{
		"kestractl executions pause 4wjtkzwVGBM9yKnjm3yv8r",
		"kestractl executions pause 4wjtkzwVGBM9yKnjm3yv8r -o json --jq .state.current",
	}
}

// Run pauses the running execution after its current task.
func (p *Pause) Run(c *plugin.Context) error {
	if err := p.check(); err != nil {
		return err
	}
	cl, e, err := act(c, p.ID, func(cl *api.Client) (*api.Execution, error) { return cl.Pause(c, p.ID) })
	if err != nil {
		return err
	}
	_ = c.Success("Execution %s paused after its current task; resume it with 'kestractl executions resume %s'.", e.ID, e.ID)
	return p.finish(c, cl, e)
}
