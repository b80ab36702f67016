// Package hostsvc is the Host service the core serves to a plugin for one
// command: output, raw writes, confirmations, prompts, progress and
// credentials. Only the core touches the user's terminal.
package hostsvc

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"unicode/utf8"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/kestractl/kestractl/core/prompt"
	"github.com/kestractl/kestractl/core/render"
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Terminal is what the host knows about the user's terminal.
type Terminal struct {
	Stdin    io.Reader
	StdinTTY bool
	// ReadSecret reads a line without echo (nil: secrets cannot be asked).
	ReadSecret func() (string, error)
}

// Credentials returns the credentials for GetCredentials.
type Credentials func(refresh bool) (*pb.Credentials, error)

// Service implements pb.HostServer.
type Service struct {
	pb.UnimplementedHostServer

	Renderer  *render.Renderer
	Stdout    io.Writer
	Stderr    io.Writer
	Terminal  Terminal
	AssumeYes bool
	Creds     Credentials
	Bars      ProgressSink
	// Where names the context and the host the command acts on, for the
	// questions it asks ("prod (https://kestra.example.com)").
	Where string
	// GuardBinary refuses binary content on stdout (stdout is a terminal).
	GuardBinary bool
	// Side is the core's end of the plugin's side channel (nil: none):
	// a Write chunk may announce stdout bytes that come through it.
	Side io.Reader

	mu    sync.Mutex // serialises terminal interaction
	stdin *bufio.Reader
	// renderErr is the first output failure (e.g. a --jq error), reported
	// by the core whatever the plugin makes of it.
	renderErr error
	// wrote is set once raw bytes went to stdout.
	wrote bool
	// binaryErr is set when binary content was refused on a terminal.
	binaryErr error
}

// ProgressSink shows progress updates.
type ProgressSink interface {
	Update(u *pb.ProgressUpdate)
	// Around runs fn with the progress display taken down.
	Around(fn func() error) error
}

// Render prints structured output. Progress bars on the terminal are
// taken down while anything else is printed, then drawn again.
func (s *Service) Render(_ context.Context, req *pb.RenderRequest) (*pb.RenderResponse, error) {
	if raw := req.GetRaw(); raw != nil {
		if err := s.writeRaw(raw.GetStream(), raw.GetData()); err != nil {
			return nil, status.Errorf(codes.Aborted, "write output: %v", err)
		}
		return &pb.RenderResponse{}, nil
	}
	render := func() error { return s.Renderer.Render(req) }
	var err error
	if s.Bars != nil {
		err = s.Bars.Around(render)
	} else {
		err = render()
	}
	if err != nil {
		s.mu.Lock()
		if s.renderErr == nil {
			s.renderErr = err
		}
		s.mu.Unlock()
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &pb.RenderResponse{}, nil
}

// Write copies a stream of raw bytes to stdout or stderr.
func (s *Service) Write(stream pb.Host_WriteServer) error {
	var n int64
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return stream.SendAndClose(&pb.WriteResponse{BytesWritten: n})
		}
		if err != nil {
			return err
		}
		if side := chunk.GetSide(); side > 0 {
			written, err := s.copySide(chunk.GetStream(), side)
			n += written
			if err != nil {
				return err
			}
		}
		if err := s.writeRaw(chunk.GetStream(), chunk.GetData()); err != nil {
			return status.Errorf(codes.Aborted, "write output: %v", err)
		}
		n += int64(len(chunk.GetData()))
	}
}

// copySide copies the n bytes a Write chunk announced on the side channel
// to stdout. They are always read, even when stdout fails (the plugin is
// writing them and must not block); a side channel that ends early means
// the plugin is gone.
func (s *Service) copySide(stream pb.Stream, n uint64) (int64, error) {
	if s.Side == nil || stream != pb.Stream_STDOUT || s.GuardBinary || n > math.MaxInt64 {
		// Not offered for this command: refuse, but take the bytes (the
		// plugin must not block on them).
		if s.Side != nil && n <= math.MaxInt64 {
			_, _ = io.CopyN(io.Discard, s.Side, int64(n))
		}
		return 0, status.Errorf(codes.InvalidArgument, "%d bytes announced on a side channel this command was not offered", n)
	}
	s.mu.Lock()
	s.wrote = true
	s.mu.Unlock()
	src := &io.LimitedReader{R: s.Side, N: int64(n)}
	// Stdout as a file takes the bytes straight from the socket (splice).
	written, err := io.Copy(s.Stdout, src)
	if err == nil && src.N == 0 {
		return written, nil
	}
	if err != nil && src.N > 0 {
		// Stdout failed. Retry what comes next with a plain write, which
		// reports the failure the usual way: on a closed pipe (| head),
		// the end by SIGPIPE that every write to stdout has.
		buf := make([]byte, min(src.N, 64<<10))
		if k, rerr := io.ReadFull(src, buf); k > 0 {
			if _, werr := s.Stdout.Write(buf[:k]); werr != nil {
				err = werr
			}
		} else if rerr != nil {
			err = rerr
		}
	}
	// Take the rest, so that the plugin's write completes; if the rest
	// came, what failed was stdout.
	_, _ = io.Copy(io.Discard, src)
	if src.N == 0 && err != nil {
		if f, ok := s.Stdout.(interface{ Fail(error) }); ok {
			f.Fail(err) // stdout's failure, not the side channel's
		}
		return written, status.Errorf(codes.Aborted, "write output: %v", err)
	}
	if err == nil {
		err = io.ErrUnexpectedEOF
	}
	return written, status.Errorf(codes.Unavailable, "side channel ended after %d of %d bytes: %v", written, n, err)
}

