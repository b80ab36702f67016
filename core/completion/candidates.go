// Package completion completes kestractl command lines for the shells: the
// scripts that hook into bash, zsh and fish, and the candidates of the
// hidden `kestractl __complete` command they call, read from the
// manifests (no plugin starts) except for dynamic values.
package completion

import (
	"strings"

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

// Files is the directive that tells the shell to complete file paths: the
// word is a local path (a flag or argument with completer "file" or type
// "path"). It is printed as a line of its own, after any candidate.
const Files = ":files"

// filesCompleter names the completer of local paths.
const filesCompleter = "file"

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
	Globals []*pb.Flag
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
	// --flag=value being typed: complete the value, keep the flag.
	if strings.HasPrefix(partial, "-") && strings.Contains(partial, "=") {
		flag, value, _ := strings.Cut(partial, "=")
		vals, ok := c.flagValues(flag, line, value)
		if !ok {
			return nil
		}
		var out []Candidate
		for _, v := range vals {
			if v.Value == Files {
				out = append(out, v)
				continue
			}
			out = append(out, Candidate{flag + "=" + v.Value, v.Help})
		}
		return out
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
		if !f.GetHidden() {
			out = append(out, Candidate{"--" + f.GetName(), f.GetHelp()})
		}
	}
	return append(out, Candidate{"--help", "Show help."})
}

// flagValues completes the value of the flag named by prev; ok is false
// when prev takes no value (the word is not a flag value).
func (c *Completer) flagValues(prev string, line *cmdline.Line, partial string) (vals []Candidate, ok bool) {
	name := strings.TrimLeft(prev, "-")
	f := pathFlag(line.Path, name)
	if f == nil {
		f = pathFlag([]*pb.Command{{Flags: c.Globals}}, name)
	}
	if f == nil || !cmdtree.TakesValue(f) {
		return nil, false
	}
	return c.values(f.GetEnum(), completerOf(f), line, partial), true
}

// completerOf is a flag's completer; a flag of type path completes files.
func completerOf(f *pb.Flag) string {
	if f.GetCompleter() == "" && f.GetType() == "path" {
		return filesCompleter
	}
	return f.GetCompleter()
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

// values completes a flag or argument value: its enum, local files, the
// config's contexts, the shells, or dynamic values from the plugin (the
// completers namespace, flow, execution, kv-key, nsfile-path...).
func (c *Completer) values(enum []string, completer string, line *cmdline.Line, partial string) []Candidate {
	var out []Candidate
	for _, e := range enum {
		out = append(out, Candidate{e, ""})
	}
	switch completer {
	case "":
	case filesCompleter:
		out = append(out, Candidate{Value: Files})
	case "context":
		out = append(out, c.Values.Contexts()...)
	case "shell":
		for _, sh := range Shells {
			out = append(out, Candidate{sh, ""})
		}
	default:
		for _, v := range c.Values.Dynamic(completer, line, partial) {
			out = append(out, Candidate{v, ""})
		}
	}
	return out
}
