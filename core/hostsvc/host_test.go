package hostsvc

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/kestractl/kestractl/core/render"
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// service returns a Service over buffers; input is what stdin holds.
func service(format, input string, tty bool) (*Service, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &Service{
		Renderer: render.New(&out, &errOut, render.Options{Format: format}),
		Stdout:   &out,
		Stderr:   &errOut,
		Terminal: Terminal{Stdin: strings.NewReader(input), StdinTTY: tty},
	}, &out, &errOut
}

func object(json string) *pb.RenderRequest {
	return &pb.RenderRequest{Kind: &pb.RenderRequest_Object{Object: &pb.Object{Json: []byte(json)}}}
}

func raw(stream pb.Stream, data string) *pb.RenderRequest {
	return &pb.RenderRequest{Kind: &pb.RenderRequest_Raw{Raw: &pb.RawOutput{Stream: stream, Data: []byte(data)}}}
}

func message(text string) *pb.RenderRequest {
	return &pb.RenderRequest{Kind: &pb.RenderRequest_Message{Message: &pb.Message{Level: pb.Level_INFO, Text: text}}}
}

func TestRender(t *testing.T) {
	tests := []struct {
		name       string
		format     string
		reqs       []*pb.RenderRequest
		wantOut    string
		wantErr    string
		wantFailed int // index of the request that fails (-1: none)
	}{
		{name: "an object as JSON", format: "json", reqs: []*pb.RenderRequest{object(`{"a":1}`)}, wantOut: "{\n  \"a\": 1\n}\n", wantFailed: -1},
		{name: "messages go to stderr", format: "json", reqs: []*pb.RenderRequest{message("done")}, wantErr: "done\n", wantFailed: -1},
		{name: "raw bytes to either stream", format: "table", reqs: []*pb.RenderRequest{raw(pb.Stream_STDOUT, "data"), raw(pb.Stream_STDERR, "note")},
			wantOut: "data", wantErr: "note", wantFailed: -1},
		{name: "a second JSON document is refused", format: "json", reqs: []*pb.RenderRequest{object(`{"a":1}`), object(`{"b":2}`)},
			wantOut: "{\n  \"a\": 1\n}\n", wantFailed: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out, errOut := service(tt.format, "", false)
			for i, req := range tt.reqs {
				_, err := s.Render(context.Background(), req)
				if (i == tt.wantFailed) != (err != nil) {
					t.Fatalf("Render #%d: %v", i, err)
				}
				if err != nil && status.Code(err) != codes.InvalidArgument {
					t.Fatalf("Render #%d: code %v", i, status.Code(err))
				}
			}
			if out.String() != tt.wantOut || errOut.String() != tt.wantErr {
				t.Fatalf("stdout %q stderr %q, want %q %q", out, errOut, tt.wantOut, tt.wantErr)
			}
			if failed := s.RenderErr() != nil; failed != (tt.wantFailed >= 0) {
				t.Fatalf("RenderErr = %v", s.RenderErr())
			}
			if got := s.WroteStdout(); got != strings.Contains(tt.name, "raw") {
				t.Fatalf("WroteStdout = %v", got)
			}
		})
	}
}

// writeStream is the server side of a Write call.
type writeStream struct {
	grpc.ServerStream
	chunks []*pb.WriteChunk
	err    error // after the chunks (io.EOF: a clean end)
	resp   *pb.WriteResponse
}

func (w *writeStream) Recv() (*pb.WriteChunk, error) {
	if len(w.chunks) == 0 {
		return nil, w.err
	}
	c := w.chunks[0]
	w.chunks = w.chunks[1:]
	return c, nil
}

func (w *writeStream) SendAndClose(r *pb.WriteResponse) error {
	w.resp = r
	return nil
}

