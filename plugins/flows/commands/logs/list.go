package logs

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List is "logs list <execution_id>" ("executions logs" is the same).
type List struct {
	ID                string `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
	Follow            bool   `short:"f" help:"Keep printing new lines until the execution ends; the exit code then follows its final state. With -o json: NDJSON, one log per line."`
	cmdutil.LogFilter `embed:""`
}

// Examples implements manifest.Exampler.
func (*List) Examples() []string {
	return []string{
		"kestractl logs list 4wjtkzwVGBM9yKnjm3yv8r --min-level WARN",
		"# one attempt of one task run\nkestractl logs list 4wjtkzwVGBM9yKnjm3yv8r --task-run-id 2Hx9mHS7ZUC0nk0MFTuAoW --attempt 1",
		"kestractl logs list 4wjtkzwVGBM9yKnjm3yv8r --follow -o json --jq .message",
	}
}

// Run prints the logs.
func (l *List) Run(c *plugin.Context) error {
	return cmdutil.ShowLogs(c, l.ID, l.LogFilter, l.Follow)
}
