package executions

import (
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DeleteFlags say what goes with deleted executions. Kestra's API deletes
// everything by default; here each is asked for.
type DeleteFlags struct {
	DeleteLogs    bool `name:"delete-logs" help:"Also delete the execution's logs."`
	DeleteMetrics bool `name:"delete-metrics" help:"Also delete the execution's metrics."`
	DeleteStorage bool `name:"delete-storage" help:"Also delete the execution's files in the internal storage (outputs, uploaded inputs)."`
}

func (f DeleteFlags) options() api.DeleteOptions {
	return api.DeleteOptions{Logs: f.DeleteLogs, Metrics: f.DeleteMetrics, Storage: f.DeleteStorage}
}

// also names what goes with the executions, for the question.
func (f DeleteFlags) also() string {
	var parts []string
	for _, p := range []struct {
		on   bool
		name string
	}{{f.DeleteLogs, "logs"}, {f.DeleteMetrics, "metrics"}, {f.DeleteStorage, "files"}} {
		if p.on {
			parts = append(parts, p.name)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " with its " + strings.Join(parts, ", ")
}

// Delete is "executions delete <execution_id>".
type Delete struct {
	ID          string `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
	DeleteFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*Delete) Examples() []string {
	return []string{
		"kestractl executions delete 4wjtkzwVGBM9yKnjm3yv8r",
		"# everything it left behind, in a script\nkestractl executions delete 4wjtkzwVGBM9yKnjm3yv8r --delete-logs --delete-metrics --delete-storage --yes",
	}
}

// Run deletes the execution after confirmation.
func (d *Delete) Run(c *plugin.Context) error {
	cl, e, err := getExecution(c, d.ID)
	if err != nil {
		return err
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("Delete execution %s of %s.%s (%s)%s?", e.ID, e.Namespace, e.FlowID, e.State.Current, d.also())); err != nil {
		return err
	}
	if err := cl.DeleteExecution(c, d.ID, d.options()); err != nil {
		return actionError(c, cl, d.ID, err)
	}
	if c.Structured() {
		return c.Object(map[string]string{"status": "deleted", "id": e.ID, "namespace": e.Namespace, "flowId": e.FlowID})
	}
	return c.Success("Execution %s deleted.", e.ID)
}
