// Package app is the kestractl core: it parses the command line, resolves
// contexts and settings, runs core commands, and dispatches every other
// group to its plugin process, serving the plugin's Host calls.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/alecthomas/kong"
	"github.com/hashicorp/go-hclog"

	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// IO is the process's terminal.
type IO struct {
	Stdin                          io.Reader
	Stdout, Stderr                 io.Writer
	StdinTTY, StdoutTTY, StderrTTY bool
	Width                          int
	// ReadSecret reads a line from the terminal without echo.
	ReadSecret func() (string, error)
}

// Options are what main gives the core.
type Options struct {
	Version string
	IO      IO
	// Environ is the process environment (os.Environ()).
	Environ []string
	// Executable is the resolved path of the kestractl binary (its
	// directory holds the bundled plugins).
	Executable string
	// Signals delivers SIGINT/SIGTERM (nil: none).
	Signals <-chan os.Signal
}

type app struct {
	opts   Options
	env    map[string]string
	logger hclog.Logger
	cat    *discovery.Catalog
	// globals is the model of the global flags, built once (building a
	// kong model is the costliest step of the core's start).
	globals *kong.Application
}

// globalModel is the kong model of the global flags.
func (a *app) globalModel() *kong.Application {
	if a.globals == nil {
		a.globals = mustParser(&Globals{}).Model
	}
	return a.globals
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
	code, err := a.run(args)
	if err != nil {
		printError(opts.IO.Stderr, err)
		if code == ExitOK {
			code = ExitCode(cmderr.CodeOf(err))
		}
	}
	return code
}

func (a *app) getenv(k string) string { return a.env[k] }

// exitPanic carries kong's exit code out of a parse (after --help).
type exitPanic struct{ code int }

func (a *app) run(args []string) (int, error) {
	a.logger = a.newLogger(args)
	if len(args) > 0 && args[0] == completeCommand {
		return a.complete(args[1:]), nil
	}
	spec := newGlobalFlags(a.globalModel())
	pre, err := split(args, spec, nil)
	if err != nil {
		return ExitUsage, err
	}
	switch {
	case pre.word == "":
		if len(args) == 0 || pre.help {
			return a.rootHelp()
		}
		if _, err := a.parseGlobals(pre.globals); err != nil {
			return ExitUsage, err
		}
		return a.rootHelp()
	case pre.word == "help":
		// "kestractl help flows list" is "kestractl flows list --help".
		rest := make([]string, 0, len(args))
		skipped := false
		for _, x := range args {
			if x == "help" && !skipped {
				skipped = true
				continue
			}
			rest = append(rest, x)
		}
		return a.run(append(rest, "--help"))
	case coreCommands()[pre.word]:
		return a.runCore(args)
	}
	return a.runPlugin(args, spec)
}

// mustParser builds a kong parser over a grammar; the grammars are ours,
// so a failure is a programming error.
func mustParser(grammar any, opts ...kong.Option) *kong.Kong {
	k, err := kong.New(grammar, opts...)
	if err != nil {
		panic(fmt.Sprintf("kestractl grammar: %v", err))
	}
	return k
}

func (a *app) kongOptions(extra ...kong.Option) []kong.Option {
	return append([]kong.Option{
		kong.Name("kestractl"),
		kong.Description(Description),
		kong.Writers(a.opts.IO.Stdout, a.opts.IO.Stderr),
		kong.Exit(func(code int) { panic(exitPanic{code}) }),
		kong.ExplicitGroups(groups()),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, NoExpandSubcommands: true, FlagsLast: true}),
		kong.Bind(a),
	}, extra...)
}

// parse runs kong over args, turning its exit (after --help) into a code.
func parse(k *kong.Kong, args []string) (kctx *kong.Context, code int, err error) {
	code = -1
	func() {
		defer func() {
			if r := recover(); r != nil {
				e, ok := r.(exitPanic)
				if !ok {
					panic(r)
				}
				code = e.code
			}
		}()
		kctx, err = k.Parse(args)
	}()
	return kctx, code, err
}

// parseGlobals parses the global flag tokens taken out of a plugin line.
func (a *app) parseGlobals(tokens []string) (*Globals, error) {
	g := &Globals{}
	k := mustParser(g, a.kongOptions()...)
	_, code, err := parse(k, tokens)
	if code >= 0 {
		return nil, usagef("", "unexpected help request")
	}
	if err != nil {
		return nil, kongUsage(err, "")
	}
	return g, nil
}

// kongUsage turns a kong parse error into a one-line usage error.
func kongUsage(err error, path string) error {
	var pe *kong.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	if path == "" && pe.Context != nil {
		if n := pe.Context.Selected(); n != nil {
			path = n.FullPath()
			path = strings.TrimPrefix(path, "kestractl ")
		}
	}
	hint := "see 'kestractl --help'"
	if path != "" && path != "kestractl" {
		hint = fmt.Sprintf("see 'kestractl %s --help'", path)
	}
	return usagef(hint, "%s", pe.Error())
}

// runCore runs a core command (config, version).
func (a *app) runCore(args []string) (int, error) {
	cli := &CLI{}
	k := mustParser(cli, a.kongOptions()...)
	kctx, code, err := parse(k, args)
	if code >= 0 {
		return code, nil
	}
	if err != nil {
		return ExitUsage, kongUsage(err, "")
	}
	if err := kctx.Run(a, &cli.Globals); err != nil {
		return ExitCode(cmderr.CodeOf(err)), err
	}
	return ExitOK, nil
}

// rootHelp prints the root help with every plugin group, from the manifest
// cache (no plugin process when the cache is warm).
func (a *app) rootHelp() (int, error) {
	cat, err := a.catalog(context.Background())
	if err != nil {
		return ExitError, err
	}
	opts := a.kongOptions()
	for _, g := range cat.Groups() {
		help := g.Command.GetHelp()
		if g.Plugin.Manifest().GetEdition() == "ee" {
			help += " (Enterprise)"
		}
		opts = append(opts, kong.DynamicCommand(g.Command.GetName(), help, "plugins", &pluginGroup{}, `cmd:""`, `passthrough:""`))
	}
	k := mustParser(&CLI{}, opts...)
	_, code, err := parse(k, []string{"--help"})
	if err != nil {
		return ExitError, err
	}
	for _, p := range cat.Plugins {
		if p.Err != "" && p.ShadowedBy == "" {
			fmt.Fprintf(a.opts.IO.Stderr, "Warning: plugin %s is broken: %s\n", p.Path, p.Err)
		}
	}
	if code < 0 {
		code = ExitOK
	}
	return code, nil
}

func (a *app) newLogger(args []string) hclog.Logger {
	level := a.getenv("KESTRACTL_LOG")
	for i, x := range args {
		if x == "--" {
			break
		}
		if v, ok := strings.CutPrefix(x, "--log-level="); ok {
			level = v
		} else if x == "--log-level" && i+1 < len(args) {
			level = args[i+1]
		}
	}
	l := hclog.LevelFromString(level)
	if l == hclog.NoLevel {
		l = hclog.Off
	}
	return hclog.New(&hclog.LoggerOptions{Name: "kestractl", Level: l, Output: a.opts.IO.Stderr})
}

// logLevelName is the level to hand to plugins.
func (a *app) logLevelName() string {
	if a.logger.GetLevel() == hclog.Off {
		return ""
	}
	return strings.ToLower(a.logger.GetLevel().String())
}
