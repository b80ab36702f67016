package app

import (
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/core/config"
	"github.com/kestractl/kestractl/core/settings"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// loadedConfig is the configuration file and the context selected in it.
type loadedConfig struct {
	file        *config.File
	contextName string
	context     *config.Context
}

// configPath is --config, then KESTRACTL_CONFIG, then the default.
func (a *app) configPath(g *Globals) (path string, explicit bool, err error) {
	if g.Config != "" {
		return g.Config, true, nil
	}
	if p := a.getenv(settings.EnvConfig); p != "" {
		return p, true, nil
	}
	p, err := config.DefaultPath()
	return p, false, err
}

// loadConfig reads the config file and selects the context: --context, then
// KESTRACTL_CONTEXT, then default_context.
func (a *app) loadConfig(g *Globals) (*loadedConfig, error) {
	path, explicit, err := a.configPath(g)
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	f, err := config.Load(path)
	if err != nil {
		return nil, cmderr.Usagef("%v", err).WithHint("fix the file or point --config elsewhere; kestractl never rewrites a file it cannot read")
	}
	lc := &loadedConfig{file: f}
	name, from := g.Context, "--context"
	if name == "" {
		name, from = a.getenv(settings.EnvContext), settings.EnvContext
	}
	if name == "" {
		name, from = f.DefaultContext, "default_context"
	}
	if name == "" {
		return lc, nil
	}
	if !f.Exists && explicit && from != "default_context" {
		return nil, cmderr.Usagef("context %q (from %s): config file %s does not exist", name, from, path)
	}
	c, ok := f.Contexts[name]
	if !ok {
		avail := "none"
		if names := f.Names(); len(names) > 0 {
			avail = strings.Join(names, ", ")
		}
		return nil, cmderr.Usagef("context %q (from %s) not found in %s (available: %s)", name, from, path, avail).
			WithHint("add it with 'kestractl config add %s <host> <tenant> ...'", name)
	}
	lc.contextName, lc.context = name, c
	a.warnPermissions(f)
	return lc, nil
}

// warnPermissions warns once per command when a config file holding a
// secret can be read by others.
func (a *app) warnPermissions(f *config.File) {
	if !f.Exists || f.Mode&0o077 == 0 {
		return
	}
	for _, c := range f.Contexts {
		if c.HasSecret() {
			fmt.Fprintf(a.opts.IO.Stderr, "Warning: %s holds credentials but is readable by others (mode %04o); run: chmod 600 %s\n", f.Path, f.Mode, f.Path)
			return
		}
	}
}

// resolve loads the configuration (when the command talks to a server)
// and resolves the settings.
func (a *app) resolve(g *Globals, withConfig bool) (*settings.Settings, *loadedConfig, error) {
	lc := &loadedConfig{}
	if withConfig {
		var err error
		if lc, err = a.loadConfig(g); err != nil {
			return nil, nil, err
		}
	}
	in := settings.Input{
		Flags: settings.Flags{
			Host: g.Host, Tenant: g.Tenant, Token: g.Token, Username: g.Username, Password: g.Password,
			Output: g.Output, Timeout: g.Timeout, CACert: g.CACert, Insecure: g.Insecure, Headers: g.Header,
		},
		Env:         a.getenv,
		Context:     lc.context,
		ContextName: lc.contextName,
	}
	if lc.file != nil {
		in.ConfigPath = lc.file.Path
	}
	s, err := settings.Resolve(in)
	if err != nil {
		return nil, nil, cmderr.Usagef("%v", err)
	}
	return s, lc, nil
}
