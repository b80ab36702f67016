package app

import (
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/kong"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// flagSpec is what the splitter needs to know about one flag.
type flagSpec struct {
	name   string
	value  bool // takes a value
	secret bool
	env    []string
}

// globalFlags indexes the core's global flags by long and short name.
type globalFlags struct {
	long  map[string]flagSpec
	short map[rune]flagSpec
}

func newGlobalFlags(model *kong.Application) globalFlags {
	g := globalFlags{long: map[string]flagSpec{}, short: map[rune]flagSpec{}}
	for _, f := range model.Flags {
		if f.Name == "help" {
			continue
		}
		s := flagSpec{name: f.Name, value: !f.IsBool() && !f.IsCounter()}
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

// splitResult is a command line taken apart.
type splitResult struct {
	// word is the first positional argument: a core command or a group.
	word string
	// globals are the global flag tokens, for the core's parser.
	globals []string
	// rest is the plugin's argv, starting with the group.
	rest []string
	// help is set when -h/--help appeared before "--".
	help bool
	// path holds the manifest nodes the words walked through, group first.
	path []*pb.Command
	// positionals counts positional words after the deepest command node.
	positionals int
	// secrets are the values of secret flags, kept out of rest.
	secrets map[string]string
}

// split separates the global flags (accepted anywhere) from a plugin's
// command line. Once the group is known, its manifest tells which flags the
// plugin declares on the command being typed: those stay with the plugin
// even when a global flag has the same name (e.g. executions run --timeout),
// their values are skipped over, and secret ones are taken out of argv.
// group resolves the first word to its manifest node (nil if unknown).
func split(args []string, g globalFlags, group func(string) *pb.Command) (*splitResult, error) {
	r := &splitResult{secrets: map[string]string{}}
	var node *pb.Command
	next := func(i int, name string) (string, error) {
		if i+1 >= len(args) {
			return "", usagef("", "flag %s needs a value", name)
		}
		return args[i+1], nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			r.rest = append(r.rest, args[i:]...)
			i = len(args)
		case a == "-h" || a == "--help":
			r.help = true
		case strings.HasPrefix(a, "--") && len(a) > 2:
			name, val, hasVal := strings.Cut(a[2:], "=")
			if local, ok := localFlag(r.path, name, 0); ok {
				if local.secret {
					if !hasVal {
						v, err := next(i, "--"+name)
						if err != nil {
							return nil, err
						}
						val = v
						i++
					}
					r.secrets[local.name] = val
					continue
				}
				r.rest = append(r.rest, a)
				if local.value && !hasVal && i+1 < len(args) {
					r.rest = append(r.rest, args[i+1])
					i++
				}
				continue
			}
			if gf, ok := g.long[name]; ok {
				r.globals = append(r.globals, a)
				if gf.value && !hasVal {
					v, err := next(i, "--"+name)
					if err != nil {
						return nil, err
					}
					r.globals = append(r.globals, v)
					i++
				}
				continue
			}
			if node == nil {
				// Before any command: only global flags exist here.
				r.globals = append(r.globals, a)
				continue
			}
			r.rest = append(r.rest, a)
		case strings.HasPrefix(a, "-") && len(a) > 1 && !isNumber(a[1:]):
			c, size := utf8.DecodeRuneInString(a[1:])
			if local, ok := localFlag(r.path, "", c); ok {
				if local.secret {
					val := a[1+size:]
					val = strings.TrimPrefix(val, "=")
					if val == "" {
						v, err := next(i, "-"+string(c))
						if err != nil {
							return nil, err
						}
						val = v
						i++
					}
					r.secrets[local.name] = val
					continue
				}
				r.rest = append(r.rest, a)
				if local.value && len(a) == 1+size && i+1 < len(args) {
					r.rest = append(r.rest, args[i+1])
					i++
				}
				continue
			}
			if gf, ok := g.short[c]; ok {
				consumed, err := globalShort(a, gf, g, args, i, r)
				if err != nil {
					return nil, err
				}
				i += consumed
				continue
			}
			if node == nil {
				r.globals = append(r.globals, a)
				continue
			}
			r.rest = append(r.rest, a)
		default:
			r.rest = append(r.rest, a)
			if r.word == "" {
				r.word = a
				if group != nil {
					if node = group(a); node != nil {
						r.path = append(r.path, node)
					}
				}
				continue
			}
			if node != nil && r.positionals == 0 {
				if child := childNamed(node, a); child != nil {
					node = child
					r.path = append(r.path, node)
					continue
				}
			}
			r.positionals++
		}
	}
	// Secret flags not given on the line come from their environment
	// variables, read here so that they never reach the plugin's env.
	return r, nil
}

// globalShort handles a token starting with a global short flag: -o json,
// -ojson, -o=json, or a cluster of boolean shorts such as -vy. It returns
// how many extra arguments it consumed.
func globalShort(a string, first flagSpec, g globalFlags, args []string, i int, r *splitResult) (int, error) {
	body := a[1:]
	if first.value {
		c, size := utf8.DecodeRuneInString(body)
		val := strings.TrimPrefix(body[size:], "=")
		if val != "" {
			r.globals = append(r.globals, "-"+string(c), val)
			return 0, nil
		}
		if i+1 >= len(args) {
			return 0, usagef("", "flag -%c needs a value", c)
		}
		r.globals = append(r.globals, "-"+string(c), args[i+1])
		return 1, nil
	}
	for _, c := range body {
		s, ok := g.short[c]
		if !ok || s.value {
			return 0, usagef("see 'kestractl --help'", "unknown or misplaced flag -%c in %q", c, a)
		}
		r.globals = append(r.globals, "-"+string(c))
	}
	return 0, nil
}

// localFlag finds a flag the plugin declares on the nodes of path (a flag
// of a parent command is valid after its subcommands too).
func localFlag(path []*pb.Command, long string, short rune) (flagSpec, bool) {
	for i := len(path) - 1; i >= 0; i-- {
		for _, f := range path[i].GetFlags() {
			match := false
			switch {
			case long != "":
				match = f.GetName() == long || contains(f.GetAliases(), long) ||
					(f.GetType() == "bool" && long == "no-"+f.GetName())
			case short != 0:
				match = f.GetShort() == string(short)
			}
			if match {
				return flagSpec{name: f.GetName(), value: f.GetType() != "bool" && f.GetType() != "counter", secret: f.GetSecret(), env: f.GetEnv()}, true
			}
		}
	}
	return flagSpec{}, false
}

func childNamed(n *pb.Command, name string) *pb.Command {
	for _, c := range n.GetChildren() {
		if c.GetName() == name || contains(c.GetAliases(), name) {
			return c
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// secretsFromEnv fills secret flags of the path from their environment
// variables when the line did not give them.
func secretsFromEnv(r *splitResult, env func(string) string) {
	for _, n := range r.path {
		for _, f := range n.GetFlags() {
			if !f.GetSecret() {
				continue
			}
			if _, ok := r.secrets[f.GetName()]; ok {
				continue
			}
			for _, e := range f.GetEnv() {
				if v := env(e); v != "" {
					r.secrets[f.GetName()] = v
					break
				}
			}
		}
	}
}
