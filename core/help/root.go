package help

import (
	"fmt"
	"io"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/discovery"
)

// pluginGroup stands for a plugin's group in the root help.
type pluginGroup struct {
	Args []string `arg:"" optional:""`
}

// Root prints the root help: the core's grammar (its commands and the
// global flags; opts carry the writers) and one line per plugin group of
// the catalog, read from the manifest cache. Broken plugins are reported on
// stderr. It returns the exit code.
func Root(stderr io.Writer, grammar any, cat *discovery.Catalog, opts []kong.Option) (int, error) {
	for _, g := range cat.Groups() {
		help := g.Command.GetHelp()
		if g.Plugin.Manifest().GetEdition() == "ee" {
			help += " (Enterprise)"
		}
		opts = append(opts, kong.DynamicCommand(g.Command.GetName(), help, "plugins", &pluginGroup{}, `cmd:""`, `passthrough:""`))
	}
	k := cli.MustParser(grammar, opts...)
	_, code, err := cli.Parse(k, []string{"--help"})
	if err != nil {
		return 1, err
	}
	for _, p := range cat.Plugins {
		if p.Err != "" && p.ShadowedBy == "" {
			fmt.Fprintf(stderr, "Warning: plugin %s is broken: %s\n", p.Path, p.Err)
		}
	}
	if code < 0 {
		code = 0
	}
	return code, nil
}
