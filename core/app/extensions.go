package app

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/pluginproc"
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// ExtensionsCmd manages plugins installed by the user.
type ExtensionsCmd struct {
	List    ExtensionsListCmd    `cmd:"" aliases:"ls" help:"List the plugins found: source, version, groups, protocol and state."`
	Install ExtensionsInstallCmd `cmd:"" help:"Install a plugin binary (or every kestractl-* binary of a directory) into the user plugin directory."`
	Remove  ExtensionsRemoveCmd  `cmd:"" aliases:"rm,uninstall" help:"Remove a plugin from the user plugin directory."`
}

// ExtensionsListCmd is "extensions list".
type ExtensionsListCmd struct{}

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
func (l *ExtensionsListCmd) Run(a *app, g *Globals) error {
	out, err := a.coreRenderer(g)
	if err != nil {
		return err
	}
	cat, err := a.catalog(context.Background())
	if err != nil {
		return err
	}
	userDir := discovery.UserDir(a.getenv)
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
		fmt.Fprintln(a.opts.IO.Stderr, "No plugins found.")
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

// ExtensionsInstallCmd is "extensions install <binary|dir>".
type ExtensionsInstallCmd struct {
	Path string `arg:"" type:"existingfile|existingdir" help:"A kestractl-<name> plugin binary, or a directory of them."`
}

type installed struct {
	Name    string   `json:"name"`
	Version string   `json:"version"`
	Groups  []string `json:"groups"`
	SHA256  string   `json:"sha256"`
	Path    string   `json:"path"`
}

// Run installs the plugin(s).
func (in *ExtensionsInstallCmd) Run(a *app, g *Globals) error {
	out, err := a.coreRenderer(g)
	if err != nil {
		return err
	}
	sources, err := pluginBinaries(in.Path)
	if err != nil {
		return err
	}
	userDir := discovery.UserDir(a.getenv)
	if userDir == "" {
		return cmderr.Usagef("cannot find the user plugin directory: set HOME or XDG_DATA_HOME")
	}
	if err := os.MkdirAll(userDir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", userDir, err)
	}
	lock, err := discovery.LoadLock(userDir)
	if err != nil {
		return err
	}
	cat, _ := a.catalog(context.Background())
	var results []any
	for _, src := range sources {
		r, err := a.installOne(src, userDir, lock, cat)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	if out.format != "table" {
		if len(results) == 1 {
			return out.object(results[0])
		}
		return out.list(nil, results)
	}
	return nil
}

// pluginBinaries lists the plugin binaries at path.
func pluginBinaries(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	if !st.IsDir() {
		if !strings.HasPrefix(filepath.Base(path), discovery.Prefix) {
			return nil, cmderr.Usagef("%s is not named kestractl-<name>: a plugin binary must be, e.g. kestractl-hello", path)
		}
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), discovery.Prefix) && !e.IsDir() {
			if info, err := e.Info(); err == nil && info.Mode()&0o111 != 0 {
				out = append(out, filepath.Join(path, e.Name()))
			}
		}
	}
	if len(out) == 0 {
		return nil, cmderr.Usagef("no kestractl-<name> executable in %s", path)
	}
	return out, nil
}

