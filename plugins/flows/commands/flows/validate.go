package flows

import (
	"context"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Validate is "flows validate <path>...".
type Validate struct {
	Paths     []string `arg:"" name:"path" completer:"file" help:"Flow files or directories of .yaml/.yml files; - reads one document stream from stdin."`
	Recursive bool     `default:"true" negatable:"" help:"Descend into subdirectories (--no-recursive for the top level only)."`
	BatchSize int      `name:"batch-size" default:"100" placeholder:"N" help:"Flow documents sent per validation request."`
}

// Examples implements manifest.Exampler.
func (*Validate) Examples() []string {
	return []string{
		"kestractl flows validate flows/",
		"# a CI gate: exit 1 when any flow is invalid\nkestractl flows validate flows/ -o json --jq '.results[] | select(.status == \"invalid\")'",
	}
}

// Help implements kong.HelpProvider: the report's shape.
func (*Validate) Help() string {
	return `The report has one result per flow document: status (valid or invalid), file, document (its 1-based
number in a multi-document file), namespace, id, and the server's constraints, warnings, infos,
deprecationPaths and outdated when present. With -o json it is one document: {"summary": {...}, "results": [...]}.
Exit code 1 when any flow is invalid.`
}

// validateResult is one flow document's verdict.
type validateResult struct {
	Status           string   `json:"status"`
	File             string   `json:"file"`
	Document         int      `json:"document,omitempty"`
	Namespace        string   `json:"namespace,omitempty"`
	ID               string   `json:"id,omitempty"`
	Constraints      []string `json:"constraints,omitempty"`
	Warnings         []string `json:"warnings,omitempty"`
	Infos            []string `json:"infos,omitempty"`
	DeprecationPaths []string `json:"deprecationPaths,omitempty"`
	Outdated         bool     `json:"outdated,omitempty"`
}

// Run validates every document on the server. Each file is split into its
// documents here, so a verdict can never be attributed to the wrong file.
func (v *Validate) Run(c *plugin.Context) error {
	if v.BatchSize < 1 {
		return cmderr.Usagef("--batch-size must be at least 1")
	}
	docs, err := loadDocuments(c, v.Paths, v.Recursive)
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	results := make([]*validateResult, len(docs))
	var toSend []int
	for i, d := range docs {
		results[i] = &validateResult{File: d.Label(), Document: d.Number(), ID: d.ID, Namespace: d.Namespace}
		// Unreadable files and files without a document are reported here;
		// everything else, even unparsable YAML, is judged by the server.
		if d.Err != nil && len(d.Source) == 0 {
			results[i].Constraints = append(results[i].Constraints, d.Err.Error())
			continue
		}
		toSend = append(toSend, i)
	}
	for start := 0; start < len(toSend); start += v.BatchSize {
		batch := toSend[start:min(start+v.BatchSize, len(toSend))]
		if err := validateBatch(c, cl, docs, results, batch); err != nil {
			return err
		}
	}
	r := c.Report("flows", plugin.Col("FILE", "file"), plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"),
		plugin.Column{Header: "STATUS", Path: "status", Format: "status"}, plugin.Col("CONSTRAINTS", "constraints"), plugin.Col("WARNINGS", "warnings"))
	for _, res := range results {
		res.Status = "valid"
		if len(res.Constraints) > 0 {
			res.Status = "invalid"
		}
		if err := r.Add(res.Status, res); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	if invalid := r.Count("invalid"); invalid > 0 {
		return cmderr.New(cmderr.Generic, "validation failed for %d flow(s)", invalid)
	}
	return nil
}

// validateBatch validates documents together; if the server's answer does
// not map back to them one for one, it validates them one by one.
func validateBatch(ctx context.Context, cl *api.Client, docs []*flowfile.Document, results []*validateResult, batch []int) error {
	srcs := make([][]byte, len(batch))
	for i, idx := range batch {
		srcs[i] = docs[idx].Source
	}
	vs, err := cl.ValidateFlows(ctx, srcs)
	if err != nil {
		return err
	}
	if len(batch) > 1 && !mapsBack(vs, len(batch)) {
		for _, idx := range batch {
			if err := validateBatch(ctx, cl, docs, results, []int{idx}); err != nil {
				return err
			}
		}
		return nil
	}
	for _, v := range vs {
		i := v.Index
		if len(batch) == 1 {
			i = 0
		}
		applyViolation(results[batch[i]], v)
	}
	return nil
}

func mapsBack(vs []api.Violation, n int) bool {
	for _, v := range vs {
		if v.Index < 0 || v.Index >= n {
			return false
		}
	}
	return true
}

func applyViolation(r *validateResult, v api.Violation) {
	if v.Flow != "" {
		r.ID = v.Flow
	}
	if v.Namespace != "" {
		r.Namespace = v.Namespace
	}
	for _, line := range strings.Split(v.Constraints, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			r.Constraints = appendUnique(r.Constraints, line)
		}
	}
	for _, w := range v.Warnings {
		r.Warnings = appendUnique(r.Warnings, w)
	}
	for _, w := range v.Infos {
		r.Infos = appendUnique(r.Infos, w)
	}
	for _, w := range v.DeprecationPaths {
		r.DeprecationPaths = appendUnique(r.DeprecationPaths, w)
	}
	r.Outdated = r.Outdated || v.Outdated
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
