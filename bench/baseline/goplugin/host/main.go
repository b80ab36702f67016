// Command host is the go-plugin floor of the dispatch benchmark: the least
// a go-plugin gRPC host can do for one command, with kestractl's transport
// settings (gRPC only, multiplexed broker) and nothing of kestractl: start
// the plugin next to it, complete the handshake, make one call (the health
// check go-plugin serves), kill the plugin and reap it. Its time is what
// the architecture costs before any kestractl code runs.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health/grpc_health_v1"

	"github.com/kestractl/kestractl/bench/baseline/goplugin/shared"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run() error {
	log.SetOutput(io.Discard)
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	c := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:     shared.Handshake,
		Plugins:             map[string]plugin.Plugin{"floor": shared.Plugin{}},
		Cmd:                 exec.Command(filepath.Join(filepath.Dir(exe), "floor-plugin")),
		AllowedProtocols:    []plugin.Protocol{plugin.ProtocolGRPC},
		Logger:              hclog.NewNullLogger(),
		GRPCBrokerMultiplex: true,
	})
	defer c.Kill()
	rpc, err := c.Client()
	if err != nil {
		return err
	}
	raw, err := rpc.Dispense("floor")
	if err != nil {
		return err
	}
	r, err := grpc_health_v1.NewHealthClient(raw.(*grpc.ClientConn)).Check(context.Background(),
		&grpc_health_v1.HealthCheckRequest{Service: "plugin"})
	if err != nil {
		return err
	}
	fmt.Println(r.GetStatus())
	return nil
}
