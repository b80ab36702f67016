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

// InheritedVariables is "namespaces inherited-variables <namespace>".
type InheritedVariables struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace id."`
}

// Help is the detailed help of namespaces inherited-variables.
func (*InheritedVariables) Help() string {
	return `Lists the variables of the namespace and of each parent (company.team
inherits company's). USED says which definition a flow of the namespace
sees: the nearest namespace wins. With -o json the output is the server's
document, {"namespace": {"KEY": value}} (Kestra Enterprise).`
}

// Examples implements manifest.Exampler.
func (*InheritedVariables) Examples() []string {
	return []string{
		"kestractl namespaces inherited-variables company.team",
		"kestractl namespaces inherited-variables company.team -o json --jq '.company'",
	}
}

// Run shows the variables.
func (v *InheritedVariables) Run(c *plugin.Context) error {
	cl, err := client(c, v.Namespace)
	if err != nil {
		return err
	}
	raw, err := cl.InheritedVariables(c, v.Namespace)
	if err != nil {
		return explain(c, err, v.Namespace, "read the variables of namespace %q", v.Namespace)
	}
	var byNS map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &byNS); err != nil {
		return fmt.Errorf("cannot read the server's inherited variables: %w", err)
	}
	keys := map[string][]string{}
	for ns, vars := range byNS {
		for k := range vars {
			keys[ns] = append(keys[ns], k)
		}
	}
	rows := inheritedRows(keys, func(ns, k string) string { return valueText(byNS[ns][k]) })
	return showInherited(c, v.Namespace, raw, rows, "variable",
		plugin.Col("NAMESPACE", "namespace"), plugin.Col("KEY", "key"), plugin.Col("VALUE", "value"), plugin.Col("USED", "used"))
}

// valueText shows a variable's value: a string as is, anything else as
// compact JSON.
func valueText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// InheritedSecrets is "namespaces inherited-secrets <namespace>".
type InheritedSecrets struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace id."`
}

// Help is the detailed help of namespaces inherited-secrets.
func (*InheritedSecrets) Help() string {
	return `Lists the names of the secrets of the namespace and of each parent; never a
value. USED says which one a flow's secret('KEY') reads: the nearest
namespace wins. With -o json the output is the server's document,
{"namespace": ["KEY", ...]}.`
}

// Examples implements manifest.Exampler.
func (*InheritedSecrets) Examples() []string {
	return []string{
		"kestractl namespaces inherited-secrets company.team",
		"kestractl namespaces inherited-secrets company.team -o json",
	}
}

// Run shows the secret names.
func (s *InheritedSecrets) Run(c *plugin.Context) error {
	cl, err := client(c, s.Namespace)
	if err != nil {
		return err
	}
	raw, err := cl.InheritedSecrets(c, s.Namespace)
	if err != nil {
		return explain(c, err, s.Namespace, "read the secrets of namespace %q", s.Namespace)
	}
	var keys map[string][]string
	if err := json.Unmarshal(raw, &keys); err != nil {
		return fmt.Errorf("cannot read the server's inherited secrets: %w", err)
	}
	rows := inheritedRows(keys, nil)
	return showInherited(c, s.Namespace, raw, rows, "secret",
		plugin.Col("NAMESPACE", "namespace"), plugin.Col("KEY", "key"), plugin.Col("USED", "used"))
}
