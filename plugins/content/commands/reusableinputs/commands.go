package reusableinputs

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List is "reusable-inputs list <namespace>".
type List struct {
	Namespace        string `arg:"" completer:"namespace" help:"The namespace (its parents' sets are included)."`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*List) Examples() []string {
	return []string{"kestractl reusable-inputs list company.team", "kestractl ri list company.team --all -o json"}
}

// Run lists the sets.
func (l *List) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, plugin.ValidateNamespace(l.Namespace))
	if err != nil {
		return err
	}
	err = c.List(l.ListFlags, plugin.Listing{
		Noun: "reusable inputs set",
		Columns: []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("REVISION", "revision"),
			plugin.Col("INPUTS", "inputCount"), plugin.Col("DESCRIPTION", "description")},
		Path: cl.ReusableInputsPath(l.Namespace),
		Row: func(item json.RawMessage) (json.RawMessage, error) {
			var m map[string]any
			if err := json.Unmarshal(item, &m); err != nil {
				return nil, err
			}
			if in, ok := m["inputs"].([]any); ok {
				m["inputCount"] = len(in)
			}
			return json.Marshal(m)
		},
		Namespace: l.Namespace,
	})
	return fail(c, err, "")
}

// Get is "reusable-inputs get <namespace> <id>".
type Get struct {
	ref      `embed:""`
	Revision int `placeholder:"N" help:"This revision (default: the latest)."`
}

// Examples implements manifest.Exampler.
func (*Get) Examples() []string {
	return []string{"kestractl reusable-inputs get company.team ad_credentials > inputs/ad_credentials.yaml", "kestractl ri get company.team ad_credentials --revision 1 -o json"}
}

// Run prints the set.
func (g *Get) Run(c *plugin.Context) error {
	if err := g.check(); err != nil {
		return err
	}
	if g.Revision < 0 {
		return cmderr.Usagef("--revision must be at least 1")
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, set, err := cl.GetReusableInputs(c, g.Namespace, g.ID, g.Revision)
	if err != nil {
		if g.Revision > 0 {
			return fail(c, err, "revision %d of reusable inputs %q not found in namespace %q", g.Revision, g.ID, g.Namespace)
		}
		return fail(c, err, "%s", g.notFound())
	}
	return cmdutil.SourceOf(c, raw, set.Source, "reusable inputs set")
}

// Revisions is "reusable-inputs revisions <namespace> <id>".
type Revisions struct {
	ref `embed:""`
}

// Examples implements manifest.Exampler.
func (*Revisions) Examples() []string {
	return []string{"kestractl reusable-inputs revisions company.team ad_credentials"}
}

// Run lists the revisions, oldest first.
func (r *Revisions) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, r.check())
	if err != nil {
		return err
	}
	err = c.List(plugin.ListFlags{All: true}, plugin.Listing{
		Noun: "revision",
		Columns: []plugin.Column{plugin.Col("REVISION", "revision"), {Header: "LAST", Path: "last", Format: "bool"},
			{Header: "UPDATED", Path: "updated", Format: "time"}, plugin.Col("DESCRIPTION", "description")},
		Fetch: func(ctx context.Context) ([]json.RawMessage, error) {
			return cl.ReusableInputsRevisions(ctx, r.Namespace, r.ID)
		},
	})
	return fail(c, err, "%s", r.notFound())
}

// fileFlag is --file.
type fileFlag struct {
	File string `short:"f" required:"" completer:"file" help:"The set's YAML source (- reads stdin)."`
}

// Create is "reusable-inputs create <namespace> <id> --file FILE".
type Create struct {
	ref      `embed:""`
	fileFlag `embed:""`
}

// Examples implements manifest.Exampler.
func (*Create) Examples() []string {
	return []string{"kestractl reusable-inputs create company.team ad_credentials --file inputs/ad_credentials.yaml"}
}

// Run creates the set.
func (cr *Create) Run(c *plugin.Context) error { return save(c, cr.ref, cr.File, true) }

