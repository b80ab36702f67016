// Package cmdtree reads the command trees of manifests (a plugin's, or the
// core's own in the same shape): children by name or alias, visible
// commands and flags, the flags valid on a command path.
package cmdtree

import (
	"slices"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Child returns the child of n named name (or aliased so), or nil.
func Child(n *pb.Command, name string) *pb.Command {
	for _, c := range n.GetChildren() {
		if c.GetName() == name || slices.Contains(c.GetAliases(), name) {
			return c
		}
	}
	return nil
}

// Visible returns the commands that are not hidden.
func Visible(cmds []*pb.Command) []*pb.Command {
	var out []*pb.Command
	for _, c := range cmds {
		if !c.GetHidden() {
			out = append(out, c)
		}
	}
	return out
}

// VisibleFlags returns the flags of c that are not hidden.
func VisibleFlags(c *pb.Command) []*pb.Flag {
	var out []*pb.Flag
	for _, f := range c.GetFlags() {
		if !f.GetHidden() {
			out = append(out, f)
		}
	}
	return out
}

// TakesValue reports whether a flag is followed by a value.
func TakesValue(f *pb.Flag) bool {
	return f.GetType() != "bool" && f.GetType() != "counter"
}

// FindFlag finds a flag declared on the nodes of path, deepest first (a
// flag of a parent command is valid after its subcommands too), by long
// name, alias or --no- form, or by short name when long is "".
func FindFlag(path []*pb.Command, long string, short rune) *pb.Flag {
	for i := len(path) - 1; i >= 0; i-- {
		for _, f := range path[i].GetFlags() {
			if matches(f, long, short) {
				return f
			}
		}
	}
	return nil
}

func matches(f *pb.Flag, long string, short rune) bool {
	switch {
	case long != "":
		return f.GetName() == long || slices.Contains(f.GetAliases(), long) ||
			(f.GetType() == "bool" && long == "no-"+f.GetName())
	case short != 0:
		return f.GetShort() == string(short)
	}
	return false
}

// Leaf is a runnable command below a group, with its full name.
type Leaf struct {
	// Path is the full command name, e.g. "kestractl flows list".
	Path    string
	Command *pb.Command
}

// Leaves lists the runnable (childless) visible commands under c, depth
// first; prefix is prepended to their names.
func Leaves(c *pb.Command, prefix string) []Leaf {
	name := c.GetName()
	if prefix != "" {
		name = prefix + " " + name
	}
	kids := Visible(c.GetChildren())
	if len(kids) == 0 {
		return []Leaf{{Path: name, Command: c}}
	}
	var out []Leaf
	for _, k := range kids {
		out = append(out, Leaves(k, name)...)
	}
	return out
}
