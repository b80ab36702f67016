// Package cmdutil holds what the flows plugin's command groups share: the
// API client of a command, argument checks and error wording.
package cmdutil

import (
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
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

// Open returns the API client of a command once what the user typed is
// valid: invalid are the checks of its arguments (CheckFlowRef,
// CheckExecutionID...), the first error among them is returned.
func Open(c *plugin.Context, invalid ...error) (*api.Client, error) {
	for _, err := range invalid {
		if err != nil {
			return nil, err
		}
	}
	return Client(c)
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
