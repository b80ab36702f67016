package app

import (
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/kong"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// printCommandHelp renders the help of a plugin command from its manifest,
// in kong's layout, without starting the plugin.
func printCommandHelp(w io.Writer, path []*pb.Command, globals []*kong.Flag) {
	node := path[len(path)-1]
	names := make([]string, len(path))
	for i, n := range path {
		names[i] = n.GetName()
	}
	full := "kestractl " + strings.Join(names, " ")
	visibleChildren := visible(node.GetChildren())

	usage := full
	if len(visibleChildren) > 0 && len(node.GetArgs()) == 0 {
		usage += " <command>"
	}
	for _, a := range node.GetArgs() {
		usage += " " + argSummary(a)
	}
	usage += " [flags]"
	fmt.Fprintf(w, "Usage: %s\n", usage)
	if node.GetHelp() != "" {
		fmt.Fprintf(w, "\n%s\n", node.GetHelp())
	}
	if node.GetDetail() != "" {
		fmt.Fprintf(w, "\n%s\n", node.GetDetail())
	}
	if len(node.GetAliases()) > 0 {
		fmt.Fprintf(w, "\nAliases: %s\n", strings.Join(node.GetAliases(), ", "))
	}

	if len(node.GetArgs()) > 0 {
		rows := make([][2]string, 0, len(node.GetArgs()))
		for _, a := range node.GetArgs() {
			help := a.GetHelp()
			if len(a.GetEnum()) > 0 {
				help += " (one of: " + strings.Join(a.GetEnum(), ", ") + ")"
			}
			rows = append(rows, [2]string{argSummary(a), help})
		}
		fmt.Fprint(w, "\nArguments:\n")
		writeRows(w, rows)
	}

	if len(visibleChildren) > 0 {
		rows := make([][2]string, 0)
		for _, c := range visibleChildren {
			rows = append(rows, commandRows(c, "")...)
		}
		fmt.Fprint(w, "\nCommands:\n")
		writeRows(w, rows)
	}

	// Flags of this command and of its parent commands (valid here too).
	var rows [][2]string
	for i := len(path) - 1; i >= 0; i-- {
		for _, f := range path[i].GetFlags() {
			if f.GetHidden() {
				continue
			}
			rows = append(rows, [2]string{flagSummary(f), flagHelp(f)})
		}
	}
	rows = append(rows, [2]string{"-h, --help", "Show help for this command."})
	fmt.Fprint(w, "\nFlags:\n")
	writeRows(w, rows)

	rows = rows[:0]
	for _, f := range globals {
		if f.Hidden || f.Name == "help" {
			continue
		}
		rows = append(rows, [2]string{kongFlagSummary(f), f.Help})
	}
	fmt.Fprint(w, "\nGlobal flags:\n")
	writeRows(w, rows)
	if len(visibleChildren) > 0 {
		fmt.Fprintf(w, "\nRun \"%s <command> --help\" for more information on a command.\n", full)
	}
}

func visible(cmds []*pb.Command) []*pb.Command {
	var out []*pb.Command
	for _, c := range cmds {
		if !c.GetHidden() {
			out = append(out, c)
		}
	}
	return out
}

// commandRows lists a command and, below it, its leaf subcommands.
func commandRows(c *pb.Command, prefix string) [][2]string {
	name := strings.TrimSpace(prefix + " " + c.GetName())
	kids := visible(c.GetChildren())
	if len(kids) == 0 {
		s := name
		for _, a := range c.GetArgs() {
			s += " " + argSummary(a)
		}
		return [][2]string{{s, c.GetHelp()}}
	}
	var rows [][2]string
	for _, k := range kids {
		rows = append(rows, commandRows(k, name)...)
	}
	return rows
}

func argSummary(a *pb.Arg) string {
	s := "<" + a.GetName() + ">"
	if a.GetVariadic() {
		s += " ..."
	}
	if !a.GetRequired() {
		s = "[" + s + "]"
	}
	return s
}

func flagSummary(f *pb.Flag) string {
	s := "    "
	if f.GetShort() != "" {
		s = "-" + f.GetShort() + ", "
	}
	s += "--" + f.GetName()
	if f.GetType() != "bool" && f.GetType() != "counter" {
		s += "=" + f.GetPlaceholder()
	}
	return s
}

func flagHelp(f *pb.Flag) string {
	h := f.GetHelp()
	if len(f.GetEnum()) > 0 && !strings.Contains(h, f.GetEnum()[0]) {
		h += " (one of: " + strings.Join(f.GetEnum(), ", ") + ")"
	}
	if f.GetDefault() != "" && f.GetType() != "bool" && !strings.Contains(h, "default") {
		h += " (default: " + f.GetDefault() + ")"
	}
	if f.GetRequired() {
		h += " (required)"
	}
	if len(f.GetEnv()) > 0 {
		h += " ($" + strings.Join(f.GetEnv(), ", $") + ")"
	}
	return h
}

func kongFlagSummary(f *kong.Flag) string {
	s := "    "
	if f.Short != 0 {
		s = "-" + string(f.Short) + ", "
	}
	s += "--" + f.Name
	if !f.IsBool() && !f.IsCounter() {
		s += "=" + f.FormatPlaceHolder()
	}
	return s
}

// writeRows prints two aligned columns, wrapping nothing.
func writeRows(w io.Writer, rows [][2]string) {
	width := 0
	for _, r := range rows {
		width = max(width, len(r[0]))
	}
	for _, r := range rows {
		if r[1] == "" {
			fmt.Fprintf(w, "  %s\n", r[0])
			continue
		}
		fmt.Fprintf(w, "  %-*s    %s\n", width, r[0], r[1])
	}
}
