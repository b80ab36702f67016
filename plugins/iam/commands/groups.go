package commands

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Groups is the groups group (tenant-scoped).
type Groups struct {
	List    GroupsList    `cmd:"" aliases:"ls" help:"List groups."`
	Get     GroupsGet     `cmd:"" aliases:"show,describe" help:"Show a group."`
	Create  GroupsCreate  `cmd:"" help:"Create a group."`
	Update  GroupsUpdate  `cmd:"" help:"Update a group's name or description; members are left alone."`
	Delete  GroupsDelete  `cmd:"" aliases:"rm" help:"Delete a group (asks first; --yes to skip)."`
	Members GroupsMembers `cmd:"" aliases:"member" help:"List, add and remove a group's members."`
}

var groupsListing = listing{
	plural: "group(s)",
	cols:   []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAME", "name"), plugin.Col("DESCRIPTION", "description")},
}

func groupDetail(raw json.RawMessage) (fields, error) {
	g, err := iamapi.Decode[iamapi.Group](raw)
	if err != nil {
		return nil, err
	}
	return fields{{"id", g.ID}, {"name", g.Name}, {"description", g.Description}}, nil
}

// GroupsList lists groups.
type GroupsList struct {
	Query string `short:"q" help:"Only groups whose name contains this text." placeholder:"TEXT"`
	Paging
}

// Run lists the groups.
func (l *GroupsList) Run(c *plugin.Context) error {
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
	return stream(c, groupsListing, q.Page, func(fn iamapi.PageFunc) error { return a.SearchGroups(c, q, fn) })
}

// GroupsGet shows a group.
type GroupsGet struct {
	ID string `arg:"" name:"group-id" completer:"group" help:"Group id."`
}

// Run shows the group.
func (g *GroupsGet) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.GetGroup(c, g.ID)
	if err != nil {
		return err
	}
	return show(c, raw, groupDetail)
}

// GroupsCreate creates a group.
type GroupsCreate struct {
	Name        string   `required:"" help:"Group name." placeholder:"NAME"`
	Description string   `help:"Group description." placeholder:"TEXT"`
	Member      []string `sep:"none" completer:"user" help:"User id of an initial member, repeatable." placeholder:"USER_ID"`
}

