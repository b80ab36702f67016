package triggers

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// BackfillUnpause is "triggers backfill-unpause <namespace> <flow_id> <trigger_id>".
type BackfillUnpause struct {
	triggerArgs `embed:""`
}

// Examples implements manifest.Exampler.
func (*BackfillUnpause) Examples() []string {
	return []string{"kestractl triggers backfill-unpause company.team hello daily"}
}

// Help implements kong.HelpProvider.
func (*BackfillUnpause) Help() string {
	return "Resumes a paused backfill. A trigger without a backfill is exit 6. -o json prints the trigger's state."
}

// Run resumes the backfill.
func (p *BackfillUnpause) Run(c *plugin.Context) error { return pauseBackfill(c, p.triggerArgs, false) }
