package logs

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DeleteFlow is "logs delete-flow <namespace> <flow_id> --trigger-id ID".
type DeleteFlow struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	TriggerID string `name:"trigger-id" required:"" placeholder:"TRIGGER_ID" help:"The trigger whose logs go (Kestra's API requires it)."`
}

// Help implements kong's HelpProvider.
func (*DeleteFlow) Help() string {
	return "These are the logs a trigger wrote while it was evaluated (Kestra's LogEntry.triggerId), not those of the executions it started: " +
		"'kestractl logs search --flow FLOW --filter triggerId:EQUALS:TRIGGER_ID' shows them."
}

// Examples implements manifest.Exampler.
func (*DeleteFlow) Examples() []string {
	return []string{"kestractl logs delete-flow company.team etl --trigger-id daily", "kestractl logs delete-flow company.team etl --trigger-id daily --yes -o json"}
}

// Run deletes the logs after confirmation.
func (d *DeleteFlow) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, cmdutil.CheckFlowRef(d.Namespace, d.FlowID), plugin.ValidateID("trigger id", d.TriggerID, 100))
	if err != nil {
		return err
	}
	if _, err := cl.GetFlow(c, d.Namespace, d.FlowID, false); err != nil {
		return kestra.NotFoundAs(err, "flow %q not found in namespace %q", d.FlowID, d.Namespace)
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("Delete the logs of trigger '%s' of flow %s.%s?", d.TriggerID, d.Namespace, d.FlowID)); err != nil {
		return err
	}
	if err := cl.DeleteFlowLogs(c, d.Namespace, d.FlowID, d.TriggerID); err != nil {
		return err
	}
	if c.Structured() {
		return c.Object(map[string]string{"status": "deleted", "namespace": d.Namespace, "flowId": d.FlowID, "triggerId": d.TriggerID})
	}
	return c.Success("Deleted the logs of trigger '%s' of flow %s.%s.", d.TriggerID, d.Namespace, d.FlowID)
}
