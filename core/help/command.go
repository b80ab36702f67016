package help

import (
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/core/cmdtree"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Command prints the help of a plugin command from its manifest, in kong's
// layout, without starting the plugin. path runs from the group to the
// command; globals are the core's global flags.
func Command(w io.Writer, path []*pb.Command, globals []*kong.Flag) {
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
	writeAbout(w, node)
	writeArgs(w, node.GetArgs())
	writeCommands(w, children)
	writeFlags(w, path)
	writeGlobals(w, globals)
	if len(children) > 0 {
		fmt.Fprintf(w, "\nRun \"%s <command> --help\" for more information on a command.\n", full)
	}
}

func writeAbout(w io.Writer, node *pb.Command) {
	if node.GetHelp() != "" {
		fmt.Fprintf(w, "\n%s\n", node.GetHelp())
	}
	if node.GetDetail() != "" {
		fmt.Fprintf(w, "\n%s\n", node.GetDetail())
	}
	if len(node.GetAliases()) > 0 {
		fmt.Fprintf(w, "\nAliases: %s\n", strings.Join(node.GetAliases(), ", "))
	}
}

func writeArgs(w io.Writer, args []*pb.Arg) {
	if len(args) == 0 {
		return
	}
	rows := make([][2]string, 0, len(args))
	for _, a := range args {
		help := a.GetHelp()
		if len(a.GetEnum()) > 0 {
			help += " (one of: " + strings.Join(a.GetEnum(), ", ") + ")"
		}
		rows = append(rows, [2]string{ArgSummary(a), help})
	}
	fmt.Fprint(w, "\nArguments:\n")
	writeRows(w, rows)
}

// writeCommands lists each child and, below it, its leaf subcommands.
func writeCommands(w io.Writer, children []*pb.Command) {
	if len(children) == 0 {
		return
	}
	var rows [][2]string
	for _, c := range children {
		for _, l := range cmdtree.Leaves(c, "") {
			rows = append(rows, [2]string{usage(l.Path, l.Command), l.Command.GetHelp()})
		}
	}
	fmt.Fprint(w, "\nCommands:\n")
	writeRows(w, rows)
}

// writeFlags lists the flags of the command and of its parent commands
// (valid here too).
func writeFlags(w io.Writer, path []*pb.Command) {
	var rows [][2]string
	for i := len(path) - 1; i >= 0; i-- {
		for _, f := range cmdtree.VisibleFlags(path[i]) {
			rows = append(rows, [2]string{flagSummary(f), flagHelp(f)})
		}
	}
	rows = append(rows, [2]string{"-h, --help", "Show help for this command."})
	fmt.Fprint(w, "\nFlags:\n")
	writeRows(w, rows)
}

func writeGlobals(w io.Writer, globals []*kong.Flag) {
	var rows [][2]string
	for _, f := range visibleGlobals(globals) {
		rows = append(rows, [2]string{kongFlagSummary(f), f.Help})
	}
	fmt.Fprint(w, "\nGlobal flags:\n")
	writeRows(w, rows)
}
