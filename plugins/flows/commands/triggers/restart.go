package triggers

import (
	"context"
	"encoding/json"

	"github.com/kestractl/kestractl/plugins/flows/api"
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
	return r.act(c, func(ctx context.Context, cl *api.Client, ref api.TriggerRef) (json.RawMessage, error) {
		return cl.RestartTrigger(ctx, ref)
	}, "restarted")
}
