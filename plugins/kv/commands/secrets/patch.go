package secrets

import (
	"github.com/kestractl/kestractl/plugins/kv/secretsapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Patch is "secrets patch <namespace> <key>".
type Patch struct {
	Namespace   string   `arg:"" completer:"namespace" help:"Namespace."`
	Key         string   `arg:"" completer:"secret-key" help:"Secret key."`
	Description *string  `placeholder:"TEXT" help:"New description ('' clears it)."`
	Tag         []string `sep:"none" placeholder:"KEY=VALUE" help:"Tag, repeatable; replaces every tag."`
	ClearTags   bool     `name:"clear-tags" help:"Remove every tag."`
}

// Help is the detailed help of secrets patch.
func (*Patch) Help() string {
	return `Changes only what is passed; the value is never touched (use 'secrets set'
to change it). With -o json the output is the server's answer.`
}

// Examples implements the SDK's Exampler.
func (*Patch) Examples() []string {
	return []string{
		"kestractl secrets patch company.team DB_PASSWORD --description 'Rotated monthly'",
		"kestractl secrets patch company.team DB_PASSWORD --tag env=prod --tag owner=data",
	}
}

// Run patches the secret.
func (p *Patch) Run(c *plugin.Context) error {
	if err := checkTarget(p.Namespace, p.Key); err != nil {
		return err
	}
	if p.Description == nil && p.Tag == nil && !p.ClearTags {
		return cmderr.Usagef("nothing to change: pass --description, --tag or --clear-tags")
	}
	if p.ClearTags && p.Tag != nil {
		return cmderr.Usagef("--clear-tags and --tag exclude each other")
	}
	tags, err := parseTags(p.Tag)
	if err != nil {
		return err
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	cur, err := secretsapi.Find(c, k, p.Namespace, p.Key)
	if err != nil {
		return explain(c, err, p.Namespace, p.Key, "read")
	}
	if cur == nil {
		return missing(c, p.Namespace, p.Key)
	}
	desc := p.Description
	if desc == nil {
		desc = &cur.Description
	}
	if p.Tag == nil && !p.ClearTags {
		tags = cur.Tags
	}
	out, err := secretsapi.Patch(c, k, p.Namespace, p.Key, desc, tags)
	if err != nil {
		return explain(c, err, p.Namespace, p.Key, "patch")
	}
	if err := showMeta(c, out); err != nil {
		return err
	}
	return c.Success("Secret '%s' of %s updated", p.Key, p.Namespace)
}