// Run creates the group.
func (g *GroupsCreate) Run(c *plugin.Context) error {
	if strings.TrimSpace(g.Name) == "" {
		return cmderr.Usagef("--name must not be empty")
	}
	for _, m := range g.Member {
		if strings.TrimSpace(m) == "" {
			return cmderr.Usagef("--member must not be empty")
		}
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.CreateGroup(c, iamapi.GroupCreate{Name: g.Name, Description: g.Description, MembersID: dedupe(g.Member)})
	if err != nil {
		return err
	}
	if err := show(c, raw, groupDetail); err != nil {
		return err
	}
	created, _ := iamapi.Decode[iamapi.Group](raw)
	return c.Success("Group %s created in tenant %q.", created.Label(), a.Tenant())
}

// GroupsUpdate updates a group's name or description.
type GroupsUpdate struct {
	ID          string  `arg:"" name:"group-id" completer:"group" help:"Group id."`
	Name        *string `help:"New name." placeholder:"NAME"`
	Description *string `help:"New description (\"\" clears it)." placeholder:"TEXT"`
}

// Run reads the group, overlays the flags and writes it back.
func (g *GroupsUpdate) Run(c *plugin.Context) error {
	if g.Name == nil && g.Description == nil {
		return cmderr.Usagef("nothing to update: pass --name and/or --description (members: see 'kestractl groups members')")
	}
	if g.Name != nil && strings.TrimSpace(*g.Name) == "" {
		return cmderr.Usagef("--name must not be empty")
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.GetGroup(c, g.ID)
	if err != nil {
		return err
	}
	cur, err := iamapi.Decode[iamapi.Group](raw)
	if err != nil {
		return err
	}
	desc := overlay(g.Description, cur.Description)
	out, err := a.UpdateGroup(c, g.ID, iamapi.GroupUpdate{Name: overlay(g.Name, cur.Name), Description: &desc})
	if err != nil {
		return err
	}
	if err := show(c, out, groupDetail); err != nil {
		return err
	}
	return c.Success("Group %q updated.", g.ID)
}

// GroupsDelete deletes a group.
type GroupsDelete struct {
	ID string `arg:"" name:"group-id" completer:"group" help:"Group id."`
}

// Run asks, then deletes the group.
func (d *GroupsDelete) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%q", d.ID)
	err = confirm(c, func() (string, error) {
		raw, err := a.GetGroup(c, d.ID)
		if err != nil {
			return "", err
		}
		g, err := iamapi.Decode[iamapi.Group](raw)
		if err != nil {
			return "", err
		}
		name = g.Label()
		return fmt.Sprintf("Delete group %s in tenant %q, taking away the access it gives its members?", name, a.Tenant()), nil
	})
	if err != nil {
		return err
	}
	if err := a.DeleteGroup(c, d.ID); err != nil {
		return err
	}
	return done(c, map[string]string{"id": d.ID, "status": "deleted"}, "Group %s deleted.", name)
}

// GroupsMembers holds the member commands.
type GroupsMembers struct {
	List   MembersList   `cmd:"" aliases:"ls" help:"List a group's members."`
	Add    MembersAdd    `cmd:"" help:"Add a user to a group."`
	Remove MembersRemove `cmd:"" aliases:"rm" help:"Remove a user from a group (asks first; --yes to skip)."`
}

// MembersList lists a group's members.
type MembersList struct {
	ID    string `arg:"" name:"group-id" completer:"group" help:"Group id."`
	Query string `short:"q" help:"Only members whose name contains this text." placeholder:"TEXT"`
	Paging
}

// Run lists the members.
func (m *MembersList) Run(c *plugin.Context) error {
	q, err := m.query()
	if err != nil {
		return err
	}
	if m.Query != "" {
		q.Filters = append(q.Filters, iamapi.Equals("q", m.Query))
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	l := listing{
		plural: "member(s)",
		cols: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("USERNAME", "username"),
			plugin.Col("DISPLAY NAME", "displayName"), plugin.Col("MEMBERSHIP", "membership")},
		row: func(raw json.RawMessage) (any, error) {
			rec, err := record(raw)
			if err != nil {
				return nil, err
			}
			var member struct {
				Groups []struct {
					ID         string `json:"id"`
					Membership string `json:"membership"`
				} `json:"groups"`
			}
			_ = json.Unmarshal(raw, &member)
			for _, g := range member.Groups {
				if g.ID == m.ID {
					rec["membership"] = g.Membership
				}
			}
			return rec, nil
		},
	}
	return stream(c, l, q.Page, func(fn iamapi.PageFunc) error { return a.SearchGroupMembers(c, m.ID, q, fn) })
}

// MembersAdd adds a member.
type MembersAdd struct {
	ID     string `arg:"" name:"group-id" completer:"group" help:"Group id."`
	UserID string `arg:"" name:"user-id" completer:"user" help:"User id."`
}

// Run adds the user.
func (m *MembersAdd) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.AddGroupMember(c, m.ID, m.UserID)
	if err != nil {
		return err
	}
	return memberDone(c, raw, map[string]string{"groupId": m.ID, "userId": m.UserID, "status": "added"},
		fmt.Sprintf("User %q added to group %q.", m.UserID, m.ID))
}

// MembersRemove removes a member.
type MembersRemove struct {
	ID     string `arg:"" name:"group-id" completer:"group" help:"Group id."`
	UserID string `arg:"" name:"user-id" completer:"user" help:"User id."`
}

// Run removes the user from the group (as the public kestractl, without
// asking: the command says exactly what it removes).
func (m *MembersRemove) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.RemoveGroupMember(c, m.ID, m.UserID)
	if err != nil {
		return err
	}
	return memberDone(c, raw, map[string]string{"groupId": m.ID, "userId": m.UserID, "status": "removed"},
		fmt.Sprintf("User %q removed from group %q.", m.UserID, m.ID))
}

// memberDone reports a membership change: the member document the server
// returned (JSON, YAML) or the status object when it returned none.
func memberDone(c *plugin.Context, raw json.RawMessage, status map[string]string, msg string) error {
	if err := c.Success("%s", msg); err != nil {
		return err
	}
	switch {
	case c.Format() == plugin.FormatTable:
		return nil
	case len(raw) > 0:
		return c.Object(raw)
	}
	return c.Object(status)
}
