package plugin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/wire"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// grpcHost is the Host of one Execute call, served by the core over the
// plugin protocol. It serialises calls (a
// command may render from several goroutines) and enforces the ordering rule
// of the protocol: an open Write stream is closed before any other Host call,
// so the order of the plugin's calls is the order the user sees.
type grpcHost struct {
	ctx    context.Context
	client pb.HostClient
	// outputOK: the core takes the raw output still gathered when the
	// command ends in the ExecuteResponse (see write and finish).
	outputOK bool

	mu     sync.Mutex
	stream pb.Host_WriteClient
	kind   pb.Stream
	// pending is small raw output gathered for the ExecuteResponse (see
	// write).
	pending     []byte
	pendingKind pb.Stream

	progMu   sync.Mutex
	progLast map[string]time.Time

	// side is the side channel to the core (wire.SideFD) when the core
	// offered it for this command: large stdout writes go through it.
	side io.Writer
}

// sideMin is the smallest stdout write sent through the side channel:
// below it, a Write message costs less than an announcement plus a copy.
const sideMin = 32 << 10

// rawLimit is how much raw output is gathered for the ExecuteResponse
// before a Write stream is opened instead.
const rawLimit = 64 << 10

// newHost wraps a connected Host client.
func newGRPCHost(ctx context.Context, c pb.HostClient, caps []string) *grpcHost {
	return &grpcHost{ctx: ctx, client: c, progLast: map[string]time.Time{}}
}

// newExecuteGRPCHost wraps the Host client of an Execute call: the raw
// output still gathered when the command ends goes back in the
// ExecuteResponse when the core takes it there.
func newExecuteGRPCHost(ctx context.Context, c pb.HostClient, caps []string) *grpcHost {
	h := newGRPCHost(ctx, c, caps)
	h.outputOK = hasCap(caps, wire.CapExecuteOutput)
	return h
}

func hasCap(caps []string, c string) bool {
	for _, x := range caps {
		if x == c {
			return true
		}
	}
	return false
}

// sendPendingLocked sends gathered raw output on the Write stream. Callers
// hold h.mu.
func (h *grpcHost) sendPendingLocked() error {
	if len(h.pending) == 0 {
		return nil
	}
	data := h.pending
	h.pending = nil
	_, err := h.writeStreamLocked(h.pendingKind, data)
	return err
}

// closeStreamLocked sends gathered raw output and finishes an open Write
// stream. Callers hold h.mu.
func (h *grpcHost) closeStreamLocked() error {
	if err := h.sendPendingLocked(); err != nil {
		return err
	}
	if h.stream == nil {
		return nil
	}
	s := h.stream
	h.stream = nil
	_, err := s.CloseAndRecv()
	return hostErr("write", err)
}

func (h *grpcHost) render(req *pb.RenderRequest) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.closeStreamLocked(); err != nil {
		return err
	}
	_, err := h.client.Render(h.ctx, req)
	return hostErr("render", err)
}

func (h *grpcHost) write(kind pb.Stream, p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if kind == pb.Stream_STDOUT && h.side != nil && len(p) >= sideMin {
		return h.writeSideLocked(p)
	}
	if h.stream == nil && h.outputOK {
		if (len(h.pending) == 0 || h.pendingKind == kind) && len(h.pending)+len(p) <= rawLimit {
			h.pending = append(h.pending, p...)
			h.pendingKind = kind
			return len(p), nil
		}
		// Both streams, or too much for the response: stream it, starting
		// with what waits.
		if err := h.sendPendingLocked(); err != nil {
			return 0, err
		}
	}
	return h.writeStreamLocked(kind, p)
}

