package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
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
func (u *Update) Run(c *plugin.Context) error {
	ref, err := u.ref()
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.SetTriggerDisabled(c, ref, u.Disabled)
	if err != nil {
		return notFound(err, ref)
	}
	done := "enabled"
	if u.Disabled {
		done = "disabled"
	}
	return showState(c, raw, "Trigger %s %s.", name(ref), done)
}
