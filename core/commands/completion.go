package commands

import (
	"io"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/completion"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

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
func (c *CompletionCmd) Run(rt *Runtime, _ *cli.Globals) error {
	script, err := completion.Script(c.Shell)
	if err != nil {
		return cmderr.Usagef("%v", err)
	}
	_, err = io.WriteString(rt.IO.Stdout, script)
	return err
}
