// Package commands is the kong grammar and the commands of the nsfiles
// plugin: list, get, upload and delete the files of Kestra namespaces.
package commands

import (
	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// CLI is the plugin's grammar.
type CLI struct {
	Nsfiles Nsfiles `cmd:"" name:"nsfiles" help:"Manage namespace files."`
}

// Nsfiles is the nsfiles group.
type Nsfiles struct {
	List   List   `cmd:"" aliases:"ls" help:"List the files of a namespace directory."`
	Get    Get    `cmd:"" aliases:"cat" help:"Print a namespace file, or save it (or a whole directory) with --output-file; a directory prints its listing."`
	Upload Upload `cmd:"" help:"Upload a file or a directory tree to a namespace."`
	Delete Delete `cmd:"" aliases:"rm" help:"Delete a namespace file, or a directory with --recursive."`
}

// Plugin is the nsfiles plugin.
func Plugin(version string) plugin.Plugin {
	return plugin.Plugin{
		Name:     "nsfiles",
		Version:  version,
		New:      func() any { return &CLI{} },
		Options:  []kong.Option{kong.Vars(Vars())},
		Complete: Complete,
	}
}
