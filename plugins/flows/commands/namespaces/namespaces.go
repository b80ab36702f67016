package commands

import (
	"encoding/json"
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// NamespacesList is "namespaces list".
type NamespacesList struct {
	Query string `short:"q" help:"Only namespaces whose id contains this text."`
}

// Run lists every namespace.
func (l *NamespacesList) Run(c *plugin.Context) error {
	cl, err := client(c)
	if err != nil {
		return err
	}
	t := c.Table(plugin.Col("ID", "id"), plugin.Col("DESCRIPTION", "description"))
	n := 0
	err = cl.SearchNamespaces(c, l.Query, 500, func(items []json.RawMessage, _ int64) error {
		for _, raw := range items {
			if err := t.Add(raw); err != nil {
				return err
			}
			n++
		}
		return t.Flush()
	})
	if err != nil {
		return err
	}
	return t.Close(fmt.Sprintf("Total namespaces: %d", n))
}

// NamespacesGet is "namespaces get <namespace>".
type NamespacesGet struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace id."`
}

// Run shows the namespace.
func (g *NamespacesGet) Run(c *plugin.Context) error {
	if err := flowfile.ValidateNamespace(g.Namespace); err != nil {
		return cmderr.Usagef("%v", err)
	}
	cl, err := client(c)
	if err != nil {
		return err
	}
	raw, err := cl.GetNamespace(c, g.Namespace)
	if err != nil {
		return notFound(err, "namespace %q not found", g.Namespace)
	}
	return c.Object(raw)
}
