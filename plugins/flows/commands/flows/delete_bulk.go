package flows

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DeleteBulk is "flows delete-bulk <namespace/flow_id>...".
type DeleteBulk struct {
	Flows []string `arg:"" name:"flow" placeholder:"NAMESPACE/FLOW_ID" help:"Flows, as namespace/flow_id."`
}

// Examples implements manifest.Exampler.
func (*DeleteBulk) Examples() []string {
	return []string{"kestractl flows delete-bulk company.team/hello company.data/etl", "# in a script\nkestractl flows delete-bulk company.team/old --yes -o json"}
}

// Help implements kong.HelpProvider.
func (*DeleteBulk) Help() string {
	return `Asks for confirmation naming the count (--yes in scripts). The report has one result per flow:
status (deleted or failed), id, error.`
}

// Run deletes the flows after confirmation.
func (d *DeleteBulk) Run(c *plugin.Context) error {
	refs, err := cmdutil.ParseFlowRefs(d.Flows)
	if err != nil {
		return err
	}
	b, err := flowBulk(c, "Delete", "deleted", deleteFlows)
	if err != nil {
		return err
	}
	return c.BulkByIDs(flowIDs(refs), b)
}
