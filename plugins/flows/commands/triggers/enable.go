package triggers

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Enable is "triggers enable <namespace> <flow_id> <trigger_id>".
type Enable struct {
	triggerArgs `embed:""`
}

// Examples implements manifest.Exampler.
func (*Enable) Examples() []string {
	return []string{"kestractl triggers enable company.team hello daily", "kestractl triggers enable company.team hello daily -o json"}
}

// Help implements kong.HelpProvider.
func (*Enable) Help() string {
	return `Enables a trigger: a Schedule's missed dates are not run, its next date is computed from now. -o json
prints the trigger's state as the server answers it.`
}

// Run enables the trigger.
func (e *Enable) Run(c *plugin.Context) error { return e.setDisabled(c, false) }