func TestWrite(t *testing.T) {
	s, out, errOut := service("table", "", false)
	stream := &writeStream{err: io.EOF, chunks: []*pb.WriteChunk{
		{Stream: pb.Stream_STDOUT, Data: []byte("one ")},
		{Stream: pb.Stream_STDERR, Data: []byte("note")},
		{Stream: pb.Stream_STDOUT, Data: []byte("two")},
	}}
	if err := s.Write(stream); err != nil {
		t.Fatal(err)
	}
	if out.String() != "one two" || errOut.String() != "note" || stream.resp.GetBytesWritten() != 11 || !s.WroteStdout() {
		t.Fatalf("stdout %q stderr %q written %d", out, errOut, stream.resp.GetBytesWritten())
	}

	broken := &writeStream{err: errors.New("connection reset")}
	if err := s.Write(broken); err == nil || broken.resp != nil {
		t.Fatalf("Write of a broken stream = %v", err)
	}

	s.Stdout = failingWriter{}
	err := s.Write(&writeStream{err: io.EOF, chunks: []*pb.WriteChunk{{Stream: pb.Stream_STDOUT, Data: []byte("x")}}})
	if status.Code(err) != codes.Aborted {
		t.Fatalf("Write to a closed stdout = %v", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestWriteOutput(t *testing.T) {
	s, out, errOut := service("table", "", false)
	err := s.WriteOutput([]*pb.RawOutput{{Stream: pb.Stream_STDOUT, Data: []byte("a")}, {Stream: pb.Stream_STDERR, Data: []byte("b")}})
	if err != nil || out.String() != "a" || errOut.String() != "b" {
		t.Fatalf("WriteOutput = %v; stdout %q stderr %q", err, out, errOut)
	}
	s.Stdout = failingWriter{}
	if err := s.WriteOutput([]*pb.RawOutput{{Stream: pb.Stream_STDOUT, Data: []byte("a")}}); cmderr.CodeOf(err) != cmderr.Cancelled {
		t.Fatalf("WriteOutput to a closed stdout = %v", err)
	}
}

func TestConfirm(t *testing.T) {
	tests := []struct {
		name        string
		assumeYes   bool
		tty         bool
		input       string
		destructive bool
		want        bool
		wantCode    codes.Code
		wantPrompt  string
	}{
		{name: "--yes answers without asking", assumeYes: true, destructive: true, want: true},
		{name: "no terminal refuses instead of blocking", destructive: true, wantCode: codes.FailedPrecondition},
		{name: "y", tty: true, input: "y\n", destructive: true, want: true, wantPrompt: "Delete everything? [y/N]: "},
		{name: "YES", tty: true, input: " YES \n", destructive: true, want: true},
		{name: "n", tty: true, input: "n\n", destructive: true, want: false},
		{name: "anything else is no", tty: true, input: "sure\n", destructive: true, want: false},
		{name: "enter is no for a destructive question", tty: true, input: "\n", destructive: true, want: false},
		{name: "enter is yes otherwise", tty: true, input: "\n", want: true, wantPrompt: "Delete everything? [Y/n]: "},
		{name: "end of input cancels", tty: true, input: "", destructive: true, wantCode: codes.Aborted},
		{name: "a last line without newline counts", tty: true, input: "y", destructive: true, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out, errOut := service("table", tt.input, tt.tty)
			s.AssumeYes = tt.assumeYes
			resp, err := s.Confirm(context.Background(), &pb.ConfirmRequest{Message: "Delete everything?", Destructive: tt.destructive})
			if status.Code(err) != tt.wantCode {
				t.Fatalf("Confirm error = %v, want code %v", err, tt.wantCode)
			}
			if err == nil && resp.GetConfirmed() != tt.want {
				t.Fatalf("confirmed = %v, want %v", resp.GetConfirmed(), tt.want)
			}
			if tt.wantPrompt != "" && errOut.String() != tt.wantPrompt {
				t.Fatalf("prompt %q, want %q", errOut, tt.wantPrompt)
			}
			if out.Len() != 0 {
				t.Fatalf("a question went to stdout: %q", out)
			}
			if tt.wantCode == codes.FailedPrecondition {
				want := "Delete everything: confirmation needed but stdin is not a terminal; pass --yes to confirm"
				if msg := status.Convert(err).Message(); msg != want || errOut.Len() != 0 {
					t.Fatalf("refusal %q (asked %q), want %q", msg, errOut, want)
				}
			}
		})
	}
}

func TestConfirmReadsSuccessiveAnswers(t *testing.T) {
	s, _, _ := service("table", "y\nn\n", true)
	var got []bool
	for range 2 {
		resp, err := s.Confirm(context.Background(), &pb.ConfirmRequest{Message: "Again?", Destructive: true})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, resp.GetConfirmed())
	}
	if !got[0] || got[1] {
		t.Fatalf("answers = %v, want [true false]", got)
	}
}

func TestPrompt(t *testing.T) {
	secretReader := func() (string, error) { return "s3cret", nil }
	tests := []struct {
		name       string
		tty        bool
		input      string
		readSecret func() (string, error)
		req        *pb.PromptRequest
		want       string
		wantCode   codes.Code
		wantPrompt string
	}{
		{name: "no terminal", req: &pb.PromptRequest{Message: "Name"}, wantCode: codes.FailedPrecondition},
		{name: "a value", tty: true, input: "flow-a\n", req: &pb.PromptRequest{Message: "Name"}, want: "flow-a", wantPrompt: "Name: "},
		{name: "enter takes the default", tty: true, input: "\n", req: &pb.PromptRequest{Message: "Name", Default: "main"}, want: "main", wantPrompt: "Name [main]: "},
		{name: "a secret is read without echo", tty: true, readSecret: secretReader, req: &pb.PromptRequest{Message: "Password", Secret: true, Default: "hidden"},
			want: "s3cret", wantPrompt: "Password: \n"},
		{name: "a secret needs a terminal that can hide it", tty: true, req: &pb.PromptRequest{Message: "Password", Secret: true}, wantCode: codes.FailedPrecondition},
		{name: "end of input cancels", tty: true, req: &pb.PromptRequest{Message: "Name"}, wantCode: codes.Aborted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out, errOut := service("table", tt.input, tt.tty)
			s.Terminal.ReadSecret = tt.readSecret
			resp, err := s.Prompt(context.Background(), tt.req)
			if status.Code(err) != tt.wantCode {
				t.Fatalf("Prompt error = %v, want code %v", err, tt.wantCode)
			}
			if resp.GetValue() != tt.want {
				t.Fatalf("value %q, want %q", resp.GetValue(), tt.want)
			}
			if tt.wantPrompt != "" && errOut.String() != tt.wantPrompt {
				t.Fatalf("prompt %q, want %q", errOut, tt.wantPrompt)
			}
			if out.Len() != 0 || strings.Contains(errOut.String(), "s3cret") {
				t.Fatalf("stdout %q stderr %q", out, errOut)
			}
		})
	}
}

