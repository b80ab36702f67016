package flows

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Get is "flows get <namespace> <flow_id>".
type Get struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
}

// Examples implements manifest.Exampler.
func (*Get) Examples() []string {
	return []string{
		"kestractl flows get company.team hello > hello.yaml",
		"# the flow object, with its revision and labels\nkestractl flows get company.team hello -o json",
	}
}

// Run prints the flow.
func (g *Get) Run(c *plugin.Context) error {
	if err := cmdutil.CheckFlowRef(g.Namespace, g.FlowID); err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	f, err := cl.GetFlow(c, g.Namespace, g.FlowID, true)
	if err != nil {
		return cmdutil.NotFound(err, "flow %q not found in namespace %q", g.FlowID, g.Namespace)
	}
	if c.Structured() {
		return c.Object(f.Raw)
	}
	if f.Source == "" {
		return cmderr.New(cmderr.Generic, "flow %q in namespace %q has no source", g.FlowID, g.Namespace)
	}
	src := f.Source
	if c.Terminal().StdoutTTY {
		// Server text on a terminal: no escape sequences get through.
		src = plugin.SanitizeText(src)
	}
	_, err = fmt.Fprint(c.Stdout(), src)
	return err
}
