package plugin

import (
	"fmt"
	"reflect"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/kestractl/kestractl/sdk/wire/manifest"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// pruneDepth is how many command words a line's grammar is cut down to:
// the group, and the command in it.
const pruneDepth = 2

// groupGrammar returns a grammar for one command line: root, rebuilt with
// only the group that argv names and, in that group, only the command
// argv names next (with the non-command fields of each), or root itself
// when that cannot be done safely.
//
// kong builds a model of every command of the grammar it is given, with
// every flag's tag parsed: for a plugin of a hundred commands that is
// milliseconds and megabytes on each run, for commands the line does not
// use. The commands keep their own types, so their Run methods, hooks and
// bindings are those of the whole grammar.
//
// A level is kept whole when its struct has methods (kong hooks), embeds a
// struct, has an unexported field, or has no single command field named
// by the word: by its name tag, its aliases, or kong's default name (the
// field name in lower case with dashes between words).
func groupGrammar(root any, argv []string) (grammar any) {
	defer func() {
		// A struct reflect cannot rebuild is a lost saving, never a
		// failed command.
		if recover() != nil {
			grammar = root
		}
	}()
	v := reflect.ValueOf(root)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return root
	}
	pruned, ok := prune(v.Elem(), argv, pruneDepth)
	if !ok {
		return root
	}
	p := reflect.New(pruned.Type())
	p.Elem().Set(pruned)
	return p.Interface()
}

// prune returns a copy of the struct v that holds only the command field
// argv[0] names (itself pruned for argv[1:], depth-1 levels down) and v's
// other fields; ok is false when it cannot.
func prune(v reflect.Value, argv []string, depth int) (reflect.Value, bool) {
	if depth == 0 || len(argv) == 0 || argv[0] == "" || strings.HasPrefix(argv[0], "-") {
		return v, false
	}
	t := v.Type()
	if t.Kind() != reflect.Struct || t.NumMethod() > 0 || reflect.PointerTo(t).NumMethod() > 0 {
		return v, false
	}
	var (
		fields  []reflect.StructField
		values  []reflect.Value
		matched int
		changed bool
	)
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Anonymous {
			return v, false
		}
		fv := v.Field(i)
		if _, cmd := f.Tag.Lookup("cmd"); cmd {
			if !namesCommand(f, argv[0]) {
				changed = true
				continue
			}
			matched++
			if sub, ok := prune(fv, argv[1:], depth-1); ok {
				f.Type, fv = sub.Type(), sub
				changed = true
			}
		}
		f.Offset, f.Index = 0, nil
		fields = append(fields, f)
		values = append(values, fv)
	}
	if matched != 1 || !changed {
		return v, false
	}
	out := reflect.New(reflect.StructOf(fields)).Elem()
	for j, fv := range values {
		out.Field(j).Set(fv)
	}
	return out, true
}

// namesCommand reports whether word names the command field f.
func namesCommand(f reflect.StructField, word string) bool {
	if name, ok := f.Tag.Lookup("name"); ok && name != "" {
		if name == word {
			return true
		}
	} else if strings.EqualFold(strings.ReplaceAll(word, "-", ""), f.Name) && word == strings.ToLower(word) {
		return true
	}
	if aliases, ok := f.Tag.Lookup("aliases"); ok {
		for _, a := range strings.Split(aliases, ",") {
			if strings.TrimSpace(a) == word {
				return true
			}
		}
	}
	return false
}

// CheckGroupGrammars reports whether every command of p, down to the
// second word (a group and a command in it), by its names and aliases,
// runs on a cut-down grammar (see groupGrammar) that describes it exactly
// as the whole grammar does. A plugin's tests call it
// (plugintest.RequireGroupGrammars) so that the saving is not lost
// silently, e.g. to a method added to the root.
func (p Plugin) CheckGroupGrammars() error {
	full, err := p.manifest()
	if err != nil {
		return err
	}
	groups := full.GetRoot().GetChildren()
	for _, g := range groups {
		for _, gw := range names(g) {
			if len(groups) > 1 {
				if err := p.checkLine(g, []string{gw}, nil); err != nil {
					return err
				}
			}
			if len(groups) == 1 && len(g.GetChildren()) < 2 {
				continue // nothing to cut
			}
			for _, c := range g.GetChildren() {
				for _, cw := range names(c) {
					if err := p.checkLine(c, []string{gw, cw}, g); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// checkLine checks the grammar built for argv: cut down, and describing
// want (the command argv names in the whole grammar) the same way, and for
// a command in a group, the group's own flags and help too.
func (p Plugin) checkLine(want *pb.Command, argv []string, group *pb.Command) error {
	line := strings.Join(argv, " ")
	root := p.New()
	grammar := groupGrammar(root, argv)
	if grammar == root {
		return fmt.Errorf("%q: the whole grammar is built for it", line)
	}
	k, err := p.parserOf(grammar, nil)
	if err != nil {
		return fmt.Errorf("%q: %w", line, err)
	}
	var path []*pb.Command
	node := manifest.FromKong(k.Model)
	for _, w := range argv {
		if node = findChild(node.GetChildren(), w); node == nil {
			return fmt.Errorf("%q: the cut-down grammar does not hold it", line)
		}
		path = append(path, node)
	}
	same := proto.Equal(node, want)
	if same && group != nil {
		same = proto.Equal(withoutChildren(path[0]), withoutChildren(group))
	}
	if !same {
		return fmt.Errorf("%q: its cut-down grammar describes it differently from the whole grammar", line)
	}
	return nil
}

// names are a command's name and aliases.
func names(c *pb.Command) []string { return append([]string{c.GetName()}, c.GetAliases()...) }

// findChild is the command of cmds named word (or aliased so).
func findChild(cmds []*pb.Command, word string) *pb.Command {
	for _, c := range cmds {
		for _, n := range names(c) {
			if n == word {
				return c
			}
		}
	}
	return nil
}

func withoutChildren(c *pb.Command) *pb.Command {
	c = proto.Clone(c).(*pb.Command)
	c.Children = nil
	return c
}
