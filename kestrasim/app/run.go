package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
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
	run := Run
	if cfg.Instances {
		run = RunInstances
	}
	if err := run(ctx, cfg, stdout); err != nil {
		fmt.Fprintf(stderr, "kestrasim: %v\n", err)
		return 1
	}
	return 0
}

// Run serves one simulator until ctx is done.
func Run(ctx context.Context, cfg *Config, stdout io.Writer) error {
	in, err := Start(cfg, stdout)
	if err != nil {
		return err
	}
	defer in.Close()
	select {
	case err := <-in.ServeErr():
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	return in.Close()
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
