package iamapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Ref is a user, group, role or service account found from what the user
// typed: its id, an e-mail address or a name.
type Ref struct {
	ID   string
	Name string // e-mail (users) or name; "" when unknown
	// Raw is the object as GET answered it, when it was read by id.
	Raw json.RawMessage
}

// Label names the object in messages: "'alice@example.com' (id u1)".
func (r Ref) Label() string { return label(r.Name, r.ID) }

// resolver describes how one kind of object is found.
type resolver struct {
	noun, plural string
	get          func(ctx context.Context, id string) (json.RawMessage, error)
	search       Search
	// names are the names an item answers to, strongest first (an
	// e-mail before a display name); the first is its label.
	names func(raw json.RawMessage) (id string, names []string)
	// forbidden, when set, finds the object another way when the caller
	// may not read it (a tenant administrator and instance-level users).
	forbidden func(ctx context.Context, ref string) (Ref, error)
}

func userNames(raw json.RawMessage) (string, []string) {
	var u struct{ ID, Email, Username, DisplayName string }
	_ = json.Unmarshal(raw, &u)
	return u.ID, nonEmpty(u.Email, u.Username, u.DisplayName)
}

func namedNames(raw json.RawMessage) (string, []string) {
	var v struct{ ID, Name string }
	_ = json.Unmarshal(raw, &v)
	return v.ID, nonEmpty(v.Name)
}

func nonEmpty(vals ...string) []string {
	var out []string
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// ResolveUser finds a user by id, e-mail (username) or display name.
func (c *Client) ResolveUser(ctx context.Context, ref string) (Ref, error) {
	return c.resolve(ctx, resolver{noun: "user", plural: "users", get: c.GetUser, search: c.Users(), names: userNames,
		forbidden: c.userFromTenant}, ref)
}

// ResolveGroup finds a group of the tenant by id or name.
func (c *Client) ResolveGroup(ctx context.Context, ref string) (Ref, error) {
	return c.resolve(ctx, resolver{noun: "group", plural: "groups", get: c.GetGroup, search: c.Groups(), names: namedNames}, ref)
}

// ResolveRole finds a role of the tenant by id or name.
func (c *Client) ResolveRole(ctx context.Context, ref string) (Ref, error) {
	return c.resolve(ctx, resolver{noun: "role", plural: "roles", get: c.GetRole, search: c.Roles(), names: namedNames}, ref)
}

// ResolveServiceAccount finds a service account by id or name.
func (c *Client) ResolveServiceAccount(ctx context.Context, ref string) (Ref, error) {
	return c.resolve(ctx, resolver{noun: "service account", plural: "service accounts", get: c.GetServiceAccount,
		search: c.ServiceAccounts(), names: namedNames}, ref)
}

// resolve reads ref as an id first; when no object has that id, it
// searches for the objects whose e-mail or name is ref: exactly one must
// match (case-sensitively, else ignoring case), several are listed.
func (c *Client) resolve(ctx context.Context, r resolver, ref string) (Ref, error) {
	if strings.TrimSpace(ref) == "" {
		return Ref{}, cmderr.Usagef("empty %s id", r.noun)
	}
	raw, err := r.get(ctx, ref)
	switch {
	case err == nil:
		id, names := r.names(raw)
		if id == "" {
			id = ref
		}
		return Ref{ID: id, Name: first(names), Raw: raw}, nil
	case isStatus(err, http.StatusForbidden):
		if r.forbidden != nil {
			return r.forbidden(ctx, ref)
		}
		return Ref{ID: ref}, nil
	case !isStatus(err, http.StatusNotFound):
		return Ref{}, err
	}
	var exact, folded []Ref
	q := Query{Page: 1, Size: 100, Filters: []Filter{Equals("q", ref)}}
	err = r.search.List(ctx, q, func(items []json.RawMessage, _ int64) error {
		for _, item := range items {
			id, names := r.names(item)
			for _, n := range names {
				if n == ref {
					exact = append(exact, Ref{ID: id, Name: first(names)})
					break
				}
				if strings.EqualFold(n, ref) {
					folded = append(folded, Ref{ID: id, Name: first(names)})
					break
				}
			}
		}
		return nil
	})
	if err != nil {
		return Ref{}, err
	}
	found := exact
	if len(found) == 0 {
		found = folded
	}
	return pick(r.noun, r.plural, ref, found)
}

// pick is the one object found, or an error naming the candidates.
func pick(noun, plural, ref string, found []Ref) (Ref, error) {
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Ref{}, cmderr.New(cmderr.NotFound, "no %s has the id, e-mail or name %q", noun, ref).
			WithHint("'kestractl %s list -q %s' searches them", strings.ReplaceAll(plural, " ", "-"), ref)
	}
	labels := make([]string, 0, len(found))
	for _, f := range found {
		labels = append(labels, f.Label())
	}
	return Ref{}, cmderr.Usagef("%q names %d %s: %s", ref, len(found), plural, strings.Join(labels, ", ")).
		WithHint("give the id of the one you mean")
}

