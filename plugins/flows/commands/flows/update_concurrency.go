package flows

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UpdateConcurrency is "flows update-concurrency <namespace> <flow_id> --running N".
type UpdateConcurrency struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	Running   *int   `required:"" placeholder:"N" help:"The number of executions to count as running (0 or more)."`
}

// Examples implements manifest.Exampler.
func (*UpdateConcurrency) Examples() []string {
	return []string{"# reset a counter that drifted\nkestractl flows update-concurrency company.team hello --running 0"}
}

// Help implements kong.HelpProvider.
func (*UpdateConcurrency) Help() string {
	return `Sets the running count of a flow's concurrency limit (PUT /concurrency-limit/{namespace}/{flowId}); the
flow must declare "concurrency" (exit 5 otherwise). -o json prints the server's ConcurrencyLimit.`
}

// Run sets the count.
func (u *UpdateConcurrency) Run(c *plugin.Context) error {
	if err := cmdutil.CheckFlowRef(u.Namespace, u.FlowID); err != nil {
		return err
	}
	if u.Running == nil || *u.Running < 0 {
		return cmderr.Usagef("--running must be 0 or more")
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.UpdateConcurrency(c, u.Namespace, u.FlowID, *u.Running)
	if err != nil {
		return kestra.NotFoundAs(err, "flow %q of namespace %q has no concurrency limit (or does not exist)", u.FlowID, u.Namespace)
	}
	if c.Structured() {
		return c.Object(raw)
	}
	return c.Success("Concurrency limit of flow '%s' in %s now counts %d running execution(s).", u.FlowID, u.Namespace, *u.Running)
}
