package commands

import (
	"context"
	"encoding/json"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// RolesAutocomplete suggests roles.
type RolesAutocomplete struct {
	plugin.QueryFlag `embed:""`
	plugin.ListFlags `embed:""`
}

// Help is the detailed help of roles autocomplete.
func (r *RolesAutocomplete) Help() string {
	return `The server's suggestions (POST {tenant}/roles/autocomplete): at most 50 roles
of the active tenant whose name contains -q. Items are the server's,
unchanged with -o json.`
}

// Examples implements the SDK's Exampler.
func (r *RolesAutocomplete) Examples() []string {
	return []string{"kestractl roles autocomplete -q admin"}
}

// Run asks the server.
func (r *RolesAutocomplete) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	req := iamapi.Autocomplete{}
	if r.Query != "" {
		req.Q = &r.Query
	}
	return fetched(c, r.ListFlags, plugin.Listing{Noun: "role", Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAME", "name")}},
		func(ctx context.Context) ([]json.RawMessage, error) { return a.AutocompleteRoles(ctx, req) })
}

// RolesListFromIDs lists the roles named.
type RolesListFromIDs struct {
	IDs              []string `arg:"" name:"role" completer:"role" help:"Role ids (or names)."`
	plugin.ListFlags `embed:""`
}

// Help is the detailed help of roles list-from-ids.
func (r *RolesListFromIDs) Help() string {
	return `The server's roles for these ids (POST {tenant}/roles/ids), with their
permissions; a name is taken too. A role that does not exist is named in a
warning and left out. Items are the server's, unchanged with -o json.`
}

// Examples implements the SDK's Exampler.
func (r *RolesListFromIDs) Examples() []string {
	return []string{"kestractl roles list-from-ids 6Bq1kVw0n4pZzJ3cXyR2aT", "kestractl roles list-from-ids admin operator -o json --jq '.[].permissions'"}
}

// Run lists the roles.
func (r *RolesListFromIDs) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	ids, err := existing(c, r.IDs, "role", a.ResolveRole)
	if err != nil {
		return err
	}
	return fetched(c, r.ListFlags, plugin.Listing{Noun: "role", Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAME", "name"),
		plugin.Col("DEFAULT", "isDefault")}},
		func(ctx context.Context) ([]json.RawMessage, error) {
			if len(ids) == 0 {
				return []json.RawMessage{}, nil
			}
			return a.RolesByIDs(ctx, ids)
		})
}
