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
	// TagValues lists the values a flag or argument takes, comma-separated,
	// for completion and help, without kong's strict enum check (e.g.
	// states accepted in any case).
	TagValues = "values"
)

// Exampler is implemented by a command that shows examples in its help:
// each is a command line, optionally preceded by "# ..." comment lines.
type Exampler interface {
	Examples() []string
}

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
	c.Examples = examples(n)
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
		Placeholder: placeholder(f),
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
		if v := f.Tag.Get(TagValues); v != "" && len(out.Enum) == 0 {
			out.Enum = splitValues(v)
		}
	}
	return out
}

// placeholder names a flag's value: the placeholder:"..." tag, else the
// flag's name in capitals (--namespace=NAMESPACE, never STRING).
func placeholder(f *kong.Flag) string {
	if f.PlaceHolder != "" || f.IsBool() || f.IsCounter() {
		return f.FormatPlaceHolder()
	}
	return strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
}

func splitValues(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// examples returns the command's examples when its struct implements
// Exampler.
func examples(n *kong.Node) []string {
	if !n.Target.IsValid() {
		return nil
	}
	v := n.Target
	if v.CanAddr() {
		v = v.Addr()
	}
	if e, ok := v.Interface().(Exampler); ok {
		return e.Examples()
	}
	return nil
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
		if vals := v.Tag.Get(TagValues); vals != "" && len(out.Enum) == 0 {
			out.Enum = splitValues(vals)
		}
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
