package plugin

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sync"

	"github.com/alecthomas/kong"
	"github.com/hashicorp/go-hclog"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/wire"
)

// Context is what a command's Run method receives. It is a context.Context
// that the core cancels on Ctrl-C, and the plugin's only way to reach the
// user: every output goes through it to the core, which owns the terminal.
type Context struct {
	context.Context

	inv    Invocation
	host   Host
	logger hclog.Logger
	name   string // plugin name
	ver    string // plugin version
	// grammar builds the plugin's kong grammar (completion reads argv
	// against it).
	grammar func() (*kong.Kong, error)

	kestraOnce sync.Once
	kestra     *kestra.Client
	kestraErr  error
}

// Invocation returns everything the core resolved for this command line.
func (c *Context) Invocation() Invocation { return c.inv }

// Server is the Kestra server the command talks to (URL, tenant, TLS,
// timeouts); Kestra() builds a client for it.
func (c *Context) Server() Server { return c.inv.Server }

// Format is the requested output format: FormatTable, FormatJSON or
// FormatYAML.
func (c *Context) Format() string {
	if f := c.inv.Output.Format; f != "" {
		return f
	}
	return FormatTable
}

// Structured reports whether the output is JSON or YAML (data for a
// program, not a table for a person).
func (c *Context) Structured() bool { return c.Format() != FormatTable }

// Terminal is what the core knows of the user's terminal.
func (c *Context) Terminal() Terminal { return c.inv.Terminal }

// Width is the terminal's width in columns, 80 when unknown.
func (c *Context) Width() int {
	if w := c.inv.Terminal.Width; w > 0 {
		return w
	}
	return 80
}

// Interactive reports whether a person is at the terminal (stdin and
// stderr are terminals): prompts can be shown.
func (c *Context) Interactive() bool { return c.inv.Terminal.StdinTTY && c.inv.Terminal.StderrTTY }

// Cwd is the user's working directory.
func (c *Context) Cwd() string { return c.inv.Cwd }

// Path resolves a local path given on the command line against the user's
// working directory (the plugin process may run elsewhere) and cleans it.
func (c *Context) Path(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	if c.inv.Cwd != "" {
		return filepath.Join(c.inv.Cwd, p)
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// Verbose reports whether --verbose was given.
func (c *Context) Verbose() bool { return c.inv.Verbose }

// AssumeYes reports whether --yes was given.
func (c *Context) AssumeYes() bool { return c.inv.AssumeYes }

// ContextName is the name of the config context in use ("" when none).
func (c *Context) ContextName() string { return c.inv.ContextName }

// Protected reports whether the context in use is marked protected (a
// production server): destructive commands may take extra care there.
func (c *Context) Protected() bool { return c.inv.Protected }

// Stdin is the user's standard input when it is a pipe or a file. A
// terminal belongs to the core (ask with Prompt or ValueOrStdin): reading it
// fails with a usage error saying to pipe or redirect the input.
func (c *Context) Stdin() io.Reader {
	if c.inv.Terminal.StdinTTY {
		return errReader{cmderr.Usagef("standard input is a terminal: pipe or redirect the input (e.g. cat file.yaml | kestractl ...)")}
	}
	return c.host.Stdin()
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// Logger is the plugin's logger; its lines reach the user only with
// --log-level / KESTRACTL_LOG.
func (c *Context) Logger() hclog.Logger { return c.logger }

// Info sends a message, shown on stderr.
func (c *Context) Info(format string, args ...any) error {
	return c.message(LevelInfo, format, args...)
}

// Success sends a success message.
func (c *Context) Success(format string, args ...any) error {
	return c.message(LevelSuccess, format, args...)
}

// Warn sends a warning.
func (c *Context) Warn(format string, args ...any) error {
	return c.message(LevelWarning, format, args...)
}

// Debug sends a message shown only with --verbose.
func (c *Context) Debug(format string, args ...any) error {
	if !c.inv.Verbose {
		return nil
	}
	return c.message(LevelDebug, format, args...)
}

func (c *Context) message(level Level, format string, args ...any) error {
	return c.host.Message(c, Message{Level: level, Text: fmt.Sprintf(format, args...)})
}

// Stdout streams raw bytes to the user's standard output (downloads, raw
// sources). Data written here is not formatted by the core.
func (c *Context) Stdout() io.Writer { return streamWriter{c, Stdout} }

// Stderr streams raw bytes to the user's standard error.
func (c *Context) Stderr() io.Writer { return streamWriter{c, Stderr} }

type streamWriter struct {
	c    *Context
	kind Stream
}

func (w streamWriter) Write(p []byte) (int, error) {
	if err := w.c.host.Write(w.c, w.kind, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Confirm asks a yes/no question about a destructive action. It returns
// true at once with --yes; without a terminal the core refuses with a usage
// error telling the user to pass --yes.
func (c *Context) Confirm(question string) (bool, error) {
	if c.inv.AssumeYes {
		return true, nil
	}
	return c.host.Confirm(c, Question{Text: question, Destructive: true})
}

// Prompt asks the user for a value; secret input is not echoed.
func (c *Context) Prompt(message string, secret bool, def string) (string, error) {
	return c.host.Prompt(c, Prompt{Text: message, Secret: secret, Default: def})
}

// Credentials implements kestra.CredentialSource through the core.
func (c *Context) Credentials(ctx context.Context, refresh bool) (kestra.Credentials, error) {
	cr, err := c.host.Credentials(ctx, refresh)
	if err != nil {
		return kestra.Credentials{}, err
	}
	return cr.Credentials, nil
}

// Kestra returns the API client for the resolved host, tenant, headers and
// credentials. It is built once per command.
func (c *Context) Kestra() (*kestra.Client, error) {
	c.kestraOnce.Do(func() {
		c.kestra, c.kestraErr = kestra.New(c.ClientConfig(c))
	})
	return c.kestra, c.kestraErr
}

// ClientConfig is the HTTP client configuration of the resolved server
// (CA, TLS, timeout, retries, headers, user agent, --verbose trace) with the
// given credentials (nil: anonymous). Commands that talk to another server
// with the user's network settings (a Maven repository) start from it.
func (c *Context) ClientConfig(creds kestra.CredentialSource) kestra.Config {
	return ClientConfig(c.inv, creds, c.name, c.ver, c.traceFunc())
}

func (c *Context) traceFunc() func(string) {
	if !c.inv.Verbose {
		return nil
	}
	return func(line string) { _ = c.message(LevelDebug, "%s", line) }
}

// ConfirmOrCancel asks a yes/no question about a destructive action (true
// at once with --yes) and returns a cancellation error ("cancelled:
// nothing was changed", exit 3) when the answer is no. The core names the
// context and the host in the question.
func (c *Context) ConfirmOrCancel(question string) error {
	ok, err := c.Confirm(question)
	if err != nil {
		return err
	}
	if !ok {
		return cmderr.New(cmderr.Cancelled, "cancelled: nothing was changed")
	}
	return nil
}

// OnInterrupt sets what the user is told if they interrupt the command
// (Ctrl-C) from now on, e.g. that an execution keeps running and how to
// follow or stop it; "" clears it. Cores that cannot keep it get nothing.
func (c *Context) OnInterrupt(hint string) error {
	if !slices.Contains(c.inv.HostCapabilities, wire.CapInterruptHint) {
		return nil
	}
	return c.host.Message(c, Message{Level: LevelInterruptHint, Text: hint})
}
