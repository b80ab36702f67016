package commands

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Bindings is the bindings group (tenant-scoped).
type Bindings struct {
	List   BindingsList   `cmd:"" aliases:"ls" help:"List role bindings."`
	Get    BindingsGet    `cmd:"" aliases:"show,describe" help:"Show a binding."`
	Create BindingsCreate `cmd:"" help:"Bind a role to a user or group, tenant-wide or in one namespace."`
	Delete BindingsDelete `cmd:"" aliases:"rm" help:"Delete a binding (asks first; --yes to skip)."`

	BulkCreate BindingsBulkCreate `cmd:"" name:"bulk-create" help:"Create bindings from a JSON or YAML file, all or none, checked locally first."`
}

// bindingType checks --type (USER or GROUP, any case).
func bindingType(s string) (string, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if t != "USER" && t != "GROUP" {
		return "", cmderr.Usagef("invalid --type %q: expected USER or GROUP", s)
	}
	return t, nil
}

func bindingsColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("ID", "id"), plugin.Col("TYPE", "type"), plugin.Col("USER", "user.username"),
		plugin.Col("GROUP", "group.name"), plugin.Col("ROLE", "role.name"), plugin.Col("NAMESPACE", "namespace")}
}

func bindingDetail(raw json.RawMessage) (fields, error) {
	b, err := iamapi.Decode[iamapi.Binding](raw)
	if err != nil {
		return nil, err
	}
	f := fields{{"id", b.ID}, {"type", b.Type}, {"subject", b.Subject()}}
	switch {
	case b.User != nil:
		f = append(f, field{"user id", b.User.ID})
	case b.Group != nil:
		f = append(f, field{"group id", b.Group.ID})
	}
	if b.Role != nil {
		f = append(f, field{"role", fmt.Sprintf("%s (id %s)", b.Role.Name, b.Role.ID)})
	}
	ns := "(tenant-wide)"
	if b.Namespace != nil && *b.Namespace != "" {
		ns = *b.Namespace
	}
	return append(f, field{"namespace", ns}), nil
}

// BindingsList lists bindings.
type BindingsList struct {
	Type       string `values:"USER,GROUP" help:"Only bindings of USER or GROUP subjects." placeholder:"USER|GROUP"`
	ExternalID string `name:"external-id" help:"Only bindings of this user or group (an id; with --type, an e-mail or a name too)." placeholder:"ID"`
	Namespace  string `short:"n" completer:"namespace" help:"Only bindings in this namespace." placeholder:"NAMESPACE"`
	listFlags
}

// Examples implements the SDK's Exampler.
func (l *BindingsList) Examples() []string {
	return []string{
		"kestractl bindings list",
		"kestractl bindings list --type USER --external-id 5uTxJpqvAyhHXJ2kb2Zs5d",
		"kestractl bindings list -n company.team -o json",
	}
}

// Help is the detailed help of bindings list.
func (l *BindingsList) Help() string {
	return "Items are the server's bindings, unchanged with -o json or -o yaml (id, type, namespace, role, " +
		"and user or group). A namespace that does not exist is an error (exit 5)."
}

// Run lists the bindings of the active tenant.
func (l *BindingsList) Run(c *plugin.Context) error {
	f := iamapi.BindingFilter{ExternalID: l.ExternalID, Namespace: l.Namespace}
	if l.Type != "" {
		t, err := bindingType(l.Type)
		if err != nil {
			return err
		}
		f.Type = t
	}
	if l.Namespace != "" {
		if err := plugin.ValidateNamespace(l.Namespace); err != nil {
			return err
		}
	}
	q, err := l.params()
	if err != nil {
		return err
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	if f.ExternalID != "" && f.Type != "" {
		subject, err := resolveSubject(c, a, f.Type, f.ExternalID)
		if err != nil {
			return err
		}
		f.ExternalID = subject.ID
	}
	for k, v := range f.Params() {
		q[k] = v
	}
	return list(c, a.Bindings(), l.listFlags, q, plugin.Listing{Noun: "binding", Columns: bindingsColumns(),
		Namespace: l.Namespace})
}

// BindingsGet shows a binding.
type BindingsGet struct {
	ID string `arg:"" name:"binding-id" completer:"binding" help:"Binding id."`
}

// Examples implements the SDK's Exampler.
func (g *BindingsGet) Examples() []string {
	return []string{
		"kestractl bindings get 1aQz8WcN3vX5bT7yK9mP2r",
	}
}

// Run shows the binding.
func (g *BindingsGet) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.GetBinding(c, g.ID)
	if err != nil {
		return err
	}
	return show(c, raw, bindingDetail)
}

