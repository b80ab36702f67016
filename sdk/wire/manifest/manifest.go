// Package manifest turns a plugin's kong model into the protocol manifest, so
// that the command tree the core shows in help and completion is generated
// from the same grammar the plugin parses with and cannot drift from it.
//
// Two kong struct tags are read besides kong's own: `offline:""` on a
// command marks it as needing no server and no configuration, and
// `completer:"name"` on a flag or positional argument names a dynamic
// completer served through the Complete RPC, and `secret:""` on a flag marks
// its value as a credential: the core keeps it out of the plugin's argv and
// environment and hands it over through Host.GetCredentials.
package manifest

import (
	"reflect"
	"strings"

	"github.com/alecthomas/kong"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Tag names read by FromKong.
const (
	TagOffline   = "offline"
	TagCompleter = "completer"
	TagSecret    = "secret"
)

// FromKong returns the command tree of app. The root carries no name; its
// children are the top-level groups the plugin serves.
func FromKong(app *kong.Application) *pb.Command {
	root := command(app.Node)
	root.Name = ""
	// The root's --help flag belongs to the host; drop root-level flags.
	root.Flags = nil
	return root
}

func command(n *kong.Node) *pb.Command {
	c := &pb.Command{
		Name:    n.Name,
		Aliases: append([]string(nil), n.Aliases...),
		Help:    n.Help,
		Detail:  n.Detail,
		Hidden:  n.Hidden,
	}
	if n.Tag != nil {
		c.Offline = n.Tag.Has(TagOffline)
	}
	for _, f := range n.Flags {
		if f.Name == "help" {
			continue
		}
		c.Flags = append(c.Flags, flag(f))
	}
	for _, p := range n.Positional {
		c.Args = append(c.Args, arg(p))
	}
	for _, child := range n.Children {
		if child.Type == kong.ArgumentNode {
			// A branching positional argument: describe its argument only.
			if child.Argument != nil {
				c.Args = append(c.Args, arg(child.Argument))
			}
			continue
		}
		c.Children = append(c.Children, command(child))
	}
	return c
}

func flag(f *kong.Flag) *pb.Flag {
	out := &pb.Flag{
		Name:        f.Name,
		Help:        f.Help,
		Type:        typeName(f.Value),
		Required:    f.Required,
		Default:     f.Default,
		Placeholder: f.FormatPlaceHolder(),
		Hidden:      f.Hidden,
		Aliases:     append([]string(nil), f.Aliases...),
		Repeatable:  f.IsCumulative(),
	}
	if f.Short != 0 {
		out.Short = string(f.Short)
	}
	if f.Enum != "" {
		out.Enum = f.EnumSlice()
	}
	out.Env = append([]string(nil), f.Envs...)
	if f.Tag != nil {
		out.Completer = f.Tag.Get(TagCompleter)
		out.Secret = f.Tag.Has(TagSecret)
	}
	return out
}

func arg(v *kong.Value) *pb.Arg {
	out := &pb.Arg{
		Name:     v.Name,
		Help:     v.Help,
		Required: v.Required,
		Variadic: v.IsCumulative(),
	}
	if v.Enum != "" {
		out.Enum = v.EnumSlice()
	}
	if v.Tag != nil {
		out.Completer = v.Tag.Get(TagCompleter)
	}
	return out
}

func typeName(v *kong.Value) string {
	switch {
	case v.IsCounter():
		return "counter"
	case v.IsBool():
		return "bool"
	}
	t := v.Target.Type()
	if t.String() == "time.Duration" {
		return "duration"
	}
	switch t.Kind() {
	case reflect.Slice:
		return "[]" + strings.TrimPrefix(t.Elem().String(), "*")
	case reflect.Map:
		return "map"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "int"
	case reflect.Float32, reflect.Float64:
		return "float"
	case reflect.Ptr:
		return strings.TrimPrefix(t.String(), "*")
	}
	return "string"
}

// Find returns the node at path (names or aliases) below root, or nil.
func Find(root *pb.Command, path ...string) *pb.Command {
	n := root
	for _, name := range path {
		var next *pb.Command
		for _, c := range n.GetChildren() {
			if c.GetName() == name || contains(c.GetAliases(), name) {
				next = c
				break
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
