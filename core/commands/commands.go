// Package commands holds the core's own commands (config, version,
// completion, docs, extensions): the part of the grammar that needs no
// plugin.
package commands

import (
	"context"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/cmdline"
	"github.com/kestractl/kestractl/core/cmdtree"
	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/dispatch"
	"github.com/kestractl/kestractl/core/exitcode"
	"github.com/kestractl/kestractl/core/help"
	"github.com/kestractl/kestractl/core/iostreams"
	"github.com/kestractl/kestractl/sdk/wire/manifest"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// CLI is the core's grammar. Plugin groups are added at run time from the
// manifest cache (root help) or dispatched without kong.
type CLI struct {
	cli.Globals `embed:""`

	Config     ConfigCmd     `cmd:"" group:"core" help:"Manage connection contexts."`
	Version    VersionCmd    `cmd:"" group:"core" help:"Show the versions of kestractl, its plugins and the server."`
	Completion CompletionCmd `cmd:"" group:"core" help:"Print a shell completion script (bash, zsh, fish or powershell)."`
	Docs       DocsCmd       `cmd:"" group:"core" help:"Generate the command reference (markdown or man pages) from the manifests."`
	Extensions ExtensionsCmd `cmd:"" group:"core" help:"List, install and remove plugins (third-party and Enterprise command groups)."`
	Options    OptionsCmd    `cmd:"" group:"core" help:"List the global flags, accepted by every command."`
}

// Reserved are the first words that are the core's: a plugin may not
// take them.
func Reserved() map[string]bool {
	return map[string]bool{"config": true, "version": true, "help": true, "completion": true, "extensions": true, "docs": true, "options": true}
}

// Tree is the core's own command tree, in the manifest's shape, and its
// global flags.
func Tree() (*pb.Command, []*pb.Flag) {
	k := cli.MustParser(&CLI{})
	return manifest.FromKong(k.Model), cli.GlobalFlags(k.Model)
}

// Runtime is what the core's commands use of the running core.
type Runtime struct {
	// Context is cancelled when the user interrupts the command.
	Context context.Context
	IO      iostreams.IO
	Version string
	// Env looks up an environment variable of the core.
	Env      func(string) string
	Contexts contexts.Loader
	Starter  *dispatch.Starter
	// Catalog loads the plugin catalog (from the manifest cache when it is
	// still valid).
	Catalog func() (*discovery.Catalog, error)
}

// ctx is the command's context (cancelled when the user interrupts it).
func (rt *Runtime) ctx() context.Context {
	if rt.Context == nil {
		return context.Background()
	}
	return rt.Context
}

// Run parses and runs a core command line. Help comes from the core's
// command tree, laid out as a plugin command's: a command with
// subcommands named alone (kestractl config) shows its help.
func Run(args []string, rt *Runtime) (int, error) {
	grammar := &CLI{}
	k := cli.MustParser(grammar, cli.Options(rt.IO.Stdout, rt.IO.Stderr, kong.Bind(rt))...)
	tree := manifest.FromKong(k.Model)
	line, err := cmdline.Split(args, cmdline.NewGlobalFlags(k.Model), func(w string) *pb.Command { return cmdtree.Child(tree, w) })
	if err != nil {
		return exitcode.Usage, err
	}
	if line.WantsHelp() && len(line.Path) > 0 {
		help.Command(rt.IO.Stdout, line.Path, rt.IO.Width)
		return exitcode.OK, nil
	}
	kctx, code, err := cli.Parse(k, args)
	if code >= 0 {
		return code, nil
	}
	if err != nil {
		return exitcode.Usage, cli.UsageError(err, "")
	}
	if err := kctx.Run(rt, &grammar.Globals); err != nil {
		return exitcode.For(err), err
	}
	return exitcode.OK, nil
}