// BindingsCreate creates a binding.
type BindingsCreate struct {
	Type       string `required:"" values:"USER,GROUP" help:"Subject type: USER or GROUP." placeholder:"USER|GROUP"`
	ExternalID string `name:"external-id" required:"" help:"The user (id, e-mail or display name) or group (id or name)." placeholder:"ID"`
	Role       string `required:"" completer:"role" help:"Role id or name." placeholder:"ROLE"`
	Namespace  string `short:"n" completer:"namespace" help:"Namespace the binding applies to (default: the whole tenant)." placeholder:"NAMESPACE"`
}

// Examples implements the SDK's Exampler.
func (b *BindingsCreate) Examples() []string {
	return []string{
		"# A role for a user, in the whole tenant\nkestractl bindings create --type USER --external-id 5uTxJpqvAyhHXJ2kb2Zs5d --role 6Bq1kVw0n4pZzJ3cXyR2aT",
		"# A role for a group, in one namespace\nkestractl bindings create --type GROUP --external-id 3kcvnr0gB0qLQ8oE5DxeWz --role 6Bq1kVw0n4pZzJ3cXyR2aT -n company.team",
	}
}

// Run creates the binding.
func (b *BindingsCreate) Run(c *plugin.Context) error {
	t, err := bindingType(b.Type)
	if err != nil {
		return err
	}
	if strings.TrimSpace(b.ExternalID) == "" || strings.TrimSpace(b.Role) == "" {
		return cmderr.Usagef("--external-id and --role must not be empty")
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	if b.Namespace != "" {
		if err := plugin.ValidateNamespace(b.Namespace); err != nil {
			return err
		}
	}
	subject, err := resolveSubject(c, a, t, b.ExternalID)
	if err != nil {
		return err
	}
	role, err := a.ResolveRole(c, b.Role)
	if err != nil {
		return err
	}
	req := iamapi.BindingRequest{Type: t, ExternalID: subject.ID, RoleID: role.ID, NamespaceID: b.Namespace}
	raw, err := a.CreateBinding(c, req)
	if err != nil {
		return err
	}
	msg := boundMessage(role, t, subject, b.Namespace, a.Tenant())
	if len(raw) == 0 {
		return done(c, map[string]string{"type": t, "externalId": subject.ID, "roleId": role.ID, "status": "created"}, "%s", msg)
	}
	if err := show(c, raw, bindingDetail); err != nil {
		return err
	}
	return c.Success("%s", msg)
}

// resolveSubject finds the user or group a binding names.
func resolveSubject(c *plugin.Context, a *iamapi.Client, typ, ref string) (iamapi.Ref, error) {
	if typ == "GROUP" {
		return a.ResolveGroup(c, ref)
	}
	return a.ResolveUser(c, ref)
}

// boundMessage says what a new binding grants: "Role 'operator' (id r1)
// bound to USER 'alice@example.com' (id u1) in namespace 'company' of
// tenant 'main'."
func boundMessage(role iamapi.Ref, typ string, subject iamapi.Ref, ns, tenant string) string {
	where := fmt.Sprintf("tenant '%s'", tenant)
	if ns != "" {
		where = fmt.Sprintf("namespace '%s' of tenant '%s'", ns, tenant)
	}
	return fmt.Sprintf("Role %s bound to %s %s in %s.", role.Label(), typ, subject.Label(), where)
}

// BindingsDelete deletes a binding.
type BindingsDelete struct {
	ID string `arg:"" name:"binding-id" completer:"binding" help:"Binding id."`
}

// Examples implements the SDK's Exampler.
func (d *BindingsDelete) Examples() []string {
	return []string{
		"kestractl bindings delete 1aQz8WcN3vX5bT7yK9mP2r",
		"kestractl bindings rm 1aQz8WcN3vX5bT7yK9mP2r --yes",
	}
}

// Run asks, then deletes the binding.
func (d *BindingsDelete) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("'%s'", d.ID)
	err = confirm(c, func() (string, error) {
		raw, err := a.GetBinding(c, d.ID)
		if err != nil {
			return "", err
		}
		b, err := iamapi.Decode[iamapi.Binding](raw)
		if err != nil {
			return "", err
		}
		name = b.Label()
		return fmt.Sprintf("Delete the %s, taking the role's permissions away from the %s?", name, strings.ToLower(b.Type)), nil
	})
	if err != nil {
		return err
	}
	if err := a.DeleteBinding(c, d.ID); err != nil {
		return err
	}
	return done(c, map[string]string{"id": d.ID, "status": "deleted"}, "Binding '%s' deleted.", d.ID)
}
