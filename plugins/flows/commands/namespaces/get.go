package namespaces

import (
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Get is "namespaces get <namespace>".
type Get struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace id."`
}

// Examples implements manifest.Exampler.
func (*Get) Examples() []string {
	return []string{"kestractl namespaces get company.team", "kestractl namespaces get company.team -o json"}
}

// Run shows the namespace.
func (g *Get) Run(c *plugin.Context) error {
	cl, err := client(c, g.Namespace)
	if err != nil {
		return err
	}
	raw, err := cl.GetNamespace(c, g.Namespace)
	if err != nil {
		return kestra.NotFoundAs(err, "namespace %q not found", g.Namespace)
	}
	return c.Object(raw)
}
