package flows

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Enable is "flows enable <namespace> <flow_id>...".
type Enable struct {
	Namespace string   `arg:"" completer:"namespace" help:"Namespace of the flows."`
	FlowIDs   []string `arg:"" name:"flow_id" completer:"flow" help:"Flow ids."`
}

// Examples implements manifest.Exampler.
func (*Enable) Examples() []string {
	return []string{"kestractl flows enable company.team hello", "kestractl flows enable company.team etl-daily etl-weekly -o json"}
}

// Help implements kong.HelpProvider.
func (*Enable) Help() string {
	return `Enabling changes nothing for good, so it does not ask. The report has one result per flow: status
(enabled or failed), id (namespace/flow_id), error.`
}

// Run enables the flows.
func (e *Enable) Run(c *plugin.Context) error {
	refs, err := namespaceRefs(e.Namespace, e.FlowIDs)
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

// namespaceRefs turns a namespace and flow ids into refs.
func namespaceRefs(ns string, ids []string) ([]api.FlowRef, error) {
	args := make([]string, len(ids))
	for i, id := range ids {
		if err := cmdutil.CheckFlowRef(ns, id); err != nil {
			return nil, err
		}
		args[i] = ns + "/" + id
	}
	return cmdutil.ParseFlowRefs(args)
}
