package discovery

import (
	"sort"
	"sync"

	"google.golang.org/protobuf/proto"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Plugin is one plugin binary found on disk.
type Plugin struct {
	Name    string `json:"name"`
	Path    string `json:"path"`
	Source  string `json:"source"`
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime_ns"`
	// Groups are the plugin's top-level commands, kept beside the manifest
	// so that finding a group's plugin decodes no manifest.
	Groups []GroupName `json:"groups,omitempty"`
	// Edition is the manifest's edition ("ee" for Enterprise groups).
	Edition string `json:"edition,omitempty"`
	// Err says why the plugin could not be described (broken plugin).
	Err string `json:"error,omitempty"`
	// ShadowedBy is the path of the plugin that wins over this one.
	ShadowedBy string `json:"shadowed_by,omitempty"`
	// Shadowed lists groups this plugin serves but another plugin (or a core
	// command) wins.
	ShadowedGroups []string `json:"shadowed_groups,omitempty"`

	lazy *lazyManifest
}

// GroupName is a top-level command as the index needs it.
type GroupName struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	Hidden  bool     `json:"hidden,omitempty"`
	// Help is the group's one-line help (root help needs no manifest).
	Help string `json:"help,omitempty"`
}

// lazyManifest decodes a cached manifest the first time it is needed.
type lazyManifest struct {
	once sync.Once
	raw  []byte
	m    *pb.Manifest
}

func (l *lazyManifest) get() *pb.Manifest {
	if l == nil {
		return nil
	}
	l.once.Do(func() {
		if l.m != nil || len(l.raw) == 0 {
			return
		}
		m := &pb.Manifest{}
		if proto.Unmarshal(l.raw, m) == nil {
			l.m = m
		}
	})
	return l.m
}

// Manifest is the plugin's manifest (nil when it could not be described).
func (p *Plugin) Manifest() *pb.Manifest { return p.lazy.get() }

// setManifest records a manifest just described.
func (p *Plugin) setManifest(m *pb.Manifest, raw []byte) {
	p.lazy = &lazyManifest{m: m, raw: raw}
	p.Groups = groupNames(m)
	p.Edition = m.GetEdition()
}

func groupNames(m *pb.Manifest) []GroupName {
	var out []GroupName
	for _, c := range m.GetRoot().GetChildren() {
		out = append(out, GroupName{Name: c.GetName(), Aliases: c.GetAliases(), Hidden: c.GetHidden(), Help: c.GetHelp()})
	}
	return out
}

// Group is a top-level command group and the plugin serving it.
type Group struct {
	Command *pb.Command
	Plugin  *Plugin
}

type groupRef struct {
	plugin *Plugin
	name   string // canonical name of the group in the plugin
}

// Catalog is what discovery found.
type Catalog struct {
	// Plugins in precedence order, including shadowed and broken ones.
	Plugins []*Plugin
	index   map[string]groupRef // by name and alias
	order   []string            // visible group names, sorted
	// providers are the plugins the cache remembers (see Provider).
	providers []Provider

	mu     sync.Mutex
	groups map[string]*Group // resolved groups, by canonical name
}

// newCatalog indexes the groups of usable plugins. reserved are core
// command names a plugin may not take.
func newCatalog(plugins []*Plugin, providers []Provider, reserved map[string]bool) *Catalog {
	c := &Catalog{Plugins: plugins, providers: providers, index: map[string]groupRef{}, groups: map[string]*Group{}}
	winner := map[string]*Plugin{}
	for _, p := range plugins {
		if prev, ok := winner[p.Name]; ok {
			p.ShadowedBy = prev.Path
			continue
		}
		winner[p.Name] = p
		if p.Err != "" {
			continue
		}
		for _, g := range p.Groups {
			if _, taken := c.index[g.Name]; reserved[g.Name] || taken {
				p.ShadowedGroups = append(p.ShadowedGroups, g.Name)
				continue
			}
			ref := groupRef{plugin: p, name: g.Name}
			for _, n := range append([]string{g.Name}, g.Aliases...) {
				if _, taken := c.index[n]; reserved[n] || taken {
					continue
				}
				c.index[n] = ref
			}
			if !g.Hidden {
				c.order = append(c.order, g.Name)
			}
		}
	}
	sort.Strings(c.order)
	return c
}

// Group returns the group served under name (or alias), or nil. Only the
// serving plugin's manifest is decoded.
func (c *Catalog) Group(name string) *Group {
	ref, ok := c.index[name]
	if !ok {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if g, ok := c.groups[ref.name]; ok {
		return g
	}
	var cmd *pb.Command
	for _, child := range ref.plugin.Manifest().GetRoot().GetChildren() {
		if child.GetName() == ref.name {
			cmd = child
			break
		}
	}
	if cmd == nil {
		return nil
	}
	g := &Group{Command: cmd, Plugin: ref.plugin}
	c.groups[ref.name] = g
	return g
}

// Groups returns the visible groups, sorted by name.
func (c *Catalog) Groups() []*Group {
	out := make([]*Group, 0, len(c.order))
	for _, n := range c.order {
		if g := c.Group(n); g != nil {
			out = append(out, g)
		}
	}
	return out
}

// GroupSummary is a group as root help lists it, read from the index
// alone: no manifest is decoded.
type GroupSummary struct {
	Name, Help string
	// Enterprise: the serving plugin's manifest says edition ee.
	Enterprise bool
}

// Summaries lists the visible groups, sorted by name.
func (c *Catalog) Summaries() []GroupSummary {
	out := make([]GroupSummary, 0, len(c.order))
	for _, n := range c.order {
		ref := c.index[n]
		for _, g := range ref.plugin.Groups {
			if g.Name == ref.name {
				out = append(out, GroupSummary{Name: g.Name, Help: g.Help, Enterprise: ref.plugin.Edition == "ee"})
				break
			}
		}
	}
	return out
}

// Names returns every group name and alias (for suggestions).
func (c *Catalog) Names() []string {
	out := make([]string, 0, len(c.index))
	for n := range c.index {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
