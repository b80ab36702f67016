package triggers

import (
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// BackfillDelete is "triggers backfill-delete <namespace> <flow_id> <trigger_id>".
type BackfillDelete struct {
	triggerArgs `embed:""`
}

// Examples implements manifest.Exampler.
func (*BackfillDelete) Examples() []string {
	return []string{"kestractl triggers backfill-delete company.team hello daily", "kestractl triggers backfill-delete company.team hello daily --yes -o json"}
}

// Help implements kong.HelpProvider.
func (*BackfillDelete) Help() string {
	return `Stops and drops a trigger's backfill (the dates it has not run yet are not run); the live schedule
resumes. Asks for confirmation (--yes in scripts). A trigger without a backfill is exit 6. -o json prints the
trigger's state.`
}

// Run deletes the backfill after confirmation.
func (d *BackfillDelete) Run(c *plugin.Context) error {
	cl, ref, err := d.open(c)
	if err != nil {
		return err
	}
	st, err := stateOf(c, cl, ref)
	if err != nil {
		return err
	}
	if st.Backfill == nil {
		return cmderr.New(cmderr.Conflict, "trigger %s has no backfill", name(ref))
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("Delete the backfill of trigger %s (the dates it has not run yet will not run)?", name(ref))); err != nil {
		return err
	}
	raw, err := cl.DeleteBackfill(c, ref)
	if err != nil {
		return backfillError(err, ref)
	}
	return showState(c, raw, "Backfill of trigger %s deleted.", name(ref))
}

// backfillError rewords the answers about a backfill.
func backfillError(err error, ref api.TriggerRef) error {
	if kestra.IsStatus(err, http.StatusConflict) {
		return cmderr.New(cmderr.Conflict, "trigger %s has no backfill", name(ref)).WithHint("%v", err)
	}
	return notFound(err, ref)
}
