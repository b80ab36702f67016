package triggers

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Disable is "triggers disable <namespace> <flow_id> <trigger_id>".
type Disable struct {
	triggerArgs `embed:""`
}

// Examples implements manifest.Exampler.
func (*Disable) Examples() []string {
	return []string{"kestractl triggers disable company.team hello daily", "kestractl triggers disable company.team hello daily -o json"}
}

// Help implements kong.HelpProvider.
func (*Disable) Help() string {
	return `Disables a trigger: it stops firing until enabled again. -o json prints the trigger's state as the
server answers it.`
}

// Run disables the trigger.
func (d *Disable) Run(c *plugin.Context) error { return d.setDisabled(c, true) }
