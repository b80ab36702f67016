// Command kestractl-fake is a plugin for the core's own tests. It speaks the
// protocol directly (sdk/wire and its generated code), as any plugin
// binary does on the wire, so that the core is tested against the protocol
// and not against the SDK's conveniences. Copied under another name
// (kestractl-<name>), it serves the group <name>. KESTRACTL_FAKE_EDITION
// sets its manifest's edition; KESTRACTL_FAKE_PIDFILE receives the pid of
// a sleeping command.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	goplugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/kestractl/kestractl/sdk/wire"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

func main() {
	name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(os.Args[0]), "kestractl-"), ".exe")
	goplugin.Serve(&goplugin.ServeConfig{
		HandshakeConfig: wire.Handshake(),
		VersionedPlugins: wire.PluginSets(func(b *goplugin.GRPCBroker) pb.PluginServer {
			return &server{name: name, broker: b}
		}),
		GRPCServer: wire.NewServer,
	})
}

type server struct {
	pb.UnimplementedPluginServer
	name   string
	broker *goplugin.GRPCBroker
}

func (s *server) Describe(context.Context, *pb.DescribeRequest) (*pb.Manifest, error) {
	cmd := func(name, help string) *pb.Command { return &pb.Command{Name: name, Help: help} }
	creds := cmd("creds", "Show the credentials the core hands over.")
	creds.Flags = []*pb.Flag{{Name: "api-key", Type: "string", Secret: true, Env: []string{"KESTRACTL_FAKE_SECRET"}, Help: "A secret."}}
	table := cmd("table", "Render records in pages.")
	table.Flags = []*pb.Flag{{Name: "count", Type: "int", Default: "3", Help: "Records."}}
	fail := cmd("fail", "Fail with an error code.")
	fail.Args = []*pb.Arg{{Name: "code", Required: true, Help: "Error code (kestractl.v1.Code)."}}
	sleep := cmd("sleep", "Sleep until cancelled.")
	sleep.Flags = []*pb.Flag{{Name: "ignore-cancel", Type: "bool", Help: "Do not return on cancellation."}}
	offline := cmd("offline", "Need no server.")
	offline.Offline = true
	pick := cmd("pick", "Take a completed value.")
	pick.Args = []*pb.Arg{{Name: "thing", Completer: "things", Help: "A thing."}}
	group := &pb.Command{
		Name: s.name, Aliases: []string{s.name + "-alias"}, Help: "The " + s.name + " group (fake).",
		Flags: []*pb.Flag{{Name: "timeout", Type: "duration", Help: "A flag of the group named like a global flag."}},
		Children: []*pb.Command{
			cmd("inspect", "Render what the plugin received."), creds, table, fail, sleep,
			cmd("crash", "Crash."), cmd("confirm", "Ask for a confirmation."), cmd("write", "Write raw bytes."),
			offline, cmd("stray", "Print to the plugin's own stdout."), pick,
		},
	}
	return &pb.Manifest{
		Name: s.name, Version: "1.2.3", ProtocolVersion: wire.ProtocolVersion,
		Edition: os.Getenv("KESTRACTL_FAKE_EDITION"),
		Root:    &pb.Command{Children: []*pb.Command{group}},
	}, nil
}

func (s *server) Complete(context.Context, *pb.CompleteRequest) (*pb.CompleteResponse, error) {
	return &pb.CompleteResponse{Values: []string{"alpha", "beta"}}, nil
}

func (s *server) Execute(ctx context.Context, req *pb.ExecuteRequest) (*pb.ExecuteResponse, error) {
	conn, err := s.broker.Dial(req.GetHostBrokerId())
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	c := &command{ctx: ctx, req: req, host: pb.NewHostClient(conn)}
	argv := req.GetArgv()
	if len(argv) < 2 {
		return fail(pb.Code_USAGE, "missing command"), nil
	}
	run, ok := map[string]func() (*pb.ExecuteResponse, error){
		"inspect": c.inspect, "creds": c.creds, "table": c.table, "fail": c.fail, "sleep": c.sleep,
		"crash": c.crash, "confirm": c.confirm, "write": c.write, "offline": c.inspect, "stray": c.stray,
	}[argv[1]]
	if !ok {
		return fail(pb.Code_USAGE, "unknown command "+argv[1]), nil
	}
	return run()
}

func fail(code pb.Code, msg string) *pb.ExecuteResponse {
	return &pb.ExecuteResponse{Error: &pb.Error{Code: code, Message: msg, Hint: "the fake plugin fails when told"}}
}

// command is one Execute call.
type command struct {
	ctx  context.Context
	req  *pb.ExecuteRequest
	host pb.HostClient
}

func (c *command) object(v any) (*pb.ExecuteResponse, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if _, err := c.host.Render(c.ctx, &pb.RenderRequest{Kind: &pb.RenderRequest_Object{Object: &pb.Object{Json: b}}}); err != nil {
		return fail(pb.Code_GENERIC, status.Convert(err).Message()), nil
	}
	return &pb.ExecuteResponse{}, nil
}

func (c *command) inspect() (*pb.ExecuteResponse, error) {
	inv := c.req.GetInvocation()
	return c.object(map[string]any{
		"argv":         c.req.GetArgv(),
		"process_args": os.Args,
		"environ":      os.Environ(),
		"host":         inv.GetServer().GetUrl(),
		"tenant":       inv.GetServer().GetTenant(),
		"context":      inv.GetContext(),
		"format":       inv.GetOutput().GetFormat(),
		"assume_yes":   inv.GetAssumeYes(),
		"secret_flags": inv.GetHasSecretFlags(),
		"log_level":    inv.GetLogLevel(),
		"timeout_ms":   inv.GetServer().GetRequestTimeoutMs(),
	})
}