// Update is "reusable-inputs update <namespace> <id> --file FILE".
type Update struct {
	ref      `embed:""`
	fileFlag `embed:""`
}

// Examples implements manifest.Exampler.
func (*Update) Examples() []string {
	return []string{"kestractl ri update company.team ad_credentials -f inputs/ad_credentials.yaml -o json"}
}

// Help implements kong.HelpProvider.
func (*Update) Help() string {
	return `The set must exist in this exact namespace (a set inherited from a parent is not updated: create one here
to shadow it). An identical source keeps the revision.`
}

// Run saves a new revision.
func (u *Update) Run(c *plugin.Context) error { return save(c, u.ref, u.File, false) }

func save(c *plugin.Context, r ref, file string, create bool) error {
	cl, src, err := cmdutil.OpenSource(c, file, "reusable inputs set", r.check())
	if err != nil {
		return err
	}
	if !create {
		// Writes are not inheritance-resolved: check the exact namespace.
		if _, err := cl.ReusableInputsRevisions(c, r.Namespace, r.ID); err != nil {
			if kestra.IsStatus(err, http.StatusNotFound) && kestra.IsNotFound(c.EnterpriseOnly(err, what)) {
				return cmderr.New(cmderr.NotFound, "%s", r.notFound()).
					WithHint("create it with 'kestractl reusable-inputs create %s %s --file %s'", r.Namespace, r.ID, file)
			}
			return fail(c, err, "")
		}
	}
	raw, set, err := cl.PutReusableInputs(c, r.Namespace, r.ID, src, create)
	if err != nil {
		if create && kestra.IsStatus(err, http.StatusConflict) {
			return cmderr.New(cmderr.Conflict, "reusable inputs %q already exist in namespace %q", r.ID, r.Namespace).
				WithHint("save a new revision with 'kestractl reusable-inputs update %s %s --file %s'", r.Namespace, r.ID, file)
		}
		return fail(c, err, "")
	}
	verb := "saved"
	if create {
		verb = "created"
	}
	return cmdutil.Saved(c, raw, "Reusable inputs '%s' %s in namespace '%s' (revision %d).", set.ID, verb, set.Namespace, set.Revision)
}

// Delete is "reusable-inputs delete <namespace> <id>".
type Delete struct {
	ref `embed:""`
}

// Examples implements manifest.Exampler.
func (*Delete) Examples() []string {
	return []string{"kestractl reusable-inputs delete company.team ad_credentials --yes"}
}

// Run deletes the set after confirmation.
func (d *Delete) Run(c *plugin.Context) error {
	return cmdutil.Delete(c, set(d.ref), func([]json.RawMessage) cmdutil.Deletion {
		return cmdutil.Deletion{Question: fmt.Sprintf("Delete reusable inputs '%s' (every revision) in %s?", d.ID, d.Namespace),
			Fields: map[string]string{"namespace": d.Namespace, "id": d.ID},
			Done:   fmt.Sprintf("Reusable inputs '%s' deleted from namespace '%s'.", d.ID, d.Namespace)}
	})
}

// Namespaces is "reusable-inputs namespaces".
type Namespaces struct{}

// Examples implements manifest.Exampler.
func (*Namespaces) Examples() []string {
	return []string{"kestractl reusable-inputs namespaces", "kestractl ri namespaces -o json"}
}

// Run lists the namespaces: the server's array with -o json.
func (*Namespaces) Run(c *plugin.Context) error {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, nss, err := cl.ReusableInputsNamespaces(c)
	if err != nil {
		return fail(c, err, "")
	}
	if c.Structured() {
		return c.Object(raw)
	}
	t := c.Table(plugin.Col("NAMESPACE", "namespace"))
	for _, ns := range nss {
		if err := t.Add(map[string]string{"namespace": ns}); err != nil {
			return err
		}
	}
	footer := fmt.Sprintf("%d namespaces", len(nss))
	if len(nss) == 0 {
		footer = "No namespaces define reusable inputs"
	}
	return t.Close(footer)
}
