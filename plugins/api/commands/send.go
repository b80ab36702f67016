package commands

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/idle"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// copyBuffer is the size of the chunks a body is streamed in.
const copyBuffer = 256 << 10

// MaxStructured bounds a JSON answer printed with -o json, -o yaml or --jq:
// the core formats or filters one whole document, so the answer is read
// into memory first. A larger answer is refused (exit 1); without those
// flags an answer of any size streams as it comes.
const MaxStructured = 16 << 20

// send sends the request and prints the answer.
func (k *call) send() error {
	c := k.c
	client, err := k.client()
	if err != nil {
		return err
	}
	// The request timeout bounds the wait for the response headers; then
	// (and while a streamed body is sent) the watchdog bounds inactivity.
	wd := idle.Start(c, client.Timeout())
	defer wd.Stop()
	if k.body != nil && k.body.Streamed {
		k.req.Timeout = -1
		k.req.Body = wd.Reader(k.req.Body)
		if get := k.req.GetBody; get != nil {
			k.req.GetBody = func() (io.Reader, error) {
				r, err := get()
				if err != nil {
					return nil, err
				}
				return wd.Reader(r), nil
			}
		}
	}
	resp, err := client.Do(wd.Context(), k.req)
	if err != nil {
		if s := wd.Stalled(); s != nil {
			return cmderr.New(cmderr.Timeout, "%s %s: %v", k.req.Method, k.req.Path, s)
		}
		return k.requestError(err)
	}
	defer resp.Body.Close()
	body := resp.Body
	if !isEventStream(resp) {
		body = io.NopCloser(wd.Reader(resp.Body))
	} else {
		wd.Disarm() // an event stream may be quiet for long
	}
	err = k.print(resp, body)
	if s := wd.Stalled(); s != nil && err != nil {
		return cmderr.New(cmderr.Timeout, "%s %s: %v", k.req.Method, k.req.Path, s)
	}
	return err
}

// requestError adds a hint to the errors a raw call meets most: an
// Enterprise operation on an open-source server (exit 4, one line), a path
// that is in the document nowhere.
func (k *call) requestError(err error) error {
	if op := k.target.Operation; op != nil && op.Enterprise {
		if e := k.c.EnterpriseOnly(err, op.ID); e != err {
			return e
		}
	}
	var apiErr *kestra.APIError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound && k.target.Match == nil {
		return cmderr.Wrap(cmderr.NotFound, err).WithHint("%s is not in the OpenAPI document either: check the path ('kestractl api --list WORDS')", k.req.Path)
	}
	return err
}

// client is the API client for this command.
func (k *call) client() (*kestra.Client, error) {
	return k.c.Kestra()
}

func isEventStream(resp *http.Response) bool {
	return mediaType(resp.Header.Get("Content-Type")) == "text/event-stream"
}

func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(ct))
	}
	return mt
}

// print writes the answer where it goes: the status and headers first
// with --include, then the body (nowhere with --silent).
func (k *call) print(resp *http.Response, body io.Reader) error {
	c := k.c
	if k.a.Include {
		if _, err := io.WriteString(c.Stdout(), statusAndHeaders(resp)); err != nil {
			return err
		}
	}
	if k.a.Silent || k.req.Method == http.MethodHead {
		return nil
	}
	if k.a.OutputFile != "" {
		return k.save(resp, body)
	}
	mt := mediaType(resp.Header.Get("Content-Type"))
	if c.Structured() && !k.a.Include {
		switch {
		case isJSON(mt):
			return k.object(resp, body)
		case mt == "application/x-ndjson":
			return k.ndjsonRecords(body)
		case mt == "text/event-stream":
			return k.eventRecords(body)
		case !(c.Format() == plugin.FormatYAML && isYAML(mt)):
			_ = c.Warn("the answer is %s, not JSON: it is printed as it came (-o json, -o yaml and --jq apply to JSON answers)", orUnknown(mt))
		}
	}
	return k.raw(resp, body)
}

