// Package commands is the kong grammar and the commands of the kv plugin:
// list, set, update, get and delete key-value pairs of Kestra namespaces,
// and the secrets of namespaces.
package commands

import (
	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/plugins/kv/commands/secrets"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CLI is the plugin's grammar.
type CLI struct {
	KV      KV            `cmd:"" name:"kv" help:"Manage key-value pairs of namespaces."`
	Secrets secrets.Group `cmd:"" help:"Manage the secrets of namespaces (Kestra Enterprise); values are never shown."`
}

// KV is the kv group.
type KV struct {
	List          List          `cmd:"" aliases:"ls" help:"List keys, of one namespace or of every namespace."`
	Set           Set           `cmd:"" help:"Set a key (created or replaced)."`
	Update        Update        `cmd:"" help:"Change an existing key (fails when it does not exist)."`
	Get           Get           `cmd:"" help:"Show a key's type and value."`
	Delete        Delete        `cmd:"" aliases:"rm" help:"Delete a key (fails when it does not exist)."`
	DeleteAll     DeleteAll     `cmd:"" name:"delete-all" help:"Delete several keys of a namespace: those named, or every key matching filters (asks first)."`
	ListInherited ListInherited `cmd:"" name:"list-inherited" help:"List the keys a namespace inherits from its parents."`
}

// Plugin is the kv plugin.
func Plugin(version string) plugin.Plugin {
	return plugin.Plugin{
		Name:     "kv",
		Version:  version,
		New:      func() any { return &CLI{} },
		Options:  []kong.Option{beforeValueMapper()},
		Complete: Complete,
	}
}
