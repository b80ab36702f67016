package commands

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ExecutionsList is "executions list".
type ExecutionsList struct {
	Namespace string   `short:"n" completer:"namespace" help:"Only executions of this namespace."`
	FlowID    string   `name:"flow-id" completer:"flow" help:"Only executions of this flow."`
	State     []string `placeholder:"STATE" help:"Only executions in these states (repeatable or comma-separated), e.g. FAILED,KILLED."`
	Page      int      `help:"Fetch only this page (1-based)."`
	Size      int      `help:"Page size; with --page or --size only one page is fetched."`
}

// states are Kestra's execution states.
var states = []string{"CREATED", "SUBMITTED", "RUNNING", "PAUSED", "RESTARTED", "KILLING", "SUCCESS", "WARNING", "FAILED",
	"KILLED", "CANCELLED", "QUEUED", "RETRYING", "RETRIED", "SKIPPED", "BREAKPOINT", "RESUBMITTED"}

// Run lists the executions.
func (l *ExecutionsList) Run(c *plugin.Context) error {
	q := url.Values{}
	if l.Namespace != "" {
		if err := flowfile.ValidateNamespace(l.Namespace); err != nil {
			return cmderr.Usagef("%v", err)
		}
		q.Set("filters[namespace][EQUALS]", l.Namespace)
	}
	if l.FlowID != "" {
		if err := flowfile.ValidateID(l.FlowID); err != nil {
			return cmderr.Usagef("%v", err)
		}
		q.Set("filters[flowId][EQUALS]", l.FlowID)
	}
	var wanted []string
	for _, s := range l.State {
		for _, part := range strings.Split(s, ",") {
			part = strings.ToUpper(strings.TrimSpace(part))
			if part == "" {
				continue
			}
			if !slices.Contains(states, part) {
				return cmderr.Usagef("unknown state %q: use one of %s", part, strings.Join(states, ", "))
			}
			wanted = append(wanted, part)
		}
	}
	switch len(wanted) {
	case 0:
	case 1:
		q.Set("filters[state][EQUALS]", wanted[0])
	default:
		q.Set("filters[state][IN]", strings.Join(wanted, ","))
	}
	if l.Page < 0 || l.Size < 0 {
		return cmderr.Usagef("--page and --size must be positive")
	}
	page, size := l.Page, l.Size
	if page > 0 || size > 0 {
		if page == 0 {
			page = 1
		}
		if size == 0 {
			size = 50
		}
	} else {
		size = 200
	}
	cl, err := client(c)
	if err != nil {
		return err
	}
	t := c.Table(plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("FLOW", "flowId"),
		plugin.Column{Header: "STATE", Path: "state.current", Format: "status"},
		plugin.Column{Header: "STARTED", Path: "state.startDate", Format: "time"},
		plugin.Column{Header: "DURATION", Path: "state.duration", Format: "duration"})
	n := 0
	var total int64
	err = cl.SearchExecutions(c, q, page, size, func(items []json.RawMessage, tot int64) error {
		total = tot
		for _, raw := range items {
			if err := t.Add(raw); err != nil {
				return err
			}
			n++
		}
		return t.Flush()
	})
	if err != nil {
		return err
	}
	footer := fmt.Sprintf("%d execution(s)", n)
	if page > 0 {
		footer = fmt.Sprintf("Showing %d execution(s) (page %d, total %d)", n, page, total)
	}
	return t.Close(footer)
}
