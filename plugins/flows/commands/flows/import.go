package flows

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Import is "flows import <file.zip|file.yaml>".
type Import struct {
	File        string `arg:"" completer:"file" help:"A ZIP archive of flow sources (as 'flows export' writes) or a YAML file of one or more flows."`
	FailOnError bool   `name:"fail-on-error" help:"Exit 1 when a flow could not be imported (the others are imported all the same, as Kestra does)."`
}

// Examples implements manifest.Exampler.
func (*Import) Examples() []string {
	return []string{
		"kestractl flows import company.team.zip",
		"# copy a tenant's flows into another one\nkestractl flows export -O flows.zip && kestractl --tenant staging flows import flows.zip --fail-on-error",
		"kestractl flows import flows.yaml -o json",
	}
}

// Help implements kong.HelpProvider.
func (*Import) Help() string {
	return `Each flow is created, updated (a new revision when its source changed) or restored when it was deleted.
The file is streamed to the server (POST /flows/import). The report has one result per flow of the file: status
(imported or failed), entry (the archive entry, or the document number of a YAML file), namespace, id, error (the
server's constraints for a flow it refused). Without --fail-on-error a refused flow is a warning (exit 0).`
}

// importResult is one flow of the imported file.
type importResult struct {
	Status    string `json:"status"`
	Entry     string `json:"entry"`
	Namespace string `json:"namespace,omitempty"`
	ID        string `json:"id,omitempty"`
	Error     string `json:"error,omitempty"`
}

// maxImportFile bounds the file read locally to list its flows.
const maxImportFile = 64 << 20

// Run imports the file.
func (im *Import) Run(c *plugin.Context) error {
	path := c.Path(im.File)
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return cmderr.Usagef("cannot read %q: %v", im.File, errText(err))
	case st.IsDir():
		return cmderr.Usagef("%q is a directory: give a ZIP archive or a YAML file (to deploy a directory, use 'flows deploy')", im.File)
	case st.Size() > maxImportFile:
		return cmderr.Usagef("%q is larger than %d MiB", im.File, maxImportFile>>20)
	}
	lower := strings.ToLower(im.File)
	var entries []zipFlow
	switch {
	case strings.HasSuffix(lower, ".zip"):
		f, err := os.Open(path)
		if err != nil {
			return cmderr.Usagef("cannot read %q: %v", im.File, errText(err))
		}
		entries, err = readZip(f, st.Size())
		f.Close()
		if err != nil {
			return cmderr.Usagef("%s is %v", im.File, err)
		}
	case flowfile.IsFlowFile(lower):
		data, err := os.ReadFile(path)
		if err != nil {
			return cmderr.Usagef("cannot read %q: %v", im.File, errText(err))
		}
		for i, d := range flowfile.Parse(im.File, data) {
			entries = append(entries, zipFlow{Entry: strconv.Itoa(i), Source: d.Source, ID: d.ID, NS: d.Namespace, Err: d.Err})
		}
	default:
		return cmderr.Usagef("cannot import %q: give a .zip archive or a .yaml/.yml file", im.File)
	}
	if len(entries) == 0 {
		return cmderr.Usagef("%s holds no flow", im.File)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	// The server is always asked for the list of what it could not import
	// (failOnError=false): it imports the valid flows either way, and the
	// list lets the report name each one. --fail-on-error is applied here.
	wrong, err := cl.ImportFlows(c, kestra.FilePart{
		FileName: filepath.Base(im.File), Size: st.Size(),
		Open: func() (io.ReadCloser, error) { return os.Open(path) },
	}, false)
	if err != nil {
		return err
	}
	// Ask the server why it refused each flow.
	reasons := map[string]string{}
	for _, e := range entries {
		if !slices.Contains(wrong, e.Entry) {
			continue
		}
		reasons[e.Entry] = "not imported"
		if vs, err := cl.ValidateFlows(c, [][]byte{e.Source}); err == nil && len(vs) == 1 && vs[0].Constraints != "" {
			reasons[e.Entry] = strings.ReplaceAll(strings.TrimSpace(vs[0].Constraints), "\n", "; ")
		}
	}
	r := c.Report("flows", plugin.Col("ENTRY", "entry"), plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"),
		plugin.Column{Header: "STATUS", Path: "status", Format: "status"}, plugin.Col("ERROR", "error"))
	yamlFile := !strings.HasSuffix(lower, ".zip")
	for _, e := range entries {
		res := importResult{Status: "imported", Entry: e.Entry, Namespace: e.NS, ID: e.ID}
		if yamlFile {
			n, _ := strconv.Atoi(e.Entry)
			res.Entry = fmt.Sprintf("%s#%d", im.File, n+1)
		}
		if why, failed := reasons[e.Entry]; failed {
			res.Status, res.Error = "failed", why
		}
		if err := r.Add(res.Status, res); err != nil {
			return err
		}
	}
	// Entries the server named that are not in the file as read here.
	for _, w := range wrong {
		if _, known := reasons[w]; !known {
			if err := r.Add("failed", importResult{Status: "failed", Entry: w, Error: "not imported"}); err != nil {
				return err
			}
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	failed := r.Count("failed")
	switch {
	case failed > 0 && im.FailOnError:
		return cmderr.New(cmderr.Generic, "%s of %s could not be imported", plural(failed, "flow"), im.File).WithHint("see the ERROR column above")
	case failed > 0:
		return c.Warn("%s of %s could not be imported (see the ERROR column; --fail-on-error makes this exit 1)", plural(failed, "flow"), im.File)
	}
	return c.Success("Imported %s from %s.", plural(r.Count("imported"), "flow"), im.File)
}

// errText is an OS error without the path the user already sees.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
