package executions

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// FileMetadata is "executions file-metadata <execution_id> --path kestra:///...".
type FileMetadata struct {
	ID          string `arg:"" name:"execution_id" completer:"execution" help:"Execution id."`
	StoragePath `embed:""`
}

// Examples implements manifest.Exampler.
func (*FileMetadata) Examples() []string {
	return []string{
		"kestractl executions file-metadata 4wjtkzwVGBM9yKnjm3yv8r --path kestra:///company/team/etl/executions/4wjtkzwVGBM9yKnjm3yv8r/tasks/export/2Hx9mHS7ZUC0nk0MFTuAoW/data.csv",
		"kestractl executions file-metadata \"$ID\" -p \"$URI\" -o json --jq .size",
	}
}

// Run shows the file's metadata (its size).
func (m *FileMetadata) Run(c *plugin.Context) error {
	uri, err := m.uri()
	if err != nil {
		return err
	}
	cl, err := cmdutil.Open(c, cmdutil.CheckExecutionID(m.ID))
	if err != nil {
		return err
	}
	raw, metas, err := cl.FileMetadata(c, m.ID, uri)
	if err != nil {
		return actionError(c, cl, m.ID, err)
	}
	if c.Structured() {
		return c.Object(raw)
	}
	_, err = fmt.Fprintf(c.Stdout(), "Path: %s\nSize: %s (%d bytes)\n", plugin.SanitizeText(uri), plugin.Bytes(metas.Size), metas.Size)
	return err
}
