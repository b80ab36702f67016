package triggers

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Unlock is "triggers unlock <namespace> <flow_id> <trigger_id>".
type Unlock struct {
	triggerArgs `embed:""`
}

// Examples implements manifest.Exampler.
func (*Unlock) Examples() []string {
	return []string{"kestractl triggers unlock company.team hello daily"}
}

// Help implements kong.HelpProvider.
func (*Unlock) Help() string {
	return `Releases a trigger held locked (its evaluation or its execution did not end, e.g. after a crash); a trigger
that is not locked is exit 6. Unlocking while its execution still runs may start the next one alongside it.
-o json prints the trigger's state.`
}

// Run unlocks the trigger; one that is not locked is a conflict.
func (u *Unlock) Run(c *plugin.Context) error {
	return u.act(c, func(ctx context.Context, cl *api.Client, ref api.TriggerRef) (json.RawMessage, error) {
		raw, err := cl.UnlockTrigger(ctx, ref)
		if kestra.IsStatus(err, http.StatusConflict) {
			return nil, cmderr.New(cmderr.Conflict, "trigger %s is not locked", name(ref))
		}
		return raw, err
	}, "unlocked")
}
