package flows

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ExportByIDs is "flows export-by-ids <namespace/flow_id>... [-O FILE]".
type ExportByIDs struct {
	Flows          []string `arg:"" name:"flow" placeholder:"NAMESPACE/FLOW_ID" help:"Flows, as namespace/flow_id."`
	OutputFileFlag `embed:""`
}

// Examples implements manifest.Exampler.
func (*ExportByIDs) Examples() []string {
	return []string{"kestractl flows export-by-ids company.team/hello company.data/etl --output-file two.zip"}
}

// Help implements kong.HelpProvider.
func (*ExportByIDs) Help() string {
	return "Exports the given flows as a ZIP archive (POST /flows/export/by-ids); a missing flow fails the export (exit 5). " + exportHelp
}

// Run exports the flows.
func (e *ExportByIDs) Run(c *plugin.Context) error {
	refs, err := cmdutil.ParseFlowRefs(e.Flows)
	if err != nil {
		return err
	}
	return exportZip(c, nil, refs, e.OutputFile)
}
