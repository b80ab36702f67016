package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/wire"
)

// VersionCmd prints versions.
type VersionCmd struct {
	Offline bool `help:"Do not ask the server for its version."`
}

// Examples implements manifest.Exampler.
func (*VersionCmd) Examples() []string {
	return []string{"kestractl version", "# without asking the server\nkestractl version --offline -o json", "kestractl --version"}
}

// TargetMajor is the Kestra major version this build targets.
const TargetMajor = 2

// serverInfo is what the server says about itself.
type serverInfo struct {
	URL       string `json:"url"`
	Reachable bool   `json:"reachable"`
	Version   string `json:"version,omitempty"`
	Edition   string `json:"edition,omitempty"`
	Error     string `json:"error,omitempty"`
	Warning   string `json:"warning,omitempty"`
}

// server asks GET /api/v1/configs (no credentials needed) with a short
// timeout.
func (v *VersionCmd) server(rt *Runtime, g *cli.Globals) *serverInfo {
	s, _, err := rt.Contexts.Resolve(contexts.Selection{Config: g.Config, Context: g.Context}, g.SettingsFlags(), true)
	if err != nil {
		return &serverInfo{Error: err.Error()}
	}
	info := &serverInfo{URL: s.Host}
	if s.HostErr != nil {
		info.Error = s.HostErr.Error()
		return info
	}
	c, err := kestra.New(kestra.Config{BaseURL: s.Host, Timeout: 2 * time.Second, MaxAttempts: 1, UserAgent: "kestractl/" + rt.Version})
	if err != nil {
		info.Error = err.Error()
		return info
	}
	var cfg struct {
		Version string `json:"version"`
		Edition string `json:"edition"`
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := c.JSON(ctx, &kestra.Request{Method: "GET", Path: kestra.APIPath("configs"), Anonymous: true}, &cfg); err != nil {
		info.Error = err.Error()
		return info
	}
	info.Reachable, info.Version, info.Edition = true, cfg.Version, cfg.Edition
	info.Warning = versionWarning(cfg.Version)
	return info
}

// versionWarning warns when the server's major version is not the one this
// build targets.
func versionWarning(version string) string {
	major, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(version), "v"), ".")
	if major == fmt.Sprint(TargetMajor) {
		return ""
	}
	return fmt.Sprintf("the server runs Kestra %s; this kestractl targets Kestra %d.x: some commands may fail", version, TargetMajor)
}

type pluginVersion struct {
	Name       string   `json:"name"`
	Version    string   `json:"version"`
	Protocol   uint32   `json:"protocol"`
	SDKVersion string   `json:"sdkVersion,omitempty"`
	Groups     []string `json:"groups"`
	Source     string   `json:"source"`
	Path       string   `json:"path"`
	Error      string   `json:"error,omitempty"`
	ShadowedBy string   `json:"shadowedBy,omitempty"`
}

// Run prints the core's and every plugin's version, from the manifest
// cache.
func (v *VersionCmd) Run(rt *Runtime, g *cli.Globals) error {
	out, err := newOutput(rt, g)
	if err != nil {
		return err
	}
	cat, err := rt.Catalog()
	if err != nil {
		return err
	}
	plugins := []pluginVersion{}
	for _, p := range cat.Plugins {
		pv := pluginVersion{Name: p.Name, Source: p.Source, Path: p.Path, Error: p.Err, ShadowedBy: p.ShadowedBy,
			SDKVersion: p.Manifest().GetSdkVersion()}
		pv.Version, pv.Protocol, pv.Groups = describePlugin(p)
		plugins = append(plugins, pv)
	}
	var srv *serverInfo
	if !v.Offline {
		srv = v.server(rt, g)
		if srv.Warning != "" {
			fmt.Fprintln(rt.IO.Stderr, "Warning: "+srv.Warning)
		}
	}
	if out.format != "table" {
		return out.object(struct {
			Version  string          `json:"version"`
			Protocol int             `json:"protocol"`
			Plugins  []pluginVersion `json:"plugins"`
			Server   *serverInfo     `json:"server,omitempty"`
		}{rt.Version, wire.ProtocolVersion, plugins, srv})
	}
	w := rt.IO.Stdout
	fmt.Fprintf(w, "kestractl %s (plugin protocol %d)\n", rt.Version, wire.ProtocolVersion)
	for _, p := range plugins {
		state := ""
		switch {
		case p.Error != "":
			state = " [broken: " + p.Error + "]"
		case p.ShadowedBy != "":
			state = " [shadowed by " + p.ShadowedBy + "]"
		}
		fmt.Fprintf(w, "kestractl-%s %s (%s) %s: %s%s\n", p.Name, orDash(p.Version), strings.Join(p.Groups, ", "), p.Source, p.Path, state)
	}
	switch {
	case srv == nil:
	case srv.Reachable:
		edition := ""
		if srv.Edition != "" {
			edition = " " + srv.Edition
		}
		fmt.Fprintf(w, "server %s: Kestra %s%s\n", srv.URL, srv.Version, edition)
	default:
		fmt.Fprintf(w, "server %s: not reachable (%s)\n", orDash(srv.URL), srv.Error)
	}
	return nil
}

// describePlugin gives a plugin's version, protocol and visible groups,
// from its manifest.
func describePlugin(p *discovery.Plugin) (version string, protocol uint32, groups []string) {
	groups = []string{}
	m := p.Manifest()
	if m == nil {
		return "", 0, groups
	}
	for _, c := range m.GetRoot().GetChildren() {
		if !c.GetHidden() {
			groups = append(groups, c.GetName())
		}
	}
	return m.GetVersion(), m.GetProtocolVersion(), groups
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
