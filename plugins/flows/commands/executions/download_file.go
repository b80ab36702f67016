package executions

import (
	"context"
	"net/http"
	"path"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/download"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// StoragePath is --path, a file of an execution's internal storage.
type StoragePath struct {
	Path string `short:"p" required:"" placeholder:"kestra:///..." help:"The file's internal storage URI (kestra:///...), as the execution's outputs show it."`
}

// uri checks the path is a kestra:// URI.
func (p StoragePath) uri() (string, error) {
	if !strings.HasPrefix(p.Path, "kestra://") {
		return "", cmderr.Usagef("invalid --path %q: expected an internal storage URI such as kestra:///company/team/flow/executions/ID/tasks/t/RUN/file.txt", p.Path)
	}
	return p.Path, nil
}

// DownloadFile is "executions download-file <execution_id> --path kestra:///...".
type DownloadFile struct {
	ID          string `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
	StoragePath `embed:""`
	OutputFile  string `name:"output-file" short:"O" placeholder:"FILE" help:"Save to FILE (or into FILE when it is a directory), written atomically; - or no flag with stdout redirected streams to stdout."`
}

// Help implements kong's HelpProvider.
func (*DownloadFile) Help() string {
	return "The file is streamed (never held in memory); with -O it goes to a temporary file renamed into place once complete, " +
		"and a dropped transfer resumes where it stopped. Binary content is never printed to a terminal. " +
		"With -O and -o json, the result is {executionId, path, file, size}."
}

// Examples implements manifest.Exampler.
func (*DownloadFile) Examples() []string {
	return []string{
		"kestractl executions download-file 4wjtkzwVGBM9yKnjm3yv8r --path kestra:///company/team/etl/executions/4wjtkzwVGBM9yKnjm3yv8r/tasks/export/2Hx9mHS7ZUC0nk0MFTuAoW/data.csv -O data.csv",
		"# stream to another program\nkestractl executions download-file \"$ID\" -p \"$URI\" | gzip > data.csv.gz",
	}
}

// Run streams the file to stdout or to the output file.
func (d *DownloadFile) Run(c *plugin.Context) error {
	uri, err := d.uri()
	if err != nil {
		return err
	}
	cl, err := cmdutil.Open(c, cmdutil.CheckExecutionID(d.ID))
	if err != nil {
		return err
	}
	// The metadata first: a wrong id or path is reported before anything
	// is written, and the size is checked at the end.
	_, metas, err := cl.FileMetadata(c, d.ID, uri)
	if err != nil {
		return actionError(c, cl, d.ID, err)
	}
	got, err := download.Save(c, download.Download{
		Output: d.OutputFile, Name: path.Base(uri), What: path.Base(uri), Size: metas.Size, Resume: true,
		Open: func(ctx context.Context, offset int64, ifRange string) (*http.Response, error) {
			return cl.OpenFile(ctx, d.ID, uri, offset, ifRange)
		},
	})
	if err != nil || got.File == "" {
		return err
	}
	if c.Structured() {
		return c.Object(struct {
			ExecutionID string `json:"executionId"`
			Path        string `json:"path"`
			File        string `json:"file"`
			Size        int64  `json:"size"`
		}{d.ID, uri, got.File, got.Size})
	}
	return c.Success("Saved %s (%s) to %s", path.Base(uri), plugin.Bytes(got.Size), got.File)
}
