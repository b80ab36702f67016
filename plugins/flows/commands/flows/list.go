package commands

import (
	"encoding/json"
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// FlowsList is "flows list [namespace]".
type FlowsList struct {
	Namespace string `arg:"" optional:"" completer:"namespace" help:"Only the flows of this namespace."`
	PageSize  int    `name:"page-size" default:"500" hidden:"" help:"Flows fetched per request."`
}

// flowSummary is one row of the list.
type flowSummary struct {
	ID          string          `json:"id"`
	Namespace   string          `json:"namespace"`
	Revision    int             `json:"revision"`
	Description string          `json:"description"`
	Disabled    bool            `json:"disabled"`
	Labels      json.RawMessage `json:"labels,omitempty"`
}

// Run lists the flows, page after page, streaming the table.
func (l *FlowsList) Run(c *plugin.Context) error {
	if l.Namespace != "" {
		if err := flowfile.ValidateNamespace(l.Namespace); err != nil {
			return cmderr.Usagef("%v", err)
		}
	}
	if l.PageSize < 1 {
		return cmderr.Usagef("--page-size must be at least 1")
	}
	cl, err := client(c)
	if err != nil {
		return err
	}
	t := c.Table(plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("REVISION", "revision"),
		plugin.Col("DISABLED", "disabled"), plugin.Col("DESCRIPTION", "description"))
	n := 0
	err = cl.SearchFlows(c, l.Namespace, l.PageSize, func(page []json.RawMessage, _ int64) error {
		for _, raw := range page {
			var s flowSummary
			if err := json.Unmarshal(raw, &s); err != nil {
				return fmt.Errorf("decode flow: %w", err)
			}
			if err := t.Add(s); err != nil {
				return err
			}
			n++
		}
		return t.Flush()
	})
	if err != nil {
		return err
	}
	return t.Close(fmt.Sprintf("%d flow(s)", n))
}
