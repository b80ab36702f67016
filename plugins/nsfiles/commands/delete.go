package commands

import (
	"fmt"
	"sort"
	"strings"

	"github.com/kestractl/kestractl/plugins/nsfiles/nsapi"
	"github.com/kestractl/kestractl/plugins/nsfiles/remotepath"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Delete removes a file or a directory tree.
type Delete struct {
	Namespace string `arg:"" help:"Namespace (for example company.team)."`
	Path      string `arg:"" help:"File or directory path in the namespace."`
	Recursive bool   `short:"r" help:"Delete a directory and everything below it."`
}

// deleteResult is one row of the report.
type deleteResult struct {
	Path    string `json:"path"`
	Type    string `json:"type"`
	Status  string `json:"status"`
	Success bool   `json:"success"`
	Error   string `json:"error,omitempty"`
}

// Run deletes after confirmation (--yes skips it) and reports every path.
func (d *Delete) Run(c *plugin.Context) error {
	if err := checkNamespace(d.Namespace); err != nil {
		return err
	}
	p, err := cleanRemote(d.Path)
	if err != nil {
		return err
	}
	if p == remotepath.Root {
		return cmderr.Usagef("path is required: the root of a namespace cannot be deleted")
	}
	client, err := c.Kestra()
	if err != nil {
		return err
	}
	a, err := stat(c, client, d.Namespace, p)
	if err != nil {
		return err
	}
	targets := []deleteResult{{Path: remotepath.Display(p), Type: kind(a)}}
	question := fmt.Sprintf("Delete file '%s' of namespace '%s'?", p, d.Namespace)
	if a.IsDir() {
		if !d.Recursive {
			return cmderr.Usagef("'%s' is a directory; use --recursive to delete it and everything below it", p)
		}
		below, err := d.descendants(c, client, p)
		if err != nil {
			return err
		}
		targets = append(below, targets...)
		question = fmt.Sprintf("Delete directory '%s' of namespace '%s' and the %d entr%s below it?", p, d.Namespace,
			len(below), map[bool]string{true: "y", false: "ies"}[len(below) == 1])
	}
	ok, err := c.Confirm(question)
	if err != nil {
		return err
	}
	if !ok {
		return cmderr.New(cmderr.Cancelled, "cancelled: nothing was deleted")
	}
	// One request removes a directory with its content; every path below
	// it shares the outcome.
	derr := nsapi.Delete(c, client, d.Namespace, p)
	if kestra.IsNotFound(derr) {
		derr = notFound(d.Namespace, p)
	}
	for i := range targets {
		targets[i].Success = derr == nil
		targets[i].Status = "deleted"
		if derr != nil {
			targets[i].Status, targets[i].Error = "failed", derr.Error()
		}
	}
	if c.Format() == plugin.FormatTable {
		t := c.Table(plugin.Col("PATH", "path"), plugin.Col("TYPE", "type"),
			plugin.Column{Header: "STATUS", Path: "status", Format: "status"}, plugin.Col("ERROR", "error"))
		for _, r := range targets {
			if err := t.Add(r); err != nil {
				return err
			}
		}
		ok, failed := len(targets), 0
		if derr != nil {
			ok, failed = 0, len(targets)
		}
		if err := t.Close(fmt.Sprintf("%d path(s) deleted successfully, %d failed", ok, failed)); err != nil {
			return err
		}
	} else {
		n := len(targets)
		ok := n
		if derr != nil {
			ok = 0
		}
		if err := c.Object(struct {
			Total   int            `json:"total"`
			Success int            `json:"success"`
			Failed  int            `json:"failed"`
			Results []deleteResult `json:"results"`
		}{n, ok, n - ok, targets}); err != nil {
			return err
		}
	}
	if derr != nil {
		return cmderr.New(codeOf(derr), "delete %s: %v", p, derr)
	}
	return nil
}

// descendants lists everything below dir, deepest first (files before
// directories at the same depth).
func (d *Delete) descendants(c *plugin.Context, client *kestra.Client, dir string) ([]deleteResult, error) {
	var out []deleteResult
	var walk func(string) error
	walk = func(dir string) error {
		entries, err := nsapi.List(c, client, d.Namespace, dir)
		if err != nil {
			return fmt.Errorf("list %s in namespace %s: %w", dir, d.Namespace, err)
		}
		for _, a := range entries {
			p := remotepath.Join(dir, a.FileName)
			if clean, err := remotepath.Clean(p); err != nil || clean != p || strings.Contains(a.FileName, "/") {
				continue
			}
			out = append(out, deleteResult{Path: remotepath.Display(p), Type: kind(a)})
			if a.IsDir() {
				if err := walk(p); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(dir); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		di, dj := strings.Count(out[i].Path, "/"), strings.Count(out[j].Path, "/")
		if di != dj {
			return di > dj
		}
		if out[i].Type != out[j].Type {
			return out[i].Type == "file"
		}
		return out[i].Path > out[j].Path
	})
	return out, nil
}

func kind(a nsapi.Attributes) string {
	if a.IsDir() {
		return "directory"
	}
	return "file"
}
