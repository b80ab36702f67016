package commands

import (
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ExecutionsKill is "executions kill <execution_id>".
type ExecutionsKill struct {
	ID string `arg:"" name:"execution_id" help:"Execution id."`
}

// Run kills the execution after confirmation.
func (k *ExecutionsKill) Run(c *plugin.Context) error {
	if err := checkExecutionID(k.ID); err != nil {
		return err
	}
	cl, err := client(c)
	if err != nil {
		return err
	}
	e, err := cl.GetExecution(c, k.ID)
	if err != nil {
		return notFound(err, "execution %q not found", k.ID)
	}
	if api.Terminal(e.State.Current) {
		return cmderr.New(cmderr.Conflict, "execution %s has already ended (%s); nothing to kill", k.ID, e.State.Current)
	}
	ok, err := c.Confirm(fmt.Sprintf("Kill execution %s of %s.%s (state %s)?", k.ID, e.Namespace, e.FlowID, e.State.Current))
	if err != nil {
		return err
	}
	if !ok {
		return cmderr.New(cmderr.Cancelled, "cancelled: execution %s was not killed", k.ID)
	}
	killed, err := cl.KillExecution(c, k.ID)
	if kestra.IsStatus(err, http.StatusConflict) {
		return cmderr.New(cmderr.Conflict, "execution %s has already ended; nothing to kill", k.ID)
	}
	if err != nil {
		return notFound(err, "execution %q not found", k.ID)
	}
	if killed == nil {
		if killed, err = cl.GetExecution(c, k.ID); err != nil {
			return err
		}
	}
	if c.Format() != plugin.FormatTable {
		return c.Object(killed.Raw)
	}
	return c.Success("Kill requested for execution %s (state %s).", k.ID, killed.State.Current)
}
