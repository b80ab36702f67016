package executions

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// printExecution prints an execution: the server's object with -o json or
// yaml; in table mode "Key: value" lines (the lines scripts of the public
// kestractl read), then labels, inputs, task runs and outputs when detail
// is set, as `gh run view` shows a run.
func printExecution(c *plugin.Context, e *api.Execution, detail bool) error {
	if c.Structured() {
		return c.Object(e.Raw)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Execution ID: %s\nFlow: %s\nNamespace: %s\n", e.ID, e.FlowID, e.Namespace)
	if e.FlowRevision > 0 {
		fmt.Fprintf(&b, "Revision: %d\n", e.FlowRevision)
	}
	state := e.State.Current
	if state == "" {
		state = "unknown"
	}
	fmt.Fprintf(&b, "State: %s\n", state)
	if e.OriginalID != "" && e.OriginalID != e.ID {
		fmt.Fprintf(&b, "Replay of: %s\n", e.OriginalID)
	}
	if e.State.StartDate != "" {
		fmt.Fprintf(&b, "Started: %s\n", plugin.LocalTime(e.State.StartDate))
	}
	if e.State.EndDate != "" {
		fmt.Fprintf(&b, "Ended: %s\n", plugin.LocalTime(e.State.EndDate))
	}
	if d := durationOf(e.State); d != "" {
		fmt.Fprintf(&b, "Duration: %s\n", d)
	}
	if e.URL != "" {
		fmt.Fprintf(&b, "URL: %s\n", e.URL)
	}
	if detail {
		writeDetail(&b, e)
	}
	_, err := fmt.Fprint(c.Stdout(), plugin.SanitizeText(b.String()))
	return err
}

func writeDetail(b *strings.Builder, e *api.Execution) {
	if len(e.Labels) > 0 {
		b.WriteString("Labels:\n")
		for _, l := range e.Labels {
			fmt.Fprintf(b, "  %s: %s\n", l.Key, l.Value)
		}
	}
	if len(e.Inputs) > 0 {
		b.WriteString("Inputs:\n")
		for _, k := range sortedKeys(e.Inputs) {
			fmt.Fprintf(b, "  %s: %s\n", k, shortJSON(e.Inputs[k]))
		}
	}
	if len(e.TaskRuns) > 0 {
		b.WriteString("\nTASK RUNS\n")
		w := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "TASK\tSTATE\tATTEMPTS\tSTARTED\tDURATION")
		for _, tr := range e.TaskRuns {
			task := tr.TaskID
			if tr.Value != "" {
				task += " (" + tr.Value + ")"
			}
			fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\n", task, tr.State.Current, len(tr.Attempts),
				plugin.LocalTime(tr.State.StartDate), durationOf(tr.State))
		}
		_ = w.Flush()
	}
	var outputs []string
	for _, tr := range e.TaskRuns {
		for _, k := range sortedKeys(tr.Outputs) {
			outputs = append(outputs, fmt.Sprintf("%s\t%s\t%s", tr.TaskID, k, shortJSON(tr.Outputs[k])))
		}
	}
	for _, k := range sortedKeys(e.Outputs) {
		outputs = append(outputs, fmt.Sprintf("(flow)\t%s\t%s", k, shortJSON(e.Outputs[k])))
	}
	if len(outputs) > 0 {
		b.WriteString("\nOUTPUTS\n")
		w := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "TASK\tNAME\tVALUE")
		for _, o := range outputs {
			fmt.Fprintln(w, o)
		}
		_ = w.Flush()
	}
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// shortJSON shows a value on one line: a string as is, anything else as
// compact JSON, cut at 80 characters.
func shortJSON(raw json.RawMessage) string {
	var s string
	out := string(raw)
	if json.Unmarshal(raw, &s) == nil {
		out = s
	}
	out = strings.ReplaceAll(out, "\n", " ")
	if r := []rune(out); len(r) > 80 {
		out = string(r[:79]) + "…"
	}
	return out
}

// durationOf formats a state's duration from its dates.
func durationOf(s api.State) string {
	start, err1 := time.Parse(time.RFC3339Nano, s.StartDate)
	end, err2 := time.Parse(time.RFC3339Nano, s.EndDate)
	if err1 != nil || err2 != nil {
		return ""
	}
	d := end.Sub(start)
	switch {
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	}
	return d.Round(time.Millisecond).String()
}