func orUnknown(mt string) string {
	if mt == "" {
		return "of no declared type"
	}
	return mt
}

func isJSON(mt string) bool { return mt == "application/json" || strings.HasSuffix(mt, "+json") }

func isYAML(mt string) bool {
	return mt == "application/x-yaml" || mt == "application/yaml" || mt == "text/yaml"
}

// statusAndHeaders renders the status line and the headers, sorted, with
// the value of any credential-bearing header (Set-Cookie) masked.
func statusAndHeaders(resp *http.Response) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", resp.Proto, resp.Status)
	names := make([]string, 0, len(resp.Header))
	for n := range resp.Header {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, v := range resp.Header[n] {
			if kestra.IsSensitiveHeader(n) {
				v = kestra.Redacted
			}
			fmt.Fprintf(&b, "%s: %s\n", n, v)
		}
	}
	b.WriteString("\n")
	return b.String()
}

// raw streams the body to stdout as it comes. On a terminal, a binary
// body is refused (save it with --output-file or a redirect), and text
// that does not end a line gets a final newline.
func (k *call) raw(resp *http.Response, body io.Reader) error {
	c := k.c
	out := c.Stdout()
	if c.Terminal().StdoutTTY {
		br := bufio.NewReaderSize(body, sniffLen)
		head, _ := br.Peek(sniffLen)
		if !textual(resp.Header.Get("Content-Type"), head) {
			size := "unknown size"
			if resp.ContentLength >= 0 {
				size = plugin.Bytes(resp.ContentLength)
			}
			return cmderr.Usagef("the answer is binary (%s, %s): it is not printed on a terminal", orUnknown(mediaType(resp.Header.Get("Content-Type"))), size).
				WithHint("save it with --output-file FILE, or redirect the output (> FILE)")
		}
		body = br
		nl := &lastByte{w: out}
		defer func() {
			if nl.last != 0 && nl.last != '\n' {
				_, _ = io.WriteString(out, "\n")
			}
		}()
		out = nl
	}
	if _, err := io.CopyBuffer(out, body, make([]byte, copyBuffer)); err != nil {
		return k.readError(err)
	}
	return nil
}

// readError classifies a failure while the answer was being read.
func (k *call) readError(err error) error {
	var ce *cmderr.Error
	if errors.As(err, &ce) {
		return err
	}
	if k.c.Err() != nil {
		return k.c.Err()
	}
	return cmderr.New(cmderr.Unavailable, "%s %s: the answer was cut: %v", k.req.Method, k.req.Path, err)
}

// lastByte remembers the last byte written.
type lastByte struct {
	w    io.Writer
	last byte
}

func (l *lastByte) Write(p []byte) (int, error) {
	if len(p) > 0 {
		l.last = p[len(p)-1]
	}
	return l.w.Write(p)
}

// save writes the body to --output-file and says so; -O - and -O
// /dev/stdout print it as it came (never binary content to a terminal).
func (k *call) save(resp *http.Response, body io.Reader) error {
	c := k.c
	dst, err := c.CreateOutput(k.a.OutputFile)
	if err != nil {
		return err
	}
	if _, err := io.CopyBuffer(dst, body, make([]byte, copyBuffer)); err != nil {
		dst.Abort()
		return k.readError(err)
	}
	if resp.ContentLength >= 0 && dst.Written() != resp.ContentLength {
		dst.Abort()
		return cmderr.New(cmderr.Unavailable, "%s %s: got %d bytes, the server announced %d", k.req.Method, k.req.Path, dst.Written(), resp.ContentLength)
	}
	if err := dst.Commit(); err != nil || dst.ToStdout() {
		return err
	}
	if c.Structured() {
		return c.Object(struct {
			Status      int    `json:"status"`
			ContentType string `json:"contentType,omitempty"`
			File        string `json:"file"`
			Size        int64  `json:"size"`
		}{resp.StatusCode, resp.Header.Get("Content-Type"), dst.File(), dst.Written()})
	}
	return c.Success("Saved %s to %s", plugin.Bytes(dst.Written()), dst.File())
}