func TestGetCredentials(t *testing.T) {
	s, out, errOut := service("table", "", false)
	c, err := s.GetCredentials(context.Background(), &pb.CredentialsRequest{})
	if err != nil || c.GetToken() != "" {
		t.Fatalf("no credentials = %v, %v", c, err)
	}
	var refreshed bool
	s.Creds = func(refresh bool) (*pb.Credentials, error) {
		refreshed = refresh
		return &pb.Credentials{Auth: &pb.Credentials_Token{Token: "tok"}}, nil
	}
	c, err = s.GetCredentials(context.Background(), &pb.CredentialsRequest{ForceRefresh: true})
	if err != nil || c.GetToken() != "tok" || !refreshed {
		t.Fatalf("credentials = %v, %v (refresh %v)", c, err, refreshed)
	}
	s.Creds = func(bool) (*pb.Credentials, error) { return nil, errors.New("no token") }
	if _, err := s.GetCredentials(context.Background(), &pb.CredentialsRequest{}); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("failing credentials = %v", err)
	}
	// Credentials are handed over, never printed.
	if out.Len() != 0 || errOut.Len() != 0 {
		t.Fatalf("stdout %q stderr %q", out, errOut)
	}
}

// sink records progress and wraps output.
type sink struct {
	updates []string
	around  int
}

