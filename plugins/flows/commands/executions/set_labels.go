package executions

import (
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// SetLabels is "executions set-labels <execution_id> <label>...".
type SetLabels struct {
	ID     string   `arg:"" name:"execution_id" completer:"execution" help:"Execution id (ended)."`
	Labels []string `arg:"" name:"label" help:"Label as KEY=VALUE (KEY:VALUE works too)."`
}

// Examples implements manifest.Exampler.
func (*SetLabels) Examples() []string {
	return []string{"kestractl executions set-labels 4wjtkzwVGBM9yKnjm3yv8r reviewed=true ticket=OPS-42"}
}

// Run sets the labels of the execution (its system labels stay).
func (s *SetLabels) Run(c *plugin.Context) error {
	labels, err := parseLabels(s.Labels)
	if err != nil {
		return err
	}
	_, e, err := act(c, s.ID, func(cl *api.Client) (*api.Execution, error) { return cl.SetLabels(c, s.ID, labels) })
	if err != nil {
		return err
	}
	_ = c.Success("Labels of execution %s set.", e.ID)
	return printExecution(c, e, true)
}

// parseLabels reads KEY=VALUE (or KEY:VALUE, cut at whichever comes
// first) labels.
func parseLabels(args []string) ([]api.Label, error) {
	if len(args) == 0 {
		return nil, cmderr.Usagef("no label given: expected KEY=VALUE")
	}
	out := make([]api.Label, 0, len(args))
	for _, a := range args {
		i := strings.IndexAny(a, "=:")
		if i <= 0 || strings.TrimSpace(a[:i]) == "" {
			return nil, cmderr.Usagef("invalid label %q: expected KEY=VALUE", a)
		}
		if a[i+1:] == "" {
			return nil, cmderr.Usagef("invalid label %q: the value is empty", a)
		}
		out = append(out, api.Label{Key: strings.TrimSpace(a[:i]), Value: a[i+1:]})
	}
	return out, nil
}
