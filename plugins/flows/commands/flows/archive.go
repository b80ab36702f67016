package flows

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/dustin/go-humanize"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/download"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// OutputFileFlag is -O/--output-file for the exports.
type OutputFileFlag struct {
	OutputFile string `short:"O" name:"output-file" placeholder:"FILE" completer:"file" help:"Write the ZIP archive to FILE (atomically: a temporary file renamed into place). Without it the archive goes to stdout, never to a terminal."`
}

// maxZipEntry bounds one flow source read from an archive.
const maxZipEntry = 16 << 20

// zipFlow is one flow source of an archive.
type zipFlow struct {
	Entry  string
	Source []byte
	ID     string
	NS     string
	Err    error
}

// readZip reads the YAML entries of a flows archive (others are skipped, as
// Kestra's import skips them).
func readZip(r io.ReaderAt, size int64) ([]zipFlow, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a readable ZIP archive: %w", err)
	}
	var out []zipFlow
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || !flowfile.IsFlowFile(f.Name) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("read %s in the archive: %w", f.Name, err)
		}
		src, err := io.ReadAll(io.LimitReader(rc, maxZipEntry+1))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s in the archive: %w", f.Name, err)
		}
		if len(src) > maxZipEntry {
			return nil, fmt.Errorf("%s in the archive is larger than %d MiB", f.Name, maxZipEntry>>20)
		}
		zf := zipFlow{Entry: f.Name, Source: src}
		if docs := flowfile.Parse(f.Name, src); len(docs) == 1 {
			zf.ID, zf.NS, zf.Err = docs[0].ID, docs[0].Namespace, docs[0].Err
		} else {
			zf.Err = fmt.Errorf("holds %d YAML documents, want one flow", len(docs))
		}
		out = append(out, zf)
	}
	return out, nil
}

// exportResult is one exported flow.
type exportResult struct {
	Status    string `json:"status"`
	Namespace string `json:"namespace,omitempty"`
	ID        string `json:"id,omitempty"`
	Entry     string `json:"entry"`
}

// exportZip downloads an export (by query with filters, or by ids with
// refs) to output and reports the flows it holds. An export that matches
// no flow writes nothing and is a not-found error.
func exportZip(c *plugin.Context, filters url.Values, refs []api.FlowRef, output string) error {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	var flows []zipFlow
	saved, err := download.Save(c, download.Download{
		Output: output, What: "ZIP archive", Binary: true,
		Open: func(ctx context.Context, _ int64, _ string) (*http.Response, error) {
			return cl.OpenExport(ctx, filters, refs)
		},
		Verify: func(f io.ReaderAt, size int64) error {
			var err error
			if flows, err = readZip(f, size); err != nil {
				return cmderr.New(cmderr.Unavailable, "the server's export is %v", err)
			}
			if len(flows) == 0 {
				return cmderr.New(cmderr.NotFound, "no flows match the filters: nothing was exported")
			}
			return nil
		},
	})
	if err != nil {
		return err
	}
	if saved.File == "" {
		return c.Info("Exported %s to stdout (%s).", plural(len(flows), "flow"), plugin.Bytes(saved.Size))
	}
	r := c.Report("flows", plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("ENTRY", "entry"),
		plugin.Column{Header: "STATUS", Path: "status", Format: "status"})
	for _, f := range flows {
		if err := r.Add("exported", exportResult{Status: "exported", Namespace: f.NS, ID: f.ID, Entry: f.Entry}); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	return c.Success("Exported %s to %s (%s).", plural(len(flows), "flow"), output, plugin.Bytes(saved.Size))
}

// plural is "1 flow", "3 flows".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return humanize.Comma(int64(n)) + " " + noun + "s"
}

// exportHelp describes the exports' output.
const exportHelp = `The archive holds one YAML entry per flow, its source byte for byte; "flows import" reads it back
(into any tenant). It is downloaded to a temporary file next to FILE, checked, then renamed into place: FILE never
holds a partial archive. With FILE, the report lists the flows it holds: status (exported), namespace, id, entry.
Without FILE the archive goes to stdout (redirect it; it is never written to a terminal).`
