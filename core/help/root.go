package help

import (
	"fmt"
	"io"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/cmdtree"
	"github.com/kestractl/kestractl/core/discovery"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Root prints the root help: the core's commands (core is the core's
// command tree) and one line per plugin group of the catalog, read from
// the manifest cache (no plugin starts). Broken plugins are reported on
// stderr.
func Root(stdout, stderr io.Writer, core *pb.Command, cat *discovery.Catalog, width int) {
	width = pageWidth(width)
	io.WriteString(stdout, "Usage: kestractl <command> [flags]\n\n")
	writeParagraphs(stdout, cli.Description, width, "")
	var rows [][2]string
	for _, c := range cmdtree.Visible(core.GetChildren()) {
		rows = append(rows, [2]string{c.GetName(), firstLine(c.GetHelp())})
	}
	io.WriteString(stdout, "\nCore commands:\n")
	writeRows(stdout, rows, width)
	rows = rows[:0]
	for _, g := range cat.Summaries() {
		help := firstLine(g.Help)
		if g.Enterprise {
			help += " (Enterprise)"
		}
		rows = append(rows, [2]string{g.Name, help})
	}
	if len(rows) > 0 {
		io.WriteString(stdout, "\nPlugin commands:\n")
		writeRows(stdout, rows, width)
	}
	io.WriteString(stdout, "\n")
	writeParagraphs(stdout, OptionsPointer, width, "")
	writeParagraphs(stdout, "Run \"kestractl <command> --help\" for more information on a command.", width, "")
	for _, p := range cat.Plugins {
		if p.Err != "" && p.ShadowedBy == "" {
			fmt.Fprintf(stderr, "Warning: plugin %s is broken: %s\n", p.Path, p.Err)
		}
	}
}
