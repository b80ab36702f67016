// Package commands is the kong grammar and the commands of the kv plugin:
// list, set, update, get and delete key-value pairs of Kestra namespaces.
package commands

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CLI is the plugin's grammar.
type CLI struct {
	KV KV `cmd:"" name:"kv" help:"Manage key-value pairs of namespaces."`
}

// KV is the kv group.
type KV struct {
	List   List   `cmd:"" aliases:"ls" help:"List keys, of one namespace or of every namespace."`
	Set    Set    `cmd:"" help:"Set a key (created or replaced)."`
	Update Update `cmd:"" help:"Change an existing key (fails when it does not exist)."`
	Get    Get    `cmd:"" help:"Show a key's type and value."`
	Delete Delete `cmd:"" aliases:"rm" help:"Delete a key (fails when it does not exist)."`
}

// Plugin is the kv plugin.
func Plugin(version string) plugin.Plugin {
	return plugin.Plugin{
		Name:     "kv",
		Version:  version,
		New:      func() any { return &CLI{} },
		Complete: Complete,
	}
}
