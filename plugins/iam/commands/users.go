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
	SetGroups   UsersSetGroups   `cmd:"" name:"set-groups" help:"Set a user's groups in the active tenant (no --group: none)."`
	Delete      UsersDelete      `cmd:"" aliases:"rm" help:"Delete a user (asks first; --yes to skip)."`
	Tokens      UserTokens       `cmd:"" aliases:"token" help:"Manage a user's API tokens."`
}

var usersListing = listing{
	plural: "user(s)",
	cols: []plugin.Column{
		plugin.Col("ID", "id"), plugin.Col("USERNAME", "username"), plugin.Col("DISPLAY NAME", "displayName"),
		plugin.Col("SUPERADMIN", "superAdmin"), plugin.Col("TENANTS", "tenantIds"),
	},
	row: func(raw json.RawMessage) (any, error) {
		u, err := iamapi.Decode[iamapi.User](raw)
		if err != nil {
			return nil, err
		}
		rec, err := record(raw)
		if err != nil {
			return nil, err
		}
		rec["superAdmin"] = u.IsSuperAdmin()
		rec["tenantIds"] = joinIDs(u.Tenants)
		return rec, nil
	},
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
	Query string `short:"q" help:"Only users whose name or e-mail contains this text." placeholder:"TEXT"`
	Paging
}

// Run lists the users.
func (l *UsersList) Run(c *plugin.Context) error {
	q, err := l.query()
	if err != nil {
		return err
	}
	if l.Query != "" {
		q.Filters = append(q.Filters, iamapi.Equals("q", l.Query))
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	return stream(c, usersListing, q.Page, func(fn iamapi.PageFunc) error { return a.ListUsers(c, q, fn) })
}

// UsersGet shows a user.
type UsersGet struct {
	ID string `arg:"" name:"user-id" completer:"user" help:"User id."`
}

// Run shows the user.
func (g *UsersGet) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.GetUser(c, g.ID)
	if err != nil {
		return err
	}
	return show(c, raw, userDetail)
}

// userFlags are the attributes create and update take.
type userFlags struct {
	FirstName    *string  `name:"first-name" help:"First name." placeholder:"NAME"`
	LastName     *string  `name:"last-name" help:"Last name." placeholder:"NAME"`
	UserPassword *string  `name:"user-password" secret:"" env:"KESTRACTL_USER_PASSWORD" help:"Password for basic authentication (named so as not to clash with the global --password)." placeholder:"PASSWORD"`
	Group        []string `sep:"none" completer:"group" help:"Group id the user belongs to, repeatable (on update: replaces the user's groups)." placeholder:"GROUP_ID"`
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
	if u.Group != nil {
		req.Groups = &u.Group
	}
	if u.TenantGrant != nil {
		req.Tenants = &u.TenantGrant
	}
	a, err := api(c)
	if err != nil {
		return err
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
	ID           string `arg:"" name:"user-id" completer:"user" help:"User id."`
	UserPassword string `name:"user-password" required:"" secret:"" env:"KESTRACTL_USER_PASSWORD" help:"The new password." placeholder:"PASSWORD"`
}

// Run sets the password.
func (s *UsersSetPassword) Run(c *plugin.Context) error {
	if s.UserPassword == "" {
		return cmderr.Usagef("--user-password must not be empty")
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	if err := a.SetUserPassword(c, s.ID, s.UserPassword); err != nil {
		return err
	}
	return done(c, map[string]string{"id": s.ID, "status": "password-updated"}, "Password updated for user %q.", s.ID)
}

// UsersSetGroups sets a user's groups in the active tenant.
type UsersSetGroups struct {
	ID    string   `arg:"" name:"user-id" completer:"user" help:"User id."`
	Group []string `sep:"none" completer:"group" help:"Group id, repeatable; the user's groups in the active tenant become exactly these (none: leaves every group of the tenant)." placeholder:"GROUP_ID"`
}

// Run replaces the memberships, saying which ones are removed.
func (s *UsersSetGroups) Run(c *plugin.Context) error {
	groups := []string{}
	for _, g := range s.Group {
		if strings.TrimSpace(g) == "" {
			return cmderr.Usagef("--group must not be empty")
		}
		if !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	err = announce(c, func() (string, error) {
		raw, err := a.GetUser(c, s.ID)
		if cmderr.CodeOf(err) == cmderr.PermissionDenied {
			// A tenant administrator may not read instance-level users:
			// nothing to say about what is removed.
			return "", nil
		}
		if err != nil {
			return "", err
		}
		u, err := iamapi.Decode[iamapi.User](raw)
		if err != nil {
			return "", err
		}
		var removed []string
		for _, g := range u.Groups {
			if g.TenantID == a.Tenant() && !slices.Contains(groups, g.ID) && !slices.Contains(removed, g.ID) {
				removed = append(removed, g.ID)
			}
		}
		if len(removed) == 0 {
			return "", nil
		}
		return fmt.Sprintf("user %s leaves group(s) %s in tenant %q", u.Label(), strings.Join(removed, ", "), a.Tenant()), nil
	})
	if err != nil {
		return err
	}
	if err := a.SetUserGroups(c, s.ID, groups); err != nil {
		return err
	}
	status := map[string]any{"id": s.ID, "tenant": a.Tenant(), "groups": groups, "status": "groups-updated"}
	if len(groups) == 0 {
		return done(c, status, "User %q now belongs to no group in tenant %q.", s.ID, a.Tenant())
	}
	return done(c, status, "Groups of user %q in tenant %q set to %s.", s.ID, a.Tenant(), strings.Join(groups, ", "))
}

func listOrNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// UsersDelete deletes a user.
type UsersDelete struct {
	ID string `arg:"" name:"user-id" completer:"user" help:"User id."`
}

// Run asks, then deletes the user.
func (d *UsersDelete) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%q", d.ID)
	err = confirm(c, func() (string, error) {
		raw, err := a.GetUser(c, d.ID)
		if err != nil {
			return "", err
		}
		u, err := iamapi.Decode[iamapi.User](raw)
		if err != nil {
			return "", err
		}
		name = u.Label()
		return fmt.Sprintf("Delete user %s and all of its access?", name), nil
	})
	if err != nil {
		return err
	}
	if err := a.DeleteUser(c, d.ID); err != nil {
		return err
	}
	return done(c, map[string]string{"id": d.ID, "status": "deleted"}, "User %s deleted.", name)
}
