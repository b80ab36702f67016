package main

import (
	"slices"
	"testing"

	"github.com/kestractl/kestractl/sdk/manifest"
)

func TestPluginManifest(t *testing.T) {
	p := Plugin()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	m, err := p.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	if m.GetEdition() != "ee" || m.GetName() != "iam" {
		t.Errorf("edition %q name %q", m.GetEdition(), m.GetName())
	}
	var groups []string
	for _, c := range m.GetRoot().GetChildren() {
		groups = append(groups, c.GetName())
	}
	if want := []string{"users", "groups", "roles", "service-accounts", "bindings", "invitations"}; !slices.Equal(groups, want) {
		t.Errorf("groups %v, want %v", groups, want)
	}
	for _, alias := range []string{"service-account", "sa"} {
		if manifest.Find(m.GetRoot(), alias, "tokens", "create") == nil {
			t.Errorf("alias %s tokens create not found", alias)
		}
	}
	// The passwords are secret flags: the core keeps them out of argv.
	for _, path := range [][]string{{"users", "create"}, {"users", "update"}, {"users", "set-password"}} {
		cmd := manifest.Find(m.GetRoot(), path...)
		found := false
		for _, f := range cmd.GetFlags() {
			if f.GetName() == "user-password" {
				found = f.GetSecret()
			}
		}
		if !found {
			t.Errorf("%v: --user-password is not a secret flag", path)
		}
	}
	// Boolean flags are declared as such, so that the core does not take
	// the next word as their value.
	for _, f := range manifest.Find(m.GetRoot(), "users", "create").GetFlags() {
		if (f.GetName() == "superadmin" || f.GetName() == "restricted") && f.GetType() != "bool" {
			t.Errorf("--%s has type %q", f.GetName(), f.GetType())
		}
	}
}
