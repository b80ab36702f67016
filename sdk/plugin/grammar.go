package plugin

import (
	"fmt"
	"reflect"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/kestractl/kestractl/sdk/wire/manifest"
)

// groupGrammar returns a grammar for one command line: root, rebuilt with
// only the top-level command that argv names (and the root's other,
// non-command fields), or root itself when that cannot be done safely.
//
// kong builds a model of every command of the grammar it is given, with
// every flag's tag parsed: for a plugin of a hundred commands that is
// milliseconds and megabytes on each run, for commands the line does not
// use. The commands of the group keep their own types, so their Run
// methods, hooks and bindings are those of the whole grammar.
//
// It gives up (returns root) when the root has methods (kong hooks on the
// root), embeds a struct, has an unexported field, or when no single
// command field is named argv[0]: by its name tag, its aliases, or kong's
// default name (the field name in lower case with dashes between words).
func groupGrammar(root any, argv []string) any {
	if len(argv) == 0 || argv[0] == "" || strings.HasPrefix(argv[0], "-") {
		return root
	}
	v := reflect.ValueOf(root)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct || v.Type().NumMethod() > 0 {
		return root
	}
	t := v.Elem().Type()
	var keep []int
	matched := 0
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Anonymous {
			return root
		}
		if _, cmd := f.Tag.Lookup("cmd"); cmd {
			if !namesCommand(f, argv[0]) {
				continue
			}
			matched++
		}
		keep = append(keep, i)
	}
	if matched != 1 || len(keep) == t.NumField() {
		return root
	}
	fields := make([]reflect.StructField, len(keep))
	for j, i := range keep {
		f := t.Field(i)
		f.Offset, f.Index = 0, nil
		fields[j] = f
	}
	pruned := reflect.New(reflect.StructOf(fields))
	for j, i := range keep {
		pruned.Elem().Field(j).Set(v.Elem().Field(i))
	}
	return pruned.Interface()
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

// CheckGroupGrammars reports whether every command group of p, by its name
// and by each alias, runs on a grammar of that group alone (see
// groupGrammar) that describes the group exactly as the whole grammar
// does. A plugin's tests call it (plugintest.RequireGroupGrammars) so that
// the saving is not lost silently, e.g. to a method added to the root.
func (p Plugin) CheckGroupGrammars() error {
	full, err := p.manifest()
	if err != nil {
		return err
	}
	groups := full.GetRoot().GetChildren()
	if len(groups) < 2 {
		return nil // the whole grammar is the group's
	}
	for _, g := range groups {
		for _, word := range append([]string{g.GetName()}, g.GetAliases()...) {
			root := p.New()
			grammar := groupGrammar(root, []string{word})
			if grammar == root {
				return fmt.Errorf("group %q (as %q): the whole grammar is built for it", g.GetName(), word)
			}
			k, err := p.parserOf(grammar, nil)
			if err != nil {
				return fmt.Errorf("group %q: %w", g.GetName(), err)
			}
			got := manifest.FromKong(k.Model).GetChildren()
			if len(got) != 1 || !proto.Equal(got[0], g) {
				return fmt.Errorf("group %q (as %q): its own grammar describes it differently from the whole grammar", g.GetName(), word)
			}
		}
	}
	return nil
}
