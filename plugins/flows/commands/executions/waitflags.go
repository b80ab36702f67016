package executions

import (
	"errors"
	"time"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// WaitFlags are --wait and --timeout of every command that starts or
// changes executions.
type WaitFlags struct {
	Wait    bool          `short:"w" help:"Wait for the end of the execution (of each one, when several); the exit code follows the final state: 8 when it FAILED, was KILLED or CANCELLED."`
	Timeout time.Duration `help:"With --wait, stop waiting after this long (the executions keep running; exit 3). Implies --wait."`
}

// check rejects a negative --timeout.
func (w WaitFlags) check() error {
	if w.Timeout < 0 {
		return cmderr.Usagef("--timeout must be positive")
	}
	return nil
}

// waiting says whether to wait.
func (w WaitFlags) waiting() bool { return w.Wait || w.Timeout > 0 }

// finish ends a command that started or changed execution e: it prints e,
// or with --wait follows it to its end, prints its final state and returns
// the outcome (exit 8 when it failed, 3 on --timeout).
func (w WaitFlags) finish(c *plugin.Context, cl *api.Client, e *api.Execution) error {
	if !w.waiting() {
		return printExecution(c, e, false)
	}
	return followToEnd(c, cl, e, w.Timeout)
}

// followToEnd follows e to its end, prints its final state and returns
// its outcome.
func followToEnd(c *plugin.Context, cl *api.Client, e *api.Execution, timeout time.Duration) error {
	final, err := waitFor(c, cl, e, timeout)
	if final.URL == "" {
		final.URL = e.URL
	}
	if errors.Is(err, errWaitTimeout) {
		if perr := printExecution(c, final, false); perr != nil {
			return perr
		}
		return timedOut(final, timeout)
	}
	if err != nil {
		return err
	}
	if err := printExecution(c, final, false); err != nil {
		return err
	}
	return cmdutil.Outcome(final)
}
