package executions

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Logs is "executions logs <execution_id>", a friendly alias of "logs
// list" (same flags, same code).
type Logs struct {
	ID                string `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
	Follow            bool   `short:"f" help:"Keep printing new lines until the execution ends; the exit code then follows its final state. With -o json: NDJSON, one log per line."`
	cmdutil.LogFilter `embed:""`
}

// Examples implements manifest.Exampler.
func (*Logs) Examples() []string {
	return []string{
		"kestractl executions logs 4wjtkzwVGBM9yKnjm3yv8r --level WARN",
		"# follow as NDJSON, keeping the messages only\nkestractl executions logs 4wjtkzwVGBM9yKnjm3yv8r -f -o json --jq .message",
	}
}

// Run prints the logs.
func (l *Logs) Run(c *plugin.Context) error {
	return cmdutil.ShowLogs(c, l.ID, l.LogFilter, l.Follow)
}
