package commands

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/plugins/iam/validate"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Invitations is the invitations group (tenant-scoped).
type Invitations struct {
	List   InvitationsList   `cmd:"" aliases:"ls" help:"List invitations."`
	Get    InvitationsGet    `cmd:"" aliases:"show,describe" help:"Show an invitation."`
	Create InvitationsCreate `cmd:"" help:"Invite a user to the tenant, with roles and groups given on acceptance."`
	Delete InvitationsDelete `cmd:"" aliases:"rm,revoke" help:"Delete (revoke) an invitation (asks first; --yes to skip)."`
}

var invitationStatuses = [...]string{"PENDING", "ACCEPTED", "EXPIRED"}

func invitationsColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("ID", "id"), plugin.Col("EMAIL", "email"),
		plugin.Column{Header: "STATUS", Path: "status", Format: "status"}, ageCol("SENT", "sentAt"),
		ageCol("EXPIRES", "expiredAt"), plugin.Col("SUPERADMIN", "superAdmin")}
}

func invitationDetail(raw json.RawMessage) (fields, error) {
	var inv struct {
		ID         string `json:"id"`
		Email      string `json:"email"`
		Status     string `json:"status"`
		TenantID   string `json:"tenantId"`
		SentAt     string `json:"sentAt"`
		ExpiredAt  string `json:"expiredAt"`
		AcceptedAt string `json:"acceptedAt"`
		SuperAdmin bool   `json:"superAdmin"`
		Link       string `json:"link"`
		Roles      []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"roles"`
		Groups []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"groups"`
	}
	if err := json.Unmarshal(raw, &inv); err != nil {
		return nil, fmt.Errorf("cannot decode the server's answer: %w", err)
	}
	roles := make([]string, 0, len(inv.Roles))
	for _, r := range inv.Roles {
		roles = append(roles, firstOf(r.Name, r.ID))
	}
	groups := make([]string, 0, len(inv.Groups))
	for _, g := range inv.Groups {
		groups = append(groups, firstOf(g.Name, g.ID))
	}
	return fields{{"id", inv.ID}, {"email", inv.Email}, {"status", inv.Status}, {"tenant", inv.TenantID},
		{"sent at", when(inv.SentAt)}, {"expires at", when(inv.ExpiredAt)}, {"accepted at", when(inv.AcceptedAt)},
		{"super-admin", yesNo(inv.SuperAdmin)}, {"roles", strings.Join(roles, ", ")},
		{"groups", strings.Join(groups, ", ")}, {"link", inv.Link}}, nil
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// InvitationsList lists invitations.
type InvitationsList struct {
	Status string `values:"PENDING,ACCEPTED,EXPIRED" help:"Only invitations in this status: PENDING, ACCEPTED or EXPIRED." placeholder:"STATUS"`
	Email  string `help:"Only invitations sent to this address." placeholder:"EMAIL"`
	listFlags
}

// Examples implements the SDK's Exampler.
func (l *InvitationsList) Examples() []string {
	return []string{
		"kestractl invitations list --status PENDING",
		"kestractl invitations list --email alice@example.com -o json",
	}
}

// Run lists the invitations of the active tenant.
func (l *InvitationsList) Run(c *plugin.Context) error {
	var filters []plugin.Filter
	if l.Status != "" {
		s := strings.ToUpper(strings.TrimSpace(l.Status))
		if !slices.Contains(invitationStatuses[:], s) {
			return cmderr.Usagef("invalid --status %q: expected one of %s", l.Status, strings.Join(invitationStatuses[:], ", "))
		}
		filters = append(filters, plugin.Filter{Field: "status", Operation: "EQUALS", Values: []string{s}})
	}
	if l.Email != "" {
		filters = append(filters, plugin.Filter{Field: "email", Operation: "EQUALS", Values: []string{l.Email}})
	}
	return l.search(c, (*iamapi.Client).Invitations, plugin.Listing{Noun: "invitation", Columns: invitationsColumns()}, fixedFilters(filters))
}

// InvitationsGet shows an invitation.
type InvitationsGet struct {
	ID string `arg:"" name:"invitation-id" completer:"invitation" help:"Invitation id."`
}

// Examples implements the SDK's Exampler.
func (g *InvitationsGet) Examples() []string {
	return []string{
		"kestractl invitations get 8VnR2cX4bZ6mQ1wT3yL5pK",
	}
}

// Run shows the invitation.
func (g *InvitationsGet) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.GetInvitation(c, g.ID)
	if err != nil {
		return err
	}
	return show(c, raw, invitationDetail)
}

