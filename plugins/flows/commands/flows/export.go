package flows

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Export is "flows export [--namespace NS] [--query Q] [-O FILE]".
type Export struct {
	plugin.NamespaceFlag `embed:""`
	plugin.QueryFlag     `embed:""`
	OutputFileFlag       `embed:""`
}

// Examples implements manifest.Exampler.
func (*Export) Examples() []string {
	return []string{
		"kestractl flows export --namespace company.team --output-file company.team.zip",
		"# every flow of the tenant\nkestractl flows export -O all-flows.zip",
		"kestractl flows export -n company.team > flows.zip",
	}
}

// Help implements kong.HelpProvider.
func (*Export) Help() string {
	return "Exports flows as a ZIP archive (GET /flows/export/by-query). " + exportHelp
}

// Run exports the flows.
func (e *Export) Run(c *plugin.Context) error {
	q, err := plugin.Query(e.NamespaceFlag, e.QueryFlag)
	if err != nil {
		return err
	}
	return exportZip(c, q, nil, e.OutputFile)
}