// WriteOutput writes the raw output a plugin handed back with its
// ExecuteResponse, as a Render call would have written it.
func (s *Service) WriteOutput(out []*pb.RawOutput) error {
	for _, raw := range out {
		if err := s.writeRaw(raw.GetStream(), raw.GetData()); err != nil {
			return cmderr.New(cmderr.Cancelled, "write output: %v", err)
		}
	}
	return nil
}

// RenderErr is the first output failure, if any.
func (s *Service) RenderErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.renderErr
}

// writeRaw copies raw bytes to stdout or stderr (progress bars step aside
// for stderr).
func (s *Service) writeRaw(stream pb.Stream, data []byte) error {
	if stream == pb.Stream_STDERR {
		write := func() error { _, err := s.Stderr.Write(data); return err }
		if s.Bars != nil {
			return s.Bars.Around(write)
		}
		return write()
	}
	s.mu.Lock()
	first := !s.wrote
	s.wrote = true
	refused := s.binaryErr
	if first && s.GuardBinary && len(data) > 0 && Binary(data) {
		refused = cmderr.Usagef("the output is binary content; it is not written to a terminal").
			WithHint("write it to a file with --output-file FILE (-O) or redirect stdout")
		s.binaryErr = refused
	}
	s.mu.Unlock()
	if refused != nil {
		return refused
	}
	_, err := s.Stdout.Write(data)
	return err
}

// BinaryErr is the refusal of binary content on a terminal, if any.
func (s *Service) BinaryErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.binaryErr
}

// Binary reports whether the first chunk of an output looks binary: a NUL
// byte, or bytes that are not UTF-8 (a multi-byte character cut at the end
// of the chunk is fine).
func Binary(chunk []byte) bool {
	if bytes.IndexByte(chunk, 0) >= 0 {
		return true
	}
	// A character cut by the end of the chunk: its start byte is in the
	// last three bytes and it is not whole.
	for i := len(chunk) - 1; i >= 0 && i >= len(chunk)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(chunk[i]) {
			if !utf8.FullRune(chunk[i:]) {
				chunk = chunk[:i]
			}
			break
		}
	}
	return !utf8.Valid(chunk)
}

// WroteStdout reports whether raw bytes were written to stdout.
func (s *Service) WroteStdout() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wrote
}

// Confirm asks a yes/no question, naming the context and the host the
// command acts on (Where). With --yes it answers yes; without a terminal
// on stdin it refuses rather than block, repeating the plugin's question.
func (s *Service) Confirm(_ context.Context, req *pb.ConfirmRequest) (*pb.ConfirmResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := &prompt.Asker{In: s.reader(), InTTY: s.Terminal.StdinTTY, Out: s.Stderr, Yes: s.AssumeYes, Where: s.Where}
	var ok bool
	ask := func() error {
		var err error
		ok, err = a.Confirm(req.GetMessage(), req.GetDestructive())
		return err
	}
	var err error
	if s.Bars != nil {
		err = s.Bars.Around(ask)
	} else {
		err = ask()
	}
	switch cmderr.CodeOf(err) {
	case cmderr.Unspecified:
		return &pb.ConfirmResponse{Confirmed: ok}, nil
	case cmderr.Usage:
		return nil, status.Error(codes.FailedPrecondition, cmderr.From(err).Message)
	}
	return nil, status.Error(codes.Aborted, cmderr.From(err).Message)
}

// Prompt asks for a value.
func (s *Service) Prompt(_ context.Context, req *pb.PromptRequest) (*pb.PromptResponse, error) {
	if !s.Terminal.StdinTTY {
		return nil, status.Errorf(codes.FailedPrecondition, "%s: input needed but stdin is not a terminal", strings.TrimRight(req.GetMessage(), "?: "))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := req.GetMessage()
	if req.GetDefault() != "" && !req.GetSecret() {
		msg += " [" + req.GetDefault() + "]"
	}
	fmt.Fprint(s.Stderr, msg+": ")
	var value string
	var err error
	if req.GetSecret() {
		if s.Terminal.ReadSecret == nil {
			return nil, status.Error(codes.FailedPrecondition, "cannot read a secret from this terminal")
		}
		value, err = s.Terminal.ReadSecret()
		fmt.Fprintln(s.Stderr)
	} else {
		value, err = s.reader().ReadString('\n')
	}
	if err != nil && value == "" {
		return nil, status.Error(codes.Aborted, "no answer: cancelled")
	}
	value = strings.TrimRight(value, "\r\n")
	if value == "" {
		value = req.GetDefault()
	}
	return &pb.PromptResponse{Value: value}, nil
}

func (s *Service) reader() *bufio.Reader {
	if s.stdin == nil {
		s.stdin = bufio.NewReader(s.Terminal.Stdin)
	}
	return s.stdin
}

// Progress shows a progress update.
func (s *Service) Progress(_ context.Context, u *pb.ProgressUpdate) (*pb.ProgressResponse, error) {
	if s.Bars != nil {
		s.Bars.Update(u)
	}
	return &pb.ProgressResponse{}, nil
}

// GetCredentials hands the resolved credentials to the plugin.
func (s *Service) GetCredentials(_ context.Context, req *pb.CredentialsRequest) (*pb.Credentials, error) {
	if s.Creds == nil {
		return &pb.Credentials{}, nil
	}
	c, err := s.Creds(req.GetForceRefresh())
	if err != nil {
		return nil, status.Error(codes.Unauthenticated, err.Error())
	}
	return c, nil
}
