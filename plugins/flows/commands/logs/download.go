package logs

import (
	"context"
	"net/http"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/download"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Download is "logs download <execution_id>".
type Download struct {
	cmdutil.ExecutionLogs `embed:""`
	OutputFile            string `name:"output-file" short:"O" placeholder:"FILE" help:"Save to FILE (or to ID.log inside FILE when it is a directory), written atomically; default: stdout."`
}

// Examples implements manifest.Exampler.
func (*Download) Examples() []string {
	return []string{
		"kestractl logs download 4wjtkzwVGBM9yKnjm3yv8r -O run.log",
		"kestractl logs download 4wjtkzwVGBM9yKnjm3yv8r --min-level WARN --task-id extract | grep -i timeout",
	}
}

// Run streams the server's text download of the logs.
func (d *Download) Run(c *plugin.Context) error {
	sel, cl, err := d.Open(c)
	if err != nil {
		return err
	}
	if _, err := cl.GetExecution(c, d.ID); err != nil {
		return kestra.NotFoundAs(err, "execution %q not found", d.ID)
	}
	got, err := download.Save(c, download.Download{
		Output: d.OutputFile, Name: d.ID + ".log", What: "the logs of execution " + d.ID,
		Open: func(ctx context.Context, _ int64, _ string) (*http.Response, error) {
			// The download is made on the fly: no range, a resume starts over.
			return cl.OpenLogs(ctx, d.ID, sel)
		},
	})
	if err != nil || got.File == "" {
		return err
	}
	if c.Structured() {
		return c.Object(struct {
			ExecutionID string `json:"executionId"`
			File        string `json:"file"`
			Size        int64  `json:"size"`
		}{d.ID, got.File, got.Size})
	}
	return c.Success("Saved the logs of execution %s (%s) to %s", d.ID, plugin.Bytes(got.Size), got.File)
}
