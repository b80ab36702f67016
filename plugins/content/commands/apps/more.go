package apps

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/download"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Tags is "apps tags".
type Tags struct{}

// Examples implements manifest.Exampler.
func (*Tags) Examples() []string {
	return []string{"kestractl apps tags", "kestractl apps tags -o json"}
}

// Run lists the tags: the server's ApiAppTags with -o json, a TAG column
// otherwise.
func (*Tags) Run(c *plugin.Context) error {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, tags, err := cl.AppTags(c)
	if err != nil {
		return fail(c, err, "")
	}
	if c.Structured() {
		return c.Object(raw)
	}
	t := c.Table(plugin.Col("TAG", "tag"))
	for _, tag := range tags {
		if err := t.Add(map[string]string{"tag": tag}); err != nil {
			return err
		}
	}
	footer := "No tags found"
	if len(tags) > 0 {
		footer = ""
	}
	return t.Close(footer)
}

// Catalog is "apps catalog".
type Catalog struct {
	plugin.QueryFlag  `embed:""`
	plugin.FilterFlag `embed:""`
	plugin.ListFlags  `embed:""`
}

// Examples implements manifest.Exampler.
func (*Catalog) Examples() []string {
	return []string{"kestractl apps catalog", "kestractl apps catalog -q report -o json"}
}

// Run lists the catalog.
func (ca *Catalog) Run(c *plugin.Context) error {
	q, err := plugin.Query(ca.QueryFlag, ca.FilterFlag)
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	err = c.List(ca.ListFlags, plugin.Listing{
		Noun: "catalog app",
		Columns: []plugin.Column{plugin.Col("UID", "uid"), plugin.Col("NAME", "name"), plugin.Col("TYPE", "type"),
			plugin.Col("TAGS", "tags"), plugin.Col("DESCRIPTION", "description")},
		Path: cl.AppCatalogPath(), Query: q,
	})
	return fail(c, err, "")
}

// viewFlags are the app and file of file-meta and file-preview.
type viewFlags struct {
	UID  string `arg:"" completer:"app" help:"The app's uid."`
	Path string `required:"" placeholder:"URI" help:"The file's internal storage URI (kestra:///...), from an execution of the app."`
}

// FileMeta is "apps file-meta <uid> --path URI".
type FileMeta struct{ viewFlags }

// Examples implements manifest.Exampler.
func (*FileMeta) Examples() []string {
	return []string{"kestractl apps file-meta 3yWvBqv1L3o7c7xq2kD9aF --path kestra:///shop/sales/report/executions/4Xr.../inputs/data/orders.csv"}
}

// Run shows the file's metadata.
func (f *FileMeta) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, checkUID(f.UID))
	if err != nil {
		return err
	}
	raw, err := cl.AppFileMeta(c, f.UID, f.Path)
	if err != nil {
		return fail(c, err, "file %s not found for app %s", f.Path, f.UID)
	}
	return c.Object(raw, plugin.Column{Header: "SIZE", Path: "size", Format: "bytes"})
}

// FilePreview is "apps file-preview <uid> --path URI".
type FilePreview struct {
	viewFlags
	MaxRows  int    `name:"max-rows" placeholder:"N" help:"Preview at most N rows (lines)."`
	Encoding string `placeholder:"CHARSET" help:"The file's character set (default UTF-8), e.g. ISO-8859-1."`
}

// Examples implements manifest.Exampler.
func (*FilePreview) Examples() []string {
	return []string{"kestractl apps file-preview 3yWvBqv1L3o7c7xq2kD9aF --path kestra:///shop/sales/report/executions/4Xr.../inputs/data/orders.csv --max-rows 20"}
}

// Run previews the file: its text content on stdout (table), or the
// server's preview object (-o json).
func (f *FilePreview) Run(c *plugin.Context) error {
	if err := checkUID(f.UID); err != nil {
		return err
	}
	if f.MaxRows < 0 {
		return cmderr.Usagef("--max-rows must be at least 1")
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.AppFilePreview(c, f.UID, f.Path, f.MaxRows, f.Encoding)
	if err != nil {
		return fail(c, err, "file %s not found for app %s", f.Path, f.UID)
	}
	if c.Structured() {
		return c.Object(raw)
	}
	var p struct {
		Content any `json:"content"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return err
	}
	s, ok := p.Content.(string)
	if !ok {
		return c.Object(raw)
	}
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	_, err = c.Stdout().Write([]byte(plugin.SanitizeText(s)))
	return err
}

// Logs is "apps logs <uid> --execution-id ID".
type Logs struct {
	UID         string   `arg:"" completer:"app" help:"The app's uid."`
	ExecutionID string   `name:"execution-id" required:"" placeholder:"ID" help:"The execution of the app."`
	MinLevel    string   `name:"min-level" placeholder:"LEVEL" values:"TRACE,DEBUG,INFO,WARN,ERROR" help:"Only lines of this level and above."`
	TaskID      []string `name:"task-id" placeholder:"ID" help:"Only the lines of this task (repeatable)."`
	OutputFile  string   `short:"O" name:"output-file" placeholder:"FILE" completer:"file" help:"Write the logs to FILE (atomically) instead of stdout."`
}

// Examples implements manifest.Exampler.
func (*Logs) Examples() []string {
	return []string{"kestractl apps logs 3yWvBqv1L3o7c7xq2kD9aF --execution-id 4XrKx0mBq2Lh9", "kestractl apps logs 3yWvBqv1L3o7c7xq2kD9aF --execution-id 4XrKx0mBq2Lh9 --min-level WARN --output-file app.log"}
}

// Run downloads the logs.
func (l *Logs) Run(c *plugin.Context) error {
	if err := checkUID(l.UID); err != nil {
		return err
	}
	if err := cmdutil.CheckID("execution id", l.ExecutionID); err != nil {
		return err
	}
	level := strings.ToUpper(l.MinLevel)
	if level != "" && !strings.Contains(",TRACE,DEBUG,INFO,WARN,ERROR,", ","+level+",") {
		return cmderr.Usagef("unknown --min-level %q: use TRACE, DEBUG, INFO, WARN or ERROR", l.MinLevel)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	err = cmdutil.Output(c, download.Download{Output: l.OutputFile, What: "the logs of execution " + l.ExecutionID,
		Open: func(ctx context.Context, _ int64, _ string) (*http.Response, error) {
			return cl.AppLogs(ctx, l.UID, l.ExecutionID, level, l.TaskID)
		}}, "logs")
	return fail(c, err, "execution %s of app %s not found", l.ExecutionID, l.UID)
}
