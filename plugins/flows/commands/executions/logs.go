package executions

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Logs is "executions logs <execution_id>".
type Logs struct {
	ID     string `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
	Follow bool   `short:"f" help:"Keep printing new lines until the execution ends; the exit code then follows its final state. With -o json: NDJSON, one log per line."`
	Level  string `aliases:"min-level" values:"TRACE,DEBUG,INFO,WARN,ERROR" help:"Minimum level: TRACE, DEBUG, INFO, WARN or ERROR."`
}

// Examples implements manifest.Exampler.
func (*Logs) Examples() []string {
	return []string{
		"kestractl executions logs 4wjtkzwVGBM9yKnjm3yv8r --level WARN",
		"# follow as NDJSON, keeping the messages only\nkestractl executions logs 4wjtkzwVGBM9yKnjm3yv8r -f -o json --jq .message",
	}
}

// Levels are Kestra's log levels, lowest first.
var Levels = []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR"}

// Run prints the logs.
func (l *Logs) Run(c *plugin.Context) error {
	if err := cmdutil.CheckExecutionID(l.ID); err != nil {
		return err
	}
	level, err := l.level()
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	// Check the execution first: a typo is a clear not-found.
	if _, err := cl.GetExecution(c, l.ID); err != nil {
		return cmdutil.NotFound(err, "execution %q not found", l.ID)
	}
	out := newLogPrinter(c, l.Follow)
	if l.Follow {
		if err := cl.FollowLogs(c, l.ID, level, out.print); err != nil {
			return err
		}
		if err := out.close(); err != nil {
			return err
		}
		e, err := cl.GetExecution(c, l.ID)
		if err != nil {
			return err
		}
		if !api.Terminal(e.State.Current) {
			return nil // the stream ended early; nothing to judge
		}
		return outcome(e)
	}
	entries, err := cl.Logs(c, l.ID, level)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := out.print(e); err != nil {
			return err
		}
	}
	return out.close()
}

// level is the checked --level.
func (l *Logs) level() (string, error) {
	level := strings.ToUpper(l.Level)
	if level != "" && !slices.Contains(Levels, level) {
		return "", cmderr.Usagef("unknown level %q: use one of %s", l.Level, strings.Join(Levels, ", "))
	}
	return level, nil
}

// logPrinter prints log entries: as readable lines in table mode (raw
// text: messages may span lines), as records otherwise (NDJSON when
// following).
type logPrinter struct {
	c *plugin.Context
	t *plugin.Table
}

func newLogPrinter(c *plugin.Context, follow bool) *logPrinter {
	p := &logPrinter{c: c}
	if c.Structured() {
		cols := []plugin.Column{{Header: "TIME", Path: "timestamp", Format: "time"}, {Header: "LEVEL", Path: "level"},
			plugin.Col("TASK", "taskId"), plugin.Col("MESSAGE", "message")}
		if follow {
			p.t = c.Stream(cols...)
		} else {
			p.t = c.Table(cols...)
		}
	}
	return p
}

func (p *logPrinter) print(e api.LogEntry) error {
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

func (p *logPrinter) close() error {
	if p.t == nil {
		return nil
	}
	return p.t.Close("")
}
