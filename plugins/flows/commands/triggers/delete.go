package triggers

import (
	"fmt"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// Delete is "triggers delete <namespace> <flow_id> <trigger_id>".
type Delete struct {
	triggerArgs `embed:""`
}

// Examples implements manifest.Exampler.
func (*Delete) Examples() []string {
	return []string{"kestractl triggers delete company.team hello daily", "# in a script\nkestractl triggers delete company.team hello daily --yes"}
}

// Help implements kong.HelpProvider.
func (*Delete) Help() string {
	return `Deletes a trigger's state (its last trigger date, lock and backfill); the flow keeps the trigger, whose
state starts anew with the flow's next revision. Asks for confirmation (--yes in scripts).`
}

// Run deletes the trigger's state after confirmation.
func (d *Delete) Run(c *plugin.Context) error {
	cl, ref, err := d.open(c)
	if err != nil {
		return err
	}
	if _, err := stateOf(c, cl, ref); err != nil {
		return err
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("Delete the state of trigger %s?", name(ref))); err != nil {
		return err
	}
	if err := cl.DeleteTrigger(c, ref); err != nil {
		return notFound(err, ref)
	}
	if c.Structured() {
		return c.Object(map[string]string{"status": "deleted", "namespace": ref.Namespace, "flowId": ref.FlowID, "triggerId": ref.TriggerID})
	}
	return c.Success("Trigger %s deleted.", name(ref))
}
