package commands

import (
	"encoding/json"
	"fmt"

	"github.com/kestractl/kestractl/plugins/kv/kvapi"
	"github.com/kestractl/kestractl/plugins/kv/value"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Get shows a key.
type Get struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace."`
	Key       string `arg:"" completer:"kv-key" help:"Key."`
}

// Help is the detailed help of kv get.
func (g *Get) Help() string {
	return `With -o json or -o yaml, the server's answer is printed unchanged: type, value
(typed: a number stays a number, JSON stays JSON), revision and updated.`
}

// Examples implements the SDK's Exampler.
func (g *Get) Examples() []string {
	return []string{
		"kestractl kv get company.team api_url",
		"# Only the value, for a script\nkestractl kv get company.team api_url --jq .value",
	}
}

// detail is the table view of a key.
type detail struct {
	Namespace string `json:"namespace"`
	Key       string `json:"key"`
	Type      string `json:"type"`
	Value     string `json:"value"`
	Revision  *int   `json:"revision,omitempty"`
	Updated   string `json:"updated,omitempty"`
}

// Run reads the key (GET .../namespaces/{ns}/kv/{key}).
func (g *Get) Run(c *plugin.Context) error {
	if err := checkTarget(g.Namespace, g.Key); err != nil {
		return err
	}
	client, err := c.Kestra()
	if err != nil {
		return err
	}
	raw, err := kvapi.GetRaw(c, client, g.Namespace, g.Key)
	if kestra.IsNotFound(err) {
		return cmderr.New(cmderr.NotFound, "key %q not found in namespace %q", g.Key, g.Namespace)
	}
	if err != nil {
		return fmt.Errorf("get key %q of namespace %q: %w", g.Key, g.Namespace, err)
	}
	var d kvapi.Detail
	if err := json.Unmarshal(raw, &d); err != nil {
		return cmderr.New(cmderr.RemoteFailed, "key %q in namespace %q: the server's answer is not a key-value detail: %v", g.Key, g.Namespace, err)
	}
	if d.Type == "" && len(d.Value) == 0 {
		return cmderr.New(cmderr.RemoteFailed, "empty response for key %q in namespace %q", g.Key, g.Namespace)
	}
	if c.Structured() {
		return c.Object(raw)
	}
	v := detail{Namespace: g.Namespace, Key: g.Key, Type: d.Type, Value: value.Text(d.Value), Revision: d.Revision}
	if d.Updated != nil {
		v.Updated = plugin.LocalTime(*d.Updated)
	}
	return c.Object(v)
}
