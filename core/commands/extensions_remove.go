package commands

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/iostreams"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// ExtensionsRemoveCmd is "extensions remove <name>".
type ExtensionsRemoveCmd struct {
	Name string `arg:"" help:"Plugin name (hello or kestractl-hello)."`
}

// Run removes an installed plugin after confirmation.
func (r *ExtensionsRemoveCmd) Run(rt *Runtime, g *cli.Globals) error {
	name := strings.TrimPrefix(r.Name, discovery.Prefix)
	userDir := rt.Starter.UserDir
	path := filepath.Join(userDir, discovery.Prefix+name)
	if _, err := os.Stat(path); err != nil {
		return cmderr.New(cmderr.NotFound, "no plugin %q in the user plugin directory %s", name, userDir).
			WithHint("'kestractl extensions list' shows where each plugin comes from; bundled plugins cannot be removed")
	}
	if err := confirm(rt.IO, g, fmt.Sprintf("Remove plugin kestractl-%s from %s?", name, userDir)); err != nil {
		return err
	}
	lock, err := discovery.LoadLock(userDir)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("remove %s: %w", path, err)
	}
	delete(lock.Plugins, name)
	if err := lock.Save(); err != nil {
		return err
	}
	fmt.Fprintf(rt.IO.Stderr, "Removed kestractl-%s.\n", name)
	return nil
}

// confirm asks a yes/no question for a core command, with the same rules
// as the Host service: --yes answers it, no terminal means refusal.
func confirm(term iostreams.IO, g *cli.Globals, question string) error {
	if g.Yes {
		return nil
	}
	if !term.StdinTTY {
		return cmderr.Usagef("%s: confirmation needed but stdin is not a terminal; pass --yes to confirm", strings.TrimRight(question, "?"))
	}
	fmt.Fprint(term.Stderr, question+" [y/N]: ")
	line, _ := bufio.NewReader(term.Stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return cmderr.New(cmderr.Cancelled, "cancelled: nothing was removed")
}
