package namespaces

import (
	"encoding/json"
	"fmt"

	"github.com/kestractl/kestractl/sdk/plugin"
)

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
