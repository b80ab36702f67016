package flows

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DisableBulk is "flows disable-bulk <namespace/flow_id>...".
type DisableBulk struct {
	Flows []string `arg:"" name:"flow" placeholder:"NAMESPACE/FLOW_ID" help:"Flows, as namespace/flow_id."`
}

// Examples implements manifest.Exampler.
func (*DisableBulk) Examples() []string {
	return []string{"kestractl flows disable-bulk company.team/hello company.data/etl", "# in a script\nkestractl flows disable-bulk company.team/hello --yes"}
}

// Help implements kong.HelpProvider.
func (*DisableBulk) Help() string {
	return `Asks for confirmation naming the count (--yes in scripts). The report has one result per flow:
status (disabled or failed), id, error.`
}

// Run disables the flows after confirmation.
func (d *DisableBulk) Run(c *plugin.Context) error {
	refs, err := cmdutil.ParseFlowRefs(d.Flows)
	if err != nil {
		return err
	}
	b, err := flowBulk(c, "Disable", "disabled", disableFlows)
	if err != nil {
		return err
	}
	return c.BulkByIDs(flowIDs(refs), b)
}
