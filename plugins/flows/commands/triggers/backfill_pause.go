package triggers

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// BackfillPause is "triggers backfill-pause <namespace> <flow_id> <trigger_id>".
type BackfillPause struct {
	triggerArgs `embed:""`
}

// Examples implements manifest.Exampler.
func (*BackfillPause) Examples() []string {
	return []string{"kestractl triggers backfill-pause company.team hello daily"}
}

// Help implements kong.HelpProvider.
func (*BackfillPause) Help() string {
	return `Pauses a trigger's backfill where it is; "triggers backfill-unpause" resumes it. A trigger without a
backfill is exit 6. -o json prints the trigger's state.`
}

// Run pauses the backfill.
func (p *BackfillPause) Run(c *plugin.Context) error { return pauseBackfill(c, p.triggerArgs, true) }

func pauseBackfill(c *plugin.Context, args triggerArgs, pause bool) error {
	cl, ref, err := args.open(c)
	if err != nil {
		return err
	}
	raw, err := cl.PauseBackfill(c, ref, pause)
	if err != nil {
		return backfillError(err, ref)
	}
	if pause {
		return showState(c, raw, "Backfill of trigger %s paused.", name(ref))
	}
	return showState(c, raw, "Backfill of trigger %s resumed.", name(ref))
}
