package commands

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/plugins/iam/permissions"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Roles is the roles group (tenant-scoped).
type Roles struct {
	List   RolesList   `cmd:"" aliases:"ls" help:"List roles."`
	Get    RolesGet    `cmd:"" aliases:"show,describe" help:"Show a role with its permissions."`
	Create RolesCreate `cmd:"" help:"Create a role."`
	Update RolesUpdate `cmd:"" help:"Update a role: only the flags you pass change; --permission replaces every permission."`
	Delete RolesDelete `cmd:"" aliases:"rm" help:"Delete a role (asks first; --yes to skip)."`

	Autocomplete RolesAutocomplete `cmd:"" help:"Suggest the roles whose name contains a text."`
	ListFromIDs  RolesListFromIDs  `cmd:"" name:"list-from-ids" help:"Show the roles of these ids, with their permissions."`
}

func rolesColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAME", "name"), plugin.Col("DEFAULT", "isDefault"),
		plugin.Col("MANAGED", "isManaged"), plugin.Col("PERMISSIONS", "permissionCount")}
}

func roleDetail(raw json.RawMessage) (fields, error) {
	r, err := iamapi.Decode[iamapi.Role](raw)
	if err != nil {
		return nil, err
	}
	f := fields{{"id", r.ID}, {"name", r.Name}, {"description", orNone(r.Description)},
		{"default", yesNo(r.IsDefault != nil && *r.IsDefault)}, {"managed", yesNo(r.IsManaged)}}
	set := permissions.Set(r.Permissions)
	if set.Count() == 0 {
		return append(f, field{"permissions", "none"}), nil
	}
	for _, res := range set.Keys() {
		if len(set[res]) > 0 {
			f = append(f, field{"permission " + res, strings.Join(set[res], ", ")})
		}
	}
	return f, nil
}

// RolesList lists roles.
type RolesList struct {
	plugin.QueryFlag `embed:""`
	listFlags
}

// Examples implements the SDK's Exampler.
func (l *RolesList) Examples() []string {
	return []string{
		"kestractl roles list",
		"kestractl roles list -q admin --all -o json",
	}
}

// Run lists the roles of the active tenant.
func (l *RolesList) Run(c *plugin.Context) error {
	return l.search(c, (*iamapi.Client).Roles, plugin.Listing{Noun: "role", Columns: rolesColumns()}, l.QueryFlag)
}

// RolesGet shows a role.
type RolesGet struct {
	ID string `arg:"" name:"role" completer:"role" help:"Role id or name."`
}

// Examples implements the SDK's Exampler.
func (g *RolesGet) Examples() []string {
	return []string{
		"kestractl roles get 6Bq1kVw0n4pZzJ3cXyR2aT",
	}
}

// Run shows the role.
func (g *RolesGet) Run(c *plugin.Context) error { return roles().show(c, g.ID) }

// permissionFlags give a role's permissions.
type permissionFlags struct {
	Permission      []string `sep:"none" help:"Permission TYPE:ACTION[,ACTION], repeatable (e.g. FLOW:VIEW,LIST)." placeholder:"TYPE:ACTIONS"`
	PermissionsFile string   `name:"permissions-file" help:"YAML or JSON file mapping each type to its actions (FLOW: [VIEW, LIST])." placeholder:"FILE"`
}

// read parses and validates the flags; ok is false when neither was given.
func (p permissionFlags) read() (set permissions.Set, ok bool, err error) {
	switch {
	case p.Permission != nil && p.PermissionsFile != "":
		return nil, false, cmderr.Usagef("use either --permission or --permissions-file, not both")
	case p.Permission != nil:
		set, err = permissions.Parse(p.Permission)
	case p.PermissionsFile != "":
		set, err = permissions.ReadFile(p.PermissionsFile)
	default:
		return nil, false, nil
	}
	return set, err == nil, err
}

// RolesCreate creates a role.
type RolesCreate struct {
	Name        string `required:"" help:"Role name." placeholder:"NAME"`
	Description string `help:"Role description." placeholder:"TEXT"`
	Default     *bool  `help:"Give the role to every new user of the tenant."`
	permissionFlags
}

// Examples implements the SDK's Exampler.
func (r *RolesCreate) Examples() []string {
	return []string{
		"kestractl roles create --name operator --permission FLOW:VIEW,LIST --permission EXECUTION:VIEW,LIST,CREATE",
		"kestractl roles create --name auditor --permissions-file auditor.yaml",
	}
}

