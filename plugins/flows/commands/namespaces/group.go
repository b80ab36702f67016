// Package namespaces is the "namespaces" command group: list, inspect,
// create, update and delete namespaces, with their variables, limits and
// what they inherit.
package namespaces

import (
	"errors"
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Group is "kestractl namespaces".
type Group struct {
	List               List               `cmd:"" aliases:"ls" help:"List namespaces."`
	Get                Get                `cmd:"" aliases:"show,describe" help:"Show a namespace."`
	Create             Create             `cmd:"" help:"Create a namespace with a description, variables and limits (Enterprise)."`
	Update             Update             `cmd:"" help:"Change a namespace: only what you pass changes (Enterprise)."`
	Delete             Delete             `cmd:"" aliases:"rm" help:"Delete a namespace (asks first; the server refuses while it holds flows) (Enterprise)."`
	InheritedVariables InheritedVariables `cmd:"" name:"inherited-variables" help:"Show the variables a namespace's flows see, its own and its parents' (Enterprise)."`
	InheritedSecrets   InheritedSecrets   `cmd:"" name:"inherited-secrets" help:"Show the names of the secrets a namespace's flows see, its own and its parents'."`
	Search             Search             `cmd:"" help:"Search namespaces, page by page, as the server's search does."`
	Autocomplete       Autocomplete       `cmd:"" help:"Suggest namespace ids matching a text, as the server's autocomplete does."`
}

// enterprise names the Enterprise feature of these commands in errors.
const enterprise = "namespace administration"

// client returns the API client after checking the namespace argument.
func client(c *plugin.Context, ns string) (*api.Client, error) {
	if err := plugin.ValidateNamespace(ns); err != nil {
		return nil, err
	}
	return cmdutil.Client(c)
}

// explain turns an API error into the command's error: an open-source
// server says the feature is Enterprise-only (exit 4), a missing
// namespace is named, validation errors list their violations.
func explain(c *plugin.Context, err error, ns, format string, args ...any) error {
	if err == nil {
		return nil
	}
	if e := c.EnterpriseOnly(err, enterprise); e != err {
		return e
	}
	if kestra.IsNotFound(err) {
		return cmderr.New(cmderr.NotFound, "namespace %q not found", ns).
			WithHint("'kestractl namespaces list' shows the namespaces")
	}
	ce := cmderr.From(fmt.Errorf(format+": %w", append(args, err)...))
	var apiErr *kestra.APIError
	if errors.As(err, &apiErr) && len(apiErr.Violations) > 0 {
		ce = ce.WithDetails(apiErr.Violations...)
	}
	return ce
}
