package namespaces

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Delete is "namespaces delete <namespace>".
type Delete struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace id."`
}

// Help is the detailed help of namespaces delete.
func (*Delete) Help() string {
	return `Asks first on a terminal; without one, --yes is needed. Kestra refuses to
delete a namespace that still holds flows (its own or a child's): delete or
move them first. With -o json the result is {"status": "deleted",
"namespace"}.`
}

// Examples implements manifest.Exampler.
func (*Delete) Examples() []string {
	return []string{
		"kestractl namespaces delete company.old",
		"# In a script\nkestractl namespaces rm company.old --yes",
	}
}

// deleted is the JSON result of a delete.
type deleted struct {
	Status    string `json:"status"`
	Namespace string `json:"namespace"`
}

// Run checks the namespace exists, asks, and deletes it.
func (d *Delete) Run(c *plugin.Context) error {
	cl, err := client(c, d.Namespace)
	if err != nil {
		return err
	}
	if _, err := cl.GetNamespace(c, d.Namespace); err != nil {
		return explain(c, err, d.Namespace, "read namespace %q", d.Namespace)
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("Delete namespace '%s'?", d.Namespace)); err != nil {
		return err
	}
	err = cl.DeleteNamespace(c, d.Namespace)
	var apiErr *kestra.APIError
	if kestra.IsStatus(err, http.StatusConflict) && errors.As(err, &apiErr) {
		return cmderr.New(cmderr.Conflict, "namespace %q was not deleted: the server refuses while it holds flows (%s)", d.Namespace, apiErr.Message).
			WithHint("see them with 'kestractl flows list %s', delete or move them, then delete the namespace", d.Namespace)
	}
	if err != nil {
		return explain(c, err, d.Namespace, "delete namespace %q", d.Namespace)
	}
	if c.Structured() {
		if err := c.Object(deleted{Status: "deleted", Namespace: d.Namespace}); err != nil {
			return err
		}
	}
	return c.Success("Namespace '%s' deleted", d.Namespace)
}
