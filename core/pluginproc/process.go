// Package pluginproc starts one plugin binary through go-plugin, calls it,
// and always reaps it.
package pluginproc

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/wire"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// DefaultStartTimeout bounds the plugin's start and handshake.
const DefaultStartTimeout = 10 * time.Second

// Options configure a plugin process.
type Options struct {
	Path string
	// Env is the plugin's whole environment (already filtered: no secret).
	Env []string
	// Logger receives the plugin's log lines (hclog.Off by default).
	Logger hclog.Logger
	// Output receives stray stdout/stderr writes of the plugin (never the
	// user's stdout).
	Output       io.Writer
	StartTimeout time.Duration
	// Checksum, when set, is the sha256 the binary must have; it is
	// verified (go-plugin SecureConfig) before the plugin starts.
	Checksum []byte
}

// Process is a started plugin.
type Process struct {
	path   string
	client *plugin.Client
	rpc    *wire.Client
	cmd    *exec.Cmd
	tail   *tail
	once   sync.Once
	// socketDir holds the plugin's gRPC socket; it is removed with the
	// plugin, however it ended.
	socketDir string
	// side is the core's end of the side channel (nil: none); it is
	// closed with the plugin, which ends any copy still reading it.
	side net.Conn
}

// socketBase is where plugin socket directories go: the temporary
// directory, unless its path is so long that a socket in it would pass the
// system's limit on socket paths (108 bytes on Linux; the socket's own
// name takes about 35), then /tmp.
func socketBase() string {
	dir := os.TempDir()
	if len(dir) > 60 {
		if st, err := os.Stat("/tmp"); err == nil && st.IsDir() {
			return "/tmp"
		}
	}
	return dir
}

// killWait bounds the wait for a killed plugin's pipes to close: a process
// the plugin started may keep them open, and the core must still exit.
const killWait = 2 * time.Second

// Start runs the plugin binary and completes the handshake.
func Start(opts Options) (*Process, error) {
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = DefaultStartTimeout
	}
	if opts.Logger == nil {
		opts.Logger = hclog.NewNullLogger()
	}
	if opts.Output == nil {
		opts.Output = io.Discard
	}
	cmd := exec.Command(opts.Path)
	// The plugin's socket goes in a directory of its own, removed when
	// the plugin ends (a killed plugin cannot remove its socket itself).
	socketDir, err := os.MkdirTemp(socketBase(), "kestractl-")
	if err != nil {
		return nil, &cmderr.Error{Code: cmderr.Internal, Message: fmt.Sprintf("create a directory for the plugin's socket: %v", err)}
	}
	cmd.Env = append(append([]string(nil), opts.Env...), plugin.EnvUnixSocketDir+"="+socketDir)
	setProcAttr(cmd)
	// The side channel for large raw output (wire.SideFD); without one,
	// that output goes in Write messages.
	sidePlugin, side, sideErr := newSide()
	if sideErr == nil {
		cmd.ExtraFiles = []*os.File{sidePlugin}
		cmd.Env = append(cmd.Env, fmt.Sprintf("%s=%d", wire.SideEnv, wire.SideFD))
	} else {
		opts.Logger.Debug("no side channel", "error", sideErr)
	}
	t := newTail(6)
	name := filepath.Base(opts.Path)
	stray := &prefixWriter{w: opts.Output, prefix: "[" + name + "] "}
	cfg := &plugin.ClientConfig{
		HandshakeConfig:     wire.Handshake(),
		VersionedPlugins:    wire.PluginSets(nil),
		Cmd:                 cmd,
		SkipHostEnv:         true,
		AllowedProtocols:    []plugin.Protocol{plugin.ProtocolGRPC},
		Logger:              opts.Logger.Named(strings.TrimPrefix(name, "kestractl-")),
		StartTimeout:        opts.StartTimeout,
		Stderr:              t,
		SyncStdout:          stray,
		SyncStderr:          stray,
		GRPCBrokerMultiplex: true,
	}
	if opts.Checksum != nil {
		cfg.SecureConfig = &plugin.SecureConfig{Checksum: opts.Checksum, Hash: sha256.New()}
	}
	client := plugin.NewClient(cfg)
	p := &Process{path: opts.Path, client: client, cmd: cmd, tail: t, socketDir: socketDir, side: side}
	rpcClient, err := client.Client()
	if sidePlugin != nil {
		// The plugin has its copy (or did not start).
		_ = sidePlugin.Close()
	}
	if err != nil {
		p.Kill()
		return nil, p.startError(err)
	}
	raw, err := rpcClient.Dispense(wire.PluginName)
	if err != nil {
		p.Kill()
		return nil, p.startError(err)
	}
	c, ok := raw.(*wire.Client)
	if !ok {
		p.Kill()
		return nil, p.failure("returned an unexpected client type %T", raw)
	}
	p.rpc = c
	return p, nil
}

