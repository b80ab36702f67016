package commands

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// GroupsAutocomplete suggests groups.
type GroupsAutocomplete struct {
	plugin.QueryFlag `embed:""`
	plugin.ListFlags `embed:""`
}

// Help is the detailed help of groups autocomplete.
func (g *GroupsAutocomplete) Help() string {
	return `The server's suggestions (POST {tenant}/groups/autocomplete): at most 50
groups of the active tenant whose name contains -q. Items are the server's,
unchanged with -o json.`
}

// Examples implements the SDK's Exampler.
func (g *GroupsAutocomplete) Examples() []string {
	return []string{"kestractl groups autocomplete -q ops"}
}

// Run asks the server.
func (g *GroupsAutocomplete) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	req := iamapi.Autocomplete{}
	if g.Query != "" {
		req.Q = &g.Query
	}
	return fetched(c, g.ListFlags, plugin.Listing{Noun: "group", Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAME", "name")}},
		func(ctx context.Context) ([]json.RawMessage, error) { return a.AutocompleteGroups(ctx, req) })
}

// GroupsListByIDs lists the groups named.
type GroupsListByIDs struct {
	IDs              []string `arg:"" name:"group" completer:"group" help:"Group ids (or names)."`
	plugin.ListFlags `embed:""`
}

// Help is the detailed help of groups list-by-ids.
func (g *GroupsListByIDs) Help() string {
	return `The server's groups for these ids (POST {tenant}/groups/ids), in that
order; a name is taken too. A group that does not exist is named in a warning
and left out. Items are the server's, unchanged with -o json.`
}

// Examples implements the SDK's Exampler.
func (g *GroupsListByIDs) Examples() []string {
	return []string{"kestractl groups list-by-ids 3kcvnr0gB0qLQ8oE5DxeWz 7Hq2bB0xQ1c9vR3mNnL4aZ", "kestractl groups list-by-ids admins operators -o json"}
}

// Run lists the groups.
func (g *GroupsListByIDs) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	ids, err := existing(c, g.IDs, "group", a.ResolveGroup)
	if err != nil {
		return err
	}
	return fetched(c, g.ListFlags, plugin.Listing{Noun: "group", Columns: groupsColumns()},
		func(ctx context.Context) ([]json.RawMessage, error) {
			if len(ids) == 0 {
				return []json.RawMessage{}, nil
			}
			return a.GroupsByIDs(ctx, ids)
		})
}

// existing resolves the references of a by-ids list: the ones that name
// nothing are said in a warning and left out, as the server leaves out
// unknown ids.
func existing(c *plugin.Context, refs []string, noun string, resolve func(context.Context, string) (iamapi.Ref, error)) ([]string, error) {
	var ids []string
	for _, r := range refs {
		ref, err := resolve(c, r)
		if cmderr.CodeOf(err) == cmderr.NotFound {
			_ = c.Warn("no %s has the id or name %q: left out", noun, r)
			continue
		}
		if err != nil {
			return nil, err
		}
		ids = append(ids, ref.ID)
	}
	return ids, nil
}

// GroupsSetMembership sets a member's role in a group.
type GroupsSetMembership struct {
	ID         string `arg:"" name:"group" completer:"group" help:"Group id or name."`
	UserID     string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
	Membership string `required:"" values:"MEMBER,OWNER" help:"MEMBER or OWNER, any case (owners manage the group's members)." placeholder:"MEMBER|OWNER"`
}

// Help is the detailed help of groups set-membership.
func (g *GroupsSetMembership) Help() string {
	return `Makes the user a MEMBER or an OWNER of the group, adding them when they are
not in it. With -o json the output is the server's member document.`
}

// Examples implements the SDK's Exampler.
func (g *GroupsSetMembership) Examples() []string {
	return []string{
		"kestractl groups set-membership admins alice@example.com --membership OWNER",
		"kestractl groups set-membership 3kcvnr0gB0qLQ8oE5DxeWz 5uTxJpqvAyhHXJ2kb2Zs5d --membership MEMBER",
	}
}

// Run sets the membership.
func (g *GroupsSetMembership) Run(c *plugin.Context) error {
	g.Membership = strings.ToUpper(strings.TrimSpace(g.Membership))
	if g.Membership != "MEMBER" && g.Membership != "OWNER" {
		return cmderr.Usagef("invalid --membership %q: expected MEMBER or OWNER", g.Membership)
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	group, user, err := groupAndUser(c, a, g.ID, g.UserID)
	if err != nil {
		return err
	}
	raw, err := a.SetGroupMembership(c, group.ID, user.ID, g.Membership)
	if err != nil {
		return err
	}
	return memberDone(c, raw, map[string]string{"groupId": group.ID, "userId": user.ID, "membership": g.Membership, "status": "updated"},
		"User "+user.Label()+" is now "+g.Membership+" of group "+group.Label()+".")
}
