// Package help renders help and reference pages from manifests: the help
// of a plugin command (in kong's layout, without starting the plugin), the
// root help, and the markdown, man and README reference of every group.
package help

import (
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/core/cmdtree"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

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

// flagSummary is the left column of a flag: "-o, --output=FORMAT".
func flagSummary(f *pb.Flag) string {
	s := "    "
	if f.GetShort() != "" {
		s = "-" + f.GetShort() + ", "
	}
	s += "--" + f.GetName()
	if cmdtree.TakesValue(f) {
		s += "=" + f.GetPlaceholder()
	}
	return s
}

// flagHelp is a flag's help with its choices, default, requirement and
// environment variables.
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

// kongFlagSummary is flagSummary for a flag of the core's kong model.
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

// visibleGlobals are the global flags a page lists.
func visibleGlobals(globals []*kong.Flag) []*kong.Flag {
	var out []*kong.Flag
	for _, f := range globals {
		if !f.Hidden && f.Name != "help" {
			out = append(out, f)
		}
	}
	return out
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
