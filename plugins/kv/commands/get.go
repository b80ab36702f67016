package commands

import (
	"encoding/json"
	"fmt"

	"github.com/kestractl/kestractl/plugins/kv/kvapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Get shows a key.
type Get struct {
	Namespace string `arg:"" help:"Namespace."`
	Key       string `arg:"" help:"Key."`
}

// Run reads the key.
func (g *Get) Run(c *plugin.Context) error {
	if err := checkTarget(g.Namespace, g.Key); err != nil {
		return err
	}
	client, err := c.Kestra()
	if err != nil {
		return err
	}
	d, err := kvapi.Get(c, client, g.Namespace, g.Key)
	if kestra.IsNotFound(err) {
		return cmderr.New(cmderr.NotFound, "key %q not found in namespace %q", g.Key, g.Namespace)
	}
	if err != nil {
		return fmt.Errorf("get key %q of namespace %q: %w", g.Key, g.Namespace, err)
	}
	if d.Type == "" && len(d.Value) == 0 {
		return cmderr.New(cmderr.RemoteFailed, "empty response for key %q in namespace %q", g.Key, g.Namespace)
	}
	if len(d.Value) == 0 {
		d.Value = json.RawMessage("null")
	}
	return c.Object(struct {
		Namespace string          `json:"namespace"`
		Key       string          `json:"key"`
		Type      string          `json:"type"`
		Value     json.RawMessage `json:"value"`
	}{g.Namespace, g.Key, d.Type, d.Value})
}
