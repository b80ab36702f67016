package triggers

import (
	"net/http"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
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

// Run unlocks the trigger.
func (u *Unlock) Run(c *plugin.Context) error {
	ref, err := u.ref()
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.UnlockTrigger(c, ref)
	if kestra.IsStatus(err, http.StatusConflict) {
		return cmderr.New(cmderr.Conflict, "trigger %s is not locked", name(ref))
	}
	if err != nil {
		return notFound(err, ref)
	}
	return showState(c, raw, "Trigger %s unlocked.", name(ref))
}
