package dispatch

import (
	"context"
	"io"
	"time"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/cmdline"
	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/hostsvc"
	"github.com/kestractl/kestractl/core/render"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// CompleteDeadline bounds a completion that asks a plugin (and the
// server): the shell never waits longer.
const CompleteDeadline = 450 * time.Millisecond

// Complete asks the plugin of the line's group for the values of a dynamic
// completer, within CompleteDeadline. Any failure means no values.
func (d *Dispatcher) Complete(completer string, line *cmdline.Line, partial string) []string {
	g := d.Catalog.Group(line.Word)
	if g == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), CompleteDeadline)
	defer cancel()
	globals, err := cli.ParseGlobals(line.Globals, d.IO.Stdout, d.IO.Stderr)
	if err != nil {
		return nil
	}
	c := &call{line: line, globals: globals}
	sel := contexts.Selection{Config: globals.Config, Context: globals.Context}
	if c.settings, c.loaded, err = d.Contexts.Resolve(sel, globals.SettingsFlags(), true); err != nil || c.settings.HostErr != nil {
		return nil
	}
	done := make(chan []string, 1)
	go func() {
		proc, err := d.Starter.Start(g.Plugin.Path)
		if err != nil {
			done <- nil
			return
		}
		defer proc.Kill()
		host := &hostsvc.Service{
			Renderer: render.New(io.Discard, io.Discard, render.Options{Format: "json"}),
			Stdout:   io.Discard, Stderr: io.Discard,
			Creds: credentials(c.settings, nil),
		}
		inv := d.invocation(c)
		inv.Server.RequestTimeoutMs = CompleteDeadline.Milliseconds()
		vals, _ := proc.Complete(ctx, &pb.CompleteRequest{Argv: line.Rest, Partial: partial, Completer: completer, Invocation: inv}, host)
		done <- vals
	}()
	select {
	case vals := <-done:
		return vals
	case <-ctx.Done():
		return nil
	}
}
