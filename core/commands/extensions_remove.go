package commands

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/prompt"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// ExtensionsRemoveCmd is "extensions remove <name>".
type ExtensionsRemoveCmd struct {
	Name string `arg:"" help:"Plugin name (hello or kestractl-hello)."`
}

// Examples implements manifest.Exampler.
func (*ExtensionsRemoveCmd) Examples() []string {
	return []string{"kestractl extensions remove hello", "kestractl extensions remove kestractl-hello --yes"}
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
	if err := confirm(rt, g, fmt.Sprintf("Remove plugin kestractl-%s from %s?", name, userDir)); err != nil {
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

// confirm asks a destructive yes/no question for a core command, with
// the same rules as the plugins' (prompt.Asker): --yes answers it, no
// terminal means refusal, and no cancels (exit 3).
func confirm(rt *Runtime, g *cli.Globals, question string) error {
	a := &prompt.Asker{In: bufio.NewReader(rt.IO.Stdin), InTTY: rt.IO.StdinTTY, Out: rt.IO.Stderr, Yes: g.Yes}
	ok, err := a.Confirm(question, true)
	if err != nil {
		return err
	}
	if !ok {
		return cmderr.New(cmderr.Cancelled, "cancelled: nothing was changed")
	}
	return nil
}
