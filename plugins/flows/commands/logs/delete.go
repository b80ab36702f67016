package logs

import (
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Delete is "logs delete <execution_id>".
type Delete struct {
	cmdutil.ExecutionLogs `embed:""`
}

// Examples implements manifest.Exampler.
func (*Delete) Examples() []string {
	return []string{
		"kestractl logs delete 4wjtkzwVGBM9yKnjm3yv8r",
		"# the logs of one noisy task, in a script\nkestractl logs delete 4wjtkzwVGBM9yKnjm3yv8r --task-id poll --yes",
	}
}

// Run deletes the selected logs after confirmation.
func (d *Delete) Run(c *plugin.Context) error {
	sel, cl, err := d.Open(c)
	if err != nil {
		return err
	}
	// The logs of a deleted execution may remain: a missing execution is
	// not an error, it is only not named.
	what := "execution " + d.ID
	e, err := cl.GetExecution(c, d.ID)
	switch {
	case err == nil:
		what += fmt.Sprintf(" of %s.%s", e.Namespace, e.FlowID)
	case !kestra.IsNotFound(err):
		return err
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("Delete the %s of %s?", describe(sel), what)); err != nil {
		return err
	}
	if err := cl.DeleteLogs(c, d.ID, sel); err != nil {
		return err
	}
	if c.Structured() {
		return c.Object(map[string]string{"status": "deleted", "executionId": d.ID})
	}
	return c.Success("Deleted the %s of execution %s.", describe(sel), d.ID)
}

// describe names the selected logs ("logs", "TRACE to INFO logs of task
// t").
func describe(sel api.LogSelection) string {
	var b strings.Builder
	if sel.MinLevel != "" {
		b.WriteString(sel.MinLevel + " and higher ")
	}
	b.WriteString("logs")
	if sel.TaskID != "" {
		fmt.Fprintf(&b, " of task %s", sel.TaskID)
	}
	if sel.TaskRunID != "" {
		fmt.Fprintf(&b, " of task run %s", sel.TaskRunID)
	}
	if sel.Attempt != nil {
		fmt.Fprintf(&b, " (attempt %d)", *sel.Attempt)
	}
	return b.String()
}
