package app

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/server"
)

// shutdownGrace is how long a stopping instance waits for in-flight
// requests before cutting their connections.
const shutdownGrace = 5 * time.Second

// Instance is one simulator serving on its own listener: what a kestrasim
// process runs, and what each instance of `kestrasim --instances` is.
type Instance struct {
	url        string
	sim        *server.Server
	srv        *http.Server
	cancelBase context.CancelFunc
	readyFile  string
	serveErr   chan error

	closeOnce sync.Once
	closeErr  error
}

// Start builds the simulator cfg describes, listens on cfg.Listen, serves
// in the background, prints "kestrasim listening on URL" to stdout and then
// writes URL to cfg.ReadyFile (when set). Close stops it.
func Start(cfg *Config, stdout io.Writer) (*Instance, error) {
	sim, err := server.New(server.Options{
		Edition:   cfg.Edition,
		BasicUser: cfg.BasicUser,
		BasicPass: cfg.BasicPass,
		Token:     cfg.Token,
		Tenants:   cfg.Tenants,
		DataDir:   cfg.DataDir,
		JarSize:   cfg.JarSize,
		Corrupt:   corruptSet(cfg.CorruptChecksums),
		Faults:    cfg.Faults,
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		sim.Close()
		return nil, fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	baseCtx, cancelBase := context.WithCancel(context.Background())
	in := &Instance{
		url:        "http://" + reachable(ln.Addr()),
		sim:        sim,
		cancelBase: cancelBase,
		serveErr:   make(chan error, 1),
		srv: &http.Server{
			Handler:           sim,
			ReadHeaderTimeout: 30 * time.Second,
			BaseContext:       func(net.Listener) context.Context { return baseCtx },
		},
	}
	go func() { in.serveErr <- in.srv.Serve(ln) }()

	fmt.Fprintf(stdout, "kestrasim listening on %s\n", in.url)
	if cfg.ReadyFile != "" {
		if err := writeReadyFile(cfg.ReadyFile, in.url); err != nil {
			in.Close()
			return nil, err
		}
		in.readyFile = cfg.ReadyFile
	}
	return in, nil
}

// URL is the base URL of the instance (http://127.0.0.1:PORT for a
// loopback or wildcard listener).
func (in *Instance) URL() string { return in.url }

// ServeErr receives the error that stopped serving, if serving stops
// before Close.
func (in *Instance) ServeErr() <-chan error { return in.serveErr }

// Close stops the instance: open streams (follow, large downloads) end as
// their request context is cancelled, in-flight requests get a few seconds
// to finish, then the simulator stops its background work (running
// executions, schedules, backfills) and waits for it, a temporary data
// directory is removed, and so is the ready file. Close is idempotent.
func (in *Instance) Close() error {
	in.closeOnce.Do(func() {
		in.cancelBase()
		ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		// Requests first, so that none starts an execution after the
		// simulator has stopped its runners.
		if err := in.srv.Shutdown(ctx); err != nil {
			in.srv.Close()
		}
		in.closeErr = in.sim.Close()
		if in.readyFile != "" {
			if err := os.Remove(in.readyFile); err != nil && !os.IsNotExist(err) && in.closeErr == nil {
				in.closeErr = fmt.Errorf("remove ready file: %w", err)
			}
		}
	})
	return in.closeErr
}
