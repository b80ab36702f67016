package commands

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UsersSetSuperAdmin grants or revokes super-admin rights.
type UsersSetSuperAdmin struct {
	ID         string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
	SuperAdmin *bool  `name:"super-admin" help:"true grants super-admin rights, false revokes them (required)."`
}

// Help is the detailed help of users set-super-admin.
func (u *UsersSetSuperAdmin) Help() string {
	return `A targeted change (PATCH /users/{id}/superadmin): nothing else of the user
is touched, unlike 'users update'. Revoking says so on stderr. With -o json
the result is {"id", "superAdmin", "status": "granted"|"revoked"}.`
}

// Examples implements the SDK's Exampler.
func (u *UsersSetSuperAdmin) Examples() []string {
	return []string{
		"kestractl users set-super-admin alice@example.com --super-admin=true",
		"kestractl users set-super-admin 5uTxJpqvAyhHXJ2kb2Zs5d --super-admin=false",
	}
}

// Run sets the flag.
func (u *UsersSetSuperAdmin) Run(c *plugin.Context) error {
	return users().setSuperAdmin(c, u.ID, u.SuperAdmin, (*iamapi.Client).SetUserSuperAdmin)
}

// UsersSetRestricted restricts a user or lifts the restriction.
type UsersSetRestricted struct {
	ID         string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
	Restricted *bool  `help:"true restricts the user, false lifts the restriction (required)."`
}

// Help is the detailed help of users set-restricted.
func (u *UsersSetRestricted) Help() string {
	return `A targeted change (PATCH /users/{id}/restricted): nothing else of the user is
touched. With -o json the result is {"id", "restricted", "status":
"applied"|"lifted"}.`
}

// Examples implements the SDK's Exampler.
func (u *UsersSetRestricted) Examples() []string {
	return []string{
		"kestractl users set-restricted contractor@example.com --restricted=true",
		"kestractl users set-restricted contractor@example.com --restricted=false",
	}
}

// Run sets the flag.
func (u *UsersSetRestricted) Run(c *plugin.Context) error {
	if u.Restricted == nil {
		return cmderr.Usagef("say what to do: --restricted=true restricts the user, --restricted=false lifts the restriction")
	}
	a, who, err := users().open(c, u.ID)
	if err != nil {
		return err
	}
	on := *u.Restricted
	if err := a.SetUserRestricted(c, who.ID, on); err != nil {
		return err
	}
	status, what := "applied", "Restriction applied to"
	if !on {
		status, what = "lifted", "Restriction lifted for"
	}
	return done(c, map[string]any{"id": who.ID, "restricted": on, "status": status}, "%s user %s.", what, who.Label())
}

// UsersDeleteAuthMethod removes one authentication method of a user.
type UsersDeleteAuthMethod struct {
	ID   string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
	Auth string `arg:"" name:"auth-method" completer:"auth-method" help:"Authentication method, as 'users get' lists it (e.g. BASIC_AUTH)."`
}

// Help is the detailed help of users delete-auth-method.
func (u *UsersDeleteAuthMethod) Help() string {
	return `Removes one way the user signs in (BASIC_AUTH removes their password).
Asks first on a terminal; without one, --yes is needed. With -o json the
output is the server's user, or {"id", "auth", "status": "removed"}.`
}

// Examples implements the SDK's Exampler.
func (u *UsersDeleteAuthMethod) Examples() []string {
	return []string{
		"kestractl users delete-auth-method alice@example.com BASIC_AUTH",
		"kestractl users delete-auth-method 5uTxJpqvAyhHXJ2kb2Zs5d GOOGLE_OAUTH --yes",
	}
}

// Run asks, then removes the method.
func (u *UsersDeleteAuthMethod) Run(c *plugin.Context) error {
	if u.Auth == "" {
		return cmderr.Usagef("the authentication method must not be empty")
	}
	a, who, err := users().open(c, u.ID)
	if err != nil {
		return err
	}
	err = confirm(c, func() (string, error) {
		return fmt.Sprintf("Remove authentication method '%s' of user %s? They can no longer sign in with it.", u.Auth, who.Label()), nil
	})
	if err != nil {
		return err
	}
	raw, err := a.DeleteAuthMethod(c, who.ID, u.Auth)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("Authentication method '%s' removed from user %s.", u.Auth, who.Label())
	if len(raw) == 0 {
		return done(c, map[string]string{"id": who.ID, "auth": u.Auth, "status": "removed"}, "%s", msg)
	}
	if _, err := iamapi.Decode[iamapi.User](raw); err != nil {
		return err
	}
	if err := show(c, raw, userDetail); err != nil {
		return err
	}
	return c.Success("%s", msg)
}
