package dispatch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kestractl/kestractl/core/exitcode"
	"github.com/kestractl/kestractl/core/pluginproc"
	"github.com/kestractl/kestractl/core/render"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/wire"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// killGrace is how long a cancelled plugin has to return before it is
// killed.
const killGrace = 1200 * time.Millisecond

// result is what Execute returned.
type result struct {
	resp *pb.ExecuteResponse
	err  error
}

// execute runs the command in the plugin process, reaps the process and
// returns the exit code.
func (d *Dispatcher) execute(proc *pluginproc.Process, req *pb.ExecuteRequest, c *call) (int, error) {
	defer proc.Stop()
	d.Logger.Debug("plugin started", "path", proc.Path(), "pid", proc.Pid())
	res, interrupted := d.call(proc, req, c)
	if interrupted {
		_ = c.renderer.Finish()
		fmt.Fprintln(d.IO.Stderr, "Interrupted.")
		// What the command asked to say when it is interrupted, e.g.
		// that an execution keeps running and how to follow it.
		if hint := c.renderer.InterruptHint(); hint != "" {
			fmt.Fprintln(d.IO.Stderr, hint)
		}
		return exitcode.Interrupted, nil
	}
	return c.outcome(res)
}

// call calls Execute and waits for it to return, or for a signal: then
// the call is cancelled and the plugin killed if it does not return within
// killGrace (at once on a second signal).
func (d *Dispatcher) call(proc *pluginproc.Process, req *pb.ExecuteRequest, c *call) (res result, interrupted bool) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan result, 1)
	go func() {
		resp, err := proc.Execute(ctx, req, c.host)
		done <- result{resp, err}
	}()
	select {
	case res = <-done:
		return res, false
	case sig := <-d.Signals:
		d.Logger.Debug("interrupted", "signal", sig)
		cancel()
		c.stopRender() // a --jq program still running stops too
		select {
		case <-done:
		case <-time.After(killGrace):
			proc.ForceKill()
		case <-d.Signals: // a second Ctrl-C: no more waiting
			proc.ForceKill()
		}
		proc.Kill()
		return result{}, true
	}
}

// outcome flushes the command's output and maps what the plugin answered
// to an exit code. Raw output handed back with the response comes after
// everything the plugin sent through Host, as if it were its last Render
// call. A failure of the output itself (a --jq error) wins over what the
// plugin made of it.
func (c *call) outcome(res result) (int, error) {
	perr := res.resp.GetError()
	if werr := c.host.WriteOutput(res.resp.GetOutput()); werr != nil && res.err == nil && perr == nil {
		res.err = werr
	}
	if ferr := c.renderer.Finish(); ferr != nil && res.err == nil && perr == nil {
		res.err = cmderr.Wrap(cmderr.Internal, ferr)
	}
	var jqErr *render.JQError
	if rerr := c.host.RenderErr(); errors.As(rerr, &jqErr) {
		return exitcode.Error, cmderr.New(cmderr.Generic, "%v", jqErr)
	}
	if berr := c.host.BinaryErr(); berr != nil {
		return exitcode.For(berr), berr
	}
	if res.err != nil {
		return exitcode.For(res.err), res.err
	}
	if perr != nil {
		e := wire.FromProto(perr)
		if e.Code == cmderr.Unauthenticated && c.noContextHit.Load() {
			// The command needed a server and nothing says which.
			return exitcode.Usage, c.noContext
		}
		e = c.explainAuth(e)
		return exitcode.Of(e.Code), e
	}
	return exitcode.OK, nil
}
