package commands

import (
	"io"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/completion"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// CompletionCmd prints a completion script.
type CompletionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish,powershell" completer:"shell" help:"Shell: bash, zsh, fish or powershell."`
}

// Examples implements manifest.Exampler.
func (*CompletionCmd) Examples() []string {
	return []string{
		"# load it in the current bash\nsource <(kestractl completion bash)",
		"kestractl completion zsh > \"${fpath[1]}/_kestractl\"",
		"kestractl completion powershell | Out-String | Invoke-Expression",
	}
}

// Help explains how to install the script.
func (c *CompletionCmd) Help() string {
	return "Load it in the current shell with, e.g., source <(kestractl completion bash), or install it:\n" +
		"  bash: kestractl completion bash > /etc/bash_completion.d/kestractl\n" +
		"  zsh:  kestractl completion zsh > \"${fpath[1]}/_kestractl\"\n" +
		"  fish: kestractl completion fish > ~/.config/fish/completions/kestractl.fish\n" +
		"  powershell: kestractl completion powershell >> $PROFILE\n" +
		"Commands, flags and their values come from the plugins' manifests (no plugin starts); namespaces, flow ids,\n" +
		"execution ids, KV keys and namespace file paths are asked from the server, never for more than half a second;\n" +
		"local paths complete as files."
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
