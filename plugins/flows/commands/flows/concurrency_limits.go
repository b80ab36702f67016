package flows

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ConcurrencyLimits is "flows concurrency-limits".
type ConcurrencyLimits struct {
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*ConcurrencyLimits) Examples() []string {
	return []string{"kestractl flows concurrency-limits", "kestractl flows concurrency-limits --all -o json"}
}

// Help implements kong.HelpProvider.
func (*ConcurrencyLimits) Help() string {
	return `One limit per flow declaring "concurrency", with the number of its executions counted as running
(GET /concurrency-limit/search); "flows update-concurrency" repairs a count that drifted.`
}

// Run lists the limits.
func (l *ConcurrencyLimits) Run(c *plugin.Context) error {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	return c.List(l.ListFlags, plugin.Listing{
		Noun:    "concurrency limit",
		Columns: []plugin.Column{plugin.Col("FLOW", "flowId"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("RUNNING", "running")},
		// The endpoint takes no page: one answer holds every limit.
		Fetch: cl.ConcurrencyLimits,
	})
}
