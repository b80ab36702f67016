package commands

import (
	"fmt"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// FlowsDelete is "flows delete <namespace> <flow_id>".
type FlowsDelete struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
}

// Run deletes the flow after confirmation.
func (d *FlowsDelete) Run(c *plugin.Context) error {
	if err := checkFlowRef(d.Namespace, d.FlowID); err != nil {
		return err
	}
	cl, err := client(c)
	if err != nil {
		return err
	}
	// Check first, so a typo is reported before any question is asked.
	if _, err := cl.GetFlow(c, d.Namespace, d.FlowID, false); err != nil {
		return notFound(err, "flow %q not found in namespace %q", d.FlowID, d.Namespace)
	}
	ok, err := c.Confirm(fmt.Sprintf("Delete flow '%s' in namespace '%s'?", d.FlowID, d.Namespace))
	if err != nil {
		return err
	}
	if !ok {
		return cmderr.New(cmderr.Cancelled, "cancelled: flow '%s' was not deleted", d.FlowID)
	}
	if err := cl.DeleteFlow(c, d.Namespace, d.FlowID); err != nil {
		return notFound(err, "flow %q not found in namespace %q", d.FlowID, d.Namespace)
	}
	if c.Format() != plugin.FormatTable {
		return c.Object(map[string]string{"namespace": d.Namespace, "id": d.FlowID, "status": "deleted"})
	}
	return c.Success("Flow '%s' deleted from namespace '%s'.", d.FlowID, d.Namespace)
}
