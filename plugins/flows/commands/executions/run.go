package executions

import (
	"strings"
	"time"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Run is "executions run <namespace> <flow_id>".
type Run struct {
	Namespace string   `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string   `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	Label     []string `short:"l" placeholder:"KEY:VALUE" sep:"none" help:"Label of the execution (repeatable); KEY=VALUE works too."`
	Revision  int      `placeholder:"N" help:"Run this revision of the flow instead of the latest."`
	Schedule  string   `name:"schedule-date" placeholder:"RFC3339" help:"Start the execution at this date instead of now."`
	InputFlag `embed:""`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*Run) Examples() []string {
	return []string{
		"kestractl executions run company.team hello",
		"# in CI: wait for the end, fail the job when the execution fails\nkestractl executions run company.team etl --wait --input day=2026-12-01 --label ci:true",
		"kestractl executions run company.team import --input data=@data.csv --wait -o json --jq .id",
	}
}

// Run starts the execution and, with --wait, follows it to its end.
func (r *Run) Run(c *plugin.Context) error {
	if err := cmdutil.CheckFlowRef(r.Namespace, r.FlowID); err != nil {
		return err
	}
	opts, err := r.options(c)
	if err != nil {
		return err
	}
	cl, err := cmdutil.Open(c, r.check())
	if err != nil {
		return err
	}
	e, err := cl.CreateExecution(c, r.Namespace, r.FlowID, opts)
	if err != nil {
		return kestra.NotFoundAs(err, "flow %q not found in namespace %q", r.FlowID, r.Namespace)
	}
	if !r.waiting() {
		_ = c.Success("Execution triggered successfully!")
		return printExecution(c, e, false)
	}
	_ = c.Info("Execution %s of %s.%s created; waiting for it to end...", e.ID, r.Namespace, r.FlowID)
	return followToEnd(c, cl, e, r.Timeout)
}

// options parses --input and --label.
func (r *Run) options(c *plugin.Context) (api.RunOptions, error) {
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
	var err error
	if opts.Inputs, opts.Files, err = parseInputs(c, r.Input); err != nil {
		return opts, err
	}
	for _, l := range r.Label {
		// KEY:VALUE (the public kestractl's form) or KEY=VALUE, cut at
		// whichever comes first.
		i := strings.IndexAny(l, ":=")
		if i <= 0 || strings.TrimSpace(l[:i]) == "" {
			return opts, cmderr.Usagef("invalid --label %q: expected KEY:VALUE", l)
		}
		opts.Labels = append(opts.Labels, strings.TrimSpace(l[:i])+":"+l[i+1:])
	}
	return opts, nil
}
