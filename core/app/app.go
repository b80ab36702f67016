// Package app is the kestractl core's entry point: it takes one command
// line, sends it to root help, a core command, completion or a plugin
// group's dispatch, and returns the exit code. The work is done by the
// packages named for it (cmdline, commands, dispatch, completion, help).
package app

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
	"github.com/kestractl/kestractl/sdk/cmderr"
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
	stdout := &iostreams.CheckedWriter{W: opts.IO.Stdout}
	a.opts.IO.Stdout = stdout
	code, err := checkArgs(args)
	if err == nil {
		code, err = a.run(args)
	}
	if werr := stdout.Err(); werr != nil {
		// The output was lost: that is the outcome, whatever the command
		// made of it (a plugin sees it as a failed call).
		code, err = exitcode.Error, cmderr.New(cmderr.Generic, "cannot write the output: %v", werr).
			WithHint("check the disk or the file that standard output goes to")
	}
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
		return a.runCore(args)
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

// coreGrace is how long a core command may take to finish after Ctrl-C or
// SIGTERM (a config write in progress completes or is abandoned whole).
const coreGrace = 200 * time.Millisecond

// runCore runs one of the core's own commands. A signal cancels the
// command's context; if it has not returned shortly after, the core exits
// 130 anyway (a command blocked reading stdin, say): every file the core
// writes is replaced atomically, so nothing is left half-written.
func (a *app) runCore(args []string) (int, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rt := a.runtime()
	rt.Context = ctx
	type result struct {
		code int
		err  error
	}
	done := make(chan result, 1)
	go func() {
		code, err := commands.Run(args, rt)
		done <- result{code, err}
	}()
	select {
	case r := <-done:
		return r.code, r.err
	case <-a.opts.Signals:
		cancel()
		select {
		case r := <-done:
			if r.err != nil && ctx.Err() != nil {
				return exitcode.Interrupted, cmderr.New(cmderr.Cancelled, "interrupted")
			}
			return r.code, r.err
		case <-time.After(coreGrace):
			return exitcode.Interrupted, cmderr.New(cmderr.Cancelled, "interrupted")
		}
	}
}

// checkArgs refuses an argument that is not valid UTF-8 (a usage error
// naming it by position, or by its flag; never its value, which may be a
// secret), before anything reaches a plugin or a server.
func checkArgs(args []string) (int, error) {
	for i, a := range args {
		if utf8.ValidString(a) {
			continue
		}
		what := fmt.Sprintf("argument %d", i+1)
		switch {
		case strings.HasPrefix(a, "-"):
			name, _, _ := strings.Cut(a, "=")
			if utf8.ValidString(name) {
				what = fmt.Sprintf("argument %d (%s)", i+1, name)
			}
		case i > 0 && strings.HasPrefix(args[i-1], "-") && !strings.Contains(args[i-1], "=") && utf8.ValidString(args[i-1]):
			what = fmt.Sprintf("argument %d (the value of %s)", i+1, args[i-1])
		}
		return exitcode.Usage, cmderr.Usagef("%s is not valid UTF-8: check the encoding of what was typed or pasted", what)
	}
	return exitcode.OK, nil
}
