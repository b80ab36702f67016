package executions

import (
	"net/url"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// SearchByFlow is "executions search-by-flow --namespace NS --flow-id ID".
type SearchByFlow struct {
	Namespace        string `short:"n" required:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID           string `name:"flow-id" aliases:"flow" required:"" completer:"flow" help:"Flow id."`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*SearchByFlow) Examples() []string {
	return []string{
		"kestractl executions search-by-flow -n company.team --flow-id etl",
		"kestractl executions search-by-flow --namespace company.team --flow-id etl --page 2 --size 50 -o json",
	}
}

// Run lists the flow's executions (searchExecutionsByFlowId).
func (s *SearchByFlow) Run(c *plugin.Context) error {
	if err := cmdutil.CheckFlowRef(s.Namespace, s.FlowID); err != nil {
		return err
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	return c.List(s.ListFlags, plugin.Listing{
		Noun:      "execution",
		Columns:   listColumns,
		Path:      k.TenantPath("executions"),
		Query:     url.Values{"namespace": {s.Namespace}, "flowId": {s.FlowID}},
		Namespace: s.Namespace,
	})
}
