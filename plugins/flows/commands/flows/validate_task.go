package flows

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ValidateTask is "flows validate-task --file PATH [--section tasks|triggers]".
type ValidateTask struct {
	File    string `required:"" placeholder:"PATH" completer:"file" help:"A YAML file holding one task (or trigger) definition (- reads stdin)."`
	Section string `default:"TASKS" values:"TASKS,TRIGGERS" help:"What the file holds: TASKS or TRIGGERS (any case)."`
}

// Examples implements manifest.Exampler.
func (*ValidateTask) Examples() []string {
	return []string{"kestractl flows validate-task --file task.yaml", "kestractl flows validate-task --file schedule.yaml --section triggers -o json"}
}

// Help implements kong.HelpProvider.
func (*ValidateTask) Help() string { return componentHelp }

const componentHelp = `Prints "valid", or the constraints the server found and exits 1 (a CI gate). -o json prints the
server's ValidateConstraintViolation.`

// Run validates the task.
func (v *ValidateTask) Run(c *plugin.Context) error {
	section := strings.ToUpper(v.Section)
	if section != "TASKS" && section != "TRIGGERS" {
		return cmderr.Usagef("invalid --section %q: use TASKS or TRIGGERS", v.Section)
	}
	src, name, err := readFileArg(c, "--file", v.File)
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.ValidateTask(c, src, section)
	if err != nil {
		return err
	}
	what := "task"
	if section == "TRIGGERS" {
		what = "trigger"
	}
	return showViolation(c, raw, what, name)
}

// showViolation prints a ValidateConstraintViolation of a task or trigger
// and fails (exit 1) when it holds constraints.
func showViolation(c *plugin.Context, raw json.RawMessage, what, name string) error {
	var v struct {
		Constraints string   `json:"constraints"`
		Warnings    []string `json:"warnings"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return fmt.Errorf("decode the server's verdict: %w", err)
	}
	if c.Structured() {
		if err := c.Object(raw); err != nil {
			return err
		}
	} else {
		for _, w := range v.Warnings {
			if err := c.Warn("%s", w); err != nil {
				return err
			}
		}
	}
	if strings.TrimSpace(v.Constraints) == "" {
		if c.Structured() {
			return nil
		}
		return c.Success("The %s in %s is valid.", what, name)
	}
	lines := strings.Split(strings.TrimSpace(v.Constraints), "\n")
	return cmderr.New(cmderr.Generic, "the %s in %s is invalid", what, name).WithDetails(lines...)
}