// writeStreamLocked sends p on the Write stream, opening it if needed.
func (h *grpcHost) writeStreamLocked(kind pb.Stream, p []byte) (int, error) {
	if h.stream != nil && h.kind != kind {
		if err := h.closeStreamLocked(); err != nil {
			return 0, err
		}
	}
	if h.stream == nil {
		s, err := h.client.Write(h.ctx)
		if err != nil {
			return 0, hostErr("write", err)
		}
		h.stream, h.kind = s, kind
	}
	n := 0
	for len(p) > 0 {
		chunk := p
		if len(chunk) > wire.ChunkSize {
			chunk = chunk[:wire.ChunkSize]
		}
		if err := h.stream.Send(&pb.WriteChunk{Stream: kind, Data: chunk}); err != nil {
			if errors.Is(err, io.EOF) {
				// The real error comes with CloseAndRecv.
				_, err = h.stream.CloseAndRecv()
				h.stream = nil
			}
			return n, hostErr("write", err)
		}
		n += len(chunk)
		p = p[len(chunk):]
	}
	return n, nil
}

// writeSideLocked announces p on the stdout Write stream and sends it
// through the side channel: the core copies exactly those bytes before it
// reads the next chunk, so the order of the plugin's calls holds. Callers
// hold h.mu.
func (h *grpcHost) writeSideLocked(p []byte) (int, error) {
	if err := h.sendPendingLocked(); err != nil {
		return 0, err
	}
	if _, err := h.writeStreamLocked(pb.Stream_STDOUT, nil); err != nil {
		return 0, err
	}
	if err := h.stream.Send(&pb.WriteChunk{Stream: pb.Stream_STDOUT, Side: uint64(len(p))}); err != nil {
		if errors.Is(err, io.EOF) {
			_, err = h.stream.CloseAndRecv()
			h.stream = nil
		}
		return 0, hostErr("write", err)
	}
	n, err := h.side.Write(p)
	if err != nil {
		return n, cmderr.New(cmderr.Cancelled, "write output: side channel: %v", err)
	}
	return n, nil
}

// finish ends the command's output: it closes an open Write stream and
// sends the raw output still gathered, or returns that output when the
// core takes it in the ExecuteResponse (one call fewer; none at all for a
// command whose only output it is).
func (h *grpcHost) finish() ([]*pb.RawOutput, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.outputOK && h.stream == nil && len(h.pending) > 0 {
		out := []*pb.RawOutput{{Stream: h.pendingKind, Data: h.pending}}
		h.pending = nil
		return out, nil
	}
	return nil, h.closeStreamLocked()
}

func (h *grpcHost) confirm(msg string, destructive bool) (bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.closeStreamLocked(); err != nil {
		return false, err
	}
	resp, err := h.client.Confirm(h.ctx, &pb.ConfirmRequest{Message: msg, Destructive: destructive})
	if err != nil {
		return false, hostErr("confirm", err)
	}
	return resp.GetConfirmed(), nil
}

func (h *grpcHost) prompt(req *pb.PromptRequest) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.closeStreamLocked(); err != nil {
		return "", err
	}
	resp, err := h.client.Prompt(h.ctx, req)
	if err != nil {
		return "", hostErr("prompt", err)
	}
	return resp.GetValue(), nil
}

// progressInterval is the shortest interval between two updates of one bar.
const progressInterval = 100 * time.Millisecond

