package flows

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Disable is "flows disable <namespace> <flow_id>...".
type Disable struct {
	Namespace string   `arg:"" completer:"namespace" help:"Namespace of the flows."`
	FlowIDs   []string `arg:"" name:"flow_id" completer:"flow" help:"Flow ids."`
}

// Examples implements manifest.Exampler.
func (*Disable) Examples() []string {
	return []string{"kestractl flows disable company.team hello", "# freeze two flows during a maintenance window\nkestractl flows disable company.team etl-daily etl-weekly"}
}

// Help implements kong.HelpProvider.
func (*Disable) Help() string {
	return `A disabled flow keeps its definition but runs no trigger and accepts no execution; "flows enable"
undoes it. The flows are named one by one, so this does not ask (disable-bulk and disable-by-query do). The report
has one result per flow: status (disabled or failed), id (namespace/flow_id), error.`
}

// Run disables the flows.
func (d *Disable) Run(c *plugin.Context) error {
	refs, err := namespaceRefs(d.Namespace, d.FlowIDs)
	if err != nil {
		return err
	}
	b, err := flowBulk(c, "Disable", "disabled", disableFlows)
	if err != nil {
		return err
	}
	b.NoConfirm = true
	return c.BulkByIDs(flowIDs(refs), b)
}
