package triggers

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Restart is "triggers restart <namespace> <flow_id> <trigger_id>".
type Restart struct {
	triggerArgs `embed:""`
}

// Examples implements manifest.Exampler.
func (*Restart) Examples() []string {
	return []string{"kestractl triggers restart company.team hello daily"}
}

// Help implements kong.HelpProvider.
func (*Restart) Help() string {
	return `Resets a trigger: unlocked, its next date computed from now (a backfill resumes at its current date).
-o json prints the trigger's state.`
}

// Run restarts the trigger.
func (r *Restart) Run(c *plugin.Context) error {
	ref, err := r.ref()
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.RestartTrigger(c, ref)
	if err != nil {
		return notFound(err, ref)
	}
	return showState(c, raw, "Trigger %s restarted.", name(ref))
}
