package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/hostsvc"
	"github.com/kestractl/kestractl/core/pluginproc"
	"github.com/kestractl/kestractl/core/render"
	"github.com/kestractl/kestractl/core/settings"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/wire"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// killGrace is how long a cancelled plugin has to return before it is
// killed.
const killGrace = 1200 * time.Millisecond

// catalog loads the plugin catalog (from the manifest cache when it is
// still valid).
func (a *app) catalog(ctx context.Context) (*discovery.Catalog, error) {
	if a.cat != nil {
		return a.cat, nil
	}
	env := a.pluginEnvironment()
	cat, err := discovery.Load(ctx, discovery.Options{
		Dirs:        discovery.Dirs(a.getenv, a.opts.Executable),
		CachePath:   discovery.CachePath(a.getenv),
		HostVersion: a.opts.Version,
		Reserved:    coreCommands(),
		Describe: func(ctx context.Context, path string) (*pb.Manifest, error) {
			a.logger.Debug("describing plugin", "path", path)
			opts, err := a.processOptions(path, env)
			if err != nil {
				return nil, err
			}
			p, err := pluginproc.Start(opts)
			if err != nil {
				return nil, err
			}
			defer p.Kill()
			ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			return p.Describe(ctx, a.opts.Version)
		},
	})
	if err != nil {
		return nil, err
	}
	a.cat = cat
	return cat, nil
}

func (a *app) pluginEnvironment() []string {
	return pluginEnv(a.opts.Environ, a.logLevelName())
}

// knownGroups says which plugin serves a group, to explain a missing one.
func knownGroups() map[string]string {
	return map[string]string{
		"flows": "flows", "executions": "flows", "namespaces": "flows",
		"nsfiles": "nsfiles", "kv": "kv", "plugins": "artifacts", "workers": "workers",
		"users": "iam", "groups": "iam", "roles": "iam", "service-accounts": "iam", "service-account": "iam", "sa": "iam",
		"bindings": "iam", "invitations": "iam",
	}
}

