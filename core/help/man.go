package help

import (
	"fmt"
	"io"
	"strings"

	"github.com/kestractl/kestractl/core/cmdtree"
)

// Man writes the roff man page of one group.
func Man(w io.Writer, g Group) {
	name := "kestractl-" + g.Command.GetName()
	fmt.Fprintf(w, ".TH %s 1 \"\" \"kestractl\" \"kestractl manual\"\n", strings.ToUpper(name))
	fmt.Fprintf(w, ".SH NAME\n%s \\- %s\n", name, roff(g.Command.GetHelp()))
	leaves := cmdtree.Leaves(g.Command, "kestractl")
	io.WriteString(w, ".SH SYNOPSIS\n")
	for _, l := range leaves {
		fmt.Fprintf(w, ".B %s\n[flags]\n.br\n", roff(usage(l.Path, l.Command)))
	}
	io.WriteString(w, ".SH COMMANDS\n")
	for _, l := range leaves {
		fmt.Fprintf(w, ".SS %s\n%s\n", roff(l.Path), roff(l.Command.GetHelp()))
		for _, a := range l.Command.GetArgs() {
			fmt.Fprintf(w, ".TP\n.I %s\n%s\n", roff(ArgSummary(a)), roff(argHelp(a)))
		}
		for _, f := range cmdtree.VisibleFlags(l.Command) {
			fmt.Fprintf(w, ".TP\n.B %s\n%s\n", roff(strings.TrimSpace(flagSummary(f))), roff(flagHelp(f)))
		}
		if ex := l.Command.GetExamples(); len(ex) > 0 {
			io.WriteString(w, ".PP\nExamples:\n.PP\n.nf\n.RS 4\n")
			for i, e := range ex {
				if i > 0 {
					io.WriteString(w, "\n")
				}
				for _, line := range exampleLines(e) {
					io.WriteString(w, roffLine(line)+"\n")
				}
			}
			io.WriteString(w, ".RE\n.fi\n")
		}
	}
	io.WriteString(w, ".SH SEE ALSO\n")
	if g.Command.GetName() != OptionsGroup {
		fmt.Fprintf(w, "kestractl\\-%s(1) for the global flags, ", OptionsGroup)
	}
	io.WriteString(w, "kestractl --help\n")
}

// roff escapes text for a man page.
func roff(s string) string {
	return roffLine(strings.ReplaceAll(s, "\n", " "))
}

// roffLine escapes one line of text.
func roffLine(s string) string {
	s = strings.ReplaceAll(s, "\\", "\\e")
	s = strings.ReplaceAll(s, "-", "\\-")
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = "\\&" + s
	}
	return s
}
