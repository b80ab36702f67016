package flows

import (
	"bytes"
	"encoding/json"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Task is "flows task <namespace> <flow_id> <task_id> [--revision N]".
type Task struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	TaskID    string `arg:"" name:"task_id" help:"Task id (anywhere in the flow, also inside flowable tasks)."`
	Revision  int    `placeholder:"N" help:"The task of this revision (default: the current one)."`
}

// Examples implements manifest.Exampler.
func (*Task) Examples() []string {
	return []string{"kestractl flows task company.team hello log", "kestractl flows task company.team hello log --revision 2 -o json"}
}

// Help implements kong.HelpProvider.
func (*Task) Help() string {
	return "Prints the task as YAML; -o json prints the server's object."
}

// Run prints the task.
func (t *Task) Run(c *plugin.Context) error {
	if err := cmdutil.CheckFlowRef(t.Namespace, t.FlowID); err != nil {
		return err
	}
	if err := plugin.ValidateID("task id", t.TaskID, 100); err != nil {
		return err
	}
	if t.Revision < 0 {
		return cmderr.Usagef("invalid --revision %d: revisions start at 1", t.Revision)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.Task(c, t.Namespace, t.FlowID, t.TaskID, t.Revision)
	if err != nil {
		if _, ferr := cl.GetFlow(c, t.Namespace, t.FlowID, false); ferr != nil {
			return kestra.NotFoundAs(ferr, "flow %q not found in namespace %q", t.FlowID, t.Namespace)
		}
		if t.Revision > 0 {
			if _, rerr := cl.GetFlowRevision(c, t.Namespace, t.FlowID, t.Revision); rerr != nil {
				return revisionNotFound(c, rerr, t.Namespace, t.FlowID, t.Revision)
			}
		}
		return kestra.NotFoundAs(err, "flow '%s' has no task '%s'", t.FlowID, t.TaskID)
	}
	if c.Structured() {
		return c.Object(raw)
	}
	out, err := jsonToYAML(raw)
	if err != nil {
		return err
	}
	_, err = c.Stdout().Write(out)
	return err
}

// jsonToYAML renders a JSON value as block YAML, keys in the server's
// order.
func jsonToYAML(raw json.RawMessage) ([]byte, error) {
	var node yaml.Node
	// JSON is YAML: the node keeps the keys' order.
	if err := yaml.Unmarshal(raw, &node); err != nil {
		return nil, fmt.Errorf("decode the server's answer: %w", err)
	}
	var plain func(n *yaml.Node)
	plain = func(n *yaml.Node) {
		n.Style &^= yaml.FlowStyle | yaml.DoubleQuotedStyle
		for _, child := range n.Content {
			plain(child)
		}
	}
	plain(&node)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&node); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
