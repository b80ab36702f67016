package commands

import (
	"context"

	"github.com/kestractl/kestractl/plugins/nsfiles/nsapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// namespaceMustExist explains an empty listing: when the namespace does
// not exist (GET /api/v1/{tenant}/namespaces/{id} answers 404), the list
// fails with a not-found error naming it.
func namespaceMustExist(c *plugin.Context, client *kestra.Client, ns string) func(context.Context) error {
	return func(ctx context.Context) error {
		ok, err := nsapi.NamespaceExists(ctx, client, ns)
		switch {
		case kestra.IsStatus(err, 401, 403):
			// Not allowed to read the namespace: the empty list stands.
			return nil
		case err != nil:
			return err
		case !ok:
			return cmderr.New(cmderr.NotFound, "namespace %q not found", ns).
				WithHint("list the namespaces with: kestractl namespaces list")
		}
		return nil
	}
}
