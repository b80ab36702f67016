package help

import (
	"fmt"
	"io"
	"strings"

	"github.com/kestractl/kestractl/core/cmdtree"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Command prints the help of a command from its tree node — a plugin's,
// from the manifest cache without starting the plugin, or the core's own —
// wrapped to width (0: unknown). path runs from the group to the command.
func Command(w io.Writer, path []*pb.Command, width int) {
	width = pageWidth(width)
	node := path[len(path)-1]
	names := make([]string, len(path))
	for i, n := range path {
		names[i] = n.GetName()
	}
	full := "kestractl " + strings.Join(names, " ")
	children := cmdtree.Visible(node.GetChildren())

	synopsis := full
	if len(children) > 0 && len(node.GetArgs()) == 0 {
		synopsis += " <command>"
	}
	fmt.Fprintf(w, "Usage: %s [flags]\n", usage(synopsis, node))
	writeAbout(w, node, width)
	writeArgs(w, node.GetArgs(), width)
	writeCommands(w, children, width)
	writeFlags(w, path, width)
	writeExamples(w, node.GetExamples())
	io.WriteString(w, "\n")
	writeParagraphs(w, OptionsPointer, width, "")
	if len(children) > 0 {
		writeParagraphs(w, fmt.Sprintf("Run \"%s <command> --help\" for more information on a command.", full), width, "")
	}
}

func writeAbout(w io.Writer, node *pb.Command, width int) {
	if node.GetHelp() != "" {
		io.WriteString(w, "\n")
		writeParagraphs(w, node.GetHelp(), width, "")
	}
	if node.GetDetail() != "" {
		io.WriteString(w, "\n")
		writeParagraphs(w, node.GetDetail(), width, "")
	}
	if len(node.GetAliases()) > 0 {
		fmt.Fprintf(w, "\nAliases: %s\n", strings.Join(node.GetAliases(), ", "))
	}
}

func writeArgs(w io.Writer, args []*pb.Arg, width int) {
	if len(args) == 0 {
		return
	}
	rows := make([][2]string, 0, len(args))
	for _, a := range args {
		rows = append(rows, [2]string{ArgSummary(a), argHelp(a)})
	}
	io.WriteString(w, "\nArguments:\n")
	writeRows(w, rows, width)
}

// writeCommands lists each child and, below it, its leaf subcommands.
func writeCommands(w io.Writer, children []*pb.Command, width int) {
	if len(children) == 0 {
		return
	}
	var rows [][2]string
	for _, c := range children {
		for _, l := range cmdtree.Leaves(c, "") {
			rows = append(rows, [2]string{usage(l.Path, l.Command), firstLine(l.Command.GetHelp())})
		}
	}
	io.WriteString(w, "\nCommands:\n")
	writeRows(w, rows, width)
}

// writeFlags lists the flags of the command and of its parent commands
// (valid here too).
func writeFlags(w io.Writer, path []*pb.Command, width int) {
	var rows [][2]string
	for i := len(path) - 1; i >= 0; i-- {
		rows = append(rows, FlagRows(cmdtree.VisibleFlags(path[i]))...)
	}
	rows = append(rows, [2]string{"-h, --help", "Show help for this command."})
	io.WriteString(w, "\nFlags:\n")
	writeRows(w, rows, width)
}

// FlagRows are the help rows of flags.
func FlagRows(flags []*pb.Flag) [][2]string {
	rows := make([][2]string, 0, len(flags))
	for _, f := range flags {
		if !f.GetHidden() {
			rows = append(rows, [2]string{flagSummary(f), flagHelp(f)})
		}
	}
	return rows
}

// writeExamples prints the examples as written (comment lines, then the
// command line), one blank line apart.
func writeExamples(w io.Writer, examples []string) {
	if len(examples) == 0 {
		return
	}
	io.WriteString(w, "\nExamples:\n")
	for i, e := range examples {
		if i > 0 {
			io.WriteString(w, "\n")
		}
		for _, l := range exampleLines(e) {
			io.WriteString(w, "  "+l+"\n")
		}
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
