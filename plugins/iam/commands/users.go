package commands

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/plugins/iam/validate"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Users is the users group (instance-level).
type Users struct {
	List        UsersList        `cmd:"" aliases:"ls" help:"List users."`
	Get         UsersGet         `cmd:"" aliases:"show,describe" help:"Show a user."`
	Create      UsersCreate      `cmd:"" help:"Create a user."`
	Update      UsersUpdate      `cmd:"" help:"Update a user: only the flags you pass change."`
	SetPassword UsersSetPassword `cmd:"" name:"set-password" help:"Set a user's password."`
	SetGroups   UsersSetGroups   `cmd:"" name:"set-groups" help:"Set a user's groups in the active tenant (no --group removes them all, after asking)."`
	Delete      UsersDelete      `cmd:"" aliases:"rm" help:"Delete a user (asks first; --yes to skip)."`
	Tokens      UserTokens       `cmd:"" aliases:"token" help:"Manage a user's API tokens."`

	Autocomplete       UsersAutocomplete       `cmd:"" help:"Suggest the users of the active tenant whose e-mail or name contains a text."`
	Impersonate        UsersImpersonate        `cmd:"" help:"Get a session token acting as a user; it is printed once."`
	RevokeRefreshToken UsersRevokeRefreshToken `cmd:"" name:"revoke-refresh-token" help:"End a user's sessions; their API tokens stay valid."`
	SetSuperAdmin      UsersSetSuperAdmin      `cmd:"" name:"set-super-admin" help:"Grant or revoke super-admin rights, touching nothing else."`
	SetRestricted      UsersSetRestricted      `cmd:"" name:"set-restricted" help:"Restrict a user or lift the restriction, touching nothing else."`
	DeleteAuthMethod   UsersDeleteAuthMethod   `cmd:"" name:"delete-auth-method" help:"Remove one way a user signs in (asks first; --yes to skip)."`
	ChangeMyPassword   UsersChangeMyPassword   `cmd:"" name:"change-my-password" help:"Change your own password; both are prompted for or read from stdin, never the command line."`
}

func usersColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("ID", "id"), plugin.Col("USERNAME", "username"),
		plugin.Col("DISPLAY NAME", "displayName"), plugin.Col("SUPERADMIN", "superAdmin")}
}

