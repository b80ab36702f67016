package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kestractl/kestractl/kestrasim/server"
)

// Main runs the command and returns its exit status: 0 after a clean stop,
// 2 for bad flags, 1 for any other failure.
func Main(args []string, stdout, stderr io.Writer) int {
	cfg, err := ParseArgs(args)
	if errors.Is(err, errHelp) {
		fmt.Fprintln(stderr, usage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "kestrasim: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, cfg, stdout); err != nil {
		fmt.Fprintf(stderr, "kestrasim: %v\n", err)
		return 1
	}
	return 0
}

// Run serves until ctx is done.
func Run(ctx context.Context, cfg *Config, stdout io.Writer) error {
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
		return err
	}
	defer sim.Close()

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	url := "http://" + reachable(ln.Addr())
	baseCtx, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	srv := &http.Server{
		Handler:           sim,
		ReadHeaderTimeout: 30 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return baseCtx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	fmt.Fprintf(stdout, "kestrasim listening on %s\n", url)
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
	// Streams (follow, large downloads) end when their request context is
	// cancelled; then wait a little for in-flight requests.
	cancelBase()
	sim.Close()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
	}
	return nil
}

// reachable turns a wildcard listen address (":8080", "0.0.0.0:8080") into
// one a local client can dial.
func reachable(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	// A wildcard listener is dual-stack on Linux: 127.0.0.1 reaches it.
	return net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
}

func corruptSet(coords []string) map[string]bool {
	m := make(map[string]bool, len(coords))
	for _, c := range coords {
		m[c] = true
	}
	return m
}
