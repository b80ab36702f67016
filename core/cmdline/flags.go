// Package cmdline takes a kestractl command line apart: the global flags
// (accepted anywhere on the line), the first word (a core command or a
// plugin group), the path of commands the words walk through in the
// group's manifest, help requests, and the values of secret flags, which
// never reach the plugin's argv.
package cmdline

import (
	"sort"

	"github.com/alecthomas/kong"
)

// flagSpec is what the splitter needs to know about a global flag.
type flagSpec struct {
	value bool // takes a value
}

// GlobalFlags indexes the core's global flags by long and short name.
type GlobalFlags struct {
	long  map[string]flagSpec
	short map[rune]flagSpec
}

// NewGlobalFlags indexes the flags of a kong model of the global flags.
func NewGlobalFlags(model *kong.Application) GlobalFlags {
	g := GlobalFlags{long: map[string]flagSpec{}, short: map[rune]flagSpec{}}
	for _, f := range model.Flags {
		if f.Name == "help" {
			continue
		}
		s := flagSpec{value: !f.IsBool() && !f.IsCounter()}
		g.long[f.Name] = s
		for _, a := range f.Aliases {
			g.long[a] = s
		}
		if f.Short != 0 {
			g.short[f.Short] = s
		}
	}
	return g
}

// Names are the long names of the global flags, as typed (--output).
func (g GlobalFlags) Names() []string {
	out := make([]string, 0, len(g.long))
	for n := range g.long {
		out = append(out, "--"+n)
	}
	sort.Strings(out)
	return out
}
