package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Enable is "triggers enable <namespace> <flow_id> <trigger_id>".
type Enable struct {
	triggerArgs `embed:""`
}

// Examples implements manifest.Exampler.
func (*Enable) Examples() []string {
	return []string{" its next date is computed from now).:kestractl triggers enable company.team hello daily", " its next date is computed from now).:kestractl triggers enable company.team hello daily -o json"}
}

// Help implements kong.HelpProvider.
func (*Enable) Help() string {
	return "Enable a trigger (a Schedule's missed dates are not run -o json prints the trigger's state as the server answers it."
}

// Run enables the trigger.
func (a *Enable) Run(c *plugin.Context) error {
	ref, err := a.ref()
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.SetTriggerDisabled(c, ref, false)
	if err != nil {
		return notFound(err, ref)
	}
	return showState(c, raw, "Trigger %s enabled.", name(ref))
}
