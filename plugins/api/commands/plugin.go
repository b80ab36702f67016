package commands

import (
	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/plugins/api/openapi"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Plugin is the api plugin definition; protected says whether a context is
// marked production (ContextProtected in the binary).
func Plugin(version string, protected func(plugin.Invocation) bool) plugin.Plugin {
	cat := openapi.NewCatalog()
	deps := &Deps{Catalog: cat, Protected: protected}
	return plugin.Plugin{
		Name:     "api",
		Version:  version,
		New:      func() any { return &CLI{} },
		Options:  []kong.Option{kong.Bind(deps)},
		Complete: Complete(cat),
	}
}
