package cmdline

import (
	"strings"
	"unicode/utf8"

	"github.com/kestractl/kestractl/core/cmdtree"
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Line is a command line taken apart.
type Line struct {
	// Word is the first positional argument: a core command or a group.
	Word string
	// Globals are the global flag tokens, for the core's parser.
	Globals []string
	// Rest is the plugin's argv, starting with the group.
	Rest []string
	// Help is set when -h/--help appeared before "--".
	Help bool
	// Path holds the manifest nodes the words walked through, group first.
	Path []*pb.Command
	// Positionals counts positional words after the deepest command node;
	// Args holds them.
	Positionals int
	Args        []string
	// Secrets are the values of secret flags, kept out of Rest.
	Secrets map[string]string
	// Unknown are the long flags after the group that neither the
	// manifest of the command nor the core declares (they stay in Rest).
	Unknown []string
}

// GroupFunc resolves the first word to its manifest node (nil if unknown).
type GroupFunc func(word string) *pb.Command

// Split separates the global flags from a plugin's command line. Once the
// group is known (group may be nil: no group is), its manifest tells which
// flags the plugin declares on the command being typed: those stay with
// the plugin even when a global flag has the same name (e.g. executions run
// --timeout), their values are skipped over, and secret ones are taken out
// of argv.
func Split(args []string, g GlobalFlags, group GroupFunc) (*Line, error) {
	s := &splitter{args: args, flags: g, group: group, line: &Line{Secrets: map[string]string{}}}
	for s.i = 0; s.i < len(args); s.i++ {
		if err := s.token(args[s.i]); err != nil {
			return nil, err
		}
	}
	return s.line, nil
}

// splitter walks one command line.
type splitter struct {
	args  []string
	i     int // index of the token being read
	flags GlobalFlags
	group GroupFunc
	line  *Line
}

func (s *splitter) token(a string) error {
	switch {
	case a == "--":
		s.line.Rest = append(s.line.Rest, s.args[s.i:]...)
		s.i = len(s.args)
	case a == "-h" || a == "--help":
		s.line.Help = true
	case strings.HasPrefix(a, "--") && len(a) > 2:
		return s.long(a)
	case strings.HasPrefix(a, "-") && len(a) > 1 && !isNumber(a[1:]):
		return s.short(a)
	default:
		s.positional(a)
	}
	return nil
}

// long reads --name, --name=value or --name value.
func (s *splitter) long(a string) error {
	name, val, hasVal := strings.Cut(a[2:], "=")
	if f := cmdtree.FindFlag(s.line.Path, name, 0); f != nil {
		if f.GetSecret() {
			return s.secret(f.GetName(), val, hasVal, "--"+name)
		}
		s.local(a, cmdtree.TakesValue(f) && !hasVal)
		return nil
	}
	if gf, ok := s.flags.long[name]; ok {
		s.line.Globals = append(s.line.Globals, a)
		if gf.value && !hasVal {
			v, err := s.next("--" + name)
			if err != nil {
				return err
			}
			s.line.Globals = append(s.line.Globals, v)
		}
		return nil
	}
	s.unknown(a)
	return nil
}

// short reads -c, -cvalue, -c=value, -c value or a cluster of booleans.
func (s *splitter) short(a string) error {
	c, size := utf8.DecodeRuneInString(a[1:])
	if f := cmdtree.FindFlag(s.line.Path, "", c); f != nil {
		if f.GetSecret() {
			val := strings.TrimPrefix(a[1+size:], "=")
			return s.secret(f.GetName(), val, val != "", "-"+string(c))
		}
		s.local(a, cmdtree.TakesValue(f) && len(a) == 1+size)
		return nil
	}
	if gf, ok := s.flags.short[c]; ok {
		return s.globalShort(a, gf)
	}
	s.unknown(a)
	return nil
}

// secret records the value of a secret flag (inline, or the next token)
// instead of passing it on.
func (s *splitter) secret(name, val string, inline bool, display string) error {
	if !inline {
		v, err := s.next(display)
		if err != nil {
			return err
		}
		val = v
	}
	s.line.Secrets[name] = val
	return nil
}

// local passes a flag the plugin declares on, with its value when the
// value is the next token.
func (s *splitter) local(a string, valueFollows bool) {
	s.line.Rest = append(s.line.Rest, a)
	if valueFollows && s.i+1 < len(s.args) {
		s.i++
		s.line.Rest = append(s.line.Rest, s.args[s.i])
	}
}

// unknown places a flag neither the plugin nor the core declares: before
// any command only global flags exist, so the core's parser reports it;
// after, it is the plugin's.
func (s *splitter) unknown(a string) {
	if len(s.line.Path) == 0 {
		s.line.Globals = append(s.line.Globals, a)
		return
	}
	if strings.HasPrefix(a, "--") {
		name, _, _ := strings.Cut(a, "=")
		s.line.Unknown = append(s.line.Unknown, name)
	}
	s.line.Rest = append(s.line.Rest, a)
}

// globalShort handles a token starting with a global short flag: -o json,
// -ojson, -o=json, or a cluster of boolean shorts such as -vy.
func (s *splitter) globalShort(a string, first flagSpec) error {
	body := a[1:]
	if first.value {
		c, size := utf8.DecodeRuneInString(body)
		if val := strings.TrimPrefix(body[size:], "="); val != "" {
			s.line.Globals = append(s.line.Globals, "-"+string(c), val)
			return nil
		}
		v, err := s.next("-" + string(c))
		if err != nil {
			return err
		}
		s.line.Globals = append(s.line.Globals, "-"+string(c), v)
		return nil
	}
	for _, c := range body {
		f, ok := s.flags.short[c]
		if !ok || f.value {
			return cmderr.Usagef("unknown or misplaced flag -%c in %q", c, a).WithHint("see 'kestractl --help'")
		}
		s.line.Globals = append(s.line.Globals, "-"+string(c))
	}
	return nil
}

// positional places a word: the group, a subcommand, or an argument.
func (s *splitter) positional(a string) {
	s.line.Rest = append(s.line.Rest, a)
	switch {
	case s.line.Word == "":
		s.line.Word = a
		if s.group != nil {
			if node := s.group(a); node != nil {
				s.line.Path = append(s.line.Path, node)
			}
		}
	case len(s.line.Path) > 0 && s.line.Positionals == 0:
		if child := cmdtree.Child(s.line.Node(), a); child != nil {
			s.line.Path = append(s.line.Path, child)
			return
		}
		s.line.Positionals++
		s.line.Args = append(s.line.Args, a)
	default:
		s.line.Positionals++
		if len(s.line.Path) > 0 {
			s.line.Args = append(s.line.Args, a)
		}
	}
}

// next consumes the value of the flag display.
func (s *splitter) next(display string) (string, error) {
	if s.i+1 >= len(s.args) {
		return "", cmderr.Usagef("flag %s needs a value", display)
	}
	s.i++
	return s.args[s.i], nil
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
