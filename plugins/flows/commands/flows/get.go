package commands

import (
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// FlowsGet is "flows get <namespace> <flow_id>".
type FlowsGet struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
}

// Run prints the flow.
func (g *FlowsGet) Run(c *plugin.Context) error {
	if err := checkFlowRef(g.Namespace, g.FlowID); err != nil {
		return err
	}
	cl, err := client(c)
	if err != nil {
		return err
	}
	f, err := cl.GetFlow(c, g.Namespace, g.FlowID, true)
	if err != nil {
		return notFound(err, "flow %q not found in namespace %q", g.FlowID, g.Namespace)
	}
	if c.Format() != plugin.FormatTable {
		return c.Object(f.Raw)
	}
	if f.Source == "" {
		return cmderr.New(cmderr.Generic, "flow %q in namespace %q has no source", g.FlowID, g.Namespace)
	}
	_, err = fmt.Fprint(c.Stdout(), f.Source)
	return err
}

// checkFlowRef validates a namespace and flow id given on the line.
func checkFlowRef(namespace, id string) error {
	if err := flowfile.ValidateNamespace(namespace); err != nil {
		return cmderr.Usagef("%v", err)
	}
	if err := flowfile.ValidateID(id); err != nil {
		return cmderr.Usagef("%v", err)
	}
	return nil
}

// notFound rewords a 404 as a precise not-found error.
func notFound(err error, format string, args ...any) error {
	if kestra.IsStatus(err, http.StatusNotFound) {
		return cmderr.New(cmderr.NotFound, format, args...)
	}
	return err
}
