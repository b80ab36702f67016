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

	Autocomplete  GroupsAutocomplete  `cmd:"" help:"Suggest the groups whose name contains a text."`
	ListByIDs     GroupsListByIDs     `cmd:"" name:"list-by-ids" help:"Show the groups of these ids."`
	SetMembership GroupsSetMembership `cmd:"" name:"set-membership" help:"Make a user a MEMBER or an OWNER of a group."`
}

func groupsColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAME", "name"), plugin.Col("DESCRIPTION", "description")}
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
	plugin.QueryFlag `embed:""`
	listFlags
}

// Examples implements the SDK's Exampler.
func (l *GroupsList) Examples() []string {
	return []string{
		"kestractl groups list",
		"kestractl groups list -q admins -o json",
	}
}

// Run lists the groups of the active tenant.
func (l *GroupsList) Run(c *plugin.Context) error {
	return l.search(c, (*iamapi.Client).Groups, plugin.Listing{Noun: "group", Columns: groupsColumns()}, l.QueryFlag)
}

// GroupsGet shows a group.
type GroupsGet struct {
	ID string `arg:"" name:"group" completer:"group" help:"Group id or name."`
}

// Examples implements the SDK's Exampler.
func (g *GroupsGet) Examples() []string {
	return []string{
		"kestractl groups get 3kcvnr0gB0qLQ8oE5DxeWz",
	}
}

// Run shows the group.
func (g *GroupsGet) Run(c *plugin.Context) error { return groups().show(c, g.ID) }

// GroupsCreate creates a group.
type GroupsCreate struct {
	Name        string   `required:"" help:"Group name." placeholder:"NAME"`
	Description string   `help:"Group description." placeholder:"TEXT"`
	Member      []string `sep:"none" completer:"user" help:"Initial member (user id, e-mail or display name), repeatable." placeholder:"USER"`
}

// Examples implements the SDK's Exampler.
func (g *GroupsCreate) Examples() []string {
	return []string{
		"kestractl groups create --name admins --description 'Platform admins'",
		"kestractl groups create --name operators --member 5uTxJpqvAyhHXJ2kb2Zs5d -o json --jq .id",
	}
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
	members, err := resolveAll(c, g.Member, a.ResolveUser)
	if err != nil {
		return err
	}
	raw, err := a.CreateGroup(c, iamapi.GroupCreate{Name: g.Name, Description: g.Description, MembersID: refIDs(members)})
	if err != nil {
		return err
	}
	if err := show(c, raw, groupDetail); err != nil {
		return err
	}
	created, _ := iamapi.Decode[iamapi.Group](raw)
	return c.Success("Group %s created in tenant '%s'.", created.Label(), a.Tenant())
}

// GroupsUpdate updates a group's name or description.
type GroupsUpdate struct {
	ID          string  `arg:"" name:"group" completer:"group" help:"Group id or name."`
	Name        *string `help:"New name." placeholder:"NAME"`
	Description *string `help:"New description (\"\" clears it)." placeholder:"TEXT"`
}

// Examples implements the SDK's Exampler.
func (g *GroupsUpdate) Examples() []string {
	return []string{
		"kestractl groups update 3kcvnr0gB0qLQ8oE5DxeWz --name platform-admins",
		"# Clear the description\nkestractl groups update 3kcvnr0gB0qLQ8oE5DxeWz --description ''",
	}
}

// Run reads the group, overlays the flags and writes it back.
func (g *GroupsUpdate) Run(c *plugin.Context) error {
	if g.Name == nil && g.Description == nil {
		return cmderr.Usagef("nothing to update: pass --name and/or --description (members: see 'kestractl groups members')")
	}
	if g.Name != nil && strings.TrimSpace(*g.Name) == "" {
		return cmderr.Usagef("--name must not be empty")
	}
	a, ref, raw, err := groups().read(c, g.ID)
	if err != nil {
		return err
	}
	cur, err := iamapi.Decode[iamapi.Group](raw)
	if err != nil {
		return err
	}
	desc := overlay(g.Description, cur.Description)
	name := overlay(g.Name, cur.Name)
	out, err := a.UpdateGroup(c, ref.ID, iamapi.GroupUpdate{Name: name, Description: &desc})
	if err != nil {
		return err
	}
	if err := show(c, out, groupDetail); err != nil {
		return err
	}
	return c.Success("Group %s updated.", iamapi.Group{ID: ref.ID, Name: name}.Label())
}

// GroupsDelete deletes a group.
type GroupsDelete struct {
	ID string `arg:"" name:"group" completer:"group" help:"Group id or name."`
}

