package namespaces

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Create is "namespaces create <namespace>".
type Create struct {
	Namespace string `arg:"" help:"Namespace id (e.g. company.team); its parents need not exist."`
	settingsFlags
}

// Help is the detailed help of namespaces create.
func (*Create) Help() string {
	return `Creates the namespace with the settings given (Kestra Enterprise; an
open-source server is said so, exit 4). Everything is checked locally first:
--variable KEY=VALUE sets a string variable, --variables-file a YAML or JSON
mapping (typed and nested values); --quota duration=D,limit=N,behavior=B
takes an ISO-8601 duration of at least PT1M. A flow of the namespace or of a
child sees the variables as {{ namespace.KEY }}; children inherit them
(see inherited-variables). With -o json the output is the server's
namespace.`
}

// Examples implements manifest.Exampler.
func (*Create) Examples() []string {
	return []string{
		"kestractl namespaces create company --description 'Company-wide settings' --variable region=eu-west-1",
		"# Variables from a file, a concurrency limit and an hourly quota\nkestractl namespaces create company.team --variables-file vars.yaml --concurrency-limit 5 --concurrency-behavior QUEUE --quota duration=PT1H,limit=100,behavior=FAIL",
	}
}

// Run creates the namespace.
func (cr *Create) Run(c *plugin.Context) error {
	cl, err := client(c, cr.Namespace)
	if err != nil {
		return err
	}
	p, err := cr.parse(c, updateFlags{})
	if err != nil {
		return err
	}
	if p.description != nil && *p.description == "" {
		p.description = nil
	}
	doc := map[string]any{"id": cr.Namespace, "deleted": false}
	if err := p.apply(doc); err != nil {
		return err
	}
	body, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	raw, err := cl.CreateNamespace(c, body)
	if kestra.IsStatus(err, http.StatusConflict) {
		return cmderr.New(cmderr.Conflict, "namespace %q already exists", cr.Namespace).
			WithHint("change it with 'kestractl namespaces update %s'", cr.Namespace)
	}
	if err != nil {
		return explain(c, err, cr.Namespace, "create namespace %q", cr.Namespace)
	}
	if err := c.Object(raw); err != nil {
		return err
	}
	msg := "Namespace '" + cr.Namespace + "' created"
	if ch := changes(map[string]any{"id": cr.Namespace, "deleted": false}, doc); len(ch) > 0 {
		msg += ": " + strings.Join(ch, "; ")
	}
	return c.Success("%s", msg)
}
