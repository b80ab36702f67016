package executions

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// pollInterval is how often the state is read when no event stream is
// available.
const pollInterval = 250 * time.Millisecond

var errWaitTimeout = errors.New("wait timed out")

// waitFor follows e to its end through the event stream (polling when
// there is none). On a terminal it shows the task progress and the elapsed
// time; otherwise it reports state changes as lines on stderr. If the user
// interrupts, the core says that the execution keeps running and how to
// follow or stop it. On timeout it returns the last known state with
// errWaitTimeout.
func waitFor(c *plugin.Context, cl *api.Client, e *api.Execution, timeout time.Duration) (*api.Execution, error) {
	_ = c.OnInterrupt(fmt.Sprintf("execution %s keeps running; follow it with 'kestractl executions watch %s' or stop it with 'kestractl executions kill %s'",
		e.ID, e.ID, e.ID))
	defer func() { _ = c.OnInterrupt("") }()
	ctx := context.Context(c)
	cancel := func() {}
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(c, timeout)
	}
	defer cancel()
	var bar *plugin.Progress
	if c.Terminal().StderrTTY {
		bar = c.Progress("execution-"+e.ID, progressLabel(e), 0, "")
	}
	last := e
	state := e.State.Current
	seen := func(x *api.Execution) error {
		last = x
		if bar != nil {
			done, total := taskCounts(x)
			bar.SetTotal(int64(total))
			bar.SetCurrent(int64(done))
			bar.SetLabel(progressLabel(x))
			return nil
		}
		if x.State.Current != state {
			state = x.State.Current
			if !api.Terminal(state) {
				_ = c.Info("Execution %s: %s", x.ID, state)
			}
		}
		return nil
	}
	err := cl.FollowExecution(ctx, e.ID, seen)
	if errors.Is(err, api.ErrStreamUnavailable) {
		_ = c.Debug("no event stream (%v); polling", err)
		err = cl.PollExecution(ctx, e.ID, pollInterval, seen)
	}
	if bar != nil {
		failure := ""
		if api.Failed(last.State.Current) {
			failure = last.State.Current
		}
		bar.Done(failure)
	}
	if err != nil {
		if c.Err() == nil && ctx.Err() != nil {
			return last, errWaitTimeout
		}
		return last, err
	}
	if !api.Terminal(last.State.Current) {
		// The stream ended without a final state: read it.
		if x, err := cl.GetExecution(c, e.ID); err == nil {
			last = x
		}
	}
	_ = c.Info("Execution %s ended %s", last.ID, last.State.Current)
	return last, nil
}

func progressLabel(e *api.Execution) string {
	return fmt.Sprintf("%s.%s %s: %s", e.Namespace, e.FlowID, e.ID, e.State.Current)
}

// taskCounts counts the task runs that ended and all of them.
func taskCounts(e *api.Execution) (done, total int) {
	for _, tr := range e.TaskRuns {
		total++
		if api.Terminal(tr.State.Current) {
			done++
		}
	}
	return done, total
}

// timedOut is the error of a --timeout reached while waiting.
func timedOut(e *api.Execution, timeout time.Duration) error {
	return cmderr.New(cmderr.Timeout, "timed out after %s waiting for execution %s (state %s); it is still running", timeout, e.ID, e.State.Current).
		WithHint("stop it with 'kestractl executions kill %s', or follow it with 'kestractl executions watch %s'", e.ID, e.ID)
}
