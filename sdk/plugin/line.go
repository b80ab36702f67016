package plugin

import (
	"slices"
	"strings"

	"github.com/alecthomas/kong"
)

// Line is a command line being completed, read against the plugin's
// grammar: which flags take a value is known, so a flag's value is never
// taken for an argument.
type Line struct {
	// Command is the command path typed so far (group, subcommands).
	Command []string
	// Args are the positional arguments typed after the command.
	Args  []string
	flags map[string][]string
}

// Arg is the i-th positional argument ("" when not typed).
func (l Line) Arg(i int) string {
	if i < 0 || i >= len(l.Args) {
		return ""
	}
	return l.Args[i]
}

// Flag is the last value given to a flag (by its long name, "" when not
// typed; "true" for a boolean flag).
func (l Line) Flag(name string) string {
	if v := l.flags[name]; len(v) > 0 {
		return v[len(v)-1]
	}
	return ""
}

// Namespace is the namespace the line names, for completing what lives in
// it (keys, files, flow ids): the value of -n/--namespace, else the first
// positional argument; "" when neither is a valid namespace.
func (l Line) Namespace() string {
	for _, ns := range []string{l.Flag("namespace"), l.Arg(0)} {
		if ns != "" {
			if ValidateNamespace(ns) != nil {
				return ""
			}
			return ns
		}
	}
	return ""
}

// CompletionLine reads argv, the words before the one being completed
// (the group first, as Plugin.Complete receives them), against the
// plugin's grammar. Outside a completion the line is read as given, every
// word an argument.
func (c *Context) CompletionLine(argv []string) Line {
	if c.grammar == nil {
		return Line{Args: argv}
	}
	k, err := c.grammar()
	if err != nil {
		return Line{Args: argv}
	}
	return readLine(k.Model.Node, argv)
}

func readLine(node *kong.Node, argv []string) Line {
	l := Line{flags: map[string][]string{}}
	for i := 0; i < len(argv); i++ {
		w := argv[i]
		var f *kong.Flag
		var value string
		inline := false
		switch {
		case w == "--":
			l.Args = append(l.Args, argv[i+1:]...)
			return l
		case strings.HasPrefix(w, "--"):
			name, v, ok := strings.Cut(w[2:], "=")
			f, value, inline = findFlag(node, name, 0), v, ok
		case strings.HasPrefix(w, "-") && len(w) > 1:
			f = findFlag(node, "", []rune(w[1:])[0])
			if rest := w[1+len(string([]rune(w[1:])[0])):]; rest != "" {
				value, inline = strings.TrimPrefix(rest, "="), true
			}
		default:
			if len(l.Args) == 0 {
				if child := findCommand(node, w); child != nil {
					node = child
					l.Command = append(l.Command, w)
					continue
				}
			}
			l.Args = append(l.Args, w)
			continue
		}
		if f == nil {
			continue // a flag the grammar does not know: nothing to take
		}
		switch {
		case inline:
		case f.IsBool() || f.IsCounter():
			value = "true"
		case i+1 < len(argv):
			i++
			value = argv[i]
		}
		l.flags[f.Name] = append(l.flags[f.Name], value)
	}
	return l
}

// findFlag finds a flag of node or of its parents by long name (or
// alias), or by short name.
func findFlag(node *kong.Node, name string, short rune) *kong.Flag {
	for n := node; n != nil; n = n.Parent {
		for _, f := range n.Flags {
			if name != "" && (f.Name == name || slices.Contains(f.Aliases, name)) || short != 0 && f.Short == short {
				return f
			}
		}
	}
	return nil
}

// findCommand finds a subcommand of node by name or alias.
func findCommand(node *kong.Node, word string) *kong.Node {
	for _, ch := range node.Children {
		if ch.Type == kong.CommandNode && (ch.Name == word || slices.Contains(ch.Aliases, word)) {
			return ch
		}
	}
	return nil
}
