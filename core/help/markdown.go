package help

import (
	"fmt"
	"io"
	"strings"

	"github.com/kestractl/kestractl/core/cmdtree"
)

// Markdown writes the reference page of one group.
func Markdown(w io.Writer, g Group) {
	fmt.Fprintf(w, "# kestractl %s\n\n%s\n\n", g.Command.GetName(), g.Command.GetHelp())
	if g.Command.GetDetail() != "" {
		fmt.Fprintf(w, "%s\n\n", g.Command.GetDetail())
	}
	fmt.Fprintf(w, "Served by: `%s`.\n\n", g.Source)
	for _, l := range cmdtree.Leaves(g.Command, "kestractl") {
		markdownCommand(w, l)
	}
	if g.Command.GetName() != OptionsGroup {
		fmt.Fprintf(w, "Global flags (`--output`, `--context`, `--yes`...) work with every command: see [kestractl options](kestractl-%s.md).\n", OptionsGroup)
	}
}

// OptionsGroup is the core command that lists the global flags.
const OptionsGroup = "options"

// markdownCommand writes the section of one runnable command.
func markdownCommand(w io.Writer, l cmdtree.Leaf) {
	c := l.Command
	fmt.Fprintf(w, "## %s\n\n%s\n\n```\n%s [flags]\n```\n\n", l.Path, c.GetHelp(), usage(l.Path, c))
	if c.GetDetail() != "" {
		fmt.Fprintf(w, "%s\n\n", c.GetDetail())
	}
	if len(c.GetAliases()) > 0 {
		fmt.Fprintf(w, "Aliases: `%s`\n\n", strings.Join(c.GetAliases(), "`, `"))
	}
	if len(c.GetArgs()) > 0 {
		io.WriteString(w, "| argument | description |\n|---|---|\n")
		for _, a := range c.GetArgs() {
			fmt.Fprintf(w, "| `%s` | %s |\n", ArgSummary(a), escapeCell(argHelp(a)))
		}
		io.WriteString(w, "\n")
	}
	if flags := cmdtree.VisibleFlags(c); len(flags) > 0 {
		io.WriteString(w, "| flag | description |\n|---|---|\n")
		for _, f := range flags {
			fmt.Fprintf(w, "| `%s` | %s |\n", strings.TrimSpace(flagSummary(f)), escapeCell(flagHelp(f)))
		}
		io.WriteString(w, "\n")
	}
	if len(c.GetExamples()) > 0 {
		io.WriteString(w, "Examples:\n\n```sh\n")
		for i, e := range c.GetExamples() {
			if i > 0 {
				io.WriteString(w, "\n")
			}
			io.WriteString(w, strings.TrimSpace(e)+"\n")
		}
		io.WriteString(w, "```\n\n")
	}
}

func escapeCell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ")
}
