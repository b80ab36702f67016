// Package plugintest runs a plugin's commands in-process, against a fake
// Host that records what the command output, and (optionally) a real
// kestrasim server. The Host calls go over real gRPC (an in-memory
// connection), exactly as they do under the core.
package plugintest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/wire"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Options describe the invocation.
type Options struct {
	// Server is the Kestra base URL (e.g. from StartKestrasim).
	Server string
	Tenant string
	// Credentials handed out by GetCredentials.
	Token, Username, Password string
	// Format is table (default), json or yaml.
	Format string
	// AssumeYes answers confirmations yes (--yes).
	AssumeYes bool
	// Confirm answers confirmations when AssumeYes is false; nil refuses as
	// the core does without a terminal.
	Confirm func(message string) bool
	// Verbose turns on --verbose.
	Verbose bool
	// Secrets are secret flag values the core would hand over.
	Secrets map[string]string
	// Timeout bounds the command (default 60s).
	Timeout time.Duration
	// Context, when set, is the parent context (cancel it to test Ctrl-C).
	Context context.Context
	// Terminal holds the terminal facts (default: no terminal anywhere).
	Terminal *pb.Terminal
	// Cwd is the user's working directory the plugin resolves relative
	// paths against (default: the test's).
	Cwd string
	// Headers are --header values without credentials (in the invocation);
	// SensitiveHeaders carry credentials (handed out by GetCredentials).
	Headers, SensitiveHeaders []kestra.Header
}

// Result is what a command did.
type Result struct {
	// Err is the command's error (nil on success).
	Err *cmderr.Error
	// Records are the records of every table page, decoded.
	Records []map[string]any
	// RawRecords are the same records as sent.
	RawRecords []json.RawMessage
	// Objects are the objects sent with Context.Object.
	Objects []json.RawMessage
	// Columns is the view of the first table.
	Columns []*pb.Column
	// Footer of the last table.
	Footer string
	// Messages sent with Info/Success/Warn/Debug, in order.
	Messages []*pb.Message
	// Stdout and Stderr hold the raw bytes written.
	Stdout, Stderr string
	// Progress updates received.
	Progress []*pb.ProgressUpdate
	// Confirmations asked.
	Confirmations []string
}

// Code is the result's error code (Unspecified on success).
func (r *Result) Code() cmderr.Code {
	if r.Err == nil {
		return cmderr.Unspecified
	}
	return r.Err.Code
}

// MessageText joins the messages' texts, one per line.
func (r *Result) MessageText() string {
	var b bytes.Buffer
	for _, m := range r.Messages {
		b.WriteString(m.GetText())
		b.WriteByte('\n')
	}
	return b.String()
}

// Run runs argv (starting with the group name) in p.
func Run(t testing.TB, p plugin.Plugin, opts Options, argv ...string) *Result {
	t.Helper()
	h := &fakeHost{opts: opts, res: &Result{}}
	client, stop := serveFake(t, h)
	defer stop()
	ctx, cancel := opts.context()
	defer cancel()
	perr := plugin.Run(ctx, p, opts.invocation(), client, nil, argv)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.res.Err = wire.FromProto(perr)
	h.res.Stdout, h.res.Stderr = h.stdout.String(), h.stderr.String()
	return h.res
}

// serveFake serves h over an in-memory gRPC connection and returns its
// client; stop tears both down.
func serveFake(t testing.TB, h *fakeHost) (pb.HostClient, func()) {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := grpc.NewServer(wire.ServerOptions()...)
	pb.RegisterHostServer(srv, h)
	go func() { _ = srv.Serve(lis) }()
	conn, err := grpc.NewClient("passthrough:///bufconn",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		srv.Stop()
		t.Fatalf("plugintest: dial fake host: %v", err)
	}
	return pb.NewHostClient(conn), func() {
		conn.Close()
		srv.Stop()
	}
}

// invocation is what the core would resolve for opts.
func (opts Options) invocation() *pb.Invocation {
	format := opts.Format
	if format == "" {
		format = plugin.FormatTable
	}
	tenant := opts.Tenant
	if tenant == "" {
		tenant = "main"
	}
	term := opts.Terminal
	if term == nil {
		term = &pb.Terminal{}
	}
	var headers []*pb.Header
	for _, h := range opts.Headers {
		headers = append(headers, &pb.Header{Name: h.Name, Value: h.Value})
	}
	return &pb.Invocation{
		HostVersion:    "test",
		Server:         &pb.Server{Url: opts.Server, Tenant: tenant, Headers: headers},
		Terminal:       term,
		Cwd:            opts.Cwd,
		Output:         &pb.Output{Format: format},
		AssumeYes:      opts.AssumeYes,
		Verbose:        opts.Verbose,
		HasSecretFlags: len(opts.Secrets) > 0,
		// The fake host speaks what the core speaks.
		HostCapabilities: []string{wire.CapRawRender},
	}
}

