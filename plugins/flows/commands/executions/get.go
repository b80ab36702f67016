package commands

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ExecutionsGet is "executions get <execution_id>".
type ExecutionsGet struct {
	ID string `arg:"" name:"execution_id" help:"Execution id."`
}

// Run shows the execution.
func (g *ExecutionsGet) Run(c *plugin.Context) error {
	if err := checkExecutionID(g.ID); err != nil {
		return err
	}
	cl, err := client(c)
	if err != nil {
		return err
	}
	e, err := cl.GetExecution(c, g.ID)
	if err != nil {
		return notFound(err, "execution %q not found", g.ID)
	}
	if err := printExecution(c, e, ""); err != nil {
		return err
	}
	if c.Format() == plugin.FormatTable {
		var labels struct {
			Labels []struct {
				Key   string `json:"key"`
				Value string `json:"value"`
			} `json:"labels"`
		}
		if json.Unmarshal(e.Raw, &labels) == nil && len(labels.Labels) > 0 {
			var b strings.Builder
			b.WriteString("Labels:\n")
			for _, l := range labels.Labels {
				fmt.Fprintf(&b, "  - %s: %s\n", l.Key, l.Value)
			}
			_, err := fmt.Fprint(c.Stdout(), b.String())
			return err
		}
	}
	return nil
}

// checkExecutionID rejects ids that cannot be execution ids.
func checkExecutionID(id string) error {
	if id == "" || len(id) > 64 || strings.ContainsAny(id, "/\\?#% \t\n") {
		return cmderr.Usagef("invalid execution id %q", id)
	}
	return nil
}
