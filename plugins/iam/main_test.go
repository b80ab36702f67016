package main

import (
	"slices"
	"testing"

	"github.com/kestractl/kestractl/plugins/iam/commands"
)

func TestPluginManifest(t *testing.T) {
	p := commands.Plugin(version)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	m, err := p.Describe()
	if err != nil {
		t.Fatal(err)
	}
	if m.Edition != "ee" || m.Name != "iam" {
		t.Errorf("edition %q name %q", m.Edition, m.Name)
	}
	var groups []string
	for _, c := range m.Groups {
		groups = append(groups, c.Name)
	}
	if want := []string{"users", "groups", "roles", "service-accounts", "bindings", "invitations", "tenants", "server"}; !slices.Equal(groups, want) {
		t.Errorf("groups %v, want %v", groups, want)
	}
	for _, alias := range []string{"service-account", "sa"} {
		if m.Find(alias, "tokens", "create") == nil {
			t.Errorf("alias %s tokens create not found", alias)
		}
	}
	// The passwords are secret flags: the core keeps them out of argv.
	for _, path := range [][]string{{"users", "create"}, {"users", "update"}, {"users", "set-password"}} {
		cmd := m.Find(path...)
		found := false
		for _, f := range cmd.Flags {
			if f.Name == "user-password" {
				found = f.Secret
			}
		}
		if !found {
			t.Errorf("%v: --user-password is not a secret flag", path)
		}
	}
	// Boolean flags are declared as such, so that the core does not take
	// the next word as their value.
	for _, f := range m.Find("users", "create").Flags {
		if (f.Name == "superadmin" || f.Name == "restricted") && f.Type != "bool" {
			t.Errorf("--%s has type %q", f.Name, f.Type)
		}
	}
}