func (a *app) unknownCommand(word string, cat *discovery.Catalog) error {
	for _, p := range cat.Plugins {
		if p.Name == word && p.Err != "" && p.ShadowedBy == "" {
			// Its group is unknown because the plugin cannot be described.
			return cmderr.New(cmderr.RequirementNotMet, "%s", p.Err).
				WithHint("'kestractl extensions list' shows every plugin and its state")
		}
	}
	if p, ok := knownGroups()[word]; ok {
		what := fmt.Sprintf("the kestractl-%s plugin", p)
		if p == "iam" {
			what = "the Enterprise kestractl-iam plugin (Kestra EE)"
		}
		return cmderr.New(cmderr.Usage, "the %q command group comes from %s, which is not installed", word, what).
			WithHint("put kestractl-%s next to kestractl, in %s, or on KESTRACTL_PLUGIN_PATH; 'kestractl version' lists installed plugins",
				p, discovery.UserDir(a.getenv))
	}
	names := append(cat.Names(), "config", "version", "help")
	msg := fmt.Sprintf("unknown command %q for \"kestractl\"", word)
	if s := suggest(word, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return cmderr.Usagef("%s", msg).WithHint("Run 'kestractl --help' for usage.")
}

// runPlugin dispatches a plugin group's command line.
func (a *app) runPlugin(args []string, spec globalFlags) (int, error) {
	cat, err := a.catalog(context.Background())
	if err != nil {
		return ExitError, err
	}
	groupNode := func(w string) *pb.Command {
		if g := cat.Group(w); g != nil {
			return g.Command
		}
		return nil
	}
	sp, err := split(args, spec, groupNode)
	if err != nil {
		return ExitUsage, err
	}
	g := cat.Group(sp.word)
	if g == nil {
		err := a.unknownCommand(sp.word, cat)
		return ExitCode(cmderr.CodeOf(err)), err
	}
	node := sp.path[len(sp.path)-1]
	if sp.help || (len(visible(node.GetChildren())) > 0 && sp.positionals == 0 && !hasFlags(sp.rest)) {
		if _, err := a.parseGlobals(sp.globals); err != nil {
			return ExitUsage, err
		}
		printCommandHelp(a.opts.IO.Stdout, sp.path, a.globalModel().Flags)
		return ExitOK, nil
	}
	// Start the plugin now: its start-up overlaps with parsing the global
	// flags, reading the config file and resolving the settings.
	start := a.startPlugin(g.Plugin.Path)
	defer start.discard()
	globals, err := a.parseGlobals(sp.globals)
	if err != nil {
		return ExitUsage, err
	}
	offline := node.GetOffline()
	s, cfg, err := a.resolve(globals, !offline)
	if err != nil {
		return ExitUsage, err
	}
	var caPEM []byte
	if !offline {
		if s.HostErr != nil {
			return ExitUsage, cmderr.Usagef("%v", s.HostErr)
		}
		if globals.Verbose {
			a.printResolved(s, cfg)
		}
	}
	// Offline commands may still talk to other servers (a Maven
	// repository): the CA given by flag or environment applies to them too.
	if s.CACert != "" {
		if caPEM, err = os.ReadFile(s.CACert); err != nil {
			return ExitUsage, cmderr.Usagef("cannot read the CA certificate file: %v", err)
		}
	}
	secretsFromEnv(sp, a.getenv)

	color := a.opts.IO.StdoutTTY && a.getenv("NO_COLOR") == "" && a.getenv("TERM") != "dumb"
	ropts, err := renderOptions(globals, s.Output)
	if err != nil {
		return ExitUsage, err
	}
	s.Output = ropts.Format
	ropts.Color, ropts.Verbose = color, globals.Verbose
	r := render.New(a.opts.IO.Stdout, a.opts.IO.Stderr, ropts)
	host := &hostsvc.Service{
		Renderer:  r,
		Stdout:    a.opts.IO.Stdout,
		Stderr:    a.opts.IO.Stderr,
		AssumeYes: globals.Yes,
		Terminal:  hostsvc.Terminal{Stdin: a.opts.IO.Stdin, StdinTTY: a.opts.IO.StdinTTY, ReadSecret: a.opts.IO.ReadSecret},
		Creds:     credentials(s, sp.secrets),
	}
	if a.opts.IO.StderrTTY {
		bars := hostsvc.NewBars(a.opts.IO.Stderr, a.opts.IO.Width)
		defer bars.Close()
		host.Bars = bars
	}
	inv := a.invocation(s, globals, cfg.contextName, caPEM, color, len(sp.secrets) > 0)
	// Set up the protocol's messages while the plugin is still starting.
	wire.Prime()
	select {
	case <-start.done:
	case <-a.opts.Signals:
		// Interrupted while the plugin starts: discard reaps it.
		fmt.Fprintln(a.opts.IO.Stderr, "Interrupted.")
		return ExitInterrupted, nil
	}
	proc, err := start.wait()
	if err != nil {
		return ExitPluginFailure, err
	}
	return a.execute(proc, sp.rest, inv, host, r)
}

// renderOptions applies --jq and --no-headers to the resolved format.
func renderOptions(g *Globals, format string) (render.Options, error) {
	o := render.Options{Format: format, NoHeaders: g.NoHeaders}
	if g.JQ != "" {
		if g.Output != "" && strings.ToLower(g.Output) != "json" {
			return o, cmderr.Usagef("--jq filters JSON output; it cannot be combined with -o %s", g.Output)
		}
		code, err := render.CompileJQ(g.JQ)
		if err != nil {
			return o, cmderr.Usagef("%v", err)
		}
		o.JQ, o.Format = code, "json"
	}
	return o, nil
}

// pendingStart is a plugin process being started in the background.
type pendingStart struct {
	done chan struct{}
	proc *pluginproc.Process
	err  error
	used bool
}

func (a *app) startPlugin(path string) *pendingStart {
	ps := &pendingStart{done: make(chan struct{})}
	env := a.pluginEnvironment()
	go func() {
		defer close(ps.done)
		opts, err := a.processOptions(path, env)
		if err != nil {
			ps.err = err
			return
		}
		ps.proc, ps.err = pluginproc.Start(opts)
	}()
	return ps
}

// processOptions are the options to start the plugin at path. A plugin of
// the user plugin directory must match the sha256 recorded when it was
// installed (checked by go-plugin before it starts).
func (a *app) processOptions(path string, env []string) (pluginproc.Options, error) {
	opts := pluginproc.Options{Path: path, Env: env, Logger: a.logger, Output: a.opts.IO.Stderr}
	userDir := discovery.UserDir(a.getenv)
	if userDir == "" || filepath.Dir(path) != filepath.Clean(userDir) {
		return opts, nil
	}
	lock, err := discovery.LoadLock(userDir)
	if err != nil {
		return opts, cmderr.New(cmderr.RequirementNotMet, "%v", err)
	}
	name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), discovery.Prefix), ".exe")
	sum, err := lock.Checksum(name)
	if err != nil {
		return opts, cmderr.New(cmderr.RequirementNotMet, "%v; it was not started", err).
			WithHint("install it with 'kestractl extensions install <binary>'")
	}
	opts.Checksum = sum
	return opts, nil
}

