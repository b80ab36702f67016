package dispatch

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/pluginproc"
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// describeTimeout bounds a Describe call.
const describeTimeout = 10 * time.Second

// Starter starts plugin processes the same way everywhere: with a filtered
// environment (PluginEnv), the core's logger, stray plugin output on
// stderr, and, for a plugin of the user plugin directory, the sha256
// recorded when it was installed.
type Starter struct {
	// Env is the plugin's whole environment.
	Env    []string
	Logger hclog.Logger
	// Output receives stray plugin output (the user's stderr).
	Output io.Writer
	// UserDir is the user plugin directory ("" when there is none).
	UserDir string
}

// Options are the options to start the plugin at path. A plugin of the user
// plugin directory must match the sha256 recorded when it was installed
// (checked by go-plugin before it starts).
func (s *Starter) Options(path string) (pluginproc.Options, error) {
	opts := s.unverified(path)
	if s.UserDir == "" || filepath.Dir(path) != filepath.Clean(s.UserDir) {
		return opts, nil
	}
	lock, err := discovery.LoadLock(s.UserDir)
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

func (s *Starter) unverified(path string) pluginproc.Options {
	return pluginproc.Options{Path: path, Env: s.Env, Logger: s.Logger, Output: s.Output}
}

// Start starts the plugin at path.
func (s *Starter) Start(path string) (*pluginproc.Process, error) {
	opts, err := s.Options(path)
	if err != nil {
		return nil, err
	}
	return pluginproc.Start(opts)
}

// StartUnverified starts a binary that is not (yet) an installed plugin,
// whatever its directory: 'extensions install' describes it before it
// records its sha256.
func (s *Starter) StartUnverified(path string) (*pluginproc.Process, error) {
	return pluginproc.Start(s.unverified(path))
}

// Describe starts the plugin at path, asks for its manifest and stops it.
func (s *Starter) Describe(ctx context.Context, path, hostVersion string) (*pb.Manifest, error) {
	s.Logger.Debug("describing plugin", "path", path)
	p, err := s.Start(path)
	if err != nil {
		return nil, err
	}
	defer p.Kill()
	ctx, cancel := context.WithTimeout(ctx, describeTimeout)
	defer cancel()
	return p.Describe(ctx, hostVersion)
}

// Background starts the plugin at path while the caller goes on.
func (s *Starter) Background(path string) *Pending {
	ps := &Pending{done: make(chan struct{})}
	go func() {
		defer close(ps.done)
		ps.proc, ps.err = s.Start(path)
	}()
	return ps
}

// Pending is a plugin process being started in the background.
type Pending struct {
	done chan struct{}
	proc *pluginproc.Process
	err  error
	used bool
}

// Done is closed once the start is over (started or failed).
func (ps *Pending) Done() <-chan struct{} { return ps.done }

// Wait returns the started process; the caller owns it from then on.
func (ps *Pending) Wait() (*pluginproc.Process, error) {
	<-ps.done
	ps.used = true
	return ps.proc, ps.err
}

// Discard reaps a process that was started but not used (the command
// failed before it needed the plugin).
func (ps *Pending) Discard() {
	if ps.used {
		return
	}
	<-ps.done
	if ps.proc != nil {
		ps.proc.Kill()
	}
}
