package plugin

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/hashicorp/go-hclog"

	"github.com/kestractl/kestractl/sdk/kestra"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Output formats, as found in Context.Format.
const (
	FormatTable = "table"
	FormatJSON  = "json"
	FormatYAML  = "yaml"
)

// Context is what a command's Run method receives. It is a context.Context
// that the core cancels on Ctrl-C, and the plugin's only way to reach the
// user: every output goes through it to the core, which owns the terminal.
type Context struct {
	context.Context

	inv    *pb.Invocation
	host   *host
	logger hclog.Logger
	name   string // plugin name
	ver    string // plugin version

	kestraOnce sync.Once
	kestra     *kestra.Client
	kestraErr  error
}

// Invocation returns the settings the core resolved for this command line.
func (c *Context) Invocation() *pb.Invocation { return c.inv }

// Format is the requested output format: "table", "json" or "yaml".
func (c *Context) Format() string {
	if f := c.inv.GetOutput().GetFormat(); f != "" {
		return f
	}
	return FormatTable
}

// Logger is the plugin's logger; its lines reach the user only with
// --log-level / KESTRACTL_LOG.
func (c *Context) Logger() hclog.Logger { return c.logger }

// Info, Success, Warn and Debug send a message, shown on stderr (Debug only
// with --verbose).
func (c *Context) Info(format string, args ...any) error {
	return c.message(pb.Level_INFO, format, args...)
}

// Success sends a success message.
func (c *Context) Success(format string, args ...any) error {
	return c.message(pb.Level_SUCCESS, format, args...)
}

// Warn sends a warning.
func (c *Context) Warn(format string, args ...any) error {
	return c.message(pb.Level_WARNING, format, args...)
}

// Debug sends a message shown only with --verbose.
func (c *Context) Debug(format string, args ...any) error {
	if !c.inv.GetVerbose() {
		return nil
	}
	return c.message(pb.Level_DEBUG, format, args...)
}

func (c *Context) message(level pb.Level, format string, args ...any) error {
	return c.host.render(&pb.RenderRequest{Kind: &pb.RenderRequest_Message{
		Message: &pb.Message{Level: level, Text: fmt.Sprintf(format, args...)},
	}})
}

// Stdout streams raw bytes to the user's standard output (downloads, raw
// sources). Data written here is not formatted by the core.
func (c *Context) Stdout() io.Writer { return streamWriter{c.host, pb.Stream_STDOUT} }

// Stderr streams raw bytes to the user's standard error.
func (c *Context) Stderr() io.Writer { return streamWriter{c.host, pb.Stream_STDERR} }

type streamWriter struct {
	h    *host
	kind pb.Stream
}

func (w streamWriter) Write(p []byte) (int, error) { return w.h.write(w.kind, p) }

// Confirm asks a yes/no question about a destructive action. It returns
// true at once with --yes; without a terminal the core refuses with a usage
// error telling the user to pass --yes.
func (c *Context) Confirm(message string) (bool, error) {
	if c.inv.GetAssumeYes() {
		return true, nil
	}
	return c.host.confirm(message, true)
}

// Prompt asks the user for a value; secret input is not echoed.
func (c *Context) Prompt(message string, secret bool, def string) (string, error) {
	return c.host.prompt(&pb.PromptRequest{Message: message, Secret: secret, Default: def})
}

// Credentials implements kestra.CredentialSource through the core.
func (c *Context) Credentials(_ context.Context, refresh bool) (kestra.Credentials, error) {
	cr, err := c.host.credentials(refresh)
	if err != nil {
		return kestra.Credentials{}, err
	}
	out := kestra.Credentials{Token: cr.GetToken(), AuthError: cr.GetAuthError()}
	if b := cr.GetBasic(); b != nil {
		out.Username, out.Password = b.GetUsername(), b.GetPassword()
	}
	for _, h := range cr.GetSensitiveHeaders() {
		out.Headers = append(out.Headers, kestra.Header{Name: h.GetName(), Value: h.GetValue()})
	}
	return out, nil
}

// Kestra returns the API client for the resolved host, tenant, headers and
// credentials. It is built once per command.
func (c *Context) Kestra() (*kestra.Client, error) {
	c.kestraOnce.Do(func() {
		c.kestra, c.kestraErr = kestra.New(ClientConfig(c.inv, c, c.name, c.ver, c.traceFunc()))
	})
	return c.kestra, c.kestraErr
}

func (c *Context) traceFunc() func(string) {
	if !c.inv.GetVerbose() {
		return nil
	}
	return func(line string) { _ = c.message(pb.Level_DEBUG, "%s", line) }
}
