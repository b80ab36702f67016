// Package dispatch runs a plugin group's command line: it finds the group
// in the catalog, shows help from the manifest, starts the plugin (while it
// resolves the settings), calls Execute with a resolved, non-secret
// Invocation, serves the plugin's Host calls, handles Ctrl-C and maps the
// result to an exit code.
package dispatch

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"

	"github.com/hashicorp/go-hclog"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/cmdline"
	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/exitcode"
	"github.com/kestractl/kestractl/core/help"
	"github.com/kestractl/kestractl/core/hostsvc"
	"github.com/kestractl/kestractl/core/iostreams"
	"github.com/kestractl/kestractl/core/pluginproc"
	"github.com/kestractl/kestractl/core/prompt"
	"github.com/kestractl/kestractl/core/render"
	"github.com/kestractl/kestractl/core/settings"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/wire"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Dispatcher runs plugin commands.
type Dispatcher struct {
	IO      iostreams.IO
	Version string
	// Env looks up an environment variable of the core.
	Env func(string) string
	// Signals delivers SIGINT/SIGTERM (nil: none).
	Signals <-chan os.Signal
	Logger  hclog.Logger
	// LogLevel is the log level handed to plugins ("" when off).
	LogLevel string
	Starter  *Starter
	Contexts contexts.Loader
	Catalog  *discovery.Catalog
	// Flags index the global flags for the splitter.
	Flags cmdline.GlobalFlags
}

// call is one plugin command, resolved and ready to execute.
type call struct {
	line *cmdline.Line
	// offline: the command talks to no Kestra server (no config read).
	offline bool
	// noContext says that no context and no host were given; noContextHit
	// is set once the plugin asked for credentials anyway.
	noContext    error
	noContextHit atomic.Bool
	globals      *cli.Globals
	settings     *settings.Settings
	loaded       *contexts.Loaded
	caPEM        []byte
	color        bool
	secrets      map[string]string
	renderer     *render.Renderer
	// stopRender stops a --jq program still running (interruption).
	stopRender context.CancelFunc
	host       *hostsvc.Service
	bars       *hostsvc.Bars
}

// close takes the progress bars down.
func (c *call) close() {
	if c.bars != nil {
		c.bars.Close()
	}
	if c.stopRender != nil {
		c.stopRender()
	}
}

// Run runs a plugin group's command line (the whole line, global flags
// included) and returns the exit code.
func (d *Dispatcher) Run(args []string) (int, error) {
	line, err := cmdline.Split(args, d.Flags, d.groupNode)
	if err != nil {
		return exitcode.Usage, err
	}
	g := d.Catalog.Group(line.Word)
	if g == nil {
		// A mistyped global flag before the command took its value for
		// the command (--outptu json flows list): report the flag.
		if _, err := cli.ParseGlobals(line.Globals, d.IO.Stdout, d.IO.Stderr); err != nil {
			return exitcode.Usage, err
		}
		err := UnknownCommand(line.Word, d.Catalog, d.Starter.UserDir)
		return exitcode.For(err), err
	}
	if line.WantsHelp() {
		return d.help(line)
	}
	if err := UnknownSubcommand(line); err != nil {
		return exitcode.Usage, err
	}
	if len(line.Unknown) > 0 {
		return exitcode.Usage, UnknownFlag(line, d.Flags)
	}
	// Start the plugin now: its start-up overlaps with parsing the global
	// flags, reading the config file and resolving the settings.
	start := d.Starter.Background(g.Plugin.Path)
	defer start.Discard()
	c, err := d.prepare(line)
	if err != nil {
		return exitcode.Usage, err
	}
	defer c.close()
	req := &pb.ExecuteRequest{Argv: line.Rest, Invocation: d.invocation(c)}
	proc, code, err := d.await(start)
	if proc == nil {
		return code, err
	}
	d.offerSide(proc, req, c)
	return d.execute(proc, req, c)
}

// offerSide lets the command send large raw stdout through the plugin's
// side channel, when it has one and stdout is not a terminal (where the
// core checks the first bytes of raw output for binary content).
func (d *Dispatcher) offerSide(proc *pluginproc.Process, req *pb.ExecuteRequest, c *call) {
	side := proc.Side()
	if side == nil || d.IO.StdoutTTY {
		return
	}
	c.host.Side = side
	req.Invocation.HostCapabilities = append(req.Invocation.HostCapabilities, wire.CapWriteSide)
	d.Logger.Debug("side channel offered for raw output", "plugin", proc.Path())
}

