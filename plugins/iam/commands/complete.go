package commands

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxCompletions bounds the values offered to the shell.
const maxCompletions = 200

// errEnough stops a listing once enough values were found.
var errEnough = errors.New("enough completions")

// Complete serves dynamic completion of ids: user, group, role,
// service-account, binding, invitation, token (of the user or service
// account typed before it) and namespace.
func Complete(c *plugin.Context, completer string, argv []string, partial string) ([]string, error) {
	a, err := api(c)
	if err != nil {
		return nil, err
	}
	out := []string{}
	collect := func(items []json.RawMessage, _ int64) error {
		for _, raw := range items {
			var v struct {
				ID string `json:"id"`
			}
			if json.Unmarshal(raw, &v) == nil && v.ID != "" && strings.HasPrefix(v.ID, partial) {
				out = append(out, v.ID)
				if len(out) >= maxCompletions {
					return errEnough
				}
			}
		}
		return nil
	}
	// One page: completion makes one request.
	q := iamapi.Query{Page: 1, Size: 500}
	switch completer {
	case "user":
		err = a.ListUsers(c, q, collect)
	case "group":
		err = a.SearchGroups(c, q, collect)
	case "role":
		err = a.SearchRoles(c, q, collect)
	case "service-account":
		err = a.ListServiceAccounts(c, q, collect)
	case "binding":
		err = a.SearchBindings(c, iamapi.BindingFilter{}, q, collect)
	case "invitation":
		err = a.SearchInvitations(c, q, collect)
	case "namespace":
		return c.CompleteNamespaces(partial)
	case "tenant":
		err = a.Tenants().List(c, q, collect)
	case "auth-method":
		args := c.CompletionLine(argv).Args
		if len(args) != 1 {
			return nil, nil
		}
		return authMethods(c, a, args[0], partial)
	case "token":
		owner, id, ok := tokenOwner(c.CompletionLine(argv))
		if !ok {
			return nil, nil
		}
		var items []json.RawMessage
		if items, err = a.ListTokens(c, owner, id); err == nil {
			err = collect(items, int64(len(items)))
		}
	}
	if errors.Is(err, errEnough) {
		err = nil
	}
	return out, err
}

// authMethods offers the authentication methods of a user.
func authMethods(c *plugin.Context, a *iamapi.Client, user, partial string) ([]string, error) {
	raw, err := a.GetUser(c, user)
	if err != nil {
		return nil, err
	}
	var u struct {
		Auths []struct {
			Name string `json:"name"`
		} `json:"auths"`
	}
	if err := json.Unmarshal(raw, &u); err != nil {
		return nil, err
	}
	out := []string{}
	for _, au := range u.Auths {
		if strings.HasPrefix(au.Name, partial) {
			out = append(out, au.Name)
		}
	}
	return out, nil
}

// tokenOwner reads `users|service-accounts tokens delete <owner-id>` from
// the words before a token id.
func tokenOwner(l plugin.Line) (iamapi.Owner, string, bool) {
	if len(l.Command) < 3 || len(l.Args) != 1 {
		return 0, "", false
	}
	owner := iamapi.UserOwner
	switch l.Command[0] {
	case "users":
	case "service-accounts", "service-account", "sa":
		owner = iamapi.ServiceAccountOwner
	default:
		return 0, "", false
	}
	return owner, l.Args[0], true
}
