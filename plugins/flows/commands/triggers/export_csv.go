package triggers

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/download"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ExportCSV is "triggers export-csv [filters] [-O FILE]".
type ExportCSV struct {
	filters    `embed:""`
	OutputFile string `short:"O" name:"output-file" placeholder:"FILE" completer:"file" help:"Write the CSV to FILE (atomically: a temporary file renamed into place); without it, to stdout."`
}

// Examples implements manifest.Exampler.
func (*ExportCSV) Examples() []string {
	return []string{"kestractl triggers export-csv --output-file triggers.csv", "kestractl triggers export-csv -n company.team > company-triggers.csv"}
}

// Help implements kong.HelpProvider.
func (*ExportCSV) Help() string {
	return `One CSV row per trigger the filters select, as the server writes it (GET /triggers/export/by-query/csv).
With FILE, the report lists the exported triggers: status (exported), id (namespace/flow_id/trigger_id).`
}

type exportedTrigger struct {
	Status string `json:"status"`
	ID     string `json:"id"`
}

// Run exports the CSV.
func (e *ExportCSV) Run(c *plugin.Context) error {
	q, err := e.query()
	if err != nil {
		return err
	}
	q.Del("sort")
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	var rows []exportedTrigger
	saved, err := download.Save(c, download.Download{
		Output: e.OutputFile, What: "CSV file",
		Open: func(ctx context.Context, _ int64, _ string) (*http.Response, error) {
			return cl.OpenTriggersCSV(ctx, q)
		},
		Verify: func(f io.ReaderAt, size int64) error {
			var err error
			rows, err = csvTriggers(io.NewSectionReader(f, 0, size))
			if err != nil {
				return cmderr.New(cmderr.Unavailable, "the server's CSV cannot be read: %v", err)
			}
			return nil
		},
	})
	if err != nil {
		return err
	}
	if saved.File == "" {
		return nil
	}
	r := c.Report("triggers", plugin.Col("ID", "id"), plugin.Column{Header: "STATUS", Path: "status", Format: "status"})
	for _, row := range rows {
		if err := r.Add(row.Status, row); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	return c.Success("Exported %d trigger(s) to %s.", len(rows), e.OutputFile)
}

// csvTriggers reads the triggers of the CSV (its namespace, flowId and
// triggerId columns).
func csvTriggers(r io.Reader) ([]exportedTrigger, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ns, flow, trig := slices.Index(header, "namespace"), slices.Index(header, "flowId"), slices.Index(header, "triggerId")
	if ns < 0 || flow < 0 || trig < 0 {
		return nil, fmt.Errorf("no namespace, flowId and triggerId columns in %v", header)
	}
	var out []exportedTrigger
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, exportedTrigger{Status: "exported", ID: rec[ns] + "/" + rec[flow] + "/" + rec[trig]})
	}
}
