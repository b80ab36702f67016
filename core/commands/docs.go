package commands

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/kestractl/kestractl/core/atomicfile"
	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/help"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// DocsCmd generates the command reference from the manifests.
type DocsCmd struct {
	Format string `enum:"markdown,man" default:"markdown" help:"Format of the pages: markdown or man."`
	Dir    string `placeholder:"DIR" completer:"file" help:"Write one page per command group into DIR."`
	Readme string `placeholder:"FILE" completer:"file" help:"Rewrite the command reference section of FILE (between its kestractl:commands markers)."`
	Check  bool   `help:"With --readme: change nothing, exit 1 if the section is stale."`
}

// Examples implements manifest.Exampler.
func (*DocsCmd) Examples() []string {
	return []string{
		"kestractl docs --dir docs/reference",
		"kestractl docs --format man --dir /usr/local/share/man/man1",
		"# fail when the README's command reference is stale\nkestractl docs --readme README.md --check",
	}
}

// Run writes the pages or the README section.
func (d *DocsCmd) Run(rt *Runtime, _ *cli.Globals) error {
	if d.Dir == "" && d.Readme == "" {
		return cmderr.Usagef("give --dir DIR (pages) or --readme FILE (the README's command reference)")
	}
	if d.Check && d.Readme == "" {
		return cmderr.Usagef("--check goes with --readme")
	}
	groups, err := docGroups(rt)
	if err != nil {
		return err
	}
	if d.Readme != "" {
		if err := d.readme(rt, groups); err != nil {
			return err
		}
	}
	if d.Dir == "" {
		return nil
	}
	return d.pages(rt, groups)
}

// pages writes one page per group into d.Dir.
func (d *DocsCmd) pages(rt *Runtime, groups []help.Group) error {
	if err := os.MkdirAll(d.Dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", d.Dir, err)
	}
	for _, g := range groups {
		var b bytes.Buffer
		name := "kestractl-" + g.Command.GetName()
		switch d.Format {
		case "man":
			help.Man(&b, g)
			name += ".1"
		default:
			help.Markdown(&b, g)
			name += ".md"
		}
		if err := atomicfile.WriteFile(filepath.Join(d.Dir, name), b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	fmt.Fprintf(rt.IO.Stderr, "%d page(s) written to %s\n", len(groups), d.Dir)
	return nil
}

// docGroups is every visible group, the core's and the plugins', sorted by
// name, from the manifest cache (no plugin starts when it is warm). The
// options page lists the global flags as the flags of 'kestractl options'.
func docGroups(rt *Runtime) ([]help.Group, error) {
	core, globals := Tree()
	var groups []help.Group
	for _, c := range core.GetChildren() {
		if c.GetHidden() {
			continue
		}
		if c.GetName() == help.OptionsGroup {
			c.Flags = globals
			c.Detail = help.OptionsIntro
		}
		groups = append(groups, help.Group{Command: c, Source: "core"})
	}
	cat, err := rt.Catalog()
	if err != nil {
		return nil, err
	}
	for _, g := range cat.Groups() {
		groups = append(groups, help.Group{Command: g.Command, Source: "kestractl-" + g.Plugin.Name})
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i].Command.GetName() < groups[j].Command.GetName() })
	return groups, nil
}

// readme rewrites (or checks) the README's generated section.
func (d *DocsCmd) readme(rt *Runtime, groups []help.Group) error {
	data, err := os.ReadFile(d.Readme)
	if err != nil {
		return cmderr.Usagef("read %s: %v", d.Readme, err)
	}
	text := string(data)
	updated, err := help.Readme(d.Readme, text, groups)
	if err != nil {
		return err
	}
	if updated == text {
		if !d.Check {
			fmt.Fprintf(rt.IO.Stderr, "%s: command reference up to date\n", d.Readme)
		}
		return nil
	}
	if d.Check {
		return cmderr.New(cmderr.Generic, "the command reference in %s is stale", d.Readme).
			WithHint("regenerate it with 'make docs' (kestractl docs --readme %s)", d.Readme)
	}
	if err := atomicfile.WriteFile(d.Readme, []byte(updated), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(rt.IO.Stderr, "%s: command reference updated\n", d.Readme)
	return nil
}
