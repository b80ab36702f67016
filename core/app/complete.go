package app

import (
	"github.com/kestractl/kestractl/core/cmdline"
	"github.com/kestractl/kestractl/core/commands"
	"github.com/kestractl/kestractl/core/completion"
	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/dispatch"
	"github.com/kestractl/kestractl/core/exitcode"
)

// complete answers `kestractl __complete WORDS... PARTIAL`. Errors are
// swallowed: a shell completion prints candidates or nothing.
func (a *app) complete(args []string) int {
	if len(args) == 0 {
		return exitcode.OK
	}
	words, partial := args[:len(args)-1], args[len(args)-1]
	if partial == `""` {
		// PowerShell cannot pass an empty argument everywhere: it passes "".
		partial = ""
	}
	var out []completion.Candidate
	func() {
		defer func() { _ = recover() }()
		out = a.completer().Candidates(words, partial)
	}()
	completion.Write(a.opts.IO.Stdout, out, partial)
	return exitcode.OK
}

func (a *app) completer() *completion.Completer {
	core, globals := commands.Tree()
	flags := cmdline.NewGlobalFlags(a.globalModel())
	c := &completion.Completer{Core: core, Globals: globals, Flags: flags}
	values := &completionValues{contexts: a.contexts()}
	// A catalog that cannot be loaded leaves the core's commands.
	if d, err := a.dispatcher(flags); err == nil {
		c.Catalog, values.dispatch = d.Catalog, d
	}
	c.Values = values
	return c
}

// completionValues are the values completion finds outside the manifests.
type completionValues struct {
	contexts contexts.Loader
	dispatch *dispatch.Dispatcher // nil without a catalog
}

// Contexts are the config file's contexts, with their hosts.
func (v *completionValues) Contexts() []completion.Candidate {
	path, _, err := v.contexts.Path("")
	if err != nil {
		return nil
	}
	lc, err := v.contexts.Load(contexts.Selection{Config: path})
	if err != nil || lc.File == nil {
		return nil
	}
	var out []completion.Candidate
	for _, n := range lc.File.Names() {
		out = append(out, completion.Candidate{Value: n, Help: lc.File.Contexts[n].Host})
	}
	return out
}

// Dynamic asks the line's plugin.
func (v *completionValues) Dynamic(completer string, line *cmdline.Line, partial string) []string {
	if v.dispatch == nil {
		return nil
	}
	return v.dispatch.Complete(completer, line, partial)
}
