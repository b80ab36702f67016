// Package completion completes kestractl command lines for the shells: the
// scripts that hook into bash, zsh and fish, and the candidates of the
// hidden `kestractl __complete` command they call, read from the
// manifests (no plugin starts) except for dynamic values.
package completion

import (
	"strings"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/core/cmdline"
	"github.com/kestractl/kestractl/core/cmdtree"
	"github.com/kestractl/kestractl/core/discovery"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Command is the hidden command the shell scripts call:
// `kestractl __complete <words before the cursor...> <partial word>`. It
// prints one candidate per line, as "value<TAB>description".
const Command = "__complete"

// Candidate is one completion value.
type Candidate struct{ Value, Help string }

// Values are the completion values that come from outside the manifests.
type Values interface {
	// Contexts are the contexts of the config file.
	Contexts() []Candidate
	// Dynamic asks the line's plugin for the values of completer.
	Dynamic(completer string, line *cmdline.Line, partial string) []string
}

// Completer finds the candidates for a partial word.
type Completer struct {
	// Core is the core's command tree; Globals its global flags and Flags
	// their index for the splitter.
	Core    *pb.Command
	Globals []*kong.Flag
	Flags   cmdline.GlobalFlags
	// Catalog holds the plugin groups (nil: none).
	Catalog *discovery.Catalog
	Values  Values
}

// Candidates completes partial, typed after words.
func (c *Completer) Candidates(words []string, partial string) []Candidate {
	line, err := cmdline.Split(words, c.Flags, c.group)
	if err != nil {
		// The last word is a flag waiting for its value.
		line, _ = cmdline.Split(words[:len(words)-1], c.Flags, c.group)
		if line == nil {
			return nil
		}
	}
	// A flag value being typed: the previous word is a flag taking a value.
	if len(words) > 0 {
		prev := words[len(words)-1]
		if strings.HasPrefix(prev, "-") && !strings.Contains(prev, "=") {
			if vals, ok := c.flagValues(prev, line, partial); ok {
				return vals
			}
		}
	}
	switch {
	case strings.HasPrefix(partial, "-"):
		return c.flags(line.Path)
	case line.Word == "":
		return c.groups()
	case len(line.Path) == 0:
		return nil
	}
	node := line.Node()
	if kids := cmdtree.Visible(node.GetChildren()); len(kids) > 0 && line.Positionals == 0 {
		var out []Candidate
		for _, k := range kids {
			out = append(out, Candidate{k.GetName(), k.GetHelp()})
		}
		return out
	}
	if line.Positionals < len(node.GetArgs()) {
		arg := node.GetArgs()[line.Positionals]
		return c.values(arg.GetEnum(), arg.GetCompleter(), line, partial)
	}
	return nil
}

// group resolves a first word: a core command, then a plugin group.
func (c *Completer) group(word string) *pb.Command {
	if n := cmdtree.Child(c.Core, word); n != nil {
		return n
	}
	if c.Catalog != nil {
		if g := c.Catalog.Group(word); g != nil {
			return g.Command
		}
	}
	return nil
}

// groups are the first words: core commands, plugin groups and help.
func (c *Completer) groups() []Candidate {
	var out []Candidate
	for _, n := range cmdtree.Visible(c.Core.GetChildren()) {
		out = append(out, Candidate{n.GetName(), n.GetHelp()})
	}
	if c.Catalog != nil {
		for _, g := range c.Catalog.Groups() {
			out = append(out, Candidate{g.Command.GetName(), g.Command.GetHelp()})
		}
	}
	return append(out, Candidate{"help", "Show help for a command."})
}

// flags are the flags valid on path, then the global flags.
func (c *Completer) flags(path []*pb.Command) []Candidate {
	var out []Candidate
	for i := len(path) - 1; i >= 0; i-- {
		for _, f := range cmdtree.VisibleFlags(path[i]) {
			out = append(out, Candidate{"--" + f.GetName(), f.GetHelp()})
		}
	}
	for _, f := range c.Globals {
		if !f.Hidden && f.Name != "help" {
			out = append(out, Candidate{"--" + f.Name, f.Help})
		}
	}
	return append(out, Candidate{"--help", "Show help."})
}

// flagValues completes the value of the flag named by prev; ok is false
// when prev takes no value (the word is not a flag value).
func (c *Completer) flagValues(prev string, line *cmdline.Line, partial string) (vals []Candidate, ok bool) {
	name := strings.TrimLeft(prev, "-")
	if f := pathFlag(line.Path, name); f != nil {
		if f.GetType() == "bool" {
			return nil, false
		}
		return c.values(f.GetEnum(), f.GetCompleter(), line, partial), true
	}
	var gf *kong.Flag
	for _, f := range c.Globals {
		if f.Name == name || (len(name) == 1 && f.Short == rune(name[0])) {
			gf = f
		}
	}
	if gf == nil || gf.IsBool() {
		return nil, false
	}
	switch gf.Name {
	case "output":
		return []Candidate{{"table", ""}, {"json", ""}, {"yaml", ""}}, true
	case "log-level":
		return []Candidate{{"off", ""}, {"error", ""}, {"warn", ""}, {"info", ""}, {"debug", ""}, {"trace", ""}}, true
	case "context":
		return c.Values.Contexts(), true
	}
	return nil, true
}

// pathFlag finds a flag of path by long or short name.
func pathFlag(path []*pb.Command, name string) *pb.Flag {
	for i := len(path) - 1; i >= 0; i-- {
		for _, f := range path[i].GetFlags() {
			if f.GetName() == name || f.GetShort() == name {
				return f
			}
		}
	}
	return nil
}

// values completes a flag or argument value: its enum, the config's
// contexts, the shells, or dynamic values from the plugin.
func (c *Completer) values(enum []string, completer string, line *cmdline.Line, partial string) []Candidate {
	var out []Candidate
	for _, e := range enum {
		out = append(out, Candidate{e, ""})
	}
	switch completer {
	case "":
	case "context":
		out = append(out, c.Values.Contexts()...)
	case "shell":
		out = append(out, Candidate{"bash", ""}, Candidate{"zsh", ""}, Candidate{"fish", ""})
	default:
		for _, v := range c.Values.Dynamic(completer, line, partial) {
			out = append(out, Candidate{v, ""})
		}
	}
	return out
}
