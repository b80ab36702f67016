package namespaces

import (
	"encoding/json"
	"fmt"

	"github.com/kestractl/kestractl/sdk/plugin"
)

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
