package executions

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Latest is "executions latest --flow NAMESPACE:FLOW_ID...".
type Latest struct {
	Flow []string `required:"" placeholder:"NAMESPACE:FLOW_ID" sep:"none" help:"Flow whose latest ended execution to show (repeatable); NAMESPACE/FLOW_ID works too."`
}

// Examples implements manifest.Exampler.
func (*Latest) Examples() []string {
	return []string{
		"kestractl executions latest --flow company.team:etl --flow company.team:report",
		"# gate a deployment on the last run of a flow\nkestractl executions latest --flow company.team:etl -o json --jq '.[0].status'",
	}
}

// Run shows, for each flow, its execution that ended last.
func (l *Latest) Run(c *plugin.Context) error {
	flows := make([]api.FlowFilter, 0, len(l.Flow))
	for _, f := range l.Flow {
		i := strings.LastIndexAny(f, ":/")
		if i <= 0 || i == len(f)-1 {
			return cmderr.Usagef("invalid --flow %q: expected NAMESPACE:FLOW_ID, e.g. company.team:hello", f)
		}
		ref := api.FlowFilter{Namespace: f[:i], ID: f[i+1:]}
		if err := cmdutil.CheckFlowRef(ref.Namespace, ref.ID); err != nil {
			return err
		}
		flows = append(flows, ref)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	items, err := cl.LatestExecutions(c, flows)
	if err != nil {
		return err
	}
	found := map[api.FlowFilter]bool{}
	for _, raw := range items {
		var it struct {
			Namespace string `json:"namespace"`
			FlowID    string `json:"flowId"`
		}
		if json.Unmarshal(raw, &it) == nil {
			found[api.FlowFilter{Namespace: it.Namespace, ID: it.FlowID}] = true
		}
	}
	for _, f := range flows {
		if !found[f] {
			_ = c.Info("No ended execution of %s.%s.", f.Namespace, f.ID)
		}
	}
	t := c.Table(plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("FLOW", "flowId"),
		plugin.Column{Header: "STATE", Path: "status", Format: "status"},
		plugin.Column{Header: "STARTED", Path: "startDate", Format: "age"})
	for _, raw := range items {
		if err := t.Add(raw); err != nil {
			return err
		}
	}
	return t.Close(fmt.Sprintf("%d of %d flows have an ended execution", len(items), len(flows)))
}
