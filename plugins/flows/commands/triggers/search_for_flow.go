package triggers

import (
	"context"
	"net/url"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// SearchForFlow is "triggers search-for-flow <namespace> <flow_id>".
type SearchForFlow struct {
	Namespace        string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID           string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	Query            string `short:"q" help:"Only triggers whose id contains this text."`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*SearchForFlow) Examples() []string {
	return []string{"kestractl triggers search-for-flow company.team hello", "kestractl triggers search-for-flow company.team hello -q daily -o json"}
}

// Help implements kong.HelpProvider.
func (*SearchForFlow) Help() string {
	return "The trigger states of one flow (GET /triggers/{namespace}/{flowId}); -o json prints the server's states."
}

// Run lists the flow's triggers.
func (s *SearchForFlow) Run(c *plugin.Context) error {
	if err := cmdutil.CheckFlowRef(s.Namespace, s.FlowID); err != nil {
		return err
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	q := url.Values{"sort": {"triggerId:asc"}}
	if s.Query != "" {
		q.Set("q", s.Query)
	}
	return c.List(s.ListFlags, plugin.Listing{
		Noun: "trigger",
		Columns: []plugin.Column{plugin.Col("TRIGGER", "triggerId"), {Header: "NEXT EXECUTION", Path: "nextEvaluationDate", Format: "age"},
			{Header: "LAST TRIGGERED", Path: "lastTriggeredDate", Format: "age"}, {Header: "DISABLED", Path: "disabled", Format: "bool"},
			{Header: "LOCKED", Path: "locked", Format: "bool"}, plugin.Col("BACKFILL", "backfillProgress"),
			{Header: "BACKFILL AT", Path: "backfill.currentDate", Format: "time"}, {Header: "BACKFILL END", Path: "backfill.end", Format: "time"}},
		Row:   progressRow(""),
		Path:  k.TenantPath("triggers", s.Namespace, s.FlowID),
		Query: q,
		Empty: func(ctx context.Context) error {
			cl, err := cmdutil.Client(c)
			if err != nil {
				return err
			}
			_, err = cl.GetFlow(ctx, s.Namespace, s.FlowID, false)
			return kestra.NotFoundAs(err, "flow %q not found in namespace %q", s.FlowID, s.Namespace)
		},
	})
}
