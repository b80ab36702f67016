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
// service-account, binding and invitation.
func Complete(c *plugin.Context, completer string, _ []string, partial string) ([]string, error) {
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
	q := iamapi.Query{Size: 500}
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
	}
	if errors.Is(err, errEnough) {
		err = nil
	}
	return out, err
}
