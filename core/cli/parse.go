package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Groups are the sections of the root help.
func Groups() []kong.Group {
	return []kong.Group{
		{Key: "core", Title: "Core commands:"},
		{Key: "plugins", Title: "Plugin commands:"},
		{Key: "global", Title: "Global flags (accepted anywhere on the line):"},
	}
}

// MustParser builds a kong parser over a grammar; the grammars are ours,
// so a failure is a programming error.
func MustParser(grammar any, opts ...kong.Option) *kong.Kong {
	k, err := kong.New(grammar, opts...)
	if err != nil {
		panic(fmt.Sprintf("kestractl grammar: %v", err))
	}
	return k
}

// Model is the kong model of the global flags alone. Building a kong model
// is the costliest step of the core's start: build it once per process.
func Model() *kong.Application {
	return MustParser(&Globals{}).Model
}

// exitPanic carries kong's exit code out of a parse (after --help).
type exitPanic struct{ code int }

// Options are the kong options of every core parser: help goes to stdout,
// errors to stderr, and kong's exit becomes a code returned by Parse.
func Options(stdout, stderr io.Writer, extra ...kong.Option) []kong.Option {
	return append([]kong.Option{
		kong.Name("kestractl"),
		kong.Description(Description),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(exitPanic{code}) }),
		kong.ExplicitGroups(Groups()),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, NoExpandSubcommands: true, FlagsLast: true}),
	}, extra...)
}

// Parse runs kong over args. code is kong's exit code when it printed the
// help (-1 otherwise).
func Parse(k *kong.Kong, args []string) (kctx *kong.Context, code int, err error) {
	code = -1
	func() {
		defer func() {
			if r := recover(); r != nil {
				e, ok := r.(exitPanic)
				if !ok {
					panic(r)
				}
				code = e.code
			}
		}()
		kctx, err = k.Parse(args)
	}()
	return kctx, code, err
}

// ParseGlobals parses the global flag tokens taken out of a plugin line.
func ParseGlobals(tokens []string, stdout, stderr io.Writer) (*Globals, error) {
	g := &Globals{}
	k := MustParser(g, Options(stdout, stderr)...)
	_, code, err := Parse(k, tokens)
	if code >= 0 {
		return nil, cmderr.Usagef("unexpected help request")
	}
	if err != nil {
		return nil, UsageError(err, "")
	}
	return g, nil
}

// UsageError turns a kong parse error into a one-line usage error whose
// hint names the help of the command being parsed (path, or the command
// kong selected when path is "").
func UsageError(err error, path string) error {
	var pe *kong.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	if path == "" && pe.Context != nil {
		if n := pe.Context.Selected(); n != nil {
			path = n.FullPath()
			path = strings.TrimPrefix(path, "kestractl ")
		}
	}
	hint := "see 'kestractl --help'"
	if path != "" && path != "kestractl" {
		hint = fmt.Sprintf("see 'kestractl %s --help'", path)
	}
	return cmderr.Usagef("%s", pe.Error()).WithHint("%s", hint)
}
