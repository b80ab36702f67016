package app

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/core/hostsvc"
	"github.com/kestractl/kestractl/core/render"
	"github.com/kestractl/kestractl/sdk/wire/manifest"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// completeCommand is the hidden command the shell scripts call:
// `kestractl __complete <words before the cursor...> <partial word>`. It
// prints one candidate per line, as "value<TAB>description".
const completeCommand = "__complete"

// dynamicDeadline bounds a completion that asks a plugin (and the server):
// the shell never waits longer.
const dynamicDeadline = 450 * time.Millisecond

// candidate is one completion value.
type candidate struct{ value, help string }

// complete answers a completion request. Errors are swallowed: a shell
// completion prints candidates or nothing.
func (a *app) complete(args []string) int {
	if len(args) == 0 {
		return ExitOK
	}
	words, partial := args[:len(args)-1], args[len(args)-1]
	var out []candidate
	func() {
		defer func() { _ = recover() }()
		out = a.candidates(words, partial)
	}()
	sort.SliceStable(out, func(i, j int) bool { return out[i].value < out[j].value })
	w := a.opts.IO.Stdout
	seen := map[string]bool{}
	for _, c := range out {
		if !strings.HasPrefix(c.value, partial) || seen[c.value] {
			continue
		}
		seen[c.value] = true
		if c.help != "" {
			fmt.Fprintf(w, "%s\t%s\n", c.value, firstLine(c.help))
		} else {
			fmt.Fprintln(w, c.value)
		}
	}
	return ExitOK
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// coreTree is the core's own command tree, in the manifest's shape.
func coreTree() (*pb.Command, []*kong.Flag) {
	k := mustParser(&CLI{})
	return manifest.FromKong(k.Model), k.Model.Flags
}

func (a *app) candidates(words []string, partial string) []candidate {
	core, globals := coreTree()
	spec := newGlobalFlags(a.globalModel())
	cat, _ := a.catalog(context.Background())
	group := func(w string) *pb.Command {
		if c := childNamed(core, w); c != nil {
			return c
		}
		if cat != nil {
			if g := cat.Group(w); g != nil {
				return g.Command
			}
		}
		return nil
	}
	sp, err := split(words, spec, group)
	if err != nil {
		// The last word is a flag waiting for its value.
		sp, _ = split(words[:len(words)-1], spec, group)
		if sp == nil {
			return nil
		}
	}
	// A flag value being typed: the previous word is a flag taking a value.
	if len(words) > 0 {
		prev := words[len(words)-1]
		if strings.HasPrefix(prev, "-") && !strings.Contains(prev, "=") {
			if vals, ok := a.flagValues(prev, sp, spec, globals, partial, words); ok {
				return vals
			}
		}
	}
	if strings.HasPrefix(partial, "-") {
		return flagCandidates(sp.path, globals)
	}
	if sp.word == "" {
		var out []candidate
		for _, c := range core.GetChildren() {
			if !c.GetHidden() {
				out = append(out, candidate{c.GetName(), c.GetHelp()})
			}
		}
		if cat != nil {
			for _, g := range cat.Groups() {
				out = append(out, candidate{g.Command.GetName(), g.Command.GetHelp()})
			}
		}
		out = append(out, candidate{"help", "Show help for a command."})
		return out
	}
	if len(sp.path) == 0 {
		return nil
	}
	node := sp.path[len(sp.path)-1]
	if kids := visible(node.GetChildren()); len(kids) > 0 && sp.positionals == 0 {
		var out []candidate
		for _, c := range kids {
			out = append(out, candidate{c.GetName(), c.GetHelp()})
		}
		return out
	}
	if sp.positionals < len(node.GetArgs()) {
		arg := node.GetArgs()[sp.positionals]
		return a.valueCandidates(arg.GetEnum(), arg.GetCompleter(), sp, partial, words)
	}
	return nil
}

// flagValues completes the value of the flag named by prev.
func (a *app) flagValues(prev string, sp *splitResult, spec globalFlags, globals []*kong.Flag, partial string, words []string) ([]candidate, bool) {
	name := strings.TrimLeft(prev, "-")
	if f := localManifestFlag(sp.path, name); f != nil {
		if f.GetType() == "bool" {
			return nil, false
		}
		return a.valueCandidates(f.GetEnum(), f.GetCompleter(), sp, partial, words), true
	}
	var gf *kong.Flag
	for _, f := range globals {
		if f.Name == name || (len(name) == 1 && f.Short == rune(name[0])) {
			gf = f
		}
	}
	if gf == nil || gf.IsBool() {
		return nil, false
	}
	switch gf.Name {
	case "output":
		return []candidate{{"table", ""}, {"json", ""}, {"yaml", ""}}, true
	case "log-level":
		return []candidate{{"off", ""}, {"error", ""}, {"warn", ""}, {"info", ""}, {"debug", ""}, {"trace", ""}}, true
	case "context":
		return a.contextCandidates(), true
	}
	return nil, true
}

func localManifestFlag(path []*pb.Command, name string) *pb.Flag {
	for i := len(path) - 1; i >= 0; i-- {
		for _, f := range path[i].GetFlags() {
			if f.GetName() == name || f.GetShort() == name {
				return f
			}
		}
	}
	return nil
}

func flagCandidates(path []*pb.Command, globals []*kong.Flag) []candidate {
	var out []candidate
	for i := len(path) - 1; i >= 0; i-- {
		for _, f := range path[i].GetFlags() {
			if !f.GetHidden() {
				out = append(out, candidate{"--" + f.GetName(), f.GetHelp()})
			}
		}
	}
	for _, f := range globals {
		if !f.Hidden && f.Name != "help" {
			out = append(out, candidate{"--" + f.Name, f.Help})
		}
	}
	return append(out, candidate{"--help", "Show help."})
}

// valueCandidates completes a flag or argument value: its enum, the
// config's contexts, or dynamic values from the plugin.
func (a *app) valueCandidates(enum []string, completer string, sp *splitResult, partial string, words []string) []candidate {
	var out []candidate
	for _, e := range enum {
		out = append(out, candidate{e, ""})
	}
	switch completer {
	case "":
	case "context":
		out = append(out, a.contextCandidates()...)
	case "shell":
		out = append(out, candidate{"bash", ""}, candidate{"zsh", ""}, candidate{"fish", ""})
	default:
		for _, v := range a.dynamic(completer, sp, partial) {
			out = append(out, candidate{v, ""})
		}
	}
	return out
}

func (a *app) contextCandidates() []candidate {
	path, _, err := a.configPath(&Globals{})
	if err != nil {
		return nil
	}
	lc, err := a.loadConfig(&Globals{Config: path})
	if err != nil || lc.file == nil {
		return nil
	}
	var out []candidate
	for _, n := range lc.file.Names() {
		out = append(out, candidate{n, lc.file.Contexts[n].Host})
	}
	return out
}

// dynamic asks the group's plugin for values, within dynamicDeadline.
func (a *app) dynamic(completer string, sp *splitResult, partial string) []string {
	cat, err := a.catalog(context.Background())
	if err != nil {
		return nil
	}
	g := cat.Group(sp.word)
	if g == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), dynamicDeadline)
	defer cancel()
	globals, err := a.parseGlobals(sp.globals)
	if err != nil {
		return nil
	}
	s, lc, err := a.resolve(globals, true)
	if err != nil || s.HostErr != nil {
		return nil
	}
	type result struct{ values []string }
	done := make(chan result, 1)
	go func() {
		start := a.startPlugin(g.Plugin.Path)
		proc, err := start.wait()
		if err != nil {
			done <- result{}
			return
		}
		defer proc.Kill()
		host := &hostsvc.Service{
			Renderer: render.New(io.Discard, io.Discard, render.Options{Format: "json"}),
			Stdout:   io.Discard, Stderr: io.Discard,
			Creds: credentials(s, nil),
		}
		inv := a.invocation(s, globals, lc.contextName, nil, false, false)
		inv.Server.RequestTimeoutMs = dynamicDeadline.Milliseconds()
		vals, _ := proc.Complete(ctx, &pb.CompleteRequest{Argv: sp.rest, Partial: partial, Completer: completer, Invocation: inv}, host)
		done <- result{vals}
	}()
	select {
	case r := <-done:
		return r.values
	case <-ctx.Done():
		return nil
	}
}

