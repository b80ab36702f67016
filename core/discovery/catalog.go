package discovery

import (
	"sort"

	pb "github.com/kestractl/kestractl/sdk/proto/kestractl/v1"
)

// Plugin is one plugin binary found on disk.
type Plugin struct {
	Name     string       `json:"name"`
	Path     string       `json:"path"`
	Source   string       `json:"source"`
	Size     int64        `json:"size"`
	ModTime  int64        `json:"mtime_ns"`
	Manifest *pb.Manifest `json:"-"`
	// Err says why the plugin could not be described (broken plugin).
	Err string `json:"error,omitempty"`
	// ShadowedBy is the path of the plugin that wins over this one.
	ShadowedBy string `json:"shadowed_by,omitempty"`
	// Shadowed lists groups this plugin serves but another plugin (or a core
	// command) wins.
	ShadowedGroups []string `json:"shadowed_groups,omitempty"`
}

// Group is a top-level command group and the plugin serving it.
type Group struct {
	Command *pb.Command
	Plugin  *Plugin
}

// Catalog is what discovery found.
type Catalog struct {
	// Plugins in precedence order, including shadowed and broken ones.
	Plugins []*Plugin
	groups  map[string]*Group // by name and alias
	order   []string          // group names in display order
}

// newCatalog indexes the groups of usable plugins. reserved are core
// command names a plugin may not take.
func newCatalog(plugins []*Plugin, reserved map[string]bool) *Catalog {
	c := &Catalog{Plugins: plugins, groups: map[string]*Group{}}
	winner := map[string]*Plugin{}
	for _, p := range plugins {
		if prev, ok := winner[p.Name]; ok {
			p.ShadowedBy = prev.Path
			continue
		}
		winner[p.Name] = p
		if p.Manifest == nil {
			continue
		}
		for _, cmd := range p.Manifest.GetRoot().GetChildren() {
			names := append([]string{cmd.GetName()}, cmd.GetAliases()...)
			if reserved[cmd.GetName()] || c.groups[cmd.GetName()] != nil {
				p.ShadowedGroups = append(p.ShadowedGroups, cmd.GetName())
				continue
			}
			g := &Group{Command: cmd, Plugin: p}
			for _, n := range names {
				if reserved[n] || c.groups[n] != nil {
					continue
				}
				c.groups[n] = g
			}
			if !cmd.GetHidden() {
				c.order = append(c.order, cmd.GetName())
			}
		}
	}
	sort.Strings(c.order)
	return c
}

// Group returns the group served under name (or alias), or nil.
func (c *Catalog) Group(name string) *Group { return c.groups[name] }

// Groups returns the visible groups, sorted by name.
func (c *Catalog) Groups() []*Group {
	out := make([]*Group, 0, len(c.order))
	for _, n := range c.order {
		out = append(out, c.groups[n])
	}
	return out
}

// Names returns every group name and alias (for suggestions).
func (c *Catalog) Names() []string {
	out := make([]string, 0, len(c.groups))
	for n := range c.groups {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
