package flows

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Get is "flows get <namespace> <flow_id>".
type Get struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	Revision  int    `placeholder:"N" help:"Print this revision instead of the current one (see 'flows revisions')."`
}

// Examples implements manifest.Exampler.
func (*Get) Examples() []string {
	return []string{
		"kestractl flows get company.team hello > hello.yaml",
		"# the flow object, with its revision and labels\nkestractl flows get company.team hello -o json",
		"kestractl flows get company.team hello --revision 3",
	}
}

// Run prints the flow.
func (g *Get) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, cmdutil.CheckFlowRef(g.Namespace, g.FlowID))
	if err != nil {
		return err
	}
	var f *api.Flow
	switch {
	case g.Revision < 0:
		return cmderr.Usagef("invalid --revision %d: revisions start at 1", g.Revision)
	case g.Revision > 0:
		f, err = cl.GetFlowRevision(c, g.Namespace, g.FlowID, g.Revision)
		if err != nil {
			return revisionNotFound(c, err, g.Namespace, g.FlowID, g.Revision)
		}
	default:
		f, err = cl.GetFlow(c, g.Namespace, g.FlowID, true)
		if err != nil {
			return kestra.NotFoundAs(err, "flow %q not found in namespace %q", g.FlowID, g.Namespace)
		}
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

// revisionNotFound rewords a 404 on a revision: the flow is missing, or
// only that revision is.
func revisionNotFound(c *plugin.Context, err error, ns, id string, revision int) error {
	if !kestra.IsNotFound(err) {
		return err
	}
	cl, cerr := cmdutil.Client(c)
	if cerr != nil {
		return err
	}
	if _, ferr := cl.GetFlow(c, ns, id, false); ferr != nil {
		return kestra.NotFoundAs(ferr, "flow %q not found in namespace %q", id, ns)
	}
	return cmderr.New(cmderr.NotFound, "flow %q of namespace %q has no revision %d", id, ns, revision).
		WithHint("list them with 'kestractl flows revisions %s %s'", ns, id)
}