// Examples implements the SDK's Exampler.
func (d *GroupsDelete) Examples() []string {
	return []string{
		"kestractl groups delete 3kcvnr0gB0qLQ8oE5DxeWz",
		"kestractl groups rm 3kcvnr0gB0qLQ8oE5DxeWz --yes",
	}
}

// Run asks, then deletes the group.
func (d *GroupsDelete) Run(c *plugin.Context) error {
	return groups().remove(c, d.ID, func(a *iamapi.Client, ref iamapi.Ref) string {
		return fmt.Sprintf("Delete group %s in tenant '%s', taking away the access it gives its members?", ref.Label(), a.Tenant())
	})
}

// GroupsMembers holds the member commands.
type GroupsMembers struct {
	List   MembersList   `cmd:"" aliases:"ls" help:"List a group's members."`
	Add    MembersAdd    `cmd:"" help:"Add a user to a group."`
	Remove MembersRemove `cmd:"" aliases:"rm" help:"Remove a user from a group (asks first; --yes to skip)."`
}

// MembersList lists a group's members.
type MembersList struct {
	ID               string `arg:"" name:"group" completer:"group" help:"Group id or name."`
	plugin.QueryFlag `embed:""`
	listFlags
}

// Examples implements the SDK's Exampler.
func (m *MembersList) Examples() []string {
	return []string{
		"kestractl groups members list 3kcvnr0gB0qLQ8oE5DxeWz",
		"kestractl groups members ls 3kcvnr0gB0qLQ8oE5DxeWz --all -o json",
	}
}

// Run lists the members.
func (m *MembersList) Run(c *plugin.Context) error {
	q, err := m.params(m.QueryFlag)
	if err != nil {
		return err
	}
	a, ref, err := groups().open(c, m.ID)
	if err != nil {
		return err
	}
	return list(c, a.GroupMembers(ref.ID), m.listFlags, q, plugin.Listing{Noun: "member", Columns: []plugin.Column{
		plugin.Col("ID", "id"), plugin.Col("USERNAME", "username"), plugin.Col("DISPLAY NAME", "displayName")}})
}

// MembersAdd adds a member.
type MembersAdd struct {
	ID     string `arg:"" name:"group" completer:"group" help:"Group id or name."`
	UserID string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
}

// Examples implements the SDK's Exampler.
func (m *MembersAdd) Examples() []string {
	return []string{
		"kestractl groups members add 3kcvnr0gB0qLQ8oE5DxeWz 5uTxJpqvAyhHXJ2kb2Zs5d",
	}
}

// Run adds the user.
func (m *MembersAdd) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	group, user, err := groupAndUser(c, a, m.ID, m.UserID)
	if err != nil {
		return err
	}
	raw, err := a.AddGroupMember(c, group.ID, user.ID)
	if err != nil {
		return err
	}
	return memberDone(c, raw, map[string]string{"groupId": group.ID, "userId": user.ID, "status": "added"},
		fmt.Sprintf("User %s added to group %s.", user.Label(), group.Label()))
}

// MembersRemove removes a member.
type MembersRemove struct {
	ID     string `arg:"" name:"group" completer:"group" help:"Group id or name."`
	UserID string `arg:"" name:"user" completer:"user" help:"User id, e-mail or display name."`
}

// Examples implements the SDK's Exampler.
func (m *MembersRemove) Examples() []string {
	return []string{
		"kestractl groups members remove 3kcvnr0gB0qLQ8oE5DxeWz 5uTxJpqvAyhHXJ2kb2Zs5d",
	}
}

// Run asks (it takes away the access the group gives), then removes the
// user from the group.
func (m *MembersRemove) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	group, user, err := groupAndUser(c, a, m.ID, m.UserID)
	if err != nil {
		return err
	}
	err = confirm(c, func() (string, error) {
		return fmt.Sprintf("Remove user %s from group %s in tenant '%s'?", user.Label(), group.Label(), a.Tenant()), nil
	})
	if err != nil {
		return err
	}
	raw, err := a.RemoveGroupMember(c, group.ID, user.ID)
	if err != nil {
		return err
	}
	return memberDone(c, raw, map[string]string{"groupId": group.ID, "userId": user.ID, "status": "removed"},
		fmt.Sprintf("User %s removed from group %s.", user.Label(), group.Label()))
}

// groupAndUser resolves a group and a user.
func groupAndUser(c *plugin.Context, a *iamapi.Client, group, user string) (iamapi.Ref, iamapi.Ref, error) {
	g, err := a.ResolveGroup(c, group)
	if err != nil {
		return g, iamapi.Ref{}, err
	}
	u, err := a.ResolveUser(c, user)
	return g, u, err
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
