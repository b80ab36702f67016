package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/artifacts/catalog"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List formats.
const (
	formatTable = "table"
	formatPlain = "plain"
)

// List prints the plugins compatible with a Kestra version.
type List struct {
	Version          string   `arg:"" help:"Kestra version (e.g. 2.0.0; latest and develop mean the development line)."`
	Edition          string   `default:"ALL" values:"ALL,OSS,EE" help:"Filter by edition: ALL, OSS or EE." placeholder:"EDITION"`
	FromConfig       []string `name:"from-config" sep:"none" completer:"file" help:"Only the core plugins required by these Kestra configuration files (repeatable; later files override earlier ones)." placeholder:"FILE"`
	Format           string   `default:"table" enum:"table,plain" help:"table: one plugin per line, a list like every other (-L/--limit, --all, -o json); plain: every coordinate on one line, space-separated, as the public kestractl printed it, ready for 'plugins download --plugins'." placeholder:"FORMAT"`
	plugin.QueryFlag `embed:""`
	plugin.ListFlags `embed:""`
	catalogFlags     `embed:""`
}

// Examples implements manifest.Exampler.
func (*List) Examples() []string {
	return []string{
		"kestractl plugins list 2.0.0",
		"kestractl plugins list 2.0.0 --edition EE --all",
		"kestractl plugins list 2.0.0 -q kafka",
		"# the coordinates on one line, space-separated: the pipe pattern of the public kestractl\n" +
			"kestractl plugins download 2.0.0 --plugins \"$(kestractl plugins list 2.0.0 --edition OSS --format plain)\"",
		"kestractl plugins list 2.0.0 --from-config application.yaml",
		"kestractl plugins list latest --all --jq '.[].artifactId'",
	}
}

// Help implements kong.HelpProvider.
func (*List) Help() string {
	return `The table shows one plugin per line (GROUP, ARTIFACT, VERSION, EDITION): 30 by default, -L/--limit N or --all for more, with a footer on stderr. -o json and -o yaml print the catalog's entries unchanged ({"groupId", "artifactId", "license", "version"}), limited the same way; --jq filters them.

--format plain prints the whole list (-L/--limit N alone cuts it) as groupId:artifactId:version coordinates joined by single spaces on one line, as the public kestractl printed by default: the form 'plugins download --plugins' takes. -q TEXT keeps the plugins whose coordinate holds TEXT (any case).`
}

// Run lists the plugins.
func (l *List) Run(c *plugin.Context, b Build) error {
	license, err := catalog.License(l.Edition)
	if err != nil {
		return cmderr.Usagef("%v", err)
	}
	plain := l.Format == formatPlain
	if plain {
		if err := l.checkPlain(c); err != nil {
			return err
		}
	}
	version := catalog.ResolveVersion(l.Version)
	if err := catalog.CheckVersion(version); err != nil {
		return cmderr.Usagef("%v", err)
	}
	cat, err := catalogClient(c, b, l.catalogFlags)
	if err != nil {
		return err
	}
	fetch := func(ctx context.Context) ([]catalog.Entry, error) { return l.entries(ctx, c, cat, version, license) }
	if plain {
		entries, err := fetch(c)
		if err != nil {
			return err
		}
		if l.Limit > 0 && len(entries) > l.Limit {
			entries = entries[:l.Limit]
		}
		_, err = fmt.Fprintln(c.Stdout(), plainList(entries))
		return err
	}
	return c.List(l.ListFlags, plugin.Listing{
		Noun:    "plugin",
		Columns: listColumns(),
		Fetch: func(ctx context.Context) ([]json.RawMessage, error) {
			entries, err := fetch(ctx)
			if err != nil {
				return nil, err
			}
			items := make([]json.RawMessage, 0, len(entries))
			for _, e := range entries {
				raw, err := e.JSON()
				if err != nil {
					return nil, err
				}
				items = append(items, raw)
			}
			return items, nil
		},
		Row: listRow,
	})
}

// checkPlain refuses what --format plain cannot honour.
func (l *List) checkPlain(c *plugin.Context) error {
	switch {
	case c.Structured():
		return cmderr.Usagef("--format plain prints coordinates on one line: it cannot be combined with -o json, -o yaml or --jq").
			WithHint("drop --format plain for the catalog's entries in JSON or YAML")
	case l.Page > 0 || l.Size > 0:
		return cmderr.Usagef("--page and --size page the table: --format plain prints the whole list (-L/--limit N cuts it)")
	case l.Limit < 0:
		return cmderr.Usagef("--limit must be at least 1 (use --all for every item)")
	case l.All && l.Limit > 0:
		return cmderr.Usagef("--limit and --all cannot be used together: give one")
	}
	return nil
}

// entries are the valid catalog entries to list, in the catalog's order:
// the catalog of the version (filtered by license), or the core plugins
// the --from-config files need; -q keeps those whose coordinate holds the
// text.
func (l *List) entries(ctx context.Context, c *plugin.Context, cat *catalog.Client, version, license string) ([]catalog.Entry, error) {
	var entries []catalog.Entry
	var err error
	if len(l.FromConfig) > 0 {
		ids, err := requiredArtifacts(c, l.FromConfig)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			_ = c.Info("%s", noCorePlugins)
			return nil, nil
		}
		if entries, err = coreEntries(ctx, cat, ids, version); err != nil {
			return nil, err
		}
	} else if entries, err = cat.Fetch(ctx, version, license); err != nil {
		return nil, err
	}
	entries, bad := validEntries(entries)
	for _, e := range bad {
		_ = c.Warn("skipping %v", e)
	}
	return matching(entries, l.Query), nil
}

// matching keeps the entries whose coordinate holds q (any case).
func matching(entries []catalog.Entry, q string) []catalog.Entry {
	if q == "" {
		return entries
	}
	q = strings.ToLower(q)
	out := entries[:0]
	for _, e := range entries {
		if strings.Contains(strings.ToLower(e.Coordinate().String()), q) {
			out = append(out, e)
		}
	}
	return out
}

// plainList is the public kestractl's list: the coordinates joined by
// single spaces ("" for none).
func plainList(entries []catalog.Entry) string {
	coords := make([]string, len(entries))
	for i, e := range entries {
		coords[i] = e.Coordinate().String()
	}
	return strings.Join(coords, " ")
}

func listColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("GROUP", "groupId"), plugin.Col("ARTIFACT", "artifactId"), plugin.Col("VERSION", "version"), plugin.Col("EDITION", "edition")}
}

// listRow is a table row: the entry with its edition as --edition names
// it (OSS, EE).
func listRow(item json.RawMessage) (json.RawMessage, error) {
	var e catalog.Entry
	if err := json.Unmarshal(item, &e); err != nil {
		return nil, fmt.Errorf("catalog entry: %w", err)
	}
	return json.Marshal(struct {
		GroupID    string `json:"groupId"`
		ArtifactID string `json:"artifactId"`
		Version    string `json:"version"`
		Edition    string `json:"edition"`
	}{e.GroupID, e.ArtifactID, e.Version, e.Edition()})
}
