package flows

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// EnableBulk is "flows enable-bulk <namespace/flow_id>...".
type EnableBulk struct {
	Flows []string `arg:"" name:"flow" placeholder:"NAMESPACE/FLOW_ID" help:"Flows, as namespace/flow_id."`
}

// Examples implements manifest.Exampler.
func (*EnableBulk) Examples() []string {
	return []string{"kestractl flows enable-bulk company.team/hello company.data/etl"}
}

// Help implements kong.HelpProvider.
func (*EnableBulk) Help() string {
	return `Enabling changes nothing for good, so it does not ask. The report has one result per flow: status
(enabled or failed), id, error.`
}

// Run enables the flows.
func (e *EnableBulk) Run(c *plugin.Context) error {
	refs, err := cmdutil.ParseFlowRefs(e.Flows)
	if err != nil {
		return err
	}
	b, err := flowBulk(c, "Enable", "enabled", enableFlows)
	if err != nil {
		return err
	}
	b.NoConfirm = true
	return c.BulkByIDs(flowIDs(refs), b)
}