// Run creates the role.
func (r *RolesCreate) Run(c *plugin.Context) error {
	if strings.TrimSpace(r.Name) == "" {
		return cmderr.Usagef("--name must not be empty")
	}
	set, ok, err := r.read()
	if err != nil {
		return err
	}
	if !ok {
		return cmderr.Usagef("at least one permission is required: use --permission TYPE:ACTION[,ACTION] or --permissions-file FILE")
	}
	req := iamapi.RoleRequest{Name: r.Name, IsDefault: r.Default, Permissions: set}
	if r.Description != "" {
		req.Description = &r.Description
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.CreateRole(c, req)
	if err != nil {
		return err
	}
	if err := show(c, raw, roleDetail); err != nil {
		return err
	}
	created, _ := iamapi.Decode[iamapi.Role](raw)
	return c.Success("Role %s created in tenant '%s'.", created.Label(), a.Tenant())
}

// RolesUpdate updates a role.
type RolesUpdate struct {
	ID          string  `arg:"" name:"role" completer:"role" help:"Role id or name."`
	Name        *string `help:"New name." placeholder:"NAME"`
	Description *string `help:"New description." placeholder:"TEXT"`
	Default     *bool   `help:"Give the role to every new user of the tenant (--default=false to stop)."`
	permissionFlags
}

// Examples implements the SDK's Exampler.
func (r *RolesUpdate) Examples() []string {
	return []string{
		"kestractl roles update 6Bq1kVw0n4pZzJ3cXyR2aT --description 'Runs and watches flows'",
		"# Replace every permission\nkestractl roles update 6Bq1kVw0n4pZzJ3cXyR2aT --permission FLOW:VIEW,LIST",
	}
}

// Run reads the role, overlays the flags (a new permission set replaces
// the old one, after asking when it takes permissions away) and writes it.
func (r *RolesUpdate) Run(c *plugin.Context) error {
	set, hasPerms, err := r.read()
	if err != nil {
		return err
	}
	if r.Name == nil && r.Description == nil && r.Default == nil && !hasPerms {
		return cmderr.Usagef("nothing to update: pass at least one of --name, --description, --default, --permission or --permissions-file")
	}
	if r.Name != nil && strings.TrimSpace(*r.Name) == "" {
		return cmderr.Usagef("--name must not be empty")
	}
	a, ref, raw, err := roles().read(c, r.ID)
	if err != nil {
		return err
	}
	cur, err := iamapi.Decode[iamapi.Role](raw)
	if err != nil {
		return err
	}
	req := iamapi.RoleRequest{Name: overlay(r.Name, cur.Name), Description: cur.Description, IsDefault: cur.IsDefault,
		Permissions: cur.Permissions}
	if req.Permissions == nil {
		req.Permissions = map[string][]string{}
	}
	if r.Description != nil {
		req.Description = r.Description
	}
	if r.Default != nil {
		req.IsDefault = r.Default
	}
	if hasPerms {
		req.Permissions = set
		if removed := set.Removed(permissions.Set(cur.Permissions)); len(removed) > 0 {
			err := announce(c, func() (string, error) {
				return fmt.Sprintf("the new permissions of role %s remove %s", cur.Label(), strings.Join(removed, ", ")), nil
			})
			if err != nil {
				return err
			}
		}
	}
	out, err := a.UpdateRole(c, ref.ID, req)
	if err != nil {
		return err
	}
	if err := show(c, out, roleDetail); err != nil {
		return err
	}
	return c.Success("Role %s updated.", iamapi.Role{ID: ref.ID, Name: req.Name}.Label())
}

// RolesDelete deletes a role.
type RolesDelete struct {
	ID string `arg:"" name:"role" completer:"role" help:"Role id or name."`
}

// Examples implements the SDK's Exampler.
func (d *RolesDelete) Examples() []string {
	return []string{
		"kestractl roles delete 6Bq1kVw0n4pZzJ3cXyR2aT",
		"kestractl roles rm 6Bq1kVw0n4pZzJ3cXyR2aT --yes",
	}
}

// Run asks, then deletes the role.
func (d *RolesDelete) Run(c *plugin.Context) error {
	return roles().remove(c, d.ID, func(a *iamapi.Client, ref iamapi.Ref) string {
		return fmt.Sprintf("Delete role %s in tenant '%s', taking its permissions away from everyone bound to it?", ref.Label(), a.Tenant())
	})
}
