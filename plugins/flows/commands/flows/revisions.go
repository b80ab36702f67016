package flows

import (
	"context"
	"encoding/json"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Revisions is "flows revisions <namespace> <flow_id>".
type Revisions struct {
	Namespace        string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID           string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*Revisions) Examples() []string {
	return []string{
		"kestractl flows revisions company.team hello",
		"# every revision with its source\nkestractl flows revisions company.team hello --all -o json",
	}
}

// Run lists the flow's revisions, oldest first.
func (r *Revisions) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, cmdutil.CheckFlowRef(r.Namespace, r.FlowID))
	if err != nil {
		return err
	}
	return c.List(r.ListFlags, plugin.Listing{
		Noun: "revision",
		Columns: []plugin.Column{plugin.Col("REVISION", "revision"), {Header: "UPDATED", Path: "updated", Format: "time"},
			{Header: "DISABLED", Path: "disabled", Format: "bool"}, plugin.Col("DESCRIPTION", "description")},
		Fetch: func(ctx context.Context) ([]json.RawMessage, error) {
			revs, err := cl.Revisions(ctx, r.Namespace, r.FlowID)
			return revs, kestra.NotFoundAs(err, "flow %q not found in namespace %q", r.FlowID, r.Namespace)
		},
	})
}
