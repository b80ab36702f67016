package commands

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kestractl/kestractl/plugins/nsfiles/nsapi"
	"github.com/kestractl/kestractl/plugins/nsfiles/remotepath"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List lists a directory.
type List struct {
	Namespace string `arg:"" help:"Namespace (for example company.team)."`
	Path      string `help:"Directory to list (default: the root)." placeholder:"DIR"`
	Recursive bool   `short:"r" help:"List subdirectories too."`
}

// entry is one listed file or directory.
type entry struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Size     int64  `json:"size"`
	Modified string `json:"modified"`
}

func entryOf(p string, a nsapi.Attributes) entry {
	e := entry{Name: remotepath.Display(p), Type: a.Type, Size: a.Size, Modified: modified(a)}
	if a.IsDir() {
		e.Size = 0
	}
	return e
}

func listColumns() []plugin.Column {
	return []plugin.Column{
		plugin.Col("NAME", "name"),
		plugin.Col("TYPE", "type"),
		{Header: "SIZE", Path: "size", Format: "bytes"},
		{Header: "MODIFIED", Path: "modified", Format: "time"},
	}
}

// Run lists the directory (depth first with --recursive), streaming rows.
func (l *List) Run(c *plugin.Context) error {
	if err := checkNamespace(l.Namespace); err != nil {
		return err
	}
	dir, err := cleanRemote(l.Path)
	if err != nil {
		return err
	}
	client, err := c.Kestra()
	if err != nil {
		return err
	}
	a, err := stat(c, client, l.Namespace, dir)
	if err != nil {
		return err
	}
	t := c.Table(listColumns()...)
	if !a.IsDir() {
		if err := t.Add(entryOf(dir, a)); err != nil {
			return err
		}
		return t.Close("")
	}
	n, err := listDir(c, client, t, l.Namespace, dir, l.Recursive)
	if err != nil {
		return err
	}
	return t.Close(fmt.Sprintf("%d entr%s", n, map[bool]string{true: "y", false: "ies"}[n == 1]))
}

// listDir adds the entries of dir to t, sorted by name, each directory
// followed by its content when recursive.
func listDir(c *plugin.Context, client *kestra.Client, t *plugin.Table, ns, dir string, recursive bool) (int, error) {
	entries, err := nsapi.List(c, client, ns, dir)
	if kestra.IsNotFound(err) {
		return 0, notFound(ns, dir)
	}
	if err != nil {
		return 0, fmt.Errorf("list %s in namespace %s: %w", dir, ns, err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].FileName < entries[j].FileName })
	n := 0
	for _, a := range entries {
		p := remotepath.Join(dir, a.FileName)
		if clean, err := remotepath.Clean(p); err != nil || clean != p || strings.Contains(a.FileName, "/") {
			_ = c.Warn("skipped an entry of %s with an invalid name %q", dir, a.FileName)
			continue
		}
		if err := t.Add(entryOf(p, a)); err != nil {
			return n, err
		}
		n++
		if recursive && a.IsDir() {
			m, err := listDir(c, client, t, ns, p, true)
			n += m
			if err != nil {
				return n, err
			}
		}
	}
	return n, t.Flush()
}
