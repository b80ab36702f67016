package flows

import (
	"encoding/json"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ValidateTrigger is "flows validate-trigger --file PATH".
type ValidateTrigger struct {
	File string `required:"" placeholder:"PATH" completer:"file" help:"A YAML or JSON file holding one trigger definition (- reads stdin)."`
}

// Examples implements manifest.Exampler.
func (*ValidateTrigger) Examples() []string {
	return []string{"kestractl flows validate-trigger --file schedule.yaml"}
}

// Help implements kong.HelpProvider.
func (*ValidateTrigger) Help() string {
	return "The trigger is sent as JSON (POST /flows/validate/trigger). " + componentHelp
}

// Run validates the trigger.
func (v *ValidateTrigger) Run(c *plugin.Context) error {
	src, name, err := readFileArg(c, "--file", v.File)
	if err != nil {
		return err
	}
	body, err := yamlToJSON(src)
	if err != nil {
		return cmderr.Usagef("%s is not a YAML or JSON mapping: %v", name, err)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.ValidateTrigger(c, body)
	if err != nil {
		return err
	}
	return showViolation(c, raw, "trigger", name)
}

// yamlToJSON converts one YAML mapping to JSON.
func yamlToJSON(src []byte) (json.RawMessage, error) {
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a trigger is a mapping")
	}
	return json.Marshal(m)
}
