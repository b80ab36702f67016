package executions

import "github.com/kestractl/kestractl/sdk/plugin"

// SetLabelsByQuery is "executions set-labels-by-query <label>...".
type SetLabelsByQuery struct {
	Labels       []string `arg:"" name:"label" help:"Label as KEY=VALUE (KEY:VALUE works too)."`
	byQueryFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*SetLabelsByQuery) Examples() []string {
	return []string{
		"kestractl executions set-labels-by-query incident=INC-7 -n company.team --state FAILED --since 2h --dry-run",
		"kestractl executions set-labels-by-query incident=INC-7 -n company.team --state FAILED --since 2h --yes",
	}
}

// Help implements kong's HelpProvider.
func (*SetLabelsByQuery) Help() string {
	return "Adds the labels to the executions (a label of the same key is replaced). " + byQueryHelp("ended ones")
}

// Run labels what the filters match, after confirmation.
func (b *SetLabelsByQuery) Run(c *plugin.Context) error {
	a, err := setLabelsAction(b.Labels)
	if err != nil {
		return err
	}
	r, err := newBulkRun(c, a, WaitFlags{})
	if err != nil {
		return err
	}
	return r.byQuery(b.ExecutionFilters, b.ByQueryFlags)
}