// wait returns the started process; the caller owns it from then on.
func (ps *pendingStart) wait() (*pluginproc.Process, error) {
	<-ps.done
	ps.used = true
	return ps.proc, ps.err
}

// discard reaps a process that was started but not used (the command
// failed before it needed the plugin).
func (ps *pendingStart) discard() {
	if ps.used {
		return
	}
	<-ps.done
	if ps.proc != nil {
		ps.proc.Kill()
	}
}

func hasFlags(rest []string) bool {
	for _, x := range rest[1:] {
		if strings.HasPrefix(x, "-") {
			return true
		}
	}
	return false
}

// execute runs the plugin process for one command line and reaps it.
func (a *app) execute(proc *pluginproc.Process, argv []string, inv *pb.Invocation, host *hostsvc.Service, r *render.Renderer) (int, error) {
	defer proc.Stop()
	a.logger.Debug("plugin started", "path", proc.Path(), "pid", proc.Pid())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		resp *pb.ExecuteResponse
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := proc.Execute(ctx, &pb.ExecuteRequest{Argv: argv, Invocation: inv}, host)
		done <- result{resp, err}
	}()
	var res result
	select {
	case res = <-done:
	case sig := <-a.opts.Signals:
		a.logger.Debug("interrupted", "signal", sig)
		cancel()
		select {
		case <-done:
		case <-time.After(killGrace):
			proc.ForceKill()
		case <-a.opts.Signals: // a second Ctrl-C: no more waiting
			proc.ForceKill()
		}
		proc.Kill()
		_ = r.Finish()
		fmt.Fprintln(a.opts.IO.Stderr, "Interrupted.")
		return ExitInterrupted, nil
	}
	perr := res.resp.GetError()
	// Raw output handed back with the response comes after everything the
	// plugin sent through Host, as if it were its last Render call.
	if werr := host.WriteOutput(res.resp.GetOutput()); werr != nil && res.err == nil && perr == nil {
		res.err = werr
	}
	if ferr := r.Finish(); ferr != nil && res.err == nil && perr == nil {
		res.err = cmderr.Wrap(cmderr.Internal, ferr)
	}
	var jqErr *render.JQError
	if rerr := host.RenderErr(); errors.As(rerr, &jqErr) {
		return ExitError, cmderr.New(cmderr.Generic, "%v", jqErr)
	}
	if res.err != nil {
		return ExitCode(cmderr.CodeOf(res.err)), res.err
	}
	if perr != nil {
		e := wire.FromProto(perr)
		return ExitCode(e.Code), e
	}
	return ExitOK, nil
}