// installOne describes the binary (proving it is a compatible plugin),
// copies it into the user directory and records its sha256.
func (a *app) installOne(src, userDir string, lock *discovery.Lock, cat *discovery.Catalog) (*installed, error) {
	name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(src), discovery.Prefix), ".exe")
	proc, err := pluginproc.Start(pluginproc.Options{Path: src, Env: a.pluginEnvironment(), Logger: a.logger, Output: a.opts.IO.Stderr})
	if err != nil {
		return nil, cmderr.New(cmderr.RequirementNotMet, "%s is not a usable kestractl plugin: %v", src, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	m, err := proc.Describe(ctx, a.opts.Version)
	cancel()
	proc.Kill()
	if err != nil {
		return nil, err
	}
	if m.GetName() != name {
		return nil, cmderr.New(cmderr.RequirementNotMet, "%s describes itself as plugin %q; a plugin binary must be named kestractl-%s", src, m.GetName(), m.GetName())
	}
	var groups []string
	reserved := coreCommands()
	for _, c := range m.GetRoot().GetChildren() {
		if c.GetHidden() {
			continue
		}
		if reserved[c.GetName()] {
			return nil, cmderr.New(cmderr.Conflict, "plugin %s serves %q, which is a core command; it cannot be installed", name, c.GetName())
		}
		groups = append(groups, c.GetName())
	}
	dst := filepath.Join(userDir, discovery.Prefix+name)
	sum, err := copyExecutable(src, dst)
	if err != nil {
		return nil, fmt.Errorf("install %s: %w", name, err)
	}
	abs, _ := filepath.Abs(src)
	lock.Plugins[name] = discovery.Installed{Name: name, Version: m.GetVersion(), SHA256: sum, Source: abs, InstalledAt: time.Now().UTC().Format(time.RFC3339)}
	if err := lock.Save(); err != nil {
		os.Remove(dst)
		return nil, fmt.Errorf("record %s: %w", name, err)
	}
	fmt.Fprintf(a.opts.IO.Stderr, "Installed kestractl-%s %s (groups: %s) into %s.\n", name, m.GetVersion(), strings.Join(groups, ", "), userDir)
	a.warnShadows(name, m, cat)
	return &installed{Name: name, Version: m.GetVersion(), Groups: groups, SHA256: sum, Path: dst}, nil
}

// warnShadows says which groups of other plugins the new one takes over.
func (a *app) warnShadows(name string, m *pb.Manifest, cat *discovery.Catalog) {
	if cat == nil {
		return
	}
	for _, c := range m.GetRoot().GetChildren() {
		if g := cat.Group(c.GetName()); g != nil && g.Plugin.Name != name {
			fmt.Fprintf(a.opts.IO.Stderr, "Warning: it now serves %q instead of %s (%s).\n", c.GetName(), g.Plugin.Path, g.Plugin.Source)
		}
	}
}

// copyExecutable copies src to dst atomically (mode 0755) and returns the
// sha256 of what was written.
func copyExecutable(src, dst string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		return "", err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tmp, h), in); err != nil {
		return "", err
	}
	if err := tmp.Chmod(0o755); err != nil {
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", err
	}
	ok = true
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ExtensionsRemoveCmd is "extensions remove <name>".
type ExtensionsRemoveCmd struct {
	Name string `arg:"" help:"Plugin name (hello or kestractl-hello)."`
}

// Run removes an installed plugin after confirmation.
func (r *ExtensionsRemoveCmd) Run(a *app, g *Globals) error {
	name := strings.TrimPrefix(r.Name, discovery.Prefix)
	userDir := discovery.UserDir(a.getenv)
	path := filepath.Join(userDir, discovery.Prefix+name)
	if _, err := os.Stat(path); err != nil {
		return cmderr.New(cmderr.NotFound, "no plugin %q in the user plugin directory %s", name, userDir).
			WithHint("'kestractl extensions list' shows where each plugin comes from; bundled plugins cannot be removed")
	}
	if err := a.confirm(g, fmt.Sprintf("Remove plugin kestractl-%s from %s?", name, userDir)); err != nil {
		return err
	}
	lock, err := discovery.LoadLock(userDir)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("remove %s: %w", path, err)
	}
	delete(lock.Plugins, name)
	if err := lock.Save(); err != nil {
		return err
	}
	fmt.Fprintf(a.opts.IO.Stderr, "Removed kestractl-%s.\n", name)
	return nil
}

// confirm asks a yes/no question for a core command, with the same rules
// as the Host service: --yes answers it, no terminal means refusal.
func (a *app) confirm(g *Globals, question string) error {
	if g.Yes {
		return nil
	}
	if !a.opts.IO.StdinTTY {
		return cmderr.Usagef("%s: confirmation needed but stdin is not a terminal; pass --yes to confirm", strings.TrimRight(question, "?"))
	}
	fmt.Fprint(a.opts.IO.Stderr, question+" [y/N]: ")
	line, _ := bufio.NewReader(a.opts.IO.Stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return cmderr.New(cmderr.Cancelled, "cancelled: nothing was removed")
}
