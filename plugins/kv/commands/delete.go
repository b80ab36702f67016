package commands

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/kv/kvapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Delete removes a key.
type Delete struct {
	Namespace string `arg:"" help:"Namespace."`
	Key       string `arg:"" help:"Key."`
}

// Run deletes the key after confirmation (--yes skips it).
func (d *Delete) Run(c *plugin.Context) error {
	if err := checkTarget(d.Namespace, d.Key); err != nil {
		return err
	}
	client, err := c.Kestra()
	if err != nil {
		return err
	}
	ok, err := c.Confirm(fmt.Sprintf("Delete key %q of namespace %q?", d.Key, d.Namespace))
	if err != nil {
		return err
	}
	if !ok {
		return cmderr.New(cmderr.Cancelled, "cancelled: key %q was not deleted", d.Key)
	}
	deleted, err := kvapi.Delete(c, client, d.Namespace, d.Key)
	if err != nil {
		return fmt.Errorf("delete key %q of namespace %q: %w", d.Key, d.Namespace, err)
	}
	if !deleted {
		return cmderr.New(cmderr.NotFound, "key %q not found in namespace %q: nothing deleted", d.Key, d.Namespace)
	}
	if c.Format() == plugin.FormatTable {
		return c.Success("Key-value pair deleted successfully! (%s %s)", d.Namespace, d.Key)
	}
	return c.Object(struct {
		Namespace string `json:"namespace"`
		Key       string `json:"key"`
		Deleted   bool   `json:"deleted"`
	}{d.Namespace, d.Key, true})
}
