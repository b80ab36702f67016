package executions

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Kill is "executions kill <execution_id>".
type Kill struct {
	ID        string `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
	Cascade   bool   `default:"true" negatable:"" help:"Also kill the executions its subflow tasks started (--cascade=false or --no-cascade: this one only)."`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*Kill) Examples() []string {
	return []string{
		"kestractl executions kill 4wjtkzwVGBM9yKnjm3yv8r",
		"# the parent only, in a script, waiting until it is KILLED (exit 8, as for any execution that did not succeed)\nkestractl executions kill 4wjtkzwVGBM9yKnjm3yv8r --cascade=false --yes --wait",
	}
}

// Run kills the execution after confirmation.
func (k *Kill) Run(c *plugin.Context) error {
	if err := k.check(); err != nil {
		return err
	}
	cl, e, err := getExecution(c, k.ID)
	if err != nil {
		return err
	}
	if api.Terminal(e.State.Current) {
		return cmderr.New(cmderr.Conflict, "execution %s has already ended (%s): nothing to kill", e.ID, e.State.Current)
	}
	what := ""
	if !k.Cascade {
		what = " (not its subflow executions)"
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("Kill execution %s of %s.%s (%s)%s?", e.ID, e.Namespace, e.FlowID, e.State.Current, what)); err != nil {
		return err
	}
	_, killed, err := act(c, k.ID, func(cl *api.Client) (*api.Execution, error) { return cl.Kill(c, k.ID, k.Cascade) })
	if err != nil {
		return err
	}
	_ = c.Success("Kill requested for execution %s.", k.ID)
	if !k.waiting() && !c.Structured() {
		return nil
	}
	return k.finish(c, cl, killed)
}
