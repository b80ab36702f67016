package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// FlowInfoByID is "executions flow-info-by-id <execution_id>".
type FlowInfoByID struct {
	ID string `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
}

// Examples implements manifest.Exampler.
func (*FlowInfoByID) Examples() []string {
	return []string{
		"kestractl executions flow-info-by-id 4wjtkzwVGBM9yKnjm3yv8r",
		"# the resume inputs a paused execution expects\nkestractl executions flow-info-by-id 4wjtkzwVGBM9yKnjm3yv8r -o json --jq '.tasks[] | select(.inputs) | .inputs'",
	}
}

// Run shows the flow revision the execution runs.
func (f *FlowInfoByID) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, cmdutil.CheckExecutionID(f.ID))
	if err != nil {
		return err
	}
	raw, err := cl.FlowOfExecution(c, f.ID)
	if err != nil {
		return kestra.NotFoundAs(err, "execution %q not found", f.ID)
	}
	return printFlowInfo(c, raw)
}
