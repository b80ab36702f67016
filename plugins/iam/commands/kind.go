package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// kind is one kind of IAM object that commands name by id or name (users,
// groups, roles, service accounts): how a name resolves to one, and how
// one is read, shown and deleted. Its functions are iamapi.Client method
// expressions.
type kind struct {
	// noun names one in messages ("service account").
	noun    string
	resolve func(*iamapi.Client, context.Context, string) (iamapi.Ref, error)
	get     func(*iamapi.Client, context.Context, string) (json.RawMessage, error)
	del     func(*iamapi.Client, context.Context, string) error
	// detail is the table view of one.
	detail func(json.RawMessage) (fields, error)
}

func users() kind {
	return kind{noun: "user", resolve: (*iamapi.Client).ResolveUser, get: (*iamapi.Client).GetUser,
		del: (*iamapi.Client).DeleteUser, detail: userDetail}
}

func groups() kind {
	return kind{noun: "group", resolve: (*iamapi.Client).ResolveGroup, get: (*iamapi.Client).GetGroup,
		del: (*iamapi.Client).DeleteGroup, detail: groupDetail}
}

func roles() kind {
	return kind{noun: "role", resolve: (*iamapi.Client).ResolveRole, get: (*iamapi.Client).GetRole,
		del: (*iamapi.Client).DeleteRole, detail: roleDetail}
}

func serviceAccounts() kind {
	return kind{noun: "service account", resolve: (*iamapi.Client).ResolveServiceAccount,
		get: (*iamapi.Client).GetServiceAccount, del: (*iamapi.Client).DeleteServiceAccount, detail: serviceAccountDetail}
}

// open returns the IAM client and the object name resolves to.
func (k kind) open(c *plugin.Context, name string) (*iamapi.Client, iamapi.Ref, error) {
	a, err := api(c)
	if err != nil {
		return nil, iamapi.Ref{}, err
	}
	ref, err := k.resolve(a, c, name)
	return a, ref, err
}

// read is open, then the object's document (see fetch).
func (k kind) read(c *plugin.Context, name string) (*iamapi.Client, iamapi.Ref, json.RawMessage, error) {
	a, ref, err := k.open(c, name)
	if err != nil {
		return nil, ref, nil, err
	}
	raw, err := fetch(c, ref, func(ctx context.Context, id string) (json.RawMessage, error) { return k.get(a, ctx, id) })
	return a, ref, raw, err
}

// show is "get": the object name resolves to (see show).
func (k kind) show(c *plugin.Context, name string) error {
	_, _, raw, err := k.read(c, name)
	if err != nil {
		return err
	}
	return show(c, raw, k.detail)
}

// remove is "delete": it asks question (see confirm), deletes the object
// name resolves to and reports {"id", "status": "deleted"}.
func (k kind) remove(c *plugin.Context, name string, question func(a *iamapi.Client, ref iamapi.Ref) string) error {
	a, ref, err := k.open(c, name)
	if err != nil {
		return err
	}
	if err := confirm(c, func() (string, error) { return question(a, ref), nil }); err != nil {
		return err
	}
	if err := k.del(a, c, ref.ID); err != nil {
		return err
	}
	return done(c, map[string]string{"id": ref.ID, "status": "deleted"}, "%s%s %s deleted.",
		strings.ToUpper(k.noun[:1]), k.noun[1:], ref.Label())
}

// setSuperAdmin grants (on) or revokes the super-admin rights of the
// object name resolves to with set, touching nothing else; revoking says so
// on stderr first. on is required.
func (k kind) setSuperAdmin(c *plugin.Context, name string, on *bool, set func(*iamapi.Client, context.Context, string, bool) error) error {
	if on == nil {
		return cmderr.Usagef("say what to do: --super-admin=true grants super-admin rights, --super-admin=false revokes them")
	}
	a, ref, err := k.open(c, name)
	if err != nil {
		return err
	}
	if !*on {
		if err := announce(c, func() (string, error) {
			return fmt.Sprintf("this revokes the super-admin rights of %s %s", k.noun, ref.Label()), nil
		}); err != nil {
			return err
		}
	}
	if err := set(a, c, ref.ID, *on); err != nil {
		return err
	}
	status, verb := "granted", "granted to"
	if !*on {
		status, verb = "revoked", "revoked for"
	}
	return done(c, map[string]any{"id": ref.ID, "superAdmin": *on, "status": status}, "Super-admin rights %s %s %s.", verb, k.noun, ref.Label())
}
