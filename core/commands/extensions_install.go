package commands

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// ExtensionsInstallCmd is "extensions install <binary|dir>".
type ExtensionsInstallCmd struct {
	Path string `arg:"" type:"existingfile|existingdir" completer:"file" help:"A kestractl-<name> plugin binary, or a directory of them."`
}

// Examples implements manifest.Exampler.
func (*ExtensionsInstallCmd) Examples() []string {
	return []string{"kestractl extensions install ./bin/examples/kestractl-hello", "# every kestractl-* binary of a directory\nkestractl extensions install ~/Downloads/kestractl-plugins/"}
}

type installed struct {
	Name    string   `json:"name"`
	Version string   `json:"version"`
	Groups  []string `json:"groups"`
	SHA256  string   `json:"sha256"`
	Path    string   `json:"path"`
}

// Run installs the plugin(s).
func (in *ExtensionsInstallCmd) Run(rt *Runtime, g *cli.Globals) error {
	out, err := newOutput(rt, g)
	if err != nil {
		return err
	}
	sources, err := pluginBinaries(in.Path)
	if err != nil {
		return err
	}
	userDir := rt.Starter.UserDir
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
	cat, _ := rt.Catalog()
	var results []any
	for _, src := range sources {
		r, err := installOne(rt, src, userDir, lock, cat)
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
func installOne(rt *Runtime, src, userDir string, lock *discovery.Lock, cat *discovery.Catalog) (*installed, error) {
	name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(src), discovery.Prefix), ".exe")
	proc, err := rt.Starter.StartUnverified(src)
	if err != nil {
		return nil, cmderr.New(cmderr.RequirementNotMet, "%s is not a usable kestractl plugin: %v", src, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	m, err := proc.Describe(ctx, rt.Version)
	cancel()
	proc.Kill()
	if err != nil {
		return nil, err
	}
	if m.GetName() != name {
		return nil, cmderr.New(cmderr.RequirementNotMet, "%s describes itself as plugin %q; a plugin binary must be named kestractl-%s", src, m.GetName(), m.GetName())
	}
	var groups []string
	reserved := Reserved()
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
	fmt.Fprintf(rt.IO.Stderr, "Installed kestractl-%s %s (groups: %s) into %s.\n", name, m.GetVersion(), strings.Join(groups, ", "), userDir)
	warnShadows(rt.IO.Stderr, name, m, cat)
	return &installed{Name: name, Version: m.GetVersion(), Groups: groups, SHA256: sum, Path: dst}, nil
}

// warnShadows says which groups of other plugins the new one takes over.
func warnShadows(w io.Writer, name string, m *pb.Manifest, cat *discovery.Catalog) {
	if cat == nil {
		return
	}
	for _, c := range m.GetRoot().GetChildren() {
		if g := cat.Group(c.GetName()); g != nil && g.Plugin.Name != name {
			fmt.Fprintf(w, "Warning: it now serves %q instead of %s (%s).\n", c.GetName(), g.Plugin.Path, g.Plugin.Source)
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
