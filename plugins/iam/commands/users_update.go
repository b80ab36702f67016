package commands

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/plugins/iam/validate"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UsersUpdate changes only the attributes passed. Names, e-mail,
// super-admin, restricted and password go through Kestra's targeted PATCH
// routes, which leave groups and tenants alone; only --group and
// --tenant-grant need the full-replace PUT, built from the current user
// with each membership kept in its own tenant.
type UsersUpdate struct {
	ID    string  `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
	Email *string `help:"New e-mail address." placeholder:"EMAIL"`
	userFlags
}

func (u *UsersUpdate) nothing() bool {
	return u.Email == nil && u.FirstName == nil && u.LastName == nil && u.UserPassword == nil &&
		u.Group == nil && u.TenantGrant == nil && u.Superadmin == nil && u.Restricted == nil
}

// Examples implements the SDK's Exampler.
func (u *UsersUpdate) Examples() []string {
	return []string{
		"kestractl users update 5uTxJpqvAyhHXJ2kb2Zs5d --first-name Alicia",
		"# Revoke super-admin rights (what is taken away is said on stderr)\nkestractl users update 5uTxJpqvAyhHXJ2kb2Zs5d --superadmin=false",
		"kestractl users update 5uTxJpqvAyhHXJ2kb2Zs5d --tenant-grant main --tenant-grant staging",
	}
}

// Run reads the user, says what access is removed, and writes the change.
func (u *UsersUpdate) Run(c *plugin.Context) error {
	if u.nothing() {
		return cmderr.Usagef("nothing to update: pass at least one of --email, --first-name, --last-name, --user-password, --superadmin, --restricted, --group or --tenant-grant")
	}
	if u.Email != nil {
		if err := validate.Email(*u.Email); err != nil {
			return cmderr.Usagef("--email: %v", err)
		}
	}
	if err := u.check(); err != nil {
		return err
	}
	a, who, err := users().open(c, u.ID)
	if err != nil {
		return err
	}
	u.ID = who.ID
	if u.Group != nil {
		groups, err := resolveAll(c, u.Group, a.ResolveGroup)
		if err != nil {
			return err
		}
		u.Group = refIDs(groups)
	}
	raw, err := fetch(c, who, a.GetUser)
	if err != nil {
		return err
	}
	cur, err := iamapi.Decode[iamapi.User](raw)
	if err != nil {
		return err
	}
	replace := u.Group != nil || u.TenantGrant != nil
	var req iamapi.UserRequest
	if replace {
		req = u.replacement(cur)
	}
	if removed := u.removals(cur, req); len(removed) > 0 {
		err := announce(c, func() (string, error) {
			return fmt.Sprintf("this update of user %s %s", cur.Label(), strings.Join(removed, " and ")), nil
		})
		if err != nil {
			return err
		}
	}
	if replace {
		out, err := a.ReplaceUser(c, u.ID, req)
		if err != nil {
			return err
		}
		return u.report(c, out, cur)
	}
	if err := u.patch(c, a, cur); err != nil {
		return err
	}
	out, err := a.GetUser(c, u.ID)
	if err != nil {
		return err
	}
	return u.report(c, out, cur)
}

func (u *UsersUpdate) report(c *plugin.Context, raw []byte, before iamapi.User) error {
	if err := show(c, raw, userDetail); err != nil {
		return err
	}
	after, err := iamapi.Decode[iamapi.User](raw)
	if err != nil {
		after = before
	}
	return c.Success("User %s updated.", after.Label())
}

// replacement is the PUT body: the current user with the flags overlaid.
// Without --group, the current memberships are kept, except those of
// tenants the user no longer has access to.
func (u *UsersUpdate) replacement(cur iamapi.User) iamapi.UserRequest {
	email := overlay(u.Email, cur.Email)
	first := overlay(u.FirstName, cur.FirstName)
	last := overlay(u.LastName, cur.LastName)
	super := cur.IsSuperAdmin()
	if u.Superadmin != nil {
		super = *u.Superadmin
	}
	restricted := cur.Restricted
	if u.Restricted != nil {
		restricted = *u.Restricted
	}
	tenants := cur.TenantIDs()
	if u.TenantGrant != nil {
		tenants = dedupe(u.TenantGrant)
	}
	groups := []string{}
	if u.Group != nil {
		groups = dedupe(u.Group)
	} else {
		for _, g := range cur.Groups {
			if (g.TenantID == "" || slices.Contains(tenants, g.TenantID)) && !slices.Contains(groups, g.ID) {
				groups = append(groups, g.ID)
			}
		}
	}
	return iamapi.UserRequest{Email: email, FirstName: &first, LastName: &last, Password: u.UserPassword,
		Groups: &groups, Tenants: &tenants, SuperAdmin: &super, Restricted: &restricted}
}

// removals describes the access the update takes away (for the question).
func (u *UsersUpdate) removals(cur iamapi.User, req iamapi.UserRequest) []string {
	var out []string
	if u.Superadmin != nil && !*u.Superadmin && cur.IsSuperAdmin() {
		out = append(out, "revokes super-admin rights")
	}
	if u.Restricted != nil && *u.Restricted && !cur.Restricted {
		out = append(out, "restricts the user")
	}
	if req.Tenants != nil {
		var lost []string
		for _, t := range cur.TenantIDs() {
			if !slices.Contains(*req.Tenants, t) {
				lost = append(lost, t)
			}
		}
		if len(lost) > 0 {
			out = append(out, "removes access to tenant(s) "+strings.Join(lost, ", "))
		}
	}
	if req.Groups != nil {
		var lost []string
		for _, g := range cur.Groups {
			if !slices.Contains(*req.Groups, g.ID) {
				lost = append(lost, fmt.Sprintf("%s (tenant %s)", g.ID, g.TenantID))
			}
		}
		if len(lost) > 0 {
			out = append(out, "removes the user from group(s) "+strings.Join(lost, ", "))
		}
	}
	return out
}

// patch applies the flags through the targeted routes. When one fails
// after others succeeded, the error says what was already applied.
func (u *UsersUpdate) patch(c *plugin.Context, a *iamapi.Client, cur iamapi.User) error {
	var applied []string
	step := func(what string, f func() error) error {
		if err := f(); err != nil {
			if len(applied) > 0 {
				return fmt.Errorf("%w (already applied: %s)", err, strings.Join(applied, ", "))
			}
			return err
		}
		applied = append(applied, what)
		return nil
	}
	if u.Email != nil || u.FirstName != nil || u.LastName != nil {
		d := iamapi.UserDetails{Email: overlay(u.Email, cur.Email), FirstName: overlay(u.FirstName, cur.FirstName),
			LastName: overlay(u.LastName, cur.LastName)}
		if err := step("names and e-mail", func() error { _, err := a.PatchUserDetails(c, u.ID, d); return err }); err != nil {
			return err
		}
	}
	if u.Superadmin != nil {
		if err := step("super-admin", func() error { return a.SetUserSuperAdmin(c, u.ID, *u.Superadmin) }); err != nil {
			return err
		}
	}
	if u.Restricted != nil {
		if err := step("restricted", func() error { return a.SetUserRestricted(c, u.ID, *u.Restricted) }); err != nil {
			return err
		}
	}
	if u.UserPassword != nil {
		if err := step("password", func() error { return a.SetUserPassword(c, u.ID, *u.UserPassword) }); err != nil {
			return err
		}
	}
	return nil
}

func overlay(flag *string, cur string) string {
	if flag != nil {
		return *flag
	}
	return cur
}

func dedupe(list []string) []string {
	out := make([]string, 0, len(list))
	for _, v := range list {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