func (h *grpcHost) progress(u *pb.ProgressUpdate) error {
	if !u.GetDone() {
		h.progMu.Lock()
		last := h.progLast[u.GetId()]
		now := time.Now()
		if now.Sub(last) < progressInterval {
			h.progMu.Unlock()
			return nil // coalesced: the next update or Done carries the figure
		}
		h.progLast[u.GetId()] = now
		h.progMu.Unlock()
	} else {
		h.progMu.Lock()
		delete(h.progLast, u.GetId())
		h.progMu.Unlock()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.closeStreamLocked(); err != nil {
		return err
	}
	_, err := h.client.Progress(h.ctx, u)
	return hostErr("progress", err)
}

func (h *grpcHost) credentials(refresh bool) (*pb.Credentials, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.closeStreamLocked(); err != nil {
		return nil, err
	}
	cr, err := h.client.GetCredentials(h.ctx, &pb.CredentialsRequest{ForceRefresh: refresh})
	if err != nil {
		return nil, hostErr("credentials", err)
	}
	return cr, nil
}

// hostErr turns a gRPC status from the core into a coded error. The core
// answers refusals (e.g. a confirmation without a terminal) with
// FailedPrecondition and a message meant for the user.
func hostErr(call string, err error) error {
	if err == nil {
		return nil
	}
	st, ok := status.FromError(err)
	if !ok {
		return fmt.Errorf("host %s: %w", call, err)
	}
	switch st.Code() {
	case codes.Canceled:
		return cmderr.Wrap(cmderr.Cancelled, context.Canceled)
	case codes.DeadlineExceeded:
		return cmderr.Wrap(cmderr.Timeout, context.DeadlineExceeded)
	case codes.FailedPrecondition, codes.InvalidArgument:
		return cmderr.New(cmderr.Usage, "%s", st.Message())
	case codes.Unauthenticated:
		return cmderr.New(cmderr.Unauthenticated, "%s", st.Message())
	case codes.Aborted:
		return cmderr.New(cmderr.Cancelled, "%s", st.Message())
	}
	return cmderr.New(cmderr.Internal, "host %s: %s", call, st.Message())
}

// The Host interface, over the protocol.

var _ Host = (*grpcHost)(nil)

func (h *grpcHost) Table(_ context.Context, p Page) error {
	page := &pb.TablePage{Records: make([][]byte, len(p.Records)), Final: p.Final, Footer: p.Footer, View: viewToPB(p.View)}
	for i, r := range p.Records {
		page.Records[i] = r
	}
	return h.render(&pb.RenderRequest{Kind: &pb.RenderRequest_Table{Table: page}})
}

func (h *grpcHost) Object(_ context.Context, o Object) error {
	return h.render(&pb.RenderRequest{Kind: &pb.RenderRequest_Object{Object: &pb.Object{Json: o.JSON, View: viewToPB(o.View)}}})
}

func (h *grpcHost) Message(_ context.Context, m Message) error {
	return h.render(&pb.RenderRequest{Kind: &pb.RenderRequest_Message{Message: &pb.Message{Level: pb.Level(m.Level), Text: m.Text}}})
}

func (h *grpcHost) Write(_ context.Context, s Stream, p []byte) error {
	_, err := h.write(pb.Stream(s), p)
	return err
}

func (h *grpcHost) Confirm(_ context.Context, q Question) (bool, error) {
	return h.confirm(q.Text, q.Destructive)
}

func (h *grpcHost) Prompt(_ context.Context, p Prompt) (string, error) {
	return h.prompt(&pb.PromptRequest{Message: p.Text, Secret: p.Secret, Default: p.Default})
}

func (h *grpcHost) Progress(_ context.Context, u ProgressUpdate) error {
	return h.progress(&pb.ProgressUpdate{Id: u.ID, Label: u.Label, Current: u.Current, Total: u.Total,
		Done: u.Done, Unit: u.Unit, Error: u.Error})
}

func (h *grpcHost) Credentials(_ context.Context, refresh bool) (Credentials, error) {
	cr, err := h.credentials(refresh)
	if err != nil {
		return Credentials{}, err
	}
	out := Credentials{SecretFlags: cr.GetSecretFlags()}
	out.Token, out.AuthError = cr.GetToken(), cr.GetAuthError()
	if b := cr.GetBasic(); b != nil {
		out.Username, out.Password = b.GetUsername(), b.GetPassword()
	}
	for _, hd := range cr.GetSensitiveHeaders() {
		out.Headers = append(out.Headers, kestra.Header{Name: hd.GetName(), Value: hd.GetValue()})
	}
	return out, nil
}

// Stdin is the plugin process's standard input, which go-plugin connects
// to the user's.
func (h *grpcHost) Stdin() io.Reader { return os.Stdin }

func viewToPB(v *View) *pb.View {
	if v == nil {
		return nil
	}
	out := &pb.View{Stream: v.Stream}
	for _, c := range v.Columns {
		out.Columns = append(out.Columns, &pb.Column{Header: c.Header, Path: c.Path, Format: c.Format})
	}
	return out
}
