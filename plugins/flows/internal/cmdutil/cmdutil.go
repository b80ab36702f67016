// Package cmdutil holds what the flows plugin's command groups share: the
// API client of a command, argument checks and error wording.
package cmdutil

import (
	"net/http"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Client returns the API client of the command.
func Client(c *plugin.Context) (*api.Client, error) {
	k, err := c.Kestra()
	if err != nil {
		return nil, err
	}
	return api.New(k), nil
}

// NotFound rewords a 404 as a precise not-found error.
func NotFound(err error, format string, args ...any) error {
	if kestra.IsStatus(err, http.StatusNotFound) {
		return cmderr.New(cmderr.NotFound, format, args...)
	}
	return err
}

// CheckFlowRef validates a namespace and a flow id given on the line.
func CheckFlowRef(namespace, id string) error {
	if err := plugin.ValidateNamespace(namespace); err != nil {
		return err
	}
	return plugin.ValidateID("flow id", id, 100)
}

// CheckExecutionID rejects words that cannot be execution ids.
func CheckExecutionID(id string) error {
	if id == "" || len(id) > 64 || strings.ContainsAny(id, "/\\?#% \t\n") {
		return cmderr.Usagef("invalid execution id %q", id)
	}
	return nil
}

// NamespaceExists explains an empty list filtered by a namespace: a
// namespace that does not exist is a not-found error naming it.
func NamespaceExists(c *plugin.Context, ns string) error { return c.NamespaceMustExist(ns) }
