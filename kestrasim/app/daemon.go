package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/kestractl/kestractl/kestrasim/instances"
)

// instanceListen is where an instance listens unless its flags say
// otherwise: a free loopback port (many instances cannot share 8080).
const instanceListen = "127.0.0.1:0"

// instancesFlagsOnly checks that only the control API's flags were given
// with --instances, and that it listens on loopback.
func instancesFlagsOnly(fs *flag.FlagSet, listen string) error {
	var stray string
	fs.Visit(func(f *flag.Flag) {
		if stray == "" && f.Name != "instances" && f.Name != "listen" && f.Name != "ready-file" {
			stray = f.Name
		}
	})
	if stray != "" {
		return fmt.Errorf("--%s is a flag of an instance, not of --instances: pass it in POST /instances {\"args\": [...]}", stray)
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("invalid --listen %q: %w", listen, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("invalid --listen %q: the instances control API listens on loopback only (e.g. 127.0.0.1:0)", listen)
	}
	return nil
}

// StartInstance starts one instance from the flags of a single kestrasim
// process, exactly as that process would run (Start), except that it
// listens on a free loopback port unless args give --listen, and prints
// nothing. Bad flags are an *instances.ArgsError carrying the line the
// process would print before exiting 2.
func StartInstance(args []string) (instances.Instance, error) {
	cfg, err := ParseArgs(append([]string{"--listen", instanceListen}, args...))
	switch {
	case errors.Is(err, errHelp):
		return nil, &instances.ArgsError{Err: fmt.Errorf("kestrasim: the flags of an instance are those of kestrasim:\n%s", usage)}
	case err != nil:
		return nil, &instances.ArgsError{Err: fmt.Errorf("kestrasim: %w", err)}
	case cfg.Instances:
		return nil, &instances.ArgsError{Err: errors.New("kestrasim: --instances is not a flag of an instance")}
	}
	in, err := Start(cfg, io.Discard)
	if err != nil {
		return nil, fmt.Errorf("kestrasim: %w", err)
	}
	return in, nil
}

// RunInstances serves the instances control API (instances.Handler) on
// cfg.Listen until ctx is done, then stops every instance. It prints
// "kestrasim instances API listening on URL" and writes URL to
// cfg.ReadyFile, as a single simulator does with its own URL.
func RunInstances(ctx context.Context, cfg *Config, stdout io.Writer) error {
	m := instances.NewManager(StartInstance)
	defer m.Close()
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	url := "http://" + reachable(ln.Addr())
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 30 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	fmt.Fprintf(stdout, "kestrasim instances API listening on %s\n", url)
	if cfg.ReadyFile != "" {
		if err := writeReadyFile(cfg.ReadyFile, url); err != nil {
			srv.Close()
			return err
		}
		defer os.Remove(cfg.ReadyFile)
	}

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
	}
	return m.Close()
}
