package flows

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// GenerateGraphFromSource is "flows generate-graph-from-source --file PATH".
type GenerateGraphFromSource struct {
	File    string   `required:"" placeholder:"PATH" completer:"file" help:"The flow file (- reads stdin); it must be a valid flow."`
	Subflow []string `placeholder:"TASK_UID" help:"Expand this Subflow task with the graph of the flow it calls (repeatable)."`
}

// Examples implements manifest.Exampler.
func (*GenerateGraphFromSource) Examples() []string {
	return []string{"kestractl flows generate-graph-from-source --file flows/hello.yaml", "cat hello.yaml | kestractl flows generate-graph-from-source --file - -o json"}
}

// Help implements kong.HelpProvider.
func (*GenerateGraphFromSource) Help() string {
	return "The graph of a local flow, before it is deployed (POST /flows/graph). " + graphHelp
}

// Run shows the graph.
func (g *GenerateGraphFromSource) Run(c *plugin.Context) error {
	src, _, err := readFileArg(c, "--file", g.File)
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.GraphFromSource(c, src, g.Subflow)
	if err != nil {
		return err
	}
	return showGraph(c, raw)
}