func first(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// userFromTenant finds a user among those with access to the tenant
// (POST {tenant}/tenant-access/autocomplete), for a caller who may not
// read instance-level users; an id nobody has is taken as it is.
func (c *Client) userFromTenant(ctx context.Context, ref string) (Ref, error) {
	items, err := c.AutocompleteUsers(ctx, Autocomplete{Q: &ref})
	if err != nil {
		if ctx.Err() != nil {
			return Ref{}, ctx.Err()
		}
		// Nothing more can be learnt: the reference is taken as an id,
		// which the server judges.
		return Ref{ID: ref}, nil
	}
	var found []Ref
	for _, item := range items {
		id, names := userNames(item)
		if id == ref {
			return Ref{ID: id, Name: first(names)}, nil
		}
		for _, n := range names {
			if strings.EqualFold(n, ref) {
				found = append(found, Ref{ID: id, Name: first(names)})
				break
			}
		}
	}
	if len(found) == 0 {
		return Ref{ID: ref}, nil
	}
	return pick("user", "users", ref, found)
}

// Autocomplete is ApiAutocomplete.
type Autocomplete struct {
	Q            *string  `json:"q,omitempty"`
	IDs          []string `json:"ids,omitempty"`
	ExistingOnly bool     `json:"existingOnly,omitempty"`
}

// autocomplete posts an ApiAutocomplete to path and returns the items.
func (c *Client) autocomplete(ctx context.Context, op string, sc scope, path string, a Autocomplete) ([]json.RawMessage, error) {
	var out []json.RawMessage
	err := c.do(ctx, call{op: op, scope: sc, method: http.MethodPost, path: path, body: a, idempotent: true}, &out)
	if out == nil {
		out = []json.RawMessage{}
	}
	return out, err
}

// AutocompleteUsers calls POST /api/v1/{tenant}/tenant-access/autocomplete:
// the users with access to the tenant matching q.
func (c *Client) AutocompleteUsers(ctx context.Context, a Autocomplete) ([]json.RawMessage, error) {
	return c.autocomplete(ctx, "autocomplete users", tenant, c.k.TenantPath("tenant-access", "autocomplete"), a)
}

// AutocompleteGroups calls POST /api/v1/{tenant}/groups/autocomplete.
func (c *Client) AutocompleteGroups(ctx context.Context, a Autocomplete) ([]json.RawMessage, error) {
	return c.autocomplete(ctx, "autocomplete groups", tenant, c.k.TenantPath("groups", "autocomplete"), a)
}

// AutocompleteRoles calls POST /api/v1/{tenant}/roles/autocomplete.
func (c *Client) AutocompleteRoles(ctx context.Context, a Autocomplete) ([]json.RawMessage, error) {
	return c.autocomplete(ctx, "autocomplete roles", tenant, c.k.TenantPath("roles", "autocomplete"), a)
}

// GroupsByIDs calls POST /api/v1/{tenant}/groups/ids: the groups named,
// unknown ids left out.
func (c *Client) GroupsByIDs(ctx context.Context, ids []string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	err := c.do(ctx, call{op: "list groups by id", scope: tenant, method: http.MethodPost, path: c.k.TenantPath("groups", "ids"),
		body: map[string][]string{"ids": ids}, idempotent: true}, &out)
	return nonNilItems(out), err
}

// RolesByIDs calls POST /api/v1/{tenant}/roles/ids: the roles named,
// unknown ids left out.
func (c *Client) RolesByIDs(ctx context.Context, ids []string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	err := c.do(ctx, call{op: "list roles by id", scope: tenant, method: http.MethodPost, path: c.k.TenantPath("roles", "ids"),
		body: map[string][]string{"ids": ids}, idempotent: true}, &out)
	return nonNilItems(out), err
}

func nonNilItems(items []json.RawMessage) []json.RawMessage {
	if items == nil {
		return []json.RawMessage{}
	}
	return items
}
