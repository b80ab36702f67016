package flows

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Expressions is "flows expressions --file PATH [--task-id ID]".
type Expressions struct {
	File   string `required:"" placeholder:"PATH" completer:"file" help:"The flow file (- reads stdin)."`
	TaskID string `name:"task-id" placeholder:"ID" help:"The task the expressions are for: the outputs offered are those of the tasks before it (default: every task's)."`
}

// Examples implements manifest.Exampler.
func (*Expressions) Examples() []string {
	return []string{"kestractl flows expressions --file flows/hello.yaml --task-id report", "kestractl flows expressions --file flows/hello.yaml -o json"}
}

// Help implements kong.HelpProvider.
func (*Expressions) Help() string {
	return `Lists the Pebble expressions a task of the flow can use (POST /flows/expressions): task outputs, execution
context, inputs, variables, filters and functions. The table has one row per expression (category, expression);
-o json prints the server's ExpressionContext.`
}

type expressionRow struct {
	Category   string `json:"category"`
	Expression string `json:"expression"`
}

// Run lists the expressions.
func (e *Expressions) Run(c *plugin.Context) error {
	src, _, err := readFileArg(c, "--file", e.File)
	if err != nil {
		return err
	}
	if e.TaskID != "" {
		if err := plugin.ValidateID("task id", e.TaskID, 100); err != nil {
			return err
		}
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.Expressions(c, src, e.TaskID)
	if err != nil {
		return err
	}
	if c.Structured() {
		return c.Object(raw)
	}
	var ctx struct {
		Categories map[string][]string `json:"categories"`
	}
	if err := json.Unmarshal(raw, &ctx); err != nil {
		return fmt.Errorf("decode the expressions: %w", err)
	}
	// The categories in a stable order: the flow's own first.
	order := []string{"taskOutputs", "inputs", "variables", "executionContext", "secrets", "kvPairs", "namespaceFiles", "appContext", "filters", "functions"}
	for k := range ctx.Categories {
		if !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	t := c.Table(plugin.Col("CATEGORY", "category"), plugin.Col("EXPRESSION", "expression"))
	n := 0
	for _, cat := range order {
		for _, x := range ctx.Categories[cat] {
			n++
			if err := t.Add(expressionRow{Category: cat, Expression: x}); err != nil {
				return err
			}
		}
	}
	return t.Close(plural(n, "expression"))
}
