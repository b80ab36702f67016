package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// FlowsValidate is "flows validate <path>".
type FlowsValidate struct {
	Path      string `arg:"" help:"A flow file or a directory of .yaml/.yml files."`
	Recursive bool   `default:"true" negatable:"" help:"Descend into subdirectories (--recursive=false for the top level only)."`
	BatchSize int    `name:"batch-size" default:"100" help:"Flow documents sent per validation request."`
}

// validateRow is one flow document's verdict.
type validateRow struct {
	Label            string   `json:"file"`
	File             string   `json:"file_path"`
	Document         int      `json:"document,omitempty"`
	FlowID           string   `json:"flow_id"`
	Namespace        string   `json:"namespace"`
	Status           string   `json:"status"`
	Success          bool     `json:"success"`
	Constraints      []string `json:"constraints"`
	Warnings         []string `json:"warnings"`
	Infos            []string `json:"infos"`
	DeprecationPaths []string `json:"deprecation_paths"`
	Outdated         bool     `json:"outdated"`
}

// Run validates every document on the server. Each file is split into its
// documents here, so a verdict can never be attributed to the wrong file.
func (v *FlowsValidate) Run(c *plugin.Context) error {
	if v.BatchSize < 1 {
		return cmderr.Usagef("--batch-size must be at least 1")
	}
	docs, err := loadDocuments(v.Path, v.Recursive)
	if err != nil {
		return err
	}
	cl, err := client(c)
	if err != nil {
		return err
	}
	rows := make([]*validateRow, len(docs))
	var toSend []int
	for i, d := range docs {
		rows[i] = &validateRow{Label: d.Label(), File: d.File, Document: docNumber(d), FlowID: dash(d.ID), Namespace: dash(d.Namespace),
			Constraints: []string{}, Warnings: []string{}, Infos: []string{}, DeprecationPaths: []string{}}
		// Unreadable files and files without a document are reported here;
		// everything else, even unparsable YAML, is judged by the server.
		if d.Err != nil && len(d.Source) == 0 {
			rows[i].Constraints = append(rows[i].Constraints, d.Err.Error())
			continue
		}
		toSend = append(toSend, i)
	}
	for start := 0; start < len(toSend); start += v.BatchSize {
		batch := toSend[start:min(start+v.BatchSize, len(toSend))]
		if err := validateBatch(c, cl, docs, rows, batch); err != nil {
			return err
		}
	}
	t := c.Table(plugin.Col("FILE", "file"), plugin.Col("FLOW ID", "flow_id"), plugin.Col("NAMESPACE", "namespace"),
		plugin.Column{Header: "STATUS", Path: "status", Format: "status"}, plugin.Col("CONSTRAINTS", "constraints"), plugin.Col("WARNINGS", "warnings"))
	invalid := 0
	for _, r := range rows {
		r.Success = len(r.Constraints) == 0
		r.Status = statusValid
		if !r.Success {
			r.Status = statusInvalid
			invalid++
		}
		if err := t.Add(r); err != nil {
			return err
		}
	}
	if err := t.Close(fmt.Sprintf("%d valid flow(s), %d invalid", len(rows)-invalid, invalid)); err != nil {
		return err
	}
	if invalid > 0 {
		return cmderr.New(cmderr.Generic, "validation failed for %d flow(s)", invalid)
	}
	return nil
}

// validateBatch validates documents together; if the server's answer does
// not map back to them one for one, it validates them one by one.
func validateBatch(ctx context.Context, cl *api.Client, docs []*flowfile.Document, rows []*validateRow, batch []int) error {
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
			if err := validateBatch(ctx, cl, docs, rows, []int{idx}); err != nil {
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
		applyViolation(rows[batch[i]], v)
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

func applyViolation(r *validateRow, v api.Violation) {
	if v.Flow != "" {
		r.FlowID = v.Flow
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
