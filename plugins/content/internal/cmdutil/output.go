package cmdutil

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/download"
	"github.com/kestractl/kestractl/sdk/outfile"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// WriteFile writes a file the command makes (a JUnit report, a rendered
// template) to path the way every kestractl output file is written
// (sdk/outfile: a temporary file renamed into place once complete, an
// existing file's mode kept, a link's target replaced, no special file
// overwritten); on any failure the path is left as it was. Missing parent
// directories are created. It returns the number of bytes written.
func WriteFile(path string, content io.Reader) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	f, err := outfile.Create(path)
	if err != nil {
		return 0, cmderr.Usagef("%v", err)
	}
	n, err := io.Copy(f, content)
	if err != nil {
		f.Abort()
		return n, fmt.Errorf("write %s: %w", path, err)
	}
	return n, f.Commit()
}

// Output downloads what the server sends (an export, a CSV, logs) with
// sdk/download: to --output-file (d.Output), atomically, with a one-result
// report (noun: "exports"); or to stdout, binary content never to a
// terminal.
func Output(c *plugin.Context, d download.Download, noun string) error {
	res, err := download.Save(c, d)
	if err != nil || res.File == "" {
		return err
	}
	return Written(c, noun, d.Output, res.Size)
}

// Written reports a file written: a report with one result {status
// "written", file (as given), size}.
func Written(c *plugin.Context, noun, file string, size int64) error {
	r := c.Report(noun, plugin.Col("FILE", "file"), plugin.Column{Header: "SIZE", Path: "size", Format: "bytes"},
		plugin.Column{Header: "STATUS", Path: "status", Format: "status"})
	if err := r.Add("written", struct {
		Status string `json:"status"`
		File   string `json:"file"`
		Size   int64  `json:"size"`
	}{"written", file, size}); err != nil {
		return err
	}
	return r.Close()
}