// Path is the plugin binary.
func (p *Process) Path() string { return p.path }

// Pid is the plugin's process id (0 before it started).
func (p *Process) Pid() int {
	if p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// Describe asks for the plugin's manifest.
func (p *Process) Describe(ctx context.Context, hostVersion string) (*pb.Manifest, error) {
	m, err := p.rpc.Plugin.Describe(ctx, &pb.DescribeRequest{HostVersion: hostVersion})
	if err != nil {
		return nil, p.callError("describe", err)
	}
	return m, nil
}

// serveHost serves host on a fresh broker id and returns the id and a
// function that stops serving. The id is returned only once its listener
// exists: a plugin that dials it at once must find it (with go-plugin's
// AcceptAndServe in a goroutine, a quick plugin could knock before the
// listener was registered and fail).
func (p *Process) serveHost(host pb.HostServer) (uint32, func(), error) {
	id := p.rpc.Broker.NextId()
	ln, err := p.rpc.Broker.Accept(id)
	if err != nil {
		return 0, nil, p.failure("cannot serve the host service: %v", err)
	}
	s := wire.NewServer(nil)
	pb.RegisterHostServer(s, host)
	go func() { _ = s.Serve(ln) }()
	return id, func() {
		s.Stop()
		_ = ln.Close()
	}, nil
}

// Execute runs one command line; host serves the plugin's Host calls. The
// response holds the command's error and the raw output it handed back.
func (p *Process) Execute(ctx context.Context, req *pb.ExecuteRequest, host pb.HostServer) (*pb.ExecuteResponse, error) {
	id, stop, err := p.serveHost(host)
	if err != nil {
		return nil, err
	}
	defer stop()
	req.HostBrokerId = id
	resp, err := p.rpc.Plugin.Execute(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, p.callError("execute", err)
	}
	return resp, nil
}

// Complete asks for dynamic completion values.
func (p *Process) Complete(ctx context.Context, req *pb.CompleteRequest, host pb.HostServer) ([]string, error) {
	id, stop, err := p.serveHost(host)
	if err != nil {
		return nil, err
	}
	defer stop()
	req.HostBrokerId = id
	resp, err := p.rpc.Plugin.Complete(ctx, req)
	if err != nil {
		if status.Code(err) == codes.Unimplemented {
			return nil, nil
		}
		return nil, p.callError("complete", err)
	}
	return resp.GetValues(), nil
}

// Kill stops the plugin (gracefully, then by force) and reaps it, waiting
// at most killWait for its pipes once it is dead. It is safe to call more
// than once.
func (p *Process) Kill() {
	p.once.Do(func() {
		done := make(chan struct{})
		go func() {
			defer close(done)
			p.client.Kill()
		}()
		select {
		case <-done:
		case <-time.After(killWait):
			// Something still holds the plugin's output: kill its whole
			// process group, and stop waiting anyway.
			killGroup(p.Pid())
			select {
			case <-done:
			case <-time.After(killWait):
			}
		}
		_ = os.RemoveAll(p.socketDir)
		if p.side != nil {
			_ = p.side.Close()
		}
	})
}

// Side is the core's end of the plugin's side channel (wire.SideFD), nil
// when the plugin has none.
func (p *Process) Side() net.Conn { return p.side }

// Stop ends a plugin whose calls have all returned: nothing is left for it
// to do, so it is killed at once, without a graceful-shutdown round trip,
// and reaped.
func (p *Process) Stop() {
	p.ForceKill()
}

// ForceKill kills the plugin process at once (it did not answer a
// cancellation) and reaps it.
func (p *Process) ForceKill() {
	killGroup(p.Pid())
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Kill()
	}
	p.Kill()
}

