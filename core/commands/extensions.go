package commands

import (
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/discovery"
)

// ExtensionsCmd manages plugins installed by the user.
type ExtensionsCmd struct {
	List    ExtensionsListCmd    `cmd:"" aliases:"ls" help:"List the plugins found: source, version, groups, protocol and state."`
	Install ExtensionsInstallCmd `cmd:"" help:"Install a plugin binary (or every kestractl-* binary of a directory) into the user plugin directory."`
	Remove  ExtensionsRemoveCmd  `cmd:"" aliases:"rm,uninstall" help:"Remove a plugin from the user plugin directory."`
}

// ExtensionsListCmd is "extensions list".
type ExtensionsListCmd struct{}

// Examples implements manifest.Exampler.
func (*ExtensionsListCmd) Examples() []string {
	return []string{"kestractl extensions list", "kestractl extensions list -o json"}
}

type extensionRow struct {
	Name     string   `json:"name"`
	Version  string   `json:"version"`
	Source   string   `json:"source"`
	Groups   []string `json:"groups"`
	Protocol uint32   `json:"protocol"`
	State    string   `json:"state"`
	Detail   string   `json:"detail,omitempty"`
	Path     string   `json:"path"`
}

// Run lists the plugins.
func (l *ExtensionsListCmd) Run(rt *Runtime, g *cli.Globals) error {
	out, err := newOutput(rt, g)
	if err != nil {
		return err
	}
	cat, err := rt.Catalog()
	if err != nil {
		return err
	}
	userDir := rt.Starter.UserDir
	lock, _ := discovery.LoadLock(userDir)
	rows := make([]any, 0, len(cat.Plugins))
	for _, p := range cat.Plugins {
		r := extensionRow{Name: p.Name, Source: p.Source, Path: p.Path, State: "ok"}
		r.Version, r.Protocol, r.Groups = describePlugin(p)
		switch {
		case p.Err != "":
			r.State, r.Detail = "broken", p.Err
		case p.ShadowedBy != "":
			r.State, r.Detail = "shadowed", "by "+p.ShadowedBy
		case len(p.ShadowedGroups) > 0:
			r.State, r.Detail = "partly shadowed", "groups "+strings.Join(p.ShadowedGroups, ", ")+" are served by another plugin or the core"
		}
		if p.Source == discovery.SourceUser && r.State == "ok" {
			r.State, r.Detail = verifyInstalled(lock, p)
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 && out.format == "table" {
		fmt.Fprintln(rt.IO.Stderr, "No plugins found.")
	}
	return out.list([]column{{"NAME", "name"}, {"VERSION", "version"}, {"SOURCE", "source"}, {"GROUPS", "groups"},
		{"PROTOCOL", "protocol"}, {"STATE", "state"}, {"PATH", "path"}, {"DETAIL", "detail"}}, rows)
}

// verifyInstalled checks a user-directory plugin against its record.
func verifyInstalled(lock *discovery.Lock, p *discovery.Plugin) (state, detail string) {
	if lock == nil {
		return "unverified", "no record of its installation"
	}
	rec, ok := lock.Plugins[p.Name]
	if !ok {
		return "unverified", "not installed with 'kestractl extensions install': it will not be started"
	}
	sum, err := discovery.FileSHA256(p.Path)
	if err != nil {
		return "broken", err.Error()
	}
	if sum != rec.SHA256 {
		return "modified", "its sha256 differs from the one recorded at installation: it will not be started"
	}
	return "ok", "sha256 verified"
}
