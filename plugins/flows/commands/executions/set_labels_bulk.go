package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// setLabelsAction adds labels to ended executions.
func setLabelsAction(args []string) (bulkAction, error) {
	labels, err := parseLabels(args)
	if err != nil {
		return bulkAction{}, err
	}
	return bulkAction{verb: "Label", done: "labelled", endpoint: api.BulkSetLabels(labels), states: endedStates}, nil
}

// SetLabelsBulk is "executions set-labels-bulk <label>... --ids ID,...".
type SetLabelsBulk struct {
	Labels []string `arg:"" name:"label" help:"Label as KEY=VALUE (KEY:VALUE works too)."`
	IDs    []string `name:"ids" required:"" placeholder:"ID,..." help:"Execution ids (comma-separated or repeated)."`
}

// Examples implements manifest.Exampler.
func (*SetLabelsBulk) Examples() []string {
	return []string{"kestractl executions set-labels-bulk reviewed=true ticket=OPS-42 --ids 4wjtkzwVGBM9yKnjm3yv8r,7bX2mKq9RtLp3VwYz1aB4c --yes"}
}

// Help implements kong's HelpProvider.
func (*SetLabelsBulk) Help() string {
	return "Adds the labels to ended executions (a label of the same key is replaced). " + bulkHelp
}

// Run labels the executions after confirmation.
func (b *SetLabelsBulk) Run(c *plugin.Context) error {
	a, err := setLabelsAction(b.Labels)
	if err != nil {
		return err
	}
	r, err := newBulkRun(c, a, WaitFlags{})
	if err != nil {
		return err
	}
	return r.byIDs(b.IDs)
}
