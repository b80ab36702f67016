package executions

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// FlowInfo is "executions flow-info <namespace> <flow_id>".
type FlowInfo struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	Revision  int    `placeholder:"N" help:"This revision of the flow (default: the latest)."`
}

// Examples implements manifest.Exampler.
func (*FlowInfo) Examples() []string {
	return []string{
		"# what a run of the flow takes, for someone allowed to execute it\nkestractl executions flow-info company.team etl",
		"kestractl executions flow-info company.team etl --revision 2 -o json --jq '.inputs'",
	}
}

// Run shows the flow as an execution sees it (FlowForExecution).
func (f *FlowInfo) Run(c *plugin.Context) error {
	if err := cmdutil.CheckFlowRef(f.Namespace, f.FlowID); err != nil {
		return err
	}
	if f.Revision < 0 {
		return cmderr.Usagef("--revision must be positive")
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.FlowForExecution(c, f.Namespace, f.FlowID, f.Revision)
	if err != nil {
		return err
	}
	return printFlowInfo(c, raw)
}

// flowInfo is the part of FlowForExecution the table mode shows.
type flowInfo struct {
	ID          string `json:"id"`
	Namespace   string `json:"namespace"`
	Revision    int    `json:"revision"`
	Description string `json:"description"`
	Disabled    bool   `json:"disabled"`
	Inputs      []struct {
		ID       string `json:"id"`
		Type     string `json:"type"`
		Required *bool  `json:"required"`
	} `json:"inputs"`
	Tasks []flowTask `json:"tasks"`
}

type flowTask struct {
	ID     string     `json:"id"`
	Type   string     `json:"type"`
	Tasks  []flowTask `json:"tasks"`
	Inputs []struct {
		ID   string `json:"id"`
		Type string `json:"type"`
	} `json:"inputs"`
}

// printFlowInfo prints a FlowForExecution: the server's object with -o
// json, else its flow, inputs and tasks (with a Pause task's resume
// inputs).
func printFlowInfo(c *plugin.Context, raw json.RawMessage) error {
	if c.Structured() {
		return c.Object(raw)
	}
	var f flowInfo
	if err := json.Unmarshal(raw, &f); err != nil {
		return fmt.Errorf("decode the flow: %w", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Flow: %s\nNamespace: %s\nRevision: %d\n", f.ID, f.Namespace, f.Revision)
	if f.Description != "" {
		fmt.Fprintf(&b, "Description: %s\n", f.Description)
	}
	if f.Disabled {
		b.WriteString("Disabled: yes\n")
	}
	if len(f.Inputs) > 0 {
		b.WriteString("Inputs:\n")
		for _, in := range f.Inputs {
			req := ""
			if in.Required == nil || *in.Required {
				req = ", required"
			}
			fmt.Fprintf(&b, "  %s (%s%s)\n", in.ID, in.Type, req)
		}
	}
	if len(f.Tasks) > 0 {
		b.WriteString("\nTASKS\n")
		w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "TASK\tTYPE\tRESUME INPUTS")
		var walk func(ts []flowTask, indent string)
		walk = func(ts []flowTask, indent string) {
			for _, t := range ts {
				var ins []string
				for _, in := range t.Inputs {
					ins = append(ins, in.ID+" ("+in.Type+")")
				}
				fmt.Fprintf(w, "%s%s\t%s\t%s\n", indent, t.ID, t.Type, strings.Join(ins, ", "))
				walk(t.Tasks, indent+"  ")
			}
		}
		walk(f.Tasks, "")
		_ = w.Flush()
	}
	_, err := fmt.Fprint(c.Stdout(), plugin.SanitizeText(b.String()))
	return err
}
