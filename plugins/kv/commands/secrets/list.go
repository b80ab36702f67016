package secrets

import (
	"encoding/json"

	"github.com/kestractl/kestractl/plugins/kv/secretsapi"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List is "secrets list [namespace]".
type List struct {
	NS string `arg:"" optional:"" name:"namespace" completer:"namespace" help:"Only this namespace, as -n (default: every namespace)."`

	plugin.NamespaceFlag `embed:""`
	plugin.QueryFlag     `embed:""`
	plugin.FilterFlag    `embed:""`
	plugin.ListFlags     `embed:""`
}

// Help is the detailed help of secrets list.
func (*List) Help() string {
	return `Items are the server's secret metadata (key, namespace, description, tags),
unchanged with -o json or -o yaml: a value is never part of them. A namespace
shows its own secrets; 'kestractl namespaces inherited-secrets NS' adds its
parents'. -q matches keys containing the text.`
}

// Examples implements the SDK's Exampler.
func (*List) Examples() []string {
	return []string{
		"kestractl secrets list company.team",
		"kestractl secrets list -q DB_ --all -o json",
	}
}

// Run lists the secrets.
func (l *List) Run(c *plugin.Context) error {
	ns, q, err := plugin.NamespaceQuery(l.NS, l.NamespaceFlag, l.QueryFlag, l.FilterFlag)
	if err != nil {
		return err
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	err = c.List(l.ListFlags, plugin.Listing{
		Noun: "secret",
		Columns: []plugin.Column{plugin.Col("NAMESPACE", "namespace"), plugin.Col("KEY", "key"),
			plugin.Col("DESCRIPTION", "description"), plugin.Col("TAGS", "tagsText")},
		Path:  secretsapi.ListPath(k),
		Query: q,
		Row: func(item json.RawMessage) (json.RawMessage, error) {
			var m secretsapi.Meta
			if err := json.Unmarshal(item, &m); err != nil {
				return nil, err
			}
			return json.Marshal(struct {
				secretsapi.Meta
				TagsText string `json:"tagsText"`
			}{m, tagsText(m.Tags)})
		},
		Namespace: ns,
	})
	if e := c.EnterpriseOnly(err, feature); e != err {
		return e
	}
	return err
}
