package discovery

import "slices"

// Provider is what the manifest cache remembers of a plugin it described:
// its name, edition and groups. The record outlives the plugin binary, so
// that a command of a group whose plugin was removed, moved off the search
// path or broken names the plugin that serves it instead of being an
// unknown command. A new plugin needs no change of the core to be named.
type Provider struct {
	Name    string      `json:"name"`
	Edition string      `json:"edition,omitempty"`
	Groups  []GroupName `json:"groups"`
	// Path is where the plugin was last seen.
	Path string `json:"path"`
}

// maxProviders bounds the plugins remembered.
const maxProviders = 64

// rememberProviders records the usable plugins just found (the first of
// each name: the one that wins) and keeps what was remembered of the
// others.
func rememberProviders(plugins []*Plugin, remembered []Provider) []Provider {
	var out []Provider
	seen := map[string]bool{}
	for _, p := range plugins {
		if seen[p.Name] || p.Err != "" || len(p.Groups) == 0 {
			continue
		}
		seen[p.Name] = true
		out = append(out, Provider{Name: p.Name, Edition: p.Edition, Groups: p.Groups, Path: p.Path})
	}
	for _, r := range remembered {
		if len(out) >= maxProviders {
			break
		}
		if !seen[r.Name] {
			seen[r.Name] = true
			out = append(out, r)
		}
	}
	return out
}

// serves reports whether the provider serves group (by name or alias).
func (p *Provider) serves(group string) bool {
	for _, g := range p.Groups {
		if g.Name == group || slices.Contains(g.Aliases, group) {
			return true
		}
	}
	return false
}

// Provider returns the plugin remembered to serve group (by name or alias),
// or nil. Ask it for a group that no usable plugin serves (Group returned
// nil): the plugin is then missing or broken (see Plugin).
func (c *Catalog) Provider(group string) *Provider {
	for i := range c.providers {
		if c.providers[i].serves(group) {
			return &c.providers[i]
		}
	}
	return nil
}

// Plugin returns the plugin of that name that wins (the first found), or
// nil when none is on the search path.
func (c *Catalog) Plugin(name string) *Plugin {
	for _, p := range c.Plugins {
		if p.Name == name {
			return p
		}
	}
	return nil
}