// invocation builds what the plugin is told: resolved, non-secret.
func (a *app) invocation(s *settings.Settings, g *Globals, contextName string, caPEM []byte, color bool, secrets bool) *pb.Invocation {
	srv := &pb.Server{
		Url:                   s.Host,
		Tenant:                s.Tenant,
		CaPem:                 caPEM,
		InsecureSkipTlsVerify: s.Insecure,
		RequestTimeoutMs:      s.Timeout.Milliseconds(),
		Sources:               s.Sources,
	}
	for _, h := range s.Headers {
		srv.Headers = append(srv.Headers, &pb.Header{Name: h.Name, Value: h.Value})
	}
	cwd, _ := os.Getwd()
	return &pb.Invocation{
		HostVersion: a.opts.Version,
		Context:     contextName,
		Server:      srv,
		Terminal: &pb.Terminal{
			StdinTty: a.opts.IO.StdinTTY, StdoutTty: a.opts.IO.StdoutTTY, StderrTty: a.opts.IO.StderrTTY,
			Color: color, Width: int32(a.opts.IO.Width),
		},
		Output:           &pb.Output{Format: s.Output, NoHeaders: g.NoHeaders},
		LogLevel:         a.logLevelName(),
		Cwd:              cwd,
		AssumeYes:        g.Yes,
		Verbose:          g.Verbose,
		HostCapabilities: wire.HostCapabilities(),
		HasSecretFlags:   secrets,
	}
}

// credentials answers GetCredentials from the resolved settings.
func credentials(s *settings.Settings, secrets map[string]string) hostsvc.Credentials {
	return func(bool) (*pb.Credentials, error) {
		c := &pb.Credentials{SecretFlags: secrets}
		switch s.Auth.Method {
		case settings.AuthToken:
			c.Auth = &pb.Credentials_Token{Token: s.Auth.Token}
		case settings.AuthBasic:
			c.Auth = &pb.Credentials_Basic{Basic: &pb.BasicAuth{Username: s.Auth.Username, Password: s.Auth.Password}}
		}
		if s.Auth.Err != nil {
			c.AuthError = s.Auth.Err.Error()
		}
		for _, h := range s.SensitiveHeaders {
			c.SensitiveHeaders = append(c.SensitiveHeaders, &pb.Header{Name: h.Name, Value: h.Value})
		}
		return c, nil
	}
}

// printResolved shows, with --verbose, where each setting came from. It
// never prints a credential.
func (a *app) printResolved(s *settings.Settings, cfg *loadedConfig) {
	w := a.opts.IO.Stderr
	if cfg.file != nil && cfg.file.Exists {
		ctx := "none"
		if cfg.contextName != "" {
			ctx = fmt.Sprintf("%q", cfg.contextName)
		}
		fmt.Fprintf(w, "config: %s (context %s)\n", cfg.file.Path, ctx)
	}
	fmt.Fprintf(w, "host: %s (%s)\n", s.Host, s.Sources["host"])
	fmt.Fprintf(w, "tenant: %s (%s)\n", s.Tenant, s.Sources["tenant"])
	auth := s.Auth.Method
	if s.Auth.Method == settings.AuthBasic {
		auth += " as " + s.Auth.Username
	}
	if s.Auth.Source != "" {
		auth += " (" + s.Auth.Source + ")"
	}
	fmt.Fprintf(w, "auth: %s\n", auth)
	fmt.Fprintf(w, "output: %s (%s)\n", s.Output, s.Sources["output"])
	var hs []string
	for _, h := range s.Headers {
		hs = append(hs, h.Name+":"+h.Value)
	}
	for _, h := range s.SensitiveHeaders {
		hs = append(hs, h.Name+":REDACTED")
	}
	sort.Strings(hs)
	if len(hs) > 0 {
		fmt.Fprintf(w, "headers: %s\n", strings.Join(hs, ", "))
	}
}
