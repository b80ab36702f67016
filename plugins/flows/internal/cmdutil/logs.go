package cmdutil

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Levels are Kestra's log levels, lowest first.
var Levels = []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR"}

// CheckLevel upper-cases a --min-level value and checks it.
func CheckLevel(level string) (string, error) {
	up := strings.ToUpper(level)
	if up != "" && !slices.Contains(Levels, up) {
		return "", cmderr.Usagef("unknown level %q: use one of %s", level, strings.Join(Levels, ", "))
	}
	return up, nil
}

// LogFilter selects the logs of one execution (logs list, download and
// delete; executions logs).
type LogFilter struct {
	MinLevel  string `name:"min-level" aliases:"level" placeholder:"LEVEL" values:"TRACE,DEBUG,INFO,WARN,ERROR" help:"Only logs at this level or above: TRACE, DEBUG, INFO, WARN or ERROR."`
	TaskID    string `name:"task-id" help:"Only the logs of this task."`
	TaskRunID string `name:"task-run-id" help:"Only the logs of this task run."`
	Attempt   *int   `placeholder:"N" help:"Only the logs of this attempt of a task run (0 is the first)."`
}

// Selection is the checked filter.
func (f LogFilter) Selection() (api.LogSelection, error) {
	level, err := CheckLevel(f.MinLevel)
	if err != nil {
		return api.LogSelection{}, err
	}
	if f.Attempt != nil && *f.Attempt < 0 {
		return api.LogSelection{}, cmderr.Usagef("--attempt must be 0 or more (0 is the first attempt)")
	}
	return api.LogSelection{MinLevel: level, TaskID: f.TaskID, TaskRunID: f.TaskRunID, Attempt: f.Attempt}, nil
}

// ExecutionLogs names the logs of one execution (logs download and
// delete): its id and the filter.
type ExecutionLogs struct {
	ID        string `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
	LogFilter `embed:""`
}

// Open checks the execution id and the filter and returns the selection
// and the API client.
func (l ExecutionLogs) Open(c *plugin.Context) (api.LogSelection, *api.Client, error) {
	if err := CheckExecutionID(l.ID); err != nil {
		return api.LogSelection{}, nil, err
	}
	sel, err := l.Selection()
	if err != nil {
		return sel, nil, err
	}
	cl, err := Client(c)
	return sel, cl, err
}

// ShowLogs prints the selected logs of an execution. With follow, it keeps
// printing new lines until the execution ends (NDJSON with -o json) and
// returns the outcome of its final state.
func ShowLogs(c *plugin.Context, id string, f LogFilter, follow bool) error {
	sel, cl, err := ExecutionLogs{ID: id, LogFilter: f}.Open(c)
	if err != nil {
		return err
	}
	// Check the execution first: a typo is a clear not-found.
	if _, err := cl.GetExecution(c, id); err != nil {
		return kestra.NotFoundAs(err, "execution %q not found", id)
	}
	out := NewLogPrinter(c, follow)
	if follow {
		if err := cl.FollowLogs(c, id, sel, out.Print); err != nil {
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
		e, err := cl.GetExecution(c, id)
		if err != nil {
			return err
		}
		if !api.Terminal(e.State.Current) {
			return nil // the stream ended early; nothing to judge
		}
		return Outcome(e)
	}
	entries, err := cl.Logs(c, id, sel)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := out.Print(e); err != nil {
			return err
		}
	}
	return out.Close()
}

// LogPrinter prints log entries: as readable lines in table mode (raw
// text: messages may span lines), as records otherwise (NDJSON when
// following).
type LogPrinter struct {
	c *plugin.Context
	t *plugin.Table
}

// LogColumns are the columns of a log record.
var LogColumns = []plugin.Column{{Header: "TIME", Path: "timestamp", Format: "time"}, {Header: "LEVEL", Path: "level"},
	plugin.Col("TASK", "taskId"), plugin.Col("MESSAGE", "message")}

// NewLogPrinter starts printing logs; live ones stream.
func NewLogPrinter(c *plugin.Context, live bool) *LogPrinter {
	p := &LogPrinter{c: c}
	if c.Structured() {
		if live {
			p.t = c.Stream(LogColumns...)
		} else {
			p.t = c.Table(LogColumns...)
		}
	}
	return p
}

// Print prints one entry.
func (p *LogPrinter) Print(e api.LogEntry) error {
	if p.t != nil {
		return p.t.Add(e.Raw)
	}
	task := e.TaskID
	if task == "" {
		task = "-"
	}
	_, err := fmt.Fprintf(p.c.Stdout(), "%s %-5s %s %s\n", plugin.LocalTime(e.Timestamp), e.Level, task, plugin.SanitizeText(e.Message))
	return err
}

// Close ends the output.
func (p *LogPrinter) Close() error {
	if p.t == nil {
		return nil
	}
	return p.t.Close("")
}
