package flows

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// NamespaceDependencies is "flows namespace-dependencies <namespace>".
type NamespaceDependencies struct {
	Namespace       string `arg:"" completer:"namespace" help:"The namespace."`
	DestinationOnly bool   `name:"destination-only" help:"Only the flows the namespace's flows depend on."`
}

// Examples implements manifest.Exampler.
func (*NamespaceDependencies) Examples() []string {
	return []string{"kestractl flows namespace-dependencies company.team", "kestractl flows namespace-dependencies company.team --destination-only -o json"}
}

// Help implements kong.HelpProvider.
func (*NamespaceDependencies) Help() string {
	return `The dependencies of the namespace's flows (GET /namespaces/{namespace}/dependencies): one row per
dependency, or the server's FlowTopologyGraph with -o json.`
}

// Run shows the dependencies.
func (n *NamespaceDependencies) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, plugin.ValidateNamespace(n.Namespace))
	if err != nil {
		return err
	}
	raw, err := cl.NamespaceDependencies(c, n.Namespace, n.DestinationOnly)
	if err != nil {
		return kestra.NotFoundAs(err, "namespace %q not found", n.Namespace)
	}
	return showTopology(c, raw)
}
