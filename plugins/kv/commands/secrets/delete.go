package secrets

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/kv/secretsapi"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Delete is "secrets delete <namespace> <key>".
type Delete struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace."`
	Key       string `arg:"" completer:"secret-key" help:"Secret key."`
}

// Help is the detailed help of secrets delete.
func (*Delete) Help() string {
	return `Asks first on a terminal; without one, --yes is needed. Flows that read the
secret fail afterwards (unless a parent namespace has one of the same key).
With -o json the result is {"status": "deleted", "namespace", "key"}.`
}

// Examples implements the SDK's Exampler.
func (*Delete) Examples() []string {
	return []string{
		"kestractl secrets delete company.team DB_PASSWORD",
		"# In a script\nkestractl secrets rm company.team DB_PASSWORD --yes",
	}
}

type deleted struct {
	Status    string `json:"status"`
	Namespace string `json:"namespace"`
	Key       string `json:"key"`
}

// Run checks the secret exists, asks, and deletes it.
func (d *Delete) Run(c *plugin.Context) error {
	if err := checkTarget(d.Namespace, d.Key); err != nil {
		return err
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	cur, err := secretsapi.Find(c, k, d.Namespace, d.Key)
	if err != nil {
		return explain(c, err, d.Namespace, d.Key, "read")
	}
	if cur == nil {
		return missing(c, d.Namespace, d.Key)
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("Delete secret '%s' of %s? Flows reading it will fail.", d.Key, d.Namespace)); err != nil {
		return err
	}
	if err := secretsapi.Delete(c, k, d.Namespace, d.Key); err != nil {
		return explain(c, err, d.Namespace, d.Key, "delete")
	}
	if c.Structured() {
		if err := c.Object(deleted{Status: "deleted", Namespace: d.Namespace, Key: d.Key}); err != nil {
			return err
		}
	}
	return c.Success("Secret '%s' deleted in %s", d.Key, d.Namespace)
}
