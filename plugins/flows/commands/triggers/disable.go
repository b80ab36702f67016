package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Disable is "triggers disable <namespace> <flow_id> <trigger_id>".
type Disable struct {
	triggerArgs `embed:""`
}

// Examples implements manifest.Exampler.
func (*Disable) Examples() []string {
	return []string{" it stops firing until enabled again.:kestractl triggers disable company.team hello daily", " it stops firing until enabled again.:kestractl triggers disable company.team hello daily -o json"}
}

// Help implements kong.HelpProvider.
func (*Disable) Help() string {
	return "Disable a trigger -o json prints the trigger's state as the server answers it."
}

// Run disables the trigger.
func (a *Disable) Run(c *plugin.Context) error {
	ref, err := a.ref()
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.SetTriggerDisabled(c, ref, true)
	if err != nil {
		return notFound(err, ref)
	}
	return showState(c, raw, "Trigger %s disabled.", name(ref))
}
