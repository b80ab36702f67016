package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Get is "executions get <execution_id>".
type Get struct {
	ID string `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
}

// Examples implements manifest.Exampler.
func (*Get) Examples() []string {
	return []string{
		"kestractl executions get 4wjtkzwVGBM9yKnjm3yv8r",
		"# the state only\nkestractl executions get 4wjtkzwVGBM9yKnjm3yv8r --jq .state.current",
	}
}

// Run shows the execution.
func (g *Get) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, cmdutil.CheckExecutionID(g.ID))
	if err != nil {
		return err
	}
	e, err := cl.GetExecution(c, g.ID)
	if err != nil {
		return kestra.NotFoundAs(err, "execution %q not found", g.ID)
	}
	return printExecution(c, e, true)
}
