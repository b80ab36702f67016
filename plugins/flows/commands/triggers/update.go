package triggers

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Update is "triggers update <namespace> <flow_id> <trigger_id> --disabled[=true|false]".
type Update struct {
	triggerArgs `embed:""`
	Disabled    bool `required:"" negatable:"" help:"Disable the trigger (--disabled), or enable it (--disabled=false or --no-disabled)."`
}

// Examples implements manifest.Exampler.
func (*Update) Examples() []string {
	return []string{"kestractl triggers update company.team hello daily --disabled", "kestractl triggers update company.team hello daily --disabled=false -o json"}
}

// Help implements kong.HelpProvider.
func (*Update) Help() string {
	return `The public kestractl's way to enable or disable a trigger (it is "triggers enable|disable"; Kestra 2.0
sets it with PUT /triggers/set-disabled). -o json prints the trigger's state.`
}

// Run updates the trigger.
func (u *Update) Run(c *plugin.Context) error { return u.setDisabled(c, u.Disabled) }