// InvitationsCreate sends an invitation.
type InvitationsCreate struct {
	Email                string   `required:"" help:"Address to invite." placeholder:"EMAIL"`
	Role                 []string `sep:"none" completer:"role" help:"Role (id or name) given on acceptance, repeatable." placeholder:"ROLE"`
	Group                []string `sep:"none" completer:"group" help:"Group (id or name) joined on acceptance, repeatable." placeholder:"GROUP"`
	Superadmin           bool     `help:"Make the user a super-admin on acceptance."`
	CreateUserIfNotExist bool     `name:"create-user-if-not-exist" help:"Grant access at once, creating the user if needed, instead of inviting."`
}

// Examples implements the SDK's Exampler.
func (i *InvitationsCreate) Examples() []string {
	return []string{
		"kestractl invitations create --email alice@example.com --role 6Bq1kVw0n4pZzJ3cXyR2aT --group 3kcvnr0gB0qLQ8oE5DxeWz",
		"# Grant access at once instead of sending an e-mail\nkestractl invitations create --email bob@example.com --role 6Bq1kVw0n4pZzJ3cXyR2aT --create-user-if-not-exist",
	}
}

// Run sends the invitation.
func (i *InvitationsCreate) Run(c *plugin.Context) error {
	if err := validate.Email(i.Email); err != nil {
		return cmderr.Usagef("--email: %v", err)
	}
	req := iamapi.InvitationRequest{Email: i.Email}
	for _, r := range i.Role {
		if strings.TrimSpace(r) == "" {
			return cmderr.Usagef("--role must not be empty")
		}
	}
	for _, g := range i.Group {
		if strings.TrimSpace(g) == "" {
			return cmderr.Usagef("--group must not be empty")
		}
	}
	if i.Superadmin {
		req.SuperAdmin = &i.Superadmin
	}
	if i.CreateUserIfNotExist {
		req.CreateUserIfNotExist = &i.CreateUserIfNotExist
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	roles, err := resolveAll(c, i.Role, a.ResolveRole)
	if err != nil {
		return err
	}
	for _, r := range roles {
		req.Roles = append(req.Roles, iamapi.InvitationRole{ID: r.ID})
	}
	groups, err := resolveAll(c, i.Group, a.ResolveGroup)
	if err != nil {
		return err
	}
	if len(groups) > 0 {
		req.Groups = refIDs(groups)
	}
	status, raw, err := a.CreateInvitation(c, req)
	if err != nil {
		return err
	}
	if status == http.StatusNoContent {
		return done(c, map[string]string{"email": i.Email, "tenant": a.Tenant(), "status": "access-granted"},
			"Access to tenant '%s' granted directly to %s; no invitation was sent.", a.Tenant(), i.Email)
	}
	if len(raw) == 0 {
		return done(c, map[string]string{"email": i.Email, "tenant": a.Tenant(), "status": "invited"},
			"Invitation to tenant '%s' sent to %s.", a.Tenant(), i.Email)
	}
	if err := show(c, raw, invitationDetail); err != nil {
		return err
	}
	return c.Success("Invitation to tenant '%s' sent to %s.", a.Tenant(), i.Email)
}

// InvitationsDelete deletes an invitation.
type InvitationsDelete struct {
	ID string `arg:"" name:"invitation-id" completer:"invitation" help:"Invitation id."`
}

// Examples implements the SDK's Exampler.
func (d *InvitationsDelete) Examples() []string {
	return []string{
		"kestractl invitations revoke 8VnR2cX4bZ6mQ1wT3yL5pK",
		"kestractl invitations delete 8VnR2cX4bZ6mQ1wT3yL5pK --yes",
	}
}

// Run asks, then deletes the invitation.
func (d *InvitationsDelete) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("'%s'", d.ID)
	err = confirm(c, func() (string, error) {
		raw, err := a.GetInvitation(c, d.ID)
		if err != nil {
			return "", err
		}
		inv, err := iamapi.Decode[iamapi.Invitation](raw)
		if err != nil {
			return "", err
		}
		name = inv.Label()
		return fmt.Sprintf("Delete (revoke) the invitation of %s?", name), nil
	})
	if err != nil {
		return err
	}
	if err := a.DeleteInvitation(c, d.ID); err != nil {
		return err
	}
	return done(c, map[string]string{"id": d.ID, "status": "deleted"}, "Invitation %s deleted.", name)
}
