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
	Namespace string `arg:"" completer:"namespace" help:"Namespace (for example company.team)."`
	Path      string `arg:"" completer:"nsfile-path" help:"File or directory path in the namespace."`
	Recursive bool   `short:"r" help:"Delete a directory and everything below it."`
	Force     bool   `short:"f" help:"A path that does not exist is no error: it is reported absent (exit 0)."`
}

// Help is the detailed help of nsfiles delete.
func (d *Delete) Help() string {
	return `Asks first on a terminal, naming what goes; without one, --yes is needed.

The output is a report: a table of every deleted path (deepest first) and a
summary on stderr, or with -o json one document
  {"summary": {"total": N, "deleted": N, "failed": N},
   "results": [{"status", "path", "type", "error"}]}
Statuses: deleted, absent (with --force, nothing was there), failed (error
says why). type is File or Directory, as
the server names them. One request deletes a directory with its content, so
every path below it shares the outcome.`
}

// Examples implements the SDK's Exampler.
func (d *Delete) Examples() []string {
	return []string{
		"kestractl nsfiles delete company.team scripts/old.py",
		"# A directory and everything below it, in a script\nkestractl nsfiles rm company.team resources/tmp --recursive --yes",
		"# Whether or not it is still there\nkestractl nsfiles delete company.team scripts/old.py --force --yes",
	}
}

// deleteResult is one result of the report.
type deleteResult struct {
	Status string `json:"status"`
	Path   string `json:"path"`
	Type   string `json:"type,omitempty"`
	Error  string `json:"error,omitempty"`
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
		if d.Force && err.Error() == notFound(d.Namespace, p).Error() {
			return d.absent(c, p)
		}
		return err
	}
	targets := []deleteResult{{Path: p, Type: a.Type}}
	question := fmt.Sprintf("Delete file '%s' in %s?", p, d.Namespace)
	if a.IsDir() {
		if !d.Recursive {
			return cmderr.Usagef("'%s' is a directory; use --recursive to delete it and everything below it", p)
		}
		below, err := d.descendants(c, client, p)
		if err != nil {
			return err
		}
		targets = append(below, targets...)
		question = fmt.Sprintf("Delete directory '%s' and the %d entr%s below it in %s?", p,
			len(below), map[bool]string{true: "y", false: "ies"}[len(below) == 1], d.Namespace)
	}
	if err := c.ConfirmOrCancel(question); err != nil {
		return err
	}
	// One request removes a directory with its content; every path below
	// it shares the outcome.
	derr := nsapi.Delete(c, client, d.Namespace, p)
	if kestra.IsNotFound(derr) {
		if d.Force {
			return d.absent(c, p)
		}
		derr = notFound(d.Namespace, p)
	}
	r := c.Report("paths", plugin.Col("PATH", "path"), plugin.Col("TYPE", "type"),
		plugin.Column{Header: "STATUS", Path: "status", Format: "status"}, plugin.Col("ERROR", "error"))
	for _, t := range targets {
		t.Status = "deleted"
		if derr != nil {
			t.Status, t.Error = statusFailed, derr.Error()
		}
		if err := r.Add(t.Status, t); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	if derr != nil {
		return cmderr.New(cmderr.CodeOf(derr), "delete %s: %v", p, derr)
	}
	return nil
}

// absent reports, with --force, a path that is not there.
func (d *Delete) absent(c *plugin.Context, p string) error {
	r := c.Report("paths", plugin.Col("PATH", "path"), plugin.Column{Header: "STATUS", Path: "status", Format: "status"})
	if err := r.Add("absent", deleteResult{Status: "absent", Path: p}); err != nil {
		return err
	}
	return r.Close()
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
			out = append(out, deleteResult{Path: p, Type: a.Type})
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
			return out[i].Type == nsapi.TypeFile
		}
		return out[i].Path > out[j].Path
	})
	return out, nil
}
