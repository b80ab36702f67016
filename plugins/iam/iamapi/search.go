package iamapi

import (
	"context"
	"errors"
	"net/url"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Search is a paged list route: its path, for the SDK's list grammar, and
// how its errors are explained (an open-source server, a permission).
type Search struct {
	c *Client
	r call
}

func (c *Client) search(op string, sc scope, path string) Search {
	return Search{c: c, r: call{op: op, scope: sc, path: path}}
}

// Path is the route's path.
func (s Search) Path() string { return s.r.path }

// Explain turns an error of a list of this route into the IAM plugin's
// error (a command error is returned as is).
func (s Search) Explain(ctx context.Context, err error) error {
	var ce *cmderr.Error
	if err == nil || errors.As(err, &ce) {
		return err
	}
	return s.c.fail(ctx, s.r, err)
}

// List calls fn with the pages of the route (one page with q.Page).
func (s Search) List(ctx context.Context, q Query, fn PageFunc) error {
	return s.c.list(ctx, s.r, q, fn)
}

// Users is GET /api/v1/users.
func (c *Client) Users() Search { return c.search("list users", instance, userListPath()) }

// Groups is GET /api/v1/{tenant}/groups/search.
func (c *Client) Groups() Search {
	return c.search("list groups", tenant, c.k.TenantPath("groups", "search"))
}

// GroupMembers is GET /api/v1/{tenant}/groups/{id}/members.
func (c *Client) GroupMembers(id string) Search {
	return c.search("list the members of group "+quote(id), tenant, c.groupPath(id, "members"))
}

// Roles is GET /api/v1/{tenant}/roles/search.
func (c *Client) Roles() Search {
	return c.search("list roles", tenant, c.k.TenantPath("roles", "search"))
}

// ServiceAccounts is GET /api/v1/service-accounts.
func (c *Client) ServiceAccounts() Search {
	return c.search("list service accounts", instance, serviceAccountListPath())
}

// Bindings is GET /api/v1/{tenant}/bindings/search.
func (c *Client) Bindings() Search {
	return c.search("list bindings", tenant, c.k.TenantPath("bindings", "search"))
}

// Invitations is GET /api/v1/{tenant}/invitations/search.
func (c *Client) Invitations() Search {
	return c.search("list invitations", tenant, c.k.TenantPath("invitations", "search"))
}

// Params are the search parameters of bindings: type, id (the user or
// group) and namespace, each when set.
func (f BindingFilter) Params() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"type": f.Type, "id": f.ExternalID, "namespace": f.Namespace} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}
