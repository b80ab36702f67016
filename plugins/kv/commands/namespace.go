package commands

import (
	"context"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// pickNamespace is the namespace of a list, given as the positional
// argument (as the public kestractl) or with -n/--namespace; both are
// accepted when they agree.
func pickNamespace(positional, flag string) (string, error) {
	ns := positional
	switch {
	case ns == "":
		ns = flag
	case flag != "" && flag != ns:
		return "", cmderr.Usagef("two namespaces: %q and -n %q; give one", positional, flag)
	}
	if ns == "" {
		return "", nil
	}
	return ns, checkNamespace(ns)
}

// namespaceMustExist explains an empty list filtered by a namespace: when
// the namespace does not exist (GET /api/v1/{tenant}/namespaces/{id}
// answers 404), the list fails with a not-found error naming it.
func namespaceMustExist(c *plugin.Context, ns string) func(context.Context) error {
	return func(ctx context.Context) error {
		if ns == "" {
			return nil
		}
		k, err := c.Kestra()
		if err != nil {
			return err
		}
		err = k.Get(ctx, k.TenantPath("namespaces", ns), nil, nil)
		switch {
		case kestra.IsNotFound(err):
			return cmderr.New(cmderr.NotFound, "namespace %q not found", ns).
				WithHint("list the namespaces with: kestractl namespaces list")
		case kestra.IsStatus(err, 401, 403):
			// Not allowed to read the namespace: the empty list stands.
			return nil
		}
		return err
	}
}
