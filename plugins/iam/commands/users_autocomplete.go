package commands

import (
	"context"
	"encoding/json"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UsersAutocomplete suggests users of the active tenant.
type UsersAutocomplete struct {
	plugin.QueryFlag `embed:""`
	ExistingOnly     bool `name:"existing-only" help:"Only existing users (the server's existingOnly)."`
	plugin.ListFlags `embed:""`
}

// Help is the detailed help of users autocomplete.
func (u *UsersAutocomplete) Help() string {
	return `The server's suggestions (POST {tenant}/tenant-access/autocomplete): at most
50 users with access to the active tenant whose e-mail or name contains -q.
Items are the server's, unchanged with -o json (id, username, displayName,
groups, auths).`
}

// Examples implements the SDK's Exampler.
func (u *UsersAutocomplete) Examples() []string {
	return []string{"kestractl users autocomplete -q alice", "kestractl users autocomplete -q example.com -o json --jq '.[].username'"}
}

// Run asks the server.
func (u *UsersAutocomplete) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	req := iamapi.Autocomplete{ExistingOnly: u.ExistingOnly}
	if u.Query != "" {
		req.Q = &u.Query
	}
	return fetched(c, u.ListFlags, plugin.Listing{Noun: "user", Columns: []plugin.Column{plugin.Col("ID", "id"),
		plugin.Col("USERNAME", "username"), plugin.Col("DISPLAY NAME", "displayName")}},
		func(ctx context.Context) ([]json.RawMessage, error) { return a.AutocompleteUsers(ctx, req) })
}
