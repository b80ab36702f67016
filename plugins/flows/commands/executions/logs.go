package commands

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ExecutionsLogs is "executions logs <execution_id>".
type ExecutionsLogs struct {
	ID     string `arg:"" name:"execution_id" help:"Execution id."`
	Follow bool   `short:"f" help:"Keep printing new lines until the execution ends."`
	Level  string `placeholder:"LEVEL" help:"Minimum level: TRACE, DEBUG, INFO, WARN or ERROR."`
}

var levels = []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR"}

// Run prints the logs.
func (l *ExecutionsLogs) Run(c *plugin.Context) error {
	if err := checkExecutionID(l.ID); err != nil {
		return err
	}
	level := strings.ToUpper(l.Level)
	if level != "" && !slices.Contains(levels, level) {
		return cmderr.Usagef("unknown level %q: use one of %s", l.Level, strings.Join(levels, ", "))
	}
	cl, err := client(c)
	if err != nil {
		return err
	}
	// Check the execution first: a typo is a clear not-found.
	if _, err := cl.GetExecution(c, l.ID); err != nil {
		return notFound(err, "execution %q not found", l.ID)
	}
	t := c.Table(plugin.Column{Header: "TIME", Path: "timestamp", Format: "time"}, plugin.Column{Header: "LEVEL", Path: "level", Format: "status"},
		plugin.Col("TASK", "taskId"), plugin.Col("MESSAGE", "message"))
	emit := func(e api.LogEntry) error {
		if c.Format() == plugin.FormatTable {
			// Raw lines: messages may span lines and are read by people.
			_, err := fmt.Fprintf(c.Stdout(), "%s %-5s %s %s\n", e.Timestamp, e.Level, dash(e.TaskID), e.Message)
			return err
		}
		return t.Add(e.Raw)
	}
	if l.Follow {
		err = cl.FollowLogs(c, l.ID, level, func(e api.LogEntry) error {
			if err := emit(e); err != nil {
				return err
			}
			return t.Flush()
		})
	} else {
		var entries []api.LogEntry
		entries, err = cl.Logs(c, l.ID, level)
		for _, e := range entries {
			if err == nil {
				err = emit(e)
			}
		}
	}
	if err != nil {
		return err
	}
	if c.Format() == plugin.FormatTable {
		return nil
	}
	return t.Close("")
}
