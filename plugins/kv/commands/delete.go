package commands

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/kv/kvapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Delete removes a key.
type Delete struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace."`
	Key       string `arg:"" completer:"kv-key" help:"Key."`
}

// Help is the detailed help of kv delete.
func (d *Delete) Help() string {
	return `Asks first on a terminal; without one, --yes is needed. With -o json the
result is {"namespace", "key", "status": "deleted"}.`
}

// Examples implements the SDK's Exampler.
func (d *Delete) Examples() []string {
	return []string{
		"kestractl kv delete company.team api_url",
		"# In a script\nkestractl kv rm company.team api_url --yes",
	}
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
	if err := c.ConfirmOrCancel(fmt.Sprintf("Delete key '%s' in %s?", d.Key, d.Namespace)); err != nil {
		return err
	}
	deleted, err := kvapi.Delete(c, client, d.Namespace, d.Key)
	if err != nil {
		return fmt.Errorf("delete key %q of namespace %q: %w", d.Key, d.Namespace, err)
	}
	if !deleted {
		return cmderr.New(cmderr.NotFound, "key %q not found in namespace %q: nothing deleted", d.Key, d.Namespace)
	}
	if err := c.Success("Key '%s' deleted in %s", d.Key, d.Namespace); err != nil {
		return err
	}
	if !c.Structured() {
		return nil
	}
	return c.Object(result{Status: "deleted", Namespace: d.Namespace, Key: d.Key})
}
