package flows

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/yamldoc"
)

// ValidateByQuery is "flows validate-by-query [filters] [--batch-size N]".
type ValidateByQuery struct {
	flowFilters `embed:""`
	BatchSize   int `name:"batch-size" default:"100" placeholder:"N" help:"Flows sent per validation request."`
}

// Examples implements manifest.Exampler.
func (*ValidateByQuery) Examples() []string {
	return []string{
		"# before an upgrade: are the stored flows still valid?\nkestractl flows validate-by-query",
		"kestractl flows validate-by-query -n company.team --batch-size 50 -o json --jq '.results[] | select(.status == \"invalid\")'",
	}
}

// Help implements kong.HelpProvider.
func (*ValidateByQuery) Help() string {
	return `Validates the stored flows the filters match, as the server would judge them if they were deployed again:
their sources come from one export (GET /flows/export/by-query) and go to POST /flows/validate in batches. A flow the
search lists but the export does not hold is reported invalid. The report has one result per flow: status (valid
or invalid), namespace, id, entry, and the server's constraints, warnings, infos, deprecationPaths and outdated.
A CI gate: exit 1 when any flow is invalid, 5 when no flow matches.`
}

// Run validates the stored flows.
func (v *ValidateByQuery) Run(c *plugin.Context) error {
	if v.BatchSize < 1 {
		return cmderr.Usagef("--batch-size must be at least 1")
	}
	q, err := v.query()
	if err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	exportQuery := url.Values{}
	for k, vs := range q {
		if k != "sort" {
			exportQuery[k] = vs
		}
	}
	var data []byte
	err = cl.ExportFlows(c, exportQuery, nil, func(resp *http.Response) error {
		b, err := cmdutil.ReadAll(resp, maxExport, "the export (narrow the filters)")
		data = b
		return err
	})
	if err != nil {
		return err
	}
	entries, err := readZip(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return cmderr.New(cmderr.Unavailable, "the server's export is %v", err)
	}
	// Every flow the search lists must be in the export.
	exported := map[api.FlowRef]bool{}
	for _, e := range entries {
		exported[api.FlowRef{Namespace: e.NS, ID: e.ID}] = true
	}
	var missing []serverFlow
	k := cl.Kestra()
	err = kestra.Paginate(c, k, k.TenantPath("flows", "search"), q, 500, func(items []json.RawMessage, _ int64) error {
		for _, raw := range items {
			var f serverFlow
			if err := json.Unmarshal(raw, &f); err != nil {
				return fmt.Errorf("decode flow: %w", err)
			}
			if !exported[f.ref()] {
				missing = append(missing, f)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(entries)+len(missing) == 0 {
		return cmderr.New(cmderr.NotFound, "no flows match the filters: nothing was validated")
	}
	docs := make([]*flowfile.Document, len(entries))
	results := make([]*validateResult, len(entries))
	var toSend []int
	for i, e := range entries {
		docs[i] = &flowfile.Document{Document: yamldoc.Document{File: e.Entry, Count: 1, Source: e.Source}, ID: e.ID, Namespace: e.NS}
		results[i] = &validateResult{File: e.Entry, ID: e.ID, Namespace: e.NS}
		toSend = append(toSend, i)
	}
	prog := c.Progress("validate", "Validating stored flows", int64(len(toSend)), "")
	for start := 0; start < len(toSend); start += v.BatchSize {
		batch := toSend[start:min(start+v.BatchSize, len(toSend))]
		if err := validateBatch(c, cl, docs, results, batch); err != nil {
			prog.Done(err.Error())
			return err
		}
		prog.Add(int64(len(batch)))
	}
	prog.Done("")
	r := c.Report("flows", plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"),
		plugin.Column{Header: "STATUS", Path: "status", Format: "status"}, plugin.Col("CONSTRAINTS", "constraints"), plugin.Col("WARNINGS", "warnings"))
	for _, res := range results {
		stored := storedResult{Status: "valid", Namespace: res.Namespace, ID: res.ID, Entry: res.File, Constraints: res.Constraints,
			Warnings: res.Warnings, Infos: res.Infos, DeprecationPaths: res.DeprecationPaths, Outdated: res.Outdated}
		if len(res.Constraints) > 0 {
			stored.Status = "invalid"
		}
		if err := r.Add(stored.Status, stored); err != nil {
			return err
		}
	}
	for _, f := range missing {
		res := storedResult{Status: "invalid", Namespace: f.Namespace, ID: f.ID,
			Constraints: []string{"the server could not export the flow's source (it may no longer deserialize)"}}
		if err := r.Add(res.Status, res); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	if invalid := r.Count("invalid"); invalid > 0 {
		return cmderr.New(cmderr.Generic, "%d of %s invalid", invalid, plural(r.Total(), "stored flow"))
	}
	return nil
}

// storedResult is the verdict on a stored flow.
type storedResult struct {
	Status           string   `json:"status"`
	Namespace        string   `json:"namespace,omitempty"`
	ID               string   `json:"id,omitempty"`
	Entry            string   `json:"entry,omitempty"`
	Constraints      []string `json:"constraints,omitempty"`
	Warnings         []string `json:"warnings,omitempty"`
	Infos            []string `json:"infos,omitempty"`
	DeprecationPaths []string `json:"deprecationPaths,omitempty"`
	Outdated         bool     `json:"outdated,omitempty"`
}
