// Package plugintest runs a plugin's commands in-process, against a fake
// Host that records what the command output (as the SDK's Go types), and
// (optionally) a real kestrasim server.
package plugintest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
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
	Terminal *plugin.Terminal
	// Stdin is the user's standard input (default: empty).
	Stdin io.Reader
	// Prompt answers prompts; nil refuses as the core does without a
	// terminal.
	Prompt func(p plugin.Prompt) (string, error)
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
	// Records are the records of every table page that are JSON objects,
	// decoded (RawRecords has every record).
	Records []map[string]any
	// RawRecords are the same records as sent.
	RawRecords []json.RawMessage
	// Objects are the objects sent with Context.Object.
	Objects []json.RawMessage
	// Columns is the view of the first table.
	Columns []plugin.Column
	// Footer of the last table.
	Footer string
	// Messages sent with Info/Success/Warn/Debug, in order.
	Messages []plugin.Message
	// Stdout and Stderr hold the raw bytes written.
	Stdout, Stderr string
	// Progress updates received.
	Progress []plugin.ProgressUpdate
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
		b.WriteString(m.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// Run runs argv (starting with the group name) in p.
func Run(t testing.TB, p plugin.Plugin, opts Options, argv ...string) *Result {
	t.Helper()
	h := newFakeHost(opts)
	ctx, cancel := opts.context()
	defer cancel()
	err := plugin.Execute(ctx, p, opts.invocation(), h, argv)
	h.mu.Lock()
	defer h.mu.Unlock()
	if err != nil {
		h.res.Err = cmderr.From(err)
	}
	h.res.Stdout, h.res.Stderr = h.stdout.String(), h.stderr.String()
	return h.res
}

// invocation is what the core would resolve for opts.
func (opts Options) invocation() plugin.Invocation {
	format := opts.Format
	if format == "" {
		format = plugin.FormatTable
	}
	tenant := opts.Tenant
	if tenant == "" {
		tenant = "main"
	}
	var term plugin.Terminal
	if opts.Terminal != nil {
		term = *opts.Terminal
	}
	return plugin.Invocation{
		HostVersion: "test",
		Server:      plugin.Server{URL: opts.Server, Tenant: tenant, Headers: opts.Headers},
		Terminal:    term,
		Cwd:         opts.Cwd,
		Output:      plugin.Output{Format: format},
		AssumeYes:   opts.AssumeYes,
		Verbose:     opts.Verbose,
		SecretFlags: len(opts.Secrets) > 0,
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

// fakeHost records what a command sends, as the core would receive it.
type fakeHost struct {
	opts Options

	mu     sync.Mutex
	res    *Result
	stdout bytes.Buffer
	stderr bytes.Buffer
}

func newFakeHost(opts Options) *fakeHost { return &fakeHost{opts: opts, res: &Result{}} }

var _ plugin.Host = (*fakeHost)(nil)

func (h *fakeHost) Table(_ context.Context, p plugin.Page) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.res.Columns == nil && p.View != nil {
		h.res.Columns = append([]plugin.Column{}, p.View.Columns...)
	}
	for _, rec := range p.Records {
		if !json.Valid(rec) {
			return cmderr.New(cmderr.Internal, "record is not JSON: %s", rec)
		}
		// Objects are also decoded into Records; any JSON value (a list of
		// names) is in RawRecords.
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(rec))
		dec.UseNumber()
		if dec.Decode(&m) == nil {
			h.res.Records = append(h.res.Records, m)
		}
		h.res.RawRecords = append(h.res.RawRecords, append(json.RawMessage(nil), rec...))
	}
	if p.Final {
		h.res.Footer = p.Footer
	}
	return nil
}

func (h *fakeHost) Object(_ context.Context, o plugin.Object) error {
	if !json.Valid(o.JSON) {
		return cmderr.New(cmderr.Internal, "object is not JSON")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.res.Objects = append(h.res.Objects, append(json.RawMessage(nil), o.JSON...))
	return nil
}

func (h *fakeHost) Message(_ context.Context, m plugin.Message) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.res.Messages = append(h.res.Messages, m)
	return nil
}

func (h *fakeHost) Write(_ context.Context, s plugin.Stream, p []byte) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s == plugin.Stderr {
		h.stderr.Write(p)
	} else {
		h.stdout.Write(p)
	}
	return nil
}

func (h *fakeHost) Confirm(_ context.Context, q plugin.Question) (bool, error) {
	h.mu.Lock()
	h.res.Confirmations = append(h.res.Confirmations, q.Text)
	h.mu.Unlock()
	if h.opts.AssumeYes {
		return true, nil
	}
	if h.opts.Confirm == nil {
		return false, cmderr.New(cmderr.Usage, "%s: confirmation needed but stdin is not a terminal; pass --yes to confirm", q.Text)
	}
	return h.opts.Confirm(q.Text), nil
}

func (h *fakeHost) Prompt(_ context.Context, p plugin.Prompt) (string, error) {
	if h.opts.Prompt == nil {
		return "", cmderr.New(cmderr.Usage, "input needed but stdin is not a terminal")
	}
	return h.opts.Prompt(p)
}

func (h *fakeHost) Progress(_ context.Context, u plugin.ProgressUpdate) error {
	h.mu.Lock()
	h.res.Progress = append(h.res.Progress, u)
	h.mu.Unlock()
	return nil
}

func (h *fakeHost) Credentials(context.Context, bool) (plugin.Credentials, error) {
	c := plugin.Credentials{SecretFlags: h.opts.Secrets}
	switch {
	case h.opts.Token != "":
		c.Token = h.opts.Token
	case h.opts.Username != "":
		c.Username, c.Password = h.opts.Username, h.opts.Password
	}
	c.Headers = append(c.Headers, h.opts.SensitiveHeaders...)
	return c, nil
}

func (h *fakeHost) Stdin() io.Reader {
	if h.opts.Stdin == nil {
		return strings.NewReader("")
	}
	return h.opts.Stdin
}
