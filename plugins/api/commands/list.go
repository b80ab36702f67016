package commands

import (
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/api/openapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// listed is one operation as --list prints it.
type listed struct {
	Method      string   `json:"method"`
	Path        string   `json:"path"`
	OperationID string   `json:"operationId"`
	Summary     string   `json:"summary,omitempty"`
	Tags        []string `json:"tags,omitempty"`
	Enterprise  bool     `json:"enterprise"`
	Deprecated  bool     `json:"deprecated,omitempty"`
}

// list prints the operations matching every word given (in the method,
// path, operationId, summary or tags, in any case).
func (a *API) list(c *plugin.Context, d *Deps) error {
	if a.Method != "" || len(a.RawFields)+len(a.Fields)+len(a.Headers) > 0 || a.Input != "" || a.Paginate ||
		a.DryRun || a.Include || a.OutputFile != "" || a.Silent || a.ContentType != "" || a.NDJSON {
		return cmderr.Usagef("--list takes words to look for, and no request flag")
	}
	ix, err := d.Catalog.Index()
	if err != nil {
		return cmderr.Wrap(cmderr.Internal, err)
	}
	var words []string
	if a.Target != "" {
		words = append(words, a.Target)
	}
	words = append(words, a.Params...)
	ops := Search(ix, words)
	t := c.Table(plugin.Col("METHOD", "method"), plugin.Col("PATH", "path"), plugin.Col("OPERATION", "operationId"),
		plugin.Col("EE", "enterprise"), plugin.Col("SUMMARY", "summary"))
	ee := 0
	for _, o := range ops {
		if o.Enterprise {
			ee++
		}
		if err := t.Add(listed{Method: o.Method, Path: o.Path, OperationID: o.ID, Summary: o.Summary,
			Tags: o.Tags, Enterprise: o.Enterprise, Deprecated: o.Deprecated}); err != nil {
			return err
		}
	}
	footer := fmt.Sprintf("%d operations (%d Kestra Enterprise only)", len(ops), ee)
	if len(ops) == 0 {
		footer = "No operation matches " + strings.Join(words, " ")
	}
	return t.Close(footer)
}

// Search returns the operations matching every word.
func Search(ix *openapi.Index, words []string) []openapi.Operation {
	var out []openapi.Operation
	for _, o := range ix.Operations() {
		hay := strings.ToLower(strings.Join([]string{o.Method, o.Path, o.ID, o.Summary, strings.Join(o.Tags, " ")}, " "))
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, strings.ToLower(w)) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, o)
		}
	}
	return out
}