// userDetail is the table view of a user.
func userDetail(raw json.RawMessage) (fields, error) {
	u, err := iamapi.Decode[iamapi.User](raw)
	if err != nil {
		return nil, err
	}
	groups := make([]string, 0, len(u.Groups))
	for _, g := range u.Groups {
		groups = append(groups, fmt.Sprintf("%s (tenant %s)", g.ID, g.TenantID))
	}
	var auths []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	}
	var withAuths struct {
		Auths *[]struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"auths"`
	}
	if json.Unmarshal(raw, &withAuths) == nil && withAuths.Auths != nil {
		auths = *withAuths.Auths
	}
	names := make([]string, 0, len(auths))
	for _, a := range auths {
		names = append(names, a.Name)
	}
	return fields{
		{"id", u.ID}, {"username", u.Username}, {"display name", u.DisplayName}, {"email", u.Email},
		{"first name", u.FirstName}, {"last name", u.LastName},
		{"super-admin", yesNo(u.IsSuperAdmin())}, {"restricted", yesNo(u.Restricted)},
		{"tenants", joinIDs(u.Tenants)}, {"groups", strings.Join(groups, ", ")},
		{"auth methods", strings.Join(names, ", ")},
	}, nil
}

// UsersList lists users.
type UsersList struct {
	plugin.QueryFlag `embed:""`
	listFlags
}

// Help is the detailed help of users list.
func (l *UsersList) Help() string {
	return "Items are the server's user summaries, unchanged with -o json or -o yaml " +
		"(id, username, displayName, tenants, auths, superAdmin). -q matches names and e-mail addresses."
}

// Examples implements the SDK's Exampler.
func (l *UsersList) Examples() []string {
	return []string{
		"kestractl users list",
		"kestractl users list -q alice --sort username:asc",
		"# Every user, as JSON\nkestractl users ls --all -o json",
	}
}

// Run lists the users.
func (l *UsersList) Run(c *plugin.Context) error {
	return l.search(c, (*iamapi.Client).Users, plugin.Listing{Noun: "user", Columns: usersColumns()}, l.QueryFlag)
}

// UsersGet shows a user.
type UsersGet struct {
	ID string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
}

// Examples implements the SDK's Exampler.
func (g *UsersGet) Examples() []string {
	return []string{"kestractl users get 5uTxJpqvAyhHXJ2kb2Zs5d", "kestractl users get alice@example.com -o json --jq .groups"}
}

// Run shows the user.
func (g *UsersGet) Run(c *plugin.Context) error { return users().show(c, g.ID) }

// userFlags are the attributes create and update take.
type userFlags struct {
	FirstName    *string  `name:"first-name" help:"First name." placeholder:"NAME"`
	LastName     *string  `name:"last-name" help:"Last name." placeholder:"NAME"`
	UserPassword *string  `name:"user-password" secret:"" env:"KESTRACTL_USER_PASSWORD" help:"Password for basic authentication (named so as not to clash with the global --password)." placeholder:"PASSWORD"`
	Group        []string `sep:"none" completer:"group" help:"Group (id or name) the user belongs to, repeatable (on update: replaces the user's groups)." placeholder:"GROUP"`
	TenantGrant  []string `name:"tenant-grant" sep:"none" help:"Tenant the user may access, repeatable (on update: replaces the user's tenants)." placeholder:"TENANT"`
	Superadmin   *bool    `help:"Make the user a super-admin (--superadmin=false to revoke)."`
	Restricted   *bool    `help:"Restrict the user (--restricted=false to lift)."`
}

func (f *userFlags) check() error {
	if f.UserPassword != nil && *f.UserPassword == "" {
		return cmderr.Usagef("--user-password must not be empty")
	}
	for _, g := range f.Group {
		if strings.TrimSpace(g) == "" {
			return cmderr.Usagef("--group must not be empty")
		}
	}
	for _, t := range f.TenantGrant {
		if strings.TrimSpace(t) == "" {
			return cmderr.Usagef("--tenant-grant must not be empty")
		}
	}
	return nil
}

// UsersCreate creates a user.
type UsersCreate struct {
	Email string `required:"" help:"E-mail address; it is also the username." placeholder:"EMAIL"`
	userFlags
}

// Examples implements the SDK's Exampler.
func (u *UsersCreate) Examples() []string {
	return []string{
		"kestractl users create --email alice@example.com --first-name Alice --last-name Smith --group 3kcvnr0gB0qLQ8oE5DxeWz",
		"# The password from the environment, not the command line\nKESTRACTL_USER_PASSWORD=... kestractl users create --email bot@example.com --tenant-grant main",
	}
}

// Run creates the user.
func (u *UsersCreate) Run(c *plugin.Context) error {
	if err := validate.Email(u.Email); err != nil {
		return cmderr.Usagef("--email: %v", err)
	}
	if err := u.check(); err != nil {
		return err
	}
	req := iamapi.UserRequest{Email: u.Email, FirstName: u.FirstName, LastName: u.LastName, Password: u.UserPassword,
		SuperAdmin: u.Superadmin, Restricted: u.Restricted}
	a, err := api(c)
	if err != nil {
		return err
	}
	if u.Group != nil {
		groups, err := resolveAll(c, u.Group, a.ResolveGroup)
		if err != nil {
			return err
		}
		ids := refIDs(groups)
		req.Groups = &ids
	}
	if u.TenantGrant != nil {
		req.Tenants = &u.TenantGrant
	}
	raw, err := a.CreateUser(c, req)
	if err != nil {
		return err
	}
	if err := show(c, raw, userDetail); err != nil {
		return err
	}
	created, _ := iamapi.Decode[iamapi.User](raw)
	return c.Success("User %s created.", created.Label())
}

// UsersSetPassword sets a password.
type UsersSetPassword struct {
	ID           string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
	UserPassword string `name:"user-password" required:"" secret:"" env:"KESTRACTL_USER_PASSWORD" help:"The new password." placeholder:"PASSWORD"`
}

// Examples implements the SDK's Exampler.
func (s *UsersSetPassword) Examples() []string {
	return []string{
		"# The password from the environment, kept out of the shell's history\nKESTRACTL_USER_PASSWORD=... kestractl users set-password 5uTxJpqvAyhHXJ2kb2Zs5d",
	}
}

// Run sets the password.
func (s *UsersSetPassword) Run(c *plugin.Context) error {
	if s.UserPassword == "" {
		return cmderr.Usagef("--user-password must not be empty")
	}
	a, who, err := users().open(c, s.ID)
	if err != nil {
		return err
	}
	if err := a.SetUserPassword(c, who.ID, s.UserPassword); err != nil {
		return err
	}
	return done(c, map[string]string{"id": who.ID, "status": "password-updated"}, "Password updated for user %s.", who.Label())
}

// UsersSetGroups sets a user's groups in the active tenant.
type UsersSetGroups struct {
	ID    string   `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
	Group []string `sep:"none" completer:"group" help:"Group id or name, repeatable; the user's groups in the active tenant become exactly these (none: leaves every group of the tenant, after asking)." placeholder:"GROUP"`
}

