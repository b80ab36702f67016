package executions

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Kill is "executions kill <execution_id>".
type Kill struct {
	ID string `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
}

// Examples implements manifest.Exampler.
func (*Kill) Examples() []string {
	return []string{"kestractl executions kill 4wjtkzwVGBM9yKnjm3yv8r", "kestractl executions kill 4wjtkzwVGBM9yKnjm3yv8r --yes -o json"}
}

// Run kills the execution after confirmation.
func (k *Kill) Run(c *plugin.Context) error {
	if err := cmdutil.CheckExecutionID(k.ID); err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	e, err := cl.GetExecution(c, k.ID)
	if err != nil {
		return cmdutil.NotFound(err, "execution %q not found", k.ID)
	}
	if api.Terminal(e.State.Current) {
		return cmderr.New(cmderr.Conflict, "execution %s has already ended (%s): nothing to kill", e.ID, e.State.Current)
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("Kill execution %s of %s.%s (%s)?", e.ID, e.Namespace, e.FlowID, e.State.Current)); err != nil {
		return err
	}
	killed, err := cl.KillExecution(c, k.ID)
	if err != nil {
		return cmdutil.NotFound(err, "execution %q not found", k.ID)
	}
	if killed == nil {
		if killed, err = cl.GetExecution(c, k.ID); err != nil {
			return err
		}
	}
	_ = c.Success("Kill requested for execution %s.", k.ID)
	if c.Structured() {
		return c.Object(killed.Raw)
	}
	return nil
}
