// Package contexts finds the configuration file and the context one
// command uses, and resolves its settings from flags, environment, context
// and defaults.
package contexts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kestractl/kestractl/core/config"
	"github.com/kestractl/kestractl/core/settings"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Loader reads the configuration of one command.
type Loader struct {
	// Env looks up an environment variable ("" when unset).
	Env func(string) string
	// Warnings receives the warning about a config file readable by others.
	Warnings io.Writer
}

// Selection is what the command line says about the configuration.
type Selection struct {
	Config  string // --config
	Context string // --context
}

// Loaded is the configuration file and the context selected in it.
type Loaded struct {
	File *config.File
	// Name and Context are the selected context ("" and nil: none).
	Name    string
	Context *config.Context
}

// unreadableHint follows every error about a file that cannot be read.
const unreadableHint = "fix the file or point --config elsewhere; kestractl never rewrites a file it cannot read"

// Path is --config, then KESTRACTL_CONFIG, then the default. explicit is
// set when the path was given.
func (l Loader) Path(flag string) (path string, explicit bool, err error) {
	if flag != "" {
		return flag, true, nil
	}
	if p := l.Env(settings.EnvConfig); p != "" {
		return p, true, nil
	}
	p, err := config.DefaultPath(l.Env("HOME"))
	return p, false, err
}

// Update changes the config file at --config (or its default) under its
// lock: see config.Update.
func (l Loader) Update(ctx context.Context, flag string, change func(*config.File) error) (*config.File, error) {
	path, _, err := l.Path(flag)
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	f, err := config.Update(ctx, path, change)
	if err != nil {
		var cerr *config.Error
		if errors.As(err, &cerr) {
			return nil, cmderr.Usagef("%v", err).WithHint(unreadableHint)
		}
		return nil, err
	}
	return f, nil
}

// Open reads the config file at --config (or its default) for a command
// that edits or shows it.
func (l Loader) Open(flag string) (*config.File, error) {
	path, _, err := l.Path(flag)
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	f, err := config.Load(path)
	if err != nil {
		return nil, cmderr.Usagef("%v", err).WithHint(unreadableHint)
	}
	return f, nil
}

// Load reads the config file and selects the context: --context, then
// KESTRACTL_CONTEXT, then default_context.
func (l Loader) Load(sel Selection) (*Loaded, error) {
	path, explicit, err := l.Path(sel.Config)
	if errors.Is(err, config.ErrNoHome) && sel.Context == "" && l.Env(settings.EnvContext) == "" {
		// No HOME and no context asked for: run on flags and
		// environment alone.
		return &Loaded{File: &config.File{Contexts: map[string]*config.Context{}}}, nil
	}
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	f, err := config.Load(path)
	if err != nil {
		return nil, cmderr.Usagef("%v", err).WithHint(unreadableHint)
	}
	lc := &Loaded{File: f}
	name, from := sel.Context, "--context"
	if name == "" {
		name, from = l.Env(settings.EnvContext), settings.EnvContext
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
		return nil, cmderr.Usagef("context %q (from %s) not found in %s (available: %s)", name, from, path, Available(f)).
			WithHint("add it with 'kestractl config add %s <host> <tenant> ...'", name)
	}
	lc.Name, lc.Context = name, c
	l.warnPermissions(f)
	return lc, nil
}

// Available lists the contexts of f for an error message ("none").
func Available(f *config.File) string {
	if names := f.Names(); len(names) > 0 {
		return strings.Join(names, ", ")
	}
	return "none"
}

// warnPermissions warns when a config file holding a secret can be read
// by others.
func (l Loader) warnPermissions(f *config.File) {
	if !f.Exists || f.Mode&0o077 == 0 {
		return
	}
	for _, c := range f.Contexts {
		if c.HasSecret() {
			fmt.Fprintf(l.Warnings, "Warning: %s holds credentials but is readable by others (mode %04o); run: chmod 600 %s\n", f.Path, f.Mode, f.Path)
			return
		}
	}
}

// Resolve loads the configuration (when the command talks to a server:
// withConfig) and resolves the settings.
func (l Loader) Resolve(sel Selection, flags settings.Flags, withConfig bool) (*settings.Settings, *Loaded, error) {
	lc := &Loaded{}
	if withConfig {
		var err error
		if lc, err = l.Load(sel); err != nil {
			return nil, nil, err
		}
	}
	in := settings.Input{Flags: flags, Env: l.Env, Context: lc.Context, ContextName: lc.Name}
	if lc.File != nil {
		in.ConfigPath = lc.File.Path
	}
	s, err := settings.Resolve(in)
	if err != nil {
		return nil, nil, cmderr.Usagef("%v", err)
	}
	return s, lc, nil
}
