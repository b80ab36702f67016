package namespaces

import (
	"encoding/json"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Update is "namespaces update <namespace>".
type Update struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace id."`
	settingsFlags
	updateFlags
}

// Help is the detailed help of namespaces update.
func (*Update) Help() string {
	return `Reads the namespace, changes only what the flags say and writes it back
(Kestra's update replaces the whole namespace, so every setting not named
keeps its value). --variable sets one variable and keeps the others;
--variables-file replaces them all; --unset-variable removes one. --quota
replaces the quota of the same duration or adds one; --remove-quota DURATION
removes one; --no-concurrency-limit removes the limit. What changed is said
on stderr; when nothing would change, nothing is written. With -o json the
output is the server's namespace.`
}

// Examples implements manifest.Exampler.
func (*Update) Examples() []string {
	return []string{
		"kestractl namespaces update company --variable region=eu-central-1 --unset-variable legacy_url",
		"kestractl namespaces update company.team --concurrency-limit 10 --quota duration=P1D,limit=1000,behavior=CANCEL",
		"# Remove the concurrency limit and the hourly quota\nkestractl namespaces update company.team --no-concurrency-limit --remove-quota PT1H",
	}
}

// Run fetches, merges and writes the namespace.
func (u *Update) Run(c *plugin.Context) error {
	cl, err := client(c, u.Namespace)
	if err != nil {
		return err
	}
	p, err := u.parse(c, u.updateFlags)
	if err != nil {
		return err
	}
	if p.empty() {
		return cmderr.Usagef("nothing to update: pass at least one of --description, --variable, --variables-file, --unset-variable, " +
			"--concurrency-limit, --concurrency-behavior, --no-concurrency-limit, --quota or --remove-quota")
	}
	raw, err := cl.GetNamespace(c, u.Namespace)
	if err != nil {
		return explain(c, err, u.Namespace, "read namespace %q", u.Namespace)
	}
	before, err := plugin.DecodeDocument(raw, "namespace")
	if err != nil {
		return err
	}
	after, err := plugin.DecodeDocument(raw, "namespace")
	if err != nil {
		return err
	}
	if err := p.apply(after); err != nil {
		return err
	}
	ch := changes(before, after)
	if len(ch) == 0 {
		if err := c.Object(raw); err != nil {
			return err
		}
		return c.Info("Namespace '%s' unchanged: it already has these settings", u.Namespace)
	}
	body, err := json.Marshal(after)
	if err != nil {
		return err
	}
	out, err := cl.UpdateNamespace(c, u.Namespace, body)
	if err != nil {
		return explain(c, err, u.Namespace, "update namespace %q", u.Namespace)
	}
	if err := c.Object(out); err != nil {
		return err
	}
	return c.Success("Namespace '%s' updated: %s", u.Namespace, strings.Join(ch, "; "))
}
