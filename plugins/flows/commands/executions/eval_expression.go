package executions

import (
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// EvalExpression is "executions eval-expression <execution_id> <expression>".
type EvalExpression struct {
	ID         string `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
	Expression string `arg:"" help:"A Pebble expression, e.g. '{{ outputs.extract.uri }}'; - reads it from stdin."`
	TaskRunID  string `name:"task-run-id" placeholder:"TASK_RUN_ID" help:"Evaluate in the context of this task run (taskrun variables)."`
}

// Examples implements manifest.Exampler.
func (*EvalExpression) Examples() []string {
	return []string{
		"kestractl executions eval-expression 4wjtkzwVGBM9yKnjm3yv8r '{{ outputs.extract.uri }}'",
		"kestractl executions eval-expression 4wjtkzwVGBM9yKnjm3yv8r '{{ inputs.day | upper }}' -o json",
	}
}

// Run renders the expression: the result on stdout, or the server's
// evaluation error (exit 1); -o json prints the server's EvalResult.
func (e *EvalExpression) Run(c *plugin.Context) error {
	if err := cmdutil.CheckExecutionID(e.ID); err != nil {
		return err
	}
	expr, _, err := c.ValueOrStdin(e.Expression, "expression", false, 1<<20)
	if err != nil {
		return err
	}
	if strings.TrimSpace(expr) == "" {
		return cmderr.Usagef("the expression is empty")
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, res, err := cl.EvalExpression(c, e.ID, e.TaskRunID, expr)
	if err != nil {
		return actionError(c, cl, e.ID, err)
	}
	if c.Structured() {
		if err := c.Object(raw); err != nil {
			return err
		}
	} else if res.Result != nil {
		if _, err := fmt.Fprintln(c.Stdout(), plugin.SanitizeText(*res.Result)); err != nil {
			return err
		}
	}
	if res.Error != "" || res.Result == nil {
		msg := strings.TrimSpace(res.Error)
		if msg == "" {
			msg = "the server gave no result"
		}
		first, _, _ := strings.Cut(msg, "\n")
		return cmderr.New(cmderr.Generic, "cannot evaluate the expression: %s", first)
	}
	return nil
}
