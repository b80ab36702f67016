package executions

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Watch is "executions watch <execution_id>" (alias follow).
type Watch struct {
	ID      string        `arg:"" name:"execution_id" completer:"execution" help:"Execution id (started here or elsewhere)."`
	Level   string        `aliases:"min-level" values:"TRACE,DEBUG,INFO,WARN,ERROR" help:"Minimum level of the logs shown."`
	Timeout time.Duration `help:"Stop watching after this long (the execution keeps running; exit 3)."`
}

// Examples implements manifest.Exampler.
func (*Watch) Examples() []string {
	return []string{
		"kestractl executions watch 4wjtkzwVGBM9yKnjm3yv8r",
		"# gate a pipeline on an execution started by a schedule\nkestractl executions watch \"$ID\" --timeout 30m || echo failed",
	}
}

// Run follows the execution's task states (stderr) and logs (stdout)
// until it ends, and exits with its final state's code.
func (w *Watch) Run(c *plugin.Context) error {
	if err := cmdutil.CheckExecutionID(w.ID); err != nil {
		return err
	}
	if w.Timeout < 0 {
		return cmderr.Usagef("--timeout must be positive")
	}
	level, err := cmdutil.CheckLevel(w.Level)
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	e, err := cl.GetExecution(c, w.ID)
	if err != nil {
		return kestra.NotFoundAs(err, "execution %q not found", w.ID)
	}
	if api.Terminal(e.State.Current) {
		_ = c.Info("Execution %s already ended %s", e.ID, e.State.Current)
		return cmdutil.Outcome(e)
	}
	ctx, cancel := context.WithCancel(c)
	defer cancel()
	out := cmdutil.NewLogPrinter(c, true)
	var mu sync.Mutex
	var logErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		err := cl.FollowLogs(ctx, w.ID, api.LogSelection{MinLevel: level}, func(le api.LogEntry) error {
			mu.Lock()
			defer mu.Unlock()
			return out.Print(le)
		})
		if err != nil && ctx.Err() == nil {
			mu.Lock()
			logErr = err
			mu.Unlock()
		}
	}()
	final, err := waitFor(c, cl, e, w.Timeout)
	// Give the log stream a moment to deliver the last lines.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		cancel()
		<-done
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	switch {
	case errors.Is(err, errWaitTimeout):
		return timedOut(final, w.Timeout)
	case err != nil:
		return err
	case logErr != nil:
		_ = c.Warn("the log stream failed: %v", logErr)
	}
	return cmdutil.Outcome(final)
}
