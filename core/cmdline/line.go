package cmdline

import (
	"strings"

	"github.com/kestractl/kestractl/core/cmdtree"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Node is the deepest command the words reached (nil when the first word
// is no known group).
func (l *Line) Node() *pb.Command {
	if len(l.Path) == 0 {
		return nil
	}
	return l.Path[len(l.Path)-1]
}

// WantsHelp reports whether the line asks for the help of its command:
// -h/--help, or a command that has subcommands named with nothing after
// it (no argument, no flag).
func (l *Line) WantsHelp() bool {
	if l.Help {
		return true
	}
	node := l.Node()
	return node != nil && len(cmdtree.Visible(node.GetChildren())) > 0 && l.Positionals == 0 && !hasFlags(l.Rest)
}

func hasFlags(rest []string) bool {
	for _, x := range rest[1:] {
		if strings.HasPrefix(x, "-") {
			return true
		}
	}
	return false
}

// SecretsFromEnv fills the secret flags of the path from their environment
// variables when the line did not give them. They are read by the core so
// that they never reach the plugin's environment.
func (l *Line) SecretsFromEnv(env func(string) string) {
	for _, n := range l.Path {
		for _, f := range n.GetFlags() {
			if !f.GetSecret() {
				continue
			}
			if _, ok := l.Secrets[f.GetName()]; ok {
				continue
			}
			for _, e := range f.GetEnv() {
				if v := env(e); v != "" {
					l.Secrets[f.GetName()] = v
					break
				}
			}
		}
	}
}

// HelpArgs turns "help WORDS..." into "WORDS... --help": "kestractl help
// flows list" is "kestractl flows list --help". Only the first "help" word
// goes.
func HelpArgs(args []string) []string {
	rest := make([]string, 0, len(args)+1)
	skipped := false
	for _, x := range args {
		if x == "help" && !skipped {
			skipped = true
			continue
		}
		rest = append(rest, x)
	}
	return append(rest, "--help")
}