// Exited reports whether the plugin process has exited.
func (p *Process) Exited() bool { return p.client.Exited() }

func (p *Process) failure(format string, args ...any) *cmderr.Error {
	return &cmderr.Error{
		Code:    cmderr.Internal,
		Message: fmt.Sprintf("plugin %s ", filepath.Base(p.path)) + fmt.Sprintf(format, args...),
		Hint:    "run with KESTRACTL_LOG=debug for details; reinstall the plugin if it persists",
	}
}

var unrecognized = regexp.MustCompile(`Unrecognized remote plugin message: (.*)`)

// startError explains why a plugin did not start, in one line.
func (p *Process) startError(err error) error {
	msg := err.Error()
	var execErr *exec.Error
	var pathErr *fs.PathError
	switch {
	case errors.Is(err, plugin.ErrChecksumsDoNotMatch):
		return &cmderr.Error{
			Code:    cmderr.RequirementNotMet,
			Message: fmt.Sprintf("plugin %s was modified since it was installed (its sha256 does not match the record); it was not started", filepath.Base(p.path)),
			Hint:    "reinstall it with 'kestractl extensions install <binary>' if the change is yours",
		}
	case unrecognized.MatchString(msg):
		junk := strings.TrimSpace(unrecognized.FindStringSubmatch(msg)[1])
		if junk == "" {
			// Nothing on stdout: the process ended without a handshake.
			time.Sleep(20 * time.Millisecond)
			if last := p.tail.last(); last != "" {
				return p.failure("exited before its handshake: %s", truncate(last, 200))
			}
			return p.failure("exited before its handshake (is it a kestractl plugin?)")
		}
		return p.failure("printed %q before its handshake (is it a kestractl plugin built with the kestractl SDK?)", truncate(junk, 60))
	case strings.Contains(strings.ToLower(msg), "incompatible api version"):
		return p.failure("speaks another protocol version (%s); update kestractl or the plugin", strings.TrimSpace(msg))
	case strings.Contains(msg, "exited before we could connect"):
		if last := p.tail.last(); last != "" {
			return p.failure("exited before its handshake: %s", truncate(last, 200))
		}
		return p.failure("exited before its handshake")
	case strings.Contains(msg, "timeout while waiting for plugin to start"):
		return p.failure("did not complete its handshake in time")
	case errors.As(err, &execErr):
		return p.failure("cannot be run: %v", execErr.Err)
	case errors.As(err, &pathErr):
		// fork/exec failed: missing, not executable, bad interpreter.
		return p.failure("cannot be run: %v", pathErr.Err)
	}
	return p.failure("failed to start: %s", truncate(msg, 200))
}

// callError explains a failed RPC: usually a crash.
func (p *Process) callError(call string, err error) error {
	if p.client.Exited() || status.Code(err) == codes.Unavailable {
		// Let the process finish writing its last words.
		time.Sleep(20 * time.Millisecond)
		if last := p.tail.last(); last != "" {
			return p.failure("crashed during %s: %s", call, truncate(last, 300))
		}
		return p.failure("crashed during %s", call)
	}
	return p.failure("%s failed: %s", call, status.Convert(err).Message())
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