func (s *sink) Update(u *pb.ProgressUpdate) { s.updates = append(s.updates, u.GetId()) }
func (s *sink) Around(fn func() error) error {
	s.around++
	return fn()
}

func TestProgressAndOutputAroundBars(t *testing.T) {
	s, out, errOut := service("table", "", false)
	if _, err := s.Progress(context.Background(), &pb.ProgressUpdate{Id: "a"}); err != nil {
		t.Fatal("progress without bars:", err)
	}
	bars := &sink{}
	s.Bars = bars
	for _, id := range []string{"a", "b"} {
		if _, err := s.Progress(context.Background(), &pb.ProgressUpdate{Id: id}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Render(context.Background(), message("hello")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Render(context.Background(), raw(pb.Stream_STDERR, "note\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Render(context.Background(), raw(pb.Stream_STDOUT, "data\n")); err != nil {
		t.Fatal(err)
	}
	if strings.Join(bars.updates, ",") != "a,b" || bars.around != 2 {
		t.Fatalf("updates %v, output around the bars %d times (want 2: stdout needs no room)", bars.updates, bars.around)
	}
	if out.String() != "data\n" || errOut.String() != "hello\nnote\n" {
		t.Fatalf("stdout %q stderr %q", out, errOut)
	}
}

func TestConfirmNamesTheContextAndHost(t *testing.T) {
	s, _, errOut := service("table", "y\n", true)
	s.Where = "prod (https://kestra.example.com)"
	if _, err := s.Confirm(context.Background(), &pb.ConfirmRequest{Message: "Delete flow 'hello' in company.team?", Destructive: true}); err != nil {
		t.Fatal(err)
	}
	if want := "Delete flow 'hello' in company.team on prod (https://kestra.example.com)? [y/N]: "; errOut.String() != want {
		t.Fatalf("asked %q, want %q", errOut, want)
	}
	s, _, _ = service("table", "", false)
	s.Where = "https://kestra.example.com"
	_, err := s.Confirm(context.Background(), &pb.ConfirmRequest{Message: "Delete flow 'hello'?", Destructive: true})
	if msg := status.Convert(err).Message(); msg != "Delete flow 'hello': confirmation needed but stdin is not a terminal; pass --yes to confirm" {
		t.Fatalf("refusal %q", msg)
	}
}

func TestBinaryContentIsNotWrittenToATerminal(t *testing.T) {
	tests := []struct {
		name   string
		guard  bool
		chunks []string
		refuse bool
	}{
		{name: "text on a terminal", guard: true, chunks: []string{"héllo\n", "more"}},
		{name: "a NUL byte on a terminal", guard: true, chunks: []string{"PK\x03\x04\x00\x00"}, refuse: true},
		{name: "invalid UTF-8 on a terminal", guard: true, chunks: []string{"\xff\xfe abc"}, refuse: true},
		{name: "a character cut by the chunk's end is text", guard: true, chunks: []string{"caf\xc3", "\xa9\n"}},
		{name: "binary after text is let through (only the first chunk is checked)", guard: true, chunks: []string{"text", "\x00"}},
		{name: "binary redirected", chunks: []string{"\x00\x01\x02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, out, _ := service("table", "", false)
			s.GuardBinary = tt.guard
			var err error
			for _, c := range tt.chunks {
				if _, err = s.Render(context.Background(), raw(pb.Stream_STDOUT, c)); err != nil {
					break
				}
			}
			switch {
			case tt.refuse:
				if status.Code(err) != codes.Aborted || out.Len() != 0 {
					t.Fatalf("err %v, wrote %q", err, out)
				}
				e := cmderr.From(s.BinaryErr())
				if e.Code != cmderr.Usage || e.Message != "the output is binary content; it is not written to a terminal" ||
					e.Hint != "write it to a file with --output-file FILE (-O) or redirect stdout" {
					t.Fatalf("BinaryErr = %+v", e)
				}
			default:
				if err != nil || out.String() != strings.Join(tt.chunks, "") || s.BinaryErr() != nil {
					t.Fatalf("err %v, wrote %q", err, out)
				}
			}
		})
	}
}