// context bounds a command (Timeout, default 60s) under opts.Context.
func (opts Options) context() (context.Context, context.CancelFunc) {
	parent := opts.Context
	if parent == nil {
		parent = context.Background()
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	return context.WithTimeout(parent, timeout)
}

// fakeHost records Host calls.
type fakeHost struct {
	pb.UnimplementedHostServer
	opts Options

	mu     sync.Mutex
	res    *Result
	stdout bytes.Buffer
	stderr bytes.Buffer
}

func (h *fakeHost) Render(_ context.Context, req *pb.RenderRequest) (*pb.RenderResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch k := req.GetKind().(type) {
	case *pb.RenderRequest_Table:
		if h.res.Columns == nil && k.Table.GetView() != nil {
			h.res.Columns = k.Table.GetView().GetColumns()
		}
		for _, rec := range k.Table.GetRecords() {
			var m map[string]any
			dec := json.NewDecoder(bytes.NewReader(rec))
			dec.UseNumber()
			if err := dec.Decode(&m); err != nil {
				return nil, status.Errorf(codes.InvalidArgument, "record is not a JSON object: %v", err)
			}
			h.res.Records = append(h.res.Records, m)
			h.res.RawRecords = append(h.res.RawRecords, append(json.RawMessage(nil), rec...))
		}
		if k.Table.GetFinal() {
			h.res.Footer = k.Table.GetFooter()
		}
	case *pb.RenderRequest_Object:
		if !json.Valid(k.Object.GetJson()) {
			return nil, status.Error(codes.InvalidArgument, "object is not JSON")
		}
		h.res.Objects = append(h.res.Objects, append(json.RawMessage(nil), k.Object.GetJson()...))
	case *pb.RenderRequest_Message:
		h.res.Messages = append(h.res.Messages, k.Message)
	case *pb.RenderRequest_Raw:
		if k.Raw.GetStream() == pb.Stream_STDERR {
			h.stderr.Write(k.Raw.GetData())
		} else {
			h.stdout.Write(k.Raw.GetData())
		}
	}
	return &pb.RenderResponse{}, nil
}

func (h *fakeHost) Write(stream pb.Host_WriteServer) error {
	var n int64
	for {
		c, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return stream.SendAndClose(&pb.WriteResponse{BytesWritten: n})
		}
		if err != nil {
			return err
		}
		h.mu.Lock()
		if c.GetStream() == pb.Stream_STDERR {
			h.stderr.Write(c.GetData())
		} else {
			h.stdout.Write(c.GetData())
		}
		h.mu.Unlock()
		n += int64(len(c.GetData()))
	}
}

func (h *fakeHost) Confirm(_ context.Context, req *pb.ConfirmRequest) (*pb.ConfirmResponse, error) {
	h.mu.Lock()
	h.res.Confirmations = append(h.res.Confirmations, req.GetMessage())
	h.mu.Unlock()
	if h.opts.AssumeYes {
		return &pb.ConfirmResponse{Confirmed: true}, nil
	}
	if h.opts.Confirm == nil {
		return nil, status.Errorf(codes.FailedPrecondition, "%s: confirmation needed but stdin is not a terminal; pass --yes to confirm", req.GetMessage())
	}
	return &pb.ConfirmResponse{Confirmed: h.opts.Confirm(req.GetMessage())}, nil
}

func (h *fakeHost) Prompt(context.Context, *pb.PromptRequest) (*pb.PromptResponse, error) {
	return nil, status.Error(codes.FailedPrecondition, "input needed but stdin is not a terminal")
}

func (h *fakeHost) Progress(_ context.Context, u *pb.ProgressUpdate) (*pb.ProgressResponse, error) {
	h.mu.Lock()
	h.res.Progress = append(h.res.Progress, u)
	h.mu.Unlock()
	return &pb.ProgressResponse{}, nil
}

func (h *fakeHost) GetCredentials(context.Context, *pb.CredentialsRequest) (*pb.Credentials, error) {
	c := &pb.Credentials{SecretFlags: h.opts.Secrets}
	switch {
	case h.opts.Token != "":
		c.Auth = &pb.Credentials_Token{Token: h.opts.Token}
	case h.opts.Username != "":
		c.Auth = &pb.Credentials_Basic{Basic: &pb.BasicAuth{Username: h.opts.Username, Password: h.opts.Password}}
	}
	for _, hd := range h.opts.SensitiveHeaders {
		c.SensitiveHeaders = append(c.SensitiveHeaders, &pb.Header{Name: hd.Name, Value: hd.Value})
	}
	return c, nil
}
