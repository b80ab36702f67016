package commands

import (
	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/help"
)

// OptionsCmd prints the global flags, listed once here rather than on
// every help page (kubectl's way).
type OptionsCmd struct{}

// Examples implements manifest.Exampler.
func (*OptionsCmd) Examples() []string {
	return []string{"kestractl options"}
}

// Run prints the page.
func (*OptionsCmd) Run(rt *Runtime, _ *cli.Globals) error {
	_, globals := Tree()
	help.Options(rt.IO.Stdout, globals, rt.IO.Width)
	return nil
}