// Help is the detailed help of users set-groups.
func (s *UsersSetGroups) Help() string {
	return `The user's groups in the active tenant become exactly the --group values;
the groups left are named on stderr. Without --group the user leaves every
group of the tenant: that asks first on a terminal, and needs --yes without
one. With -o json the result is {"id", "tenant", "groups", "status":
"groups-updated"}.`
}

// Examples implements the SDK's Exampler.
func (s *UsersSetGroups) Examples() []string {
	return []string{
		"kestractl users set-groups 5uTxJpqvAyhHXJ2kb2Zs5d --group 3kcvnr0gB0qLQ8oE5DxeWz --group 7Hq2bB0xQ1c9vR3mNnL4aZ",
		"# Remove the user from every group of the tenant\nkestractl users set-groups 5uTxJpqvAyhHXJ2kb2Zs5d --yes",
	}
}

// Run replaces the memberships: without --group it asks first; otherwise
// it says which groups are left.
func (s *UsersSetGroups) Run(c *plugin.Context) error {
	for _, g := range s.Group {
		if strings.TrimSpace(g) == "" {
			return cmderr.Usagef("--group must not be empty")
		}
	}
	a, who, err := users().open(c, s.ID)
	if err != nil {
		return err
	}
	refs, err := resolveAll(c, s.Group, a.ResolveGroup)
	if err != nil {
		return err
	}
	groups := refIDs(refs)
	// removed names the groups of the tenant the user leaves (none when
	// unknown: a tenant administrator may not read instance-level users).
	removed := func() ([]string, error) {
		raw, err := fetch(c, who, a.GetUser)
		if cmderr.CodeOf(err) == cmderr.PermissionDenied {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		u, err := iamapi.Decode[iamapi.User](raw)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, g := range u.Groups {
			if g.TenantID == a.Tenant() && !slices.Contains(groups, g.ID) && !slices.Contains(out, g.ID) {
				out = append(out, g.ID)
			}
		}
		return out, nil
	}
	if len(groups) == 0 {
		err = confirm(c, func() (string, error) {
			left, err := removed()
			if err != nil {
				return "", err
			}
			q := fmt.Sprintf("Remove user %s from every group in tenant '%s'", who.Label(), a.Tenant())
			if len(left) > 0 {
				q += fmt.Sprintf(" (%s)", strings.Join(left, ", "))
			}
			return q + "?", nil
		})
	} else {
		err = announce(c, func() (string, error) {
			left, err := removed()
			if err != nil || len(left) == 0 {
				return "", err
			}
			return fmt.Sprintf("user %s leaves group(s) %s in tenant '%s'", who.Label(), strings.Join(left, ", "), a.Tenant()), nil
		})
	}
	if err != nil {
		return err
	}
	if err := a.SetUserGroups(c, who.ID, groups); err != nil {
		return err
	}
	status := map[string]any{"id": who.ID, "tenant": a.Tenant(), "groups": groups, "status": "groups-updated"}
	if len(groups) == 0 {
		return done(c, status, "User %s now belongs to no group in tenant '%s'.", who.Label(), a.Tenant())
	}
	return done(c, status, "Groups of user %s in tenant '%s' set to %s.", who.Label(), a.Tenant(), refLabels(refs))
}

// UsersDelete deletes a user.
type UsersDelete struct {
	ID string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
}

// Examples implements the SDK's Exampler.
func (d *UsersDelete) Examples() []string {
	return []string{"kestractl users delete 5uTxJpqvAyhHXJ2kb2Zs5d", "kestractl users rm 5uTxJpqvAyhHXJ2kb2Zs5d --yes"}
}

// Run asks, then deletes the user.
func (d *UsersDelete) Run(c *plugin.Context) error {
	return users().remove(c, d.ID, func(_ *iamapi.Client, ref iamapi.Ref) string {
		return fmt.Sprintf("Delete user %s and all of its access?", ref.Label())
	})
}
