package plugin

import (
	"slices"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Manifest describes a plugin as the core sees it: the groups it serves and
// every command, flag and argument, generated from its kong grammar. The
// core's help, completion and docs come from it.
type Manifest struct {
	Name, Version, SDKVersion string
	// Edition is "" (any Kestra server) or "ee".
	Edition      string
	Capabilities []string
	// Groups are the top-level command groups.
	Groups []*Command
}

// Command is one node of the command tree.
type Command struct {
	Name    string
	Aliases []string
	Help    string
	Detail  string
	Hidden  bool
	// Offline commands need no server and no configuration.
	Offline bool
	// Examples are command lines shown in help, each optionally preceded
	// by "# ..." comment lines.
	Examples []string
	Flags    []Flag
	Args     []Arg
	Children []*Command
}

// Flag is one flag of a command.
type Flag struct {
	Name, Short, Help string
	// Type is "bool", "string", "int", "duration", "[]string", ...
	Type                         string
	Default, Placeholder         string
	Required, Hidden, Repeatable bool
	Enum, Aliases, Env           []string
	Completer                    string
	// Secret flags carry a credential: the core keeps them out of argv.
	Secret bool
}

// Arg is one positional argument of a command.
type Arg struct {
	Name, Help         string
	Required, Variadic bool
	Completer          string
	Enum               []string
}

// Describe returns the plugin's manifest.
func (p Plugin) Describe() (*Manifest, error) {
	m, err := p.manifest()
	if err != nil {
		return nil, err
	}
	out := &Manifest{Name: m.GetName(), Version: m.GetVersion(), SDKVersion: m.GetSdkVersion(),
		Edition: m.GetEdition(), Capabilities: m.GetCapabilities()}
	for _, g := range m.GetRoot().GetChildren() {
		out.Groups = append(out.Groups, commandFromPB(g))
	}
	return out, nil
}

// Find returns the command at path (names or aliases), nil when absent.
func (m *Manifest) Find(path ...string) *Command {
	cmds := m.Groups
	var found *Command
	for _, word := range path {
		found = nil
		for _, c := range cmds {
			if c.Name == word || slices.Contains(c.Aliases, word) {
				found = c
				break
			}
		}
		if found == nil {
			return nil
		}
		cmds = found.Children
	}
	return found
}

// Flag returns the command's flag of that name, nil when absent.
func (c *Command) Flag(name string) *Flag {
	for i := range c.Flags {
		if c.Flags[i].Name == name {
			return &c.Flags[i]
		}
	}
	return nil
}

func commandFromPB(c *pb.Command) *Command {
	out := &Command{Name: c.GetName(), Aliases: c.GetAliases(), Help: c.GetHelp(), Detail: c.GetDetail(),
		Hidden: c.GetHidden(), Offline: c.GetOffline(), Examples: c.GetExamples()}
	for _, f := range c.GetFlags() {
		out.Flags = append(out.Flags, Flag{Name: f.GetName(), Short: f.GetShort(), Help: f.GetHelp(), Type: f.GetType(),
			Default: f.GetDefault(), Placeholder: f.GetPlaceholder(), Required: f.GetRequired(), Hidden: f.GetHidden(),
			Repeatable: f.GetRepeatable(), Enum: f.GetEnum(), Aliases: f.GetAliases(), Env: f.GetEnv(),
			Completer: f.GetCompleter(), Secret: f.GetSecret()})
	}
	for _, a := range c.GetArgs() {
		out.Args = append(out.Args, Arg{Name: a.GetName(), Help: a.GetHelp(), Required: a.GetRequired(),
			Variadic: a.GetVariadic(), Completer: a.GetCompleter(), Enum: a.GetEnum()})
	}
	for _, ch := range c.GetChildren() {
		out.Children = append(out.Children, commandFromPB(ch))
	}
	return out
}
