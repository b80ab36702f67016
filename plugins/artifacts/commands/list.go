package commands

import (
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/artifacts/catalog"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List prints the plugins compatible with a Kestra version.
type List struct {
	Version      string   `arg:"" help:"Kestra version (e.g. 2.0.0; latest and develop mean the development line)."`
	Edition      string   `default:"ALL" help:"Filter by edition: ALL, OSS or EE." placeholder:"ALL|OSS|EE"`
	FromConfig   []string `name:"from-config" sep:"none" help:"Only the core plugins required by these Kestra configuration files (repeatable; later files override earlier ones)." placeholder:"FILE"`
	catalogFlags `embed:""`
}

// Run lists the plugins: one line of groupId:artifactId:version in table
// output (ready for --plugins), the catalog entries in JSON and YAML.
func (l *List) Run(c *plugin.Context, b Build) error {
	license, err := catalog.License(l.Edition)
	if err != nil {
		return cmderr.Usagef("%v", err)
	}
	version := catalog.ResolveVersion(l.Version)
	if err := catalog.CheckVersion(version); err != nil {
		return cmderr.Usagef("%v", err)
	}
	cat, err := catalogClient(c, b, l.catalogFlags)
	if err != nil {
		return err
	}
	var entries []catalog.Entry
	if len(l.FromConfig) > 0 {
		ids, err := requiredArtifacts(c, l.FromConfig)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			_ = c.Info("%s", noCorePlugins)
		} else if entries, err = coreEntries(c, cat, ids, version); err != nil {
			return err
		}
	} else if entries, err = cat.Fetch(c, version, license); err != nil {
		return err
	}
	entries, bad := validEntries(entries)
	for _, e := range bad {
		_ = c.Warn("skipping %v", e)
	}
	if c.Format() == plugin.FormatTable {
		coords := make([]string, len(entries))
		for i, e := range entries {
			coords[i] = e.Coordinate().String()
		}
		_, err := fmt.Fprintln(c.Stdout(), strings.Join(coords, " "))
		return err
	}
	t := c.Table(plugin.Col("GROUP", "groupId"), plugin.Col("ARTIFACT", "artifactId"), plugin.Col("VERSION", "version"), plugin.Col("LICENSE", "license"))
	for _, e := range entries {
		if err := t.Add(e); err != nil {
			return err
		}
	}
	return t.Close("")
}
