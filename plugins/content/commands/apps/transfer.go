package apps

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/download"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Export is "apps export [uid...] [--output-file FILE]".
type Export struct {
	UIDs       []string `arg:"" name:"uid" optional:"" completer:"app" help:"The apps to export (default: every app)."`
	OutputFile string   `short:"O" name:"output-file" placeholder:"FILE" completer:"file" help:"Write the ZIP to FILE (atomically) instead of stdout."`
}

// Examples implements manifest.Exampler.
func (*Export) Examples() []string {
	return []string{"kestractl apps export --output-file apps.zip", "kestractl apps export 3yWvBqv1L3o7c7xq2kD9aF > report-app.zip"}
}

// Help implements kong.HelpProvider.
func (*Export) Help() string {
	return `The ZIP holds one <namespace>.<id>.yml per app. It is streamed to stdout (never to a terminal) or, with
--output-file, written whole or not at all, with a one-result report (status written, file, size).`
}

// Run exports the apps.
func (e *Export) Run(c *plugin.Context) error {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	uids := e.UIDs
	for _, u := range uids {
		if err := checkUID(u); err != nil {
			return err
		}
	}
	err = cmdutil.Output(c, download.Download{Output: e.OutputFile, What: "ZIP archive", Binary: true,
		Open: func(ctx context.Context, _ int64, _ string) (*http.Response, error) {
			// Every app by default: listed once the output is known to be
			// writable (never a ZIP to a terminal).
			if len(uids) == 0 {
				all, err := cl.AllAppUIDs(ctx)
				if err != nil {
					return nil, err
				}
				if len(all) == 0 {
					return nil, cmderr.New(cmderr.NotFound, "no apps to export")
				}
				uids = all
			}
			return cl.ExportApps(ctx, uids)
		}}, "exports")
	return fail(c, err, "")
}

// Import is "apps import --file FILE".
type Import struct {
	File string `short:"f" required:"" completer:"file" help:"A ZIP of app sources (as export writes it) or a multi-document YAML file."`
}

// Examples implements manifest.Exampler.
func (*Import) Examples() []string {
	return []string{"kestractl apps import --file apps.zip", "kestractl apps import -f apps.yaml -o json"}
}

// Help implements kong.HelpProvider.
func (*Import) Help() string {
	return `Apps are created, or updated when an app of the same namespace and id exists. The report has one result
per app: status imported (uid) or failed (source: the entry or document index, error). Exit code 1 when one failed.`
}

// importResult is one result of the import report.
type importResult struct {
	Status string `json:"status"`
	UID    string `json:"uid,omitempty"`
	Source string `json:"source,omitempty"`
	Error  string `json:"error,omitempty"`
}

// Run imports the apps.
func (i *Import) Run(c *plugin.Context) error {
	p := c.Path(i.File)
	st, err := os.Stat(p)
	if err != nil {
		return cmderr.Usagef("cannot read %s: %v", i.File, err)
	}
	if st.IsDir() {
		return cmderr.Usagef("%s is a directory: give a ZIP or YAML file (or use 'kestractl apps deploy --file %s')", i.File, i.File)
	}
	ext := strings.ToLower(filepath.Ext(p))
	ct := "application/zip"
	if ext == ".yaml" || ext == ".yml" {
		ct = "application/x-yaml"
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	_, res, err := cl.ImportApps(c, kestra.FilePart{FileName: filepath.Base(p), ContentType: ct, Size: st.Size(),
		Open: func() (io.ReadCloser, error) { return os.Open(p) }})
	if err != nil {
		return fail(c, err, "")
	}
	r := c.Report("apps", plugin.Col("UID", "uid"), plugin.Col("SOURCE", "source"), plugin.Column{Header: "STATUS", Path: "status", Format: "status"}, plugin.Col("ERROR", "error"))
	for _, uid := range res.Success {
		if err := r.Add("imported", importResult{Status: "imported", UID: uid}); err != nil {
			return err
		}
	}
	for _, e := range res.Errors {
		if err := r.Add("failed", importResult{Status: "failed", Source: e.Source, Error: e.Message}); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	if n := r.Count("failed"); n > 0 {
		return cmderr.New(cmderr.Generic, "%d app(s) could not be imported", n).WithHint("see the ERROR column above")
	}
	return nil
}
