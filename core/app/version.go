package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/sdk/wire"
)

// VersionCmd prints versions.
type VersionCmd struct{}

type pluginVersion struct {
	Name       string   `json:"name"`
	Version    string   `json:"version"`
	Protocol   uint32   `json:"protocol"`
	SDKVersion string   `json:"sdk_version,omitempty"`
	Groups     []string `json:"groups"`
	Source     string   `json:"source"`
	Path       string   `json:"path"`
	Error      string   `json:"error,omitempty"`
	ShadowedBy string   `json:"shadowed_by,omitempty"`
}

// Run prints the core's and every plugin's version, from the manifest
// cache.
func (v *VersionCmd) Run(a *app, g *Globals) error {
	out, err := a.coreRenderer(g)
	if err != nil {
		return err
	}
	cat, err := a.catalog(context.Background())
	if err != nil {
		return err
	}
	plugins := []pluginVersion{}
	for _, p := range cat.Plugins {
		pv := pluginVersion{Name: p.Name, Source: p.Source, Path: p.Path, Error: p.Err, ShadowedBy: p.ShadowedBy, Groups: []string{}}
		if m := p.Manifest; m != nil {
			pv.Version, pv.Protocol, pv.SDKVersion = m.GetVersion(), m.GetProtocolVersion(), m.GetSdkVersion()
			for _, c := range m.GetRoot().GetChildren() {
				if !c.GetHidden() {
					pv.Groups = append(pv.Groups, c.GetName())
				}
			}
		}
		plugins = append(plugins, pv)
	}
	if out.format != "table" {
		return out.object(struct {
			Version  string          `json:"version"`
			Protocol int             `json:"protocol"`
			Plugins  []pluginVersion `json:"plugins"`
		}{a.opts.Version, wire.ProtocolVersion, plugins})
	}
	w := a.opts.IO.Stdout
	fmt.Fprintf(w, "kestractl %s (plugin protocol %d)\n", a.opts.Version, wire.ProtocolVersion)
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
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
