package namespaces

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// inheritedRow is one table row of inherited-variables and
// inherited-secrets: where a key is defined and whether a flow of the
// namespace sees that definition (the nearest namespace wins).
type inheritedRow struct {
	Namespace string `json:"namespace"`
	Key       string `json:"key"`
	Value     string `json:"value,omitempty"`
	Used      bool   `json:"used"`
}

// byDepth orders namespaces from the outermost parent to ns itself.
func byDepth(names []string) {
	slices.SortFunc(names, func(a, b string) int {
		if d := strings.Count(a, ".") - strings.Count(b, "."); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
}

// inheritedRows flattens a namespace -> keys mapping into rows, outermost
// namespace first, marking the definitions a flow sees.
func inheritedRows(keys map[string][]string, values func(ns, key string) string) []inheritedRow {
	names := make([]string, 0, len(keys))
	for ns := range keys {
		names = append(names, ns)
	}
	byDepth(names)
	winner := map[string]string{}
	for _, ns := range names {
		for _, k := range keys[ns] {
			winner[k] = ns
		}
	}
	var rows []inheritedRow
	for _, ns := range names {
		ks := slices.Clone(keys[ns])
		slices.Sort(ks)
		for _, k := range ks {
			r := inheritedRow{Namespace: ns, Key: k, Used: winner[k] == ns}
			if values != nil {
				r.Value = values(ns, k)
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// showInherited prints the server's document (JSON, YAML) or the rows
// (table), ending with a footer; an empty result for a namespace that
// does not exist is a not-found error.
func showInherited(c *plugin.Context, ns string, raw json.RawMessage, rows []inheritedRow, noun string, cols ...plugin.Column) error {
	if len(rows) == 0 {
		if err := c.NamespaceMustExist(ns); err != nil {
			return err
		}
	}
	if c.Structured() {
		return c.Object(raw)
	}
	t := c.Table(cols...)
	namespaces := map[string]bool{}
	for _, r := range rows {
		namespaces[r.Namespace] = true
		if err := t.Add(r); err != nil {
			return err
		}
	}
	footer := fmt.Sprintf("No %ss found for %s or its parents", noun, ns)
	if len(rows) > 0 {
		footer = fmt.Sprintf("%d %s%s from %d namespace%s", len(rows), noun, plural(len(rows)), len(namespaces), plural(len(namespaces)))
	}
	return t.Close(footer)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
