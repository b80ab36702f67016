package plugintest

import (
	"slices"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// RequireExamples fails t when a command of p has no example in its help,
// or an example that does not run it (docs/conventions.md §9): each
// example is optional "# " comment lines, then a command line holding
// "kestractl <group> ... <command>" (a group or command alias counts for
// its name; the line may be a pipeline).
func RequireExamples(t testing.TB, p plugin.Plugin) {
	t.Helper()
	m, err := p.Describe()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(paths []string, cmds []*plugin.Command)
	walk = func(paths []string, cmds []*plugin.Command) {
		for _, c := range cmds {
			names := append([]string{c.Name}, c.Aliases...)
			var next []string
			for _, prefix := range paths {
				for _, name := range names {
					next = append(next, strings.TrimSpace(prefix+" "+name))
				}
			}
			if len(c.Children) > 0 {
				walk(next, c.Children)
				continue
			}
			n++
			if c.Hidden {
				continue
			}
			if len(c.Examples) == 0 {
				t.Errorf("%s has no example", next[0])
			}
			for _, e := range c.Examples {
				lines := strings.Split(e, "\n")
				last := lines[len(lines)-1]
				ok := !slices.ContainsFunc(lines[:len(lines)-1], func(l string) bool { return !strings.HasPrefix(l, "# ") })
				// kestractl, global flags maybe, then the command's words.
				ok = ok && strings.Contains(last, "kestractl ") && slices.ContainsFunc(next, func(path string) bool {
					return strings.Contains(last+" ", " "+path+" ")
				})
				if !ok {
					t.Errorf("%s: example %q is not comment lines then a command line running it", next[0], e)
				}
			}
		}
	}
	walk([]string{""}, m.Groups)
	if n == 0 {
		t.Error("the plugin has no command")
	}
}

// RequireGroupGrammars fails t unless every command group of p runs on a
// grammar of its own that describes it as the whole grammar does
// (plugin.Plugin.CheckGroupGrammars): each command line then builds the
// model of its group only.
func RequireGroupGrammars(t testing.TB, p plugin.Plugin) {
	t.Helper()
	if err := p.CheckGroupGrammars(); err != nil {
		t.Fatal(err)
	}
}