// creds shows digests of what GetCredentials hands over, so that a test
// can tell where each value came from without printing it.
func (c *command) creds() (*pb.ExecuteResponse, error) {
	cr, err := c.host.GetCredentials(c.ctx, &pb.CredentialsRequest{})
	if err != nil {
		return nil, err
	}
	secrets := map[string]string{}
	for k, v := range cr.GetSecretFlags() {
		secrets[k] = digest(v)
	}
	return c.object(map[string]any{
		"token":        digest(cr.GetToken()),
		"username":     cr.GetBasic().GetUsername(),
		"password":     digest(cr.GetBasic().GetPassword()),
		"secret_flags": secrets,
		"auth_error":   cr.GetAuthError(),
		"argv":         c.req.GetArgv(),
		"environ":      os.Environ(),
	})
}

// digest is a short sha256 of a secret ("" for none).
func digest(s string) string {
	if s == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}

func (c *command) table() (*pb.ExecuteResponse, error) {
	count := 3
	argv := c.req.GetArgv()
	for i, a := range argv {
		if v, ok := strings.CutPrefix(a, "--count="); ok {
			count, _ = strconv.Atoi(v)
		} else if a == "--count" && i+1 < len(argv) {
			count, _ = strconv.Atoi(argv[i+1])
		}
	}
	view := &pb.View{Columns: []*pb.Column{{Header: "ID", Path: "id"}, {Header: "STATE", Path: "state"}}}
	for page := 0; page*2 < count || page == 0; page++ {
		var records [][]byte
		for i := page * 2; i < min(count, page*2+2); i++ {
			b, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("item-%d", i), "state": "SUCCESS"})
			records = append(records, b)
		}
		final := (page+1)*2 >= count
		if _, err := c.host.Render(c.ctx, &pb.RenderRequest{Kind: &pb.RenderRequest_Table{Table: &pb.TablePage{View: view, Records: records, Final: final}}}); err != nil {
			return fail(pb.Code_GENERIC, status.Convert(err).Message()), nil
		}
	}
	return &pb.ExecuteResponse{}, nil
}

func (c *command) fail() (*pb.ExecuteResponse, error) {
	argv := c.req.GetArgv()
	if len(argv) < 3 {
		return fail(pb.Code_USAGE, "fail needs a code"), nil
	}
	code, err := strconv.Atoi(argv[2])
	if err != nil {
		return fail(pb.Code_USAGE, "bad code "+argv[2]), nil
	}
	return fail(pb.Code(code), "failed on purpose"), nil
}

func (c *command) sleep() (*pb.ExecuteResponse, error) {
	if f := os.Getenv("KESTRACTL_FAKE_PIDFILE"); f != "" {
		if err := os.WriteFile(f, []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
			return nil, err
		}
	}
	// A test that forgets to end the command fails after a minute rather
	// than hang.
	limit := time.After(time.Minute)
	for _, a := range c.req.GetArgv() {
		if a == "--ignore-cancel" {
			<-limit
			return fail(pb.Code_GENERIC, "slept a minute"), nil
		}
	}
	select {
	case <-c.ctx.Done():
		return fail(pb.Code_CANCELLED, "cancelled"), nil
	case <-limit:
		return fail(pb.Code_GENERIC, "slept a minute"), nil
	}
}

// crash panics in a goroutine: the runtime writes the panic to the
// process's stderr and the process dies.
func (c *command) crash() (*pb.ExecuteResponse, error) {
	go func() { panic("fake crash") }()
	select {}
}

// confirm asks, and maps a refusal of the core as the SDK does: a failed
// precondition is a usage error.
func (c *command) confirm() (*pb.ExecuteResponse, error) {
	resp, err := c.host.Confirm(c.ctx, &pb.ConfirmRequest{Message: "Delete everything?", Destructive: true})
	if status.Code(err) == codes.FailedPrecondition {
		return fail(pb.Code_USAGE, status.Convert(err).Message()), nil
	}
	if err != nil {
		return nil, err
	}
	if !resp.GetConfirmed() {
		return fail(pb.Code_CANCELLED, "not confirmed"), nil
	}
	return c.object(map[string]bool{"confirmed": true})
}

// write streams raw bytes to stdout and stderr, and hands the last bytes
// back with the response.
func (c *command) write() (*pb.ExecuteResponse, error) {
	stream, err := c.host.Write(c.ctx)
	if err != nil {
		return nil, err
	}
	for _, chunk := range []*pb.WriteChunk{
		{Stream: pb.Stream_STDOUT, Data: []byte("first\n")},
		{Stream: pb.Stream_STDERR, Data: []byte("to stderr\n")},
		{Stream: pb.Stream_STDOUT, Data: []byte("second\n")},
	} {
		if err := stream.Send(chunk); err != nil {
			return nil, err
		}
	}
	if _, err := stream.CloseAndRecv(); err != nil {
		return nil, err
	}
	return &pb.ExecuteResponse{Output: []*pb.RawOutput{{Stream: pb.Stream_STDOUT, Data: []byte("last\n")}}}, nil
}

// stray writes to the process's own stdout, which must never reach the
// user's stdout.
func (c *command) stray() (*pb.ExecuteResponse, error) {
	fmt.Println("stray output")
	os.Stdout.Sync()
	return c.object(map[string]bool{"ok": true})
}
