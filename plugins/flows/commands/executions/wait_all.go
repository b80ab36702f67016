package executions

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// waitAllInterval is how often the states of many executions are read.
const waitAllInterval = 500 * time.Millisecond

// waitAllWorkers bounds the state reads in flight.
const waitAllWorkers = 8

// waitAll follows executions to their end (one: as run --wait does) and
// returns exit 8 when any ended FAILED, KILLED or CANCELLED, 3 on
// timeout. On a terminal it shows how many have ended; otherwise it says
// each end on stderr.
func waitAll(c *plugin.Context, cl *api.Client, ids []string, timeout time.Duration) error {
	if len(ids) == 0 {
		return nil
	}
	if len(ids) == 1 {
		e, err := cl.GetExecution(c, ids[0])
		if err != nil {
			return err
		}
		final, err := waitFor(c, cl, e, timeout)
		if errors.Is(err, errWaitTimeout) {
			return timedOut(final, timeout)
		}
		if err != nil {
			return err
		}
		return cmdutil.Outcome(final)
	}
	_ = c.OnInterrupt(fmt.Sprintf("the %d executions keep running; follow one with 'kestractl executions watch ID' or list them with 'kestractl executions list'", len(ids)))
	defer func() { _ = c.OnInterrupt("") }()
	ctx := context.Context(c)
	cancel := func() {}
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(c, timeout)
	}
	defer cancel()
	_ = c.Info("Waiting for %d executions to end...", len(ids))
	var bar *plugin.Progress
	if c.Terminal().StderrTTY {
		bar = c.Progress("wait-executions", fmt.Sprintf("Waiting for %d executions", len(ids)), int64(len(ids)), "")
	}
	final := map[string]string{}
	pending := ids
	for len(pending) > 0 {
		type read struct {
			state string
			err   error
		}
		var next []string
		var firstErr error
		cmdutil.RunOrdered(ctx, pending, waitAllWorkers, func(ctx context.Context, id string) read {
			e, err := cl.GetExecution(ctx, id)
			if err != nil {
				return read{err: err}
			}
			return read{state: e.State.Current}
		}, nil, func(i int, r read, started bool) {
			id := pending[i]
			switch {
			case !started || r.err != nil:
				if r.err != nil && ctx.Err() == nil && firstErr == nil {
					firstErr = fmt.Errorf("read execution %s: %w", id, r.err)
				}
				next = append(next, id)
			case api.Terminal(r.state):
				final[id] = r.state
				if bar != nil {
					bar.Add(1)
				} else {
					_ = c.Info("Execution %s ended %s", id, r.state)
				}
			default:
				next = append(next, id)
			}
		})
		if firstErr != nil {
			if bar != nil {
				bar.Done(firstErr.Error())
			}
			return firstErr
		}
		pending = next
		if len(pending) == 0 {
			break
		}
		select {
		case <-ctx.Done():
			if bar != nil {
				bar.Done("timed out")
			}
			if c.Err() != nil {
				return c.Err()
			}
			return cmderr.New(cmderr.Timeout, "timed out after %s waiting for %d executions: %d still running (%s)",
				timeout, len(ids), len(pending), sample(pending)).
				WithHint("follow one with 'kestractl executions watch %s'", pending[0])
		case <-time.After(waitAllInterval):
		}
	}
	var failed []string
	counts := map[string]int{}
	var order []string
	for _, id := range ids {
		st := final[id]
		if counts[st] == 0 {
			order = append(order, st)
		}
		counts[st]++
		if api.Failed(st) {
			failed = append(failed, id)
		}
	}
	parts := make([]string, len(order))
	for i, st := range order {
		parts[i] = fmt.Sprintf("%d %s", counts[st], st)
	}
	if bar != nil {
		bar.Done("")
	}
	_ = c.Info("%d executions ended: %s", len(ids), strings.Join(parts, ", "))
	if len(failed) > 0 {
		return cmderr.New(cmderr.RemoteFailed, "%d of %d executions ended FAILED, KILLED or CANCELLED: %s", len(failed), len(ids), sample(failed)).
			WithHint("see their logs with 'kestractl executions logs %s'", failed[0])
	}
	return nil
}

// sample names up to 5 ids.
func sample(ids []string) string {
	if len(ids) <= 5 {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:5], ", ") + fmt.Sprintf(" and %d more", len(ids)-5)
}