// groupNode resolves a first word to its group's manifest node.
func (d *Dispatcher) groupNode(word string) *pb.Command {
	if g := d.Catalog.Group(word); g != nil {
		return g.Command
	}
	return nil
}

// help prints a plugin command's help from its manifest.
func (d *Dispatcher) help(line *cmdline.Line) (int, error) {
	if _, err := cli.ParseGlobals(line.Globals, d.IO.Stdout, d.IO.Stderr); err != nil {
		return exitcode.Usage, err
	}
	help.Command(d.IO.Stdout, line.Path, d.IO.Width)
	return exitcode.OK, nil
}

// prepare parses the global flags, resolves the settings and sets up the
// output and the Host service of the command. Every error it returns is a
// usage error.
func (d *Dispatcher) prepare(line *cmdline.Line) (*call, error) {
	globals, err := cli.ParseGlobals(line.Globals, d.IO.Stdout, d.IO.Stderr)
	if err != nil {
		return nil, err
	}
	c := &call{line: line, globals: globals, offline: line.Node().GetOffline()}
	if err := d.resolve(c, c.offline); err != nil {
		return nil, err
	}
	line.SecretsFromEnv(d.Env)
	c.secrets = line.Secrets
	if err := d.output(c); err != nil {
		return nil, err
	}
	return c, nil
}

// resolve resolves the settings. A command that talks to a server reads
// the config file and needs a usable host; --verbose then shows where each
// setting came from. An offline command may still talk to other servers (a
// Maven repository): the CA given by flag or environment applies to them
// too.
func (d *Dispatcher) resolve(c *call, offline bool) error {
	sel := contexts.Selection{Config: c.globals.Config, Context: c.globals.Context}
	s, lc, err := d.Contexts.Resolve(sel, c.globals.SettingsFlags(), !offline)
	if err != nil {
		return err
	}
	if !offline {
		if s.HostErr != nil {
			return cmderr.Usagef("%v", s.HostErr)
		}
		// Nothing says which server: the command stops with this error
		// when it needs the server (it asks for credentials), so that the
		// commands that do not (api --list) still run.
		c.noContext = noContext(s, lc)
		if c.globals.Verbose {
			printResolved(d.IO.Stderr, s, lc)
		}
	}
	if s.CACert != "" {
		if c.caPEM, err = os.ReadFile(s.CACert); err != nil {
			return cmderr.Usagef("cannot read the CA certificate file: %v", err)
		}
	}
	c.settings, c.loaded = s, lc
	return nil
}

// output sets up the renderer, the progress bars (on a terminal) and the
// Host service.
func (d *Dispatcher) output(c *call) error {
	c.color = iostreams.ColorEnabled(d.Env, d.IO.StdoutTTY)
	ropts, err := c.globals.RenderOptions(c.settings.Output)
	if err != nil {
		return err
	}
	c.settings.Output = ropts.Format
	ropts.Color, ropts.Verbose = c.color, c.globals.Verbose
	if d.IO.StdoutTTY {
		// Tables fit the terminal; piped, they keep every character.
		ropts.Width = d.IO.Width
	}
	ropts.Context, c.stopRender = context.WithCancel(context.Background())
	c.renderer = render.New(d.IO.Stdout, d.IO.Stderr, ropts)
	c.host = &hostsvc.Service{
		Renderer:    c.renderer,
		Stdout:      d.IO.Stdout,
		Stderr:      d.IO.Stderr,
		AssumeYes:   c.globals.Yes,
		Terminal:    hostsvc.Terminal{Stdin: d.IO.Stdin, StdinTTY: d.IO.StdinTTY, ReadSecret: d.IO.ReadSecret},
		Creds:       c.credentials(),
		Where:       prompt.Where(c.loaded.Name, c.settings.Host),
		GuardBinary: d.IO.StdoutTTY,
	}
	if d.IO.StderrTTY {
		c.bars = hostsvc.NewBars(d.IO.Stderr, d.IO.Width)
		c.host.Bars = c.bars
	}
	return nil
}

// await waits for the plugin started in the background. Ctrl-C while it
// starts ends the command (Discard reaps the plugin).
func (d *Dispatcher) await(start *Pending) (*pluginproc.Process, int, error) {
	select {
	case <-start.Done():
	case <-d.Signals:
		fmt.Fprintln(d.IO.Stderr, "Interrupted.")
		return nil, exitcode.Interrupted, nil
	}
	proc, err := start.Wait()
	if err != nil {
		return nil, exitcode.PluginFailure, err
	}
	return proc, exitcode.OK, nil
}
