// Package help renders help and reference pages from command trees in the
// manifest's shape — a plugin's, or the core's own — so that every command
// reads the same: the help of a command (without starting its plugin), the
// root help, the page of the global flags (kestractl options), and the
// markdown, man and README reference of every group.
package help

import (
	"strings"

	"github.com/kestractl/kestractl/core/cmdtree"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// OptionsPointer ends every help page: the global flags are listed once,
// by 'kestractl options'.
const OptionsPointer = "Global flags (--output, --context, --yes...) work with every command: see 'kestractl options'."

// ArgSummary is an argument as usage lines show it: <name>, [<name>], <name> ...
func ArgSummary(a *pb.Arg) string {
	s := "<" + a.GetName() + ">"
	if a.GetVariadic() {
		s += " ..."
	}
	if !a.GetRequired() {
		s = "[" + s + "]"
	}
	return s
}

// usage is a command's name followed by its arguments.
func usage(name string, c *pb.Command) string {
	for _, a := range c.GetArgs() {
		name += " " + ArgSummary(a)
	}
	return name
}

// flagSummary is the left column of a flag: "-o, --output=FORMAT", with
// room for a short form when there is none.
func flagSummary(f *pb.Flag) string {
	s := "    "
	if f.GetShort() != "" {
		s = "-" + f.GetShort() + ", "
	}
	s += "--" + f.GetName()
	if cmdtree.TakesValue(f) {
		s += "=" + placeholder(f)
	}
	return s
}

// placeholder names a flag's value: the manifest's placeholder, else the
// flag's name in capitals (never the type).
func placeholder(f *pb.Flag) string {
	if p := f.GetPlaceholder(); p != "" && p != "STRING" {
		return p
	}
	return strings.ToUpper(strings.ReplaceAll(f.GetName(), "-", "_"))
}

// flagHelp is a flag's help with its values, requirement, default and
// environment variables, always in the same words:
// "Output format (one of: table, json, yaml) (default table; $KESTRACTL_OUTPUT)".
func flagHelp(f *pb.Flag) string {
	h := strings.TrimSpace(f.GetHelp())
	if len(f.GetEnum()) > 0 && !strings.Contains(h, f.GetEnum()[0]) {
		h = appendNote(h, "one of: "+strings.Join(f.GetEnum(), ", "))
	}
	if f.GetRequired() {
		h = appendNote(h, "required")
	}
	var notes []string
	if d := f.GetDefault(); d != "" && f.GetType() != "bool" && f.GetType() != "counter" && !strings.Contains(h, "default") {
		notes = append(notes, "default "+d)
	}
	if len(f.GetEnv()) > 0 {
		notes = append(notes, "$"+strings.Join(f.GetEnv(), ", $"))
	}
	if len(notes) > 0 {
		h = appendNote(h, strings.Join(notes, "; "))
	}
	return h
}

// argHelp is an argument's help with its values.
func argHelp(a *pb.Arg) string {
	h := strings.TrimSpace(a.GetHelp())
	if len(a.GetEnum()) > 0 && !strings.Contains(h, a.GetEnum()[0]) {
		h = appendNote(h, "one of: "+strings.Join(a.GetEnum(), ", "))
	}
	return h
}

// appendNote adds "(note)" to a help text, before its final period.
func appendNote(h, note string) string {
	if h == "" {
		return "(" + note + ")"
	}
	if strings.HasSuffix(h, ".") && !strings.HasSuffix(h, "..") {
		return strings.TrimSuffix(h, ".") + " (" + note + ")."
	}
	return h + " (" + note + ")"
}

// exampleLines splits an example into its lines (comments, then the command).
func exampleLines(e string) []string {
	return strings.Split(strings.TrimSpace(e), "\n")
}

// exampleCommand is the command line of an example (its last line).
func exampleCommand(e string) string {
	lines := exampleLines(e)
	return strings.TrimSpace(lines[len(lines)-1])
}
