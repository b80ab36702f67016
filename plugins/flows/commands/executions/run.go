package commands

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ExecutionsRun is "executions run <namespace> <flow_id>".
type ExecutionsRun struct {
	Namespace string        `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string        `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	Input     []string      `short:"i" placeholder:"KEY=VALUE" help:"Input value (repeatable); KEY=@PATH uploads a file, KEY=@@text passes a value starting with @."`
	Label     []string      `short:"l" placeholder:"KEY:VALUE" help:"Label of the execution (repeatable)."`
	Revision  int           `help:"Run this revision of the flow instead of the latest."`
	Schedule  string        `name:"schedule-date" placeholder:"RFC3339" help:"Start the execution at this date instead of now."`
	Wait      bool          `short:"w" help:"Wait for the end of the execution; the exit code follows its final state."`
	Timeout   time.Duration `help:"With --wait, stop waiting after this long (the execution keeps running; exit 3). Implies --wait."`
}

// pollInterval is how often the state is read when no event stream is
// available.
const pollInterval = 250 * time.Millisecond

// Run starts the execution and, with --wait, follows it to its end.
func (r *ExecutionsRun) Run(c *plugin.Context) error {
	if err := checkFlowRef(r.Namespace, r.FlowID); err != nil {
		return err
	}
	opts, err := r.options()
	if err != nil {
		return err
	}
	if r.Timeout < 0 {
		return cmderr.Usagef("--timeout must be positive")
	}
	wait := r.Wait || r.Timeout > 0
	cl, err := client(c)
	if err != nil {
		return err
	}
	e, err := cl.CreateExecution(c, r.Namespace, r.FlowID, opts)
	if err != nil {
		return notFound(err, "flow %q not found in namespace %q", r.FlowID, r.Namespace)
	}
	url := e.URL
	if !wait {
		return printExecution(c, e, "Execution triggered successfully!")
	}
	_ = c.Info("Execution %s of %s.%s created; waiting for it to end...", e.ID, r.Namespace, r.FlowID)
	final, err := follow(c, cl, e, r.Timeout)
	if errors.Is(err, errWaitTimeout) {
		last := final
		if last == nil {
			last = e
		}
		if last.URL == "" {
			last.URL = url
		}
		if perr := printExecution(c, last, ""); perr != nil {
			return perr
		}
		return cmderr.New(cmderr.Timeout, "timed out after %s waiting for execution %s (state %s); it is still running", r.Timeout, e.ID, last.State.Current).
			WithHint("stop it with 'kestractl executions kill %s', or follow it with 'kestractl executions logs %s --follow'", e.ID, e.ID)
	}
	if err != nil {
		return err
	}
	if final.URL == "" {
		final.URL = url
	}
	if err := printExecution(c, final, ""); err != nil {
		return err
	}
	if api.Failed(final.State.Current) {
		return cmderr.New(cmderr.RemoteFailed, "execution %s ended %s", final.ID, final.State.Current).
			WithHint("see its logs with 'kestractl executions logs %s'", final.ID)
	}
	return nil
}

var errWaitTimeout = errors.New("wait timed out")

// follow waits for the end of e through the event stream, falling back to
// polling, and reports state changes on stderr. On timeout it returns the
// last known state with errWaitTimeout.
func follow(c *plugin.Context, cl *api.Client, e *api.Execution, timeout time.Duration) (*api.Execution, error) {
	ctx := context.Context(c)
	cancel := func() {}
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(c, timeout)
	}
	defer cancel()
	last := e
	state := e.State.Current
	seen := func(x *api.Execution) error {
		last = x
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

// options parses --input and --label.
func (r *ExecutionsRun) options() (api.RunOptions, error) {
	opts := api.RunOptions{Revision: r.Revision}
	if r.Revision < 0 {
		return opts, cmderr.Usagef("--revision must be positive")
	}
	if r.Schedule != "" {
		t, err := time.Parse(time.RFC3339, r.Schedule)
		if err != nil {
			return opts, cmderr.Usagef("--schedule-date %q is not an RFC 3339 date such as 2026-12-01T09:00:00Z", r.Schedule)
		}
		opts.Schedule = t.Format(time.RFC3339)
	}
	for _, in := range r.Input {
		k, v, ok := strings.Cut(in, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return opts, cmderr.Usagef("invalid --input %q: expected KEY=VALUE or KEY=@PATH", in)
		}
		switch {
		case strings.HasPrefix(v, "@@"):
			opts.Inputs = append(opts.Inputs, [2]string{k, v[1:]})
		case strings.HasPrefix(v, "@"):
			path := v[1:]
			st, err := os.Stat(path)
			if err != nil {
				return opts, cmderr.Usagef("--input %s: cannot read file %q: %v", k, path, unwrapPathError(err))
			}
			if st.IsDir() {
				return opts, cmderr.Usagef("--input %s: %q is a directory, not a file", k, path)
			}
			opts.Files = append(opts.Files, [2]string{k, path})
		default:
			opts.Inputs = append(opts.Inputs, [2]string{k, v})
		}
	}
	for _, l := range r.Label {
		k, v, ok := strings.Cut(l, ":")
		if !ok || strings.TrimSpace(k) == "" {
			return opts, cmderr.Usagef("invalid --label %q: expected KEY:VALUE", l)
		}
		opts.Labels = append(opts.Labels, strings.TrimSpace(k)+":"+v)
	}
	return opts, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// printExecution prints an execution: "Key: value" lines in table mode
// (the lines scripts of the public kestractl read), the object otherwise.
func printExecution(c *plugin.Context, e *api.Execution, headline string) error {
	if c.Format() != plugin.FormatTable {
		return c.Object(withURL(e))
	}
	var b strings.Builder
	if headline != "" {
		fmt.Fprintf(&b, "%s\n\n", headline)
	}
	fmt.Fprintf(&b, "Execution ID: %s\nFlow: %s\nNamespace: %s\n", e.ID, e.FlowID, e.Namespace)
	if e.FlowRevision > 0 {
		fmt.Fprintf(&b, "Revision: %d\n", e.FlowRevision)
	}
	state := e.State.Current
	if state == "" {
		state = "unknown"
	}
	fmt.Fprintf(&b, "State: %s\n", state)
	if e.State.StartDate != "" {
		fmt.Fprintf(&b, "Started: %s\n", e.State.StartDate)
	}
	if e.State.EndDate != "" {
		fmt.Fprintf(&b, "Ended: %s\n", e.State.EndDate)
	}
	if d := durationOf(e); d != "" {
		fmt.Fprintf(&b, "Duration: %s\n", d)
	}
	if e.URL != "" {
		fmt.Fprintf(&b, "URL: %s\n", e.URL)
	}
	_, err := fmt.Fprint(c.Stdout(), b.String())
	return err
}

// withURL returns the raw execution, with the url field added when the
// server gave it only in the create answer.
func withURL(e *api.Execution) any {
	if e.URL == "" || strings.Contains(string(e.Raw), `"url"`) {
		return e.Raw
	}
	return addField(e.Raw, "url", e.URL)
}

// durationOf formats the execution's duration from its dates.
func durationOf(e *api.Execution) string {
	start, err1 := time.Parse(time.RFC3339Nano, e.State.StartDate)
	end, err2 := time.Parse(time.RFC3339Nano, e.State.EndDate)
	if err1 != nil || err2 != nil {
		return ""
	}
	d := end.Sub(start)
	switch {
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	}
	return d.Round(time.Millisecond).String()
}
