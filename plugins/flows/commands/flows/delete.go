package flows

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Delete is "flows delete <namespace> <flow_id>".
type Delete struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
}

// Examples implements manifest.Exampler.
func (*Delete) Examples() []string {
	return []string{"kestractl flows delete company.team hello", "# in a script\nkestractl flows delete company.team hello --yes"}
}

// Run deletes the flow after confirmation.
func (d *Delete) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, cmdutil.CheckFlowRef(d.Namespace, d.FlowID))
	if err != nil {
		return err
	}
	// Check first, so a typo is reported before any question is asked.
	if _, err := cl.GetFlow(c, d.Namespace, d.FlowID, false); err != nil {
		return kestra.NotFoundAs(err, "flow %q not found in namespace %q", d.FlowID, d.Namespace)
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("Delete flow '%s' in %s?", d.FlowID, d.Namespace)); err != nil {
		return err
	}
	if err := cl.DeleteFlow(c, d.Namespace, d.FlowID); err != nil {
		return kestra.NotFoundAs(err, "flow %q not found in namespace %q", d.FlowID, d.Namespace)
	}
	if c.Structured() {
		return c.Object(map[string]string{"status": "deleted", "namespace": d.Namespace, "id": d.FlowID})
	}
	return c.Success("Flow '%s' deleted from namespace '%s'.", d.FlowID, d.Namespace)
}