// CompletionCmd prints a completion script.
type CompletionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish" completer:"shell" help:"Shell: bash, zsh or fish."`
}

// Help explains how to install the script.
func (c *CompletionCmd) Help() string {
	return "Load it in the current shell with, e.g., source <(kestractl completion bash), or install it:\n" +
		"  bash: kestractl completion bash > /etc/bash_completion.d/kestractl\n" +
		"  zsh:  kestractl completion zsh > \"${fpath[1]}/_kestractl\"\n" +
		"  fish: kestractl completion fish > ~/.config/fish/completions/kestractl.fish\n" +
		"Commands and flags come from the plugins' manifests (no plugin starts); namespaces and flow ids\n" +
		"are asked from the server, never for more than half a second."
}

// Run prints the script.
func (c *CompletionCmd) Run(a *app) error {
	var script string
	switch c.Shell {
	case "bash":
		script = bashCompletion
	case "zsh":
		script = zshCompletion
	case "fish":
		script = fishCompletion
	}
	_, err := io.WriteString(a.opts.IO.Stdout, script)
	return err
}

const bashCompletion = `# bash completion for kestractl
_kestractl() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    local IFS=$'\n'
    local candidates
    candidates=$(kestractl __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null | cut -f1)
    COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
}
complete -o default -F _kestractl kestractl
`

const zshCompletion = `#compdef kestractl
# zsh completion for kestractl
_kestractl() {
    local -a lines vals
    local line value help
    lines=("${(@f)$(kestractl __complete "${(@)words[2,CURRENT-1]}" "${words[CURRENT]}" 2>/dev/null)}")
    for line in $lines; do
        [[ -z $line ]] && continue
        value=${line%%$'\t'*}
        help=${line#*$'\t'}
        [[ $help == $line ]] && help=""
        vals+=("${value//:/\\:}:$help")
    done
    _describe -t values 'kestractl' vals
}
if [[ "$funcstack[1]" = "_kestractl" ]]; then
    _kestractl "$@"
else
    compdef _kestractl kestractl
fi
`

const fishCompletion = `# fish completion for kestractl
function __kestractl_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    kestractl __complete $tokens[2..-1] $current 2>/dev/null
end
complete -c kestractl -f -a '(__kestractl_complete)'
`
