package flows

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Dependencies is "flows dependencies <namespace> <flow_id>".
type Dependencies struct {
	Namespace       string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID          string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	ExpandAll       bool   `name:"expand-all" help:"Follow dependencies transitively (the dependencies of the dependencies)."`
	DestinationOnly bool   `name:"destination-only" help:"Only the flows this flow depends on, not the flows that depend on it."`
}

// Examples implements manifest.Exampler.
func (*Dependencies) Examples() []string {
	return []string{"kestractl flows dependencies company.team hello", "kestractl flows dependencies company.team hello --expand-all -o json"}
}

// Help implements kong.HelpProvider.
func (*Dependencies) Help() string {
	return `A dependency is a Subflow task calling another flow (FLOW_TASK) or a Flow trigger listening to another
flow (FLOW_TRIGGER). The table has one row per dependency (source, relation, destination); -o json prints the
server's FlowTopologyGraph (nodes and edges).`
}

// Run shows the dependencies.
func (d *Dependencies) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, cmdutil.CheckFlowRef(d.Namespace, d.FlowID))
	if err != nil {
		return err
	}
	raw, err := cl.Dependencies(c, d.Namespace, d.FlowID, d.ExpandAll, d.DestinationOnly)
	if err != nil {
		return kestra.NotFoundAs(err, "flow %q not found in namespace %q", d.FlowID, d.Namespace)
	}
	return showTopology(c, raw)
}
