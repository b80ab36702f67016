package flows

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ExportByQuery is "flows export-by-query [filters] [-O FILE]".
type ExportByQuery struct {
	flowFilters    `embed:""`
	OutputFileFlag `embed:""`
}

// Examples implements manifest.Exampler.
func (*ExportByQuery) Examples() []string {
	return []string{
		"kestractl flows export-by-query --filter namespace:PREFIX:company -O company.zip",
		"kestractl flows export-by-query -n company.team --label team=data -O data.zip -o json",
	}
}

// Help implements kong.HelpProvider.
func (*ExportByQuery) Help() string {
	return "Exports the flows the filters match as a ZIP archive (GET /flows/export/by-query). " + exportHelp
}

// Run exports the flows.
func (e *ExportByQuery) Run(c *plugin.Context) error {
	q, err := e.query()
	if err != nil {
		return err
	}
	q.Del("sort")
	return exportZip(c, q, nil, e.OutputFile)
}
