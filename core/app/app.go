// Package app is the kestractl core's entry point: it takes one command
// line, sends it to root help, a core command, completion or a plugin
// group's dispatch, and returns the exit code. The work is done by the
// packages named for it (cmdline, commands, dispatch, completion, help).
package app

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/alecthomas/kong"
	"github.com/hashicorp/go-hclog"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/cmdline"
	"github.com/kestractl/kestractl/core/commands"
	"github.com/kestractl/kestractl/core/completion"
	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/dispatch"
	"github.com/kestractl/kestractl/core/exitcode"
	"github.com/kestractl/kestractl/core/help"
	"github.com/kestractl/kestractl/core/iostreams"
	"github.com/kestractl/kestractl/sdk/wire"
)

// Options are what main gives the core.
type Options struct {
	Version string
	IO      iostreams.IO
	// Environ is the process environment (os.Environ()).
	Environ []string
	// Executable is the resolved path of the kestractl binary (its
	// directory holds the bundled plugins).
	Executable string
	// Signals delivers SIGINT/SIGTERM (nil: none).
	Signals <-chan os.Signal
}

// app is one run of the core.
type app struct {
	opts   Options
	env    map[string]string
	logger hclog.Logger
	cat    *discovery.Catalog
	// globals is the model of the global flags, built once (building a
	// kong model is the costliest step of the core's start).
	globals *kong.Application
	start   *dispatch.Starter
}

// Main runs one command line and returns the exit code.
func Main(args []string, opts Options) int {
	a := &app{opts: opts, env: map[string]string{}}
	for _, kv := range opts.Environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			a.env[k] = v
		}
	}
	if a.opts.Version == "" {
		a.opts.Version = "dev"
	}
	// COLUMNS, when set, is the width help and tables fit.
	if n, err := strconv.Atoi(a.getenv("COLUMNS")); err == nil && n > 0 {
		a.opts.IO.Width = n
	}
	a.logger = newLogger(args, a.getenv("KESTRACTL_LOG"), opts.IO.Stderr)
	code, err := a.run(args)
	if err != nil {
		exitcode.Print(opts.IO.Stderr, err)
		if code == exitcode.OK {
			code = exitcode.For(err)
		}
	}
	return code
}

func (a *app) getenv(k string) string { return a.env[k] }

// run sends the line where it belongs.
func (a *app) run(args []string) (int, error) {
	if len(args) > 0 && args[0] == completion.Command {
		return a.complete(args[1:]), nil
	}
	flags := cmdline.NewGlobalFlags(a.globalModel())
	line, err := cmdline.Split(args, flags, nil)
	if err != nil {
		return exitcode.Usage, err
	}
	switch {
	case line.Word == "" && slices.Contains(line.Globals, "--version"):
		fmt.Fprintf(a.opts.IO.Stdout, "kestractl %s (plugin protocol %d)\n", a.opts.Version, wire.ProtocolVersion)
		return exitcode.OK, nil
	case line.Word == "":
		if len(args) > 0 && !line.Help {
			// Global flags alone: check them, then show the root help.
			if _, err := a.parseGlobals(line.Globals); err != nil {
				return exitcode.Usage, err
			}
		}
		return a.rootHelp()
	case line.Word == "help":
		return a.run(cmdline.HelpArgs(args))
	case commands.Reserved()[line.Word]:
		return commands.Run(args, a.runtime())
	}
	d, err := a.dispatcher(flags)
	if err != nil {
		return exitcode.Error, err
	}
	return d.Run(args)
}

// globalModel is the kong model of the global flags.
func (a *app) globalModel() *kong.Application {
	if a.globals == nil {
		a.globals = cli.Model()
	}
	return a.globals
}

func (a *app) parseGlobals(tokens []string) (*cli.Globals, error) {
	return cli.ParseGlobals(tokens, a.opts.IO.Stdout, a.opts.IO.Stderr)
}

// rootHelp prints the root help with every plugin group, from the manifest
// cache (no plugin process when the cache is warm).
func (a *app) rootHelp() (int, error) {
	cat, err := a.catalog()
	if err != nil {
		return exitcode.Error, err
	}
	core, _ := commands.Tree()
	help.Root(a.opts.IO.Stdout, a.opts.IO.Stderr, core, cat, a.opts.IO.Width)
	return exitcode.OK, nil
}
