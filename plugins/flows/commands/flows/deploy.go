package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// FlowsDeploy is "flows deploy <path>".
type FlowsDeploy struct {
	Path            string `arg:"" help:"A flow file or a directory of .yaml/.yml files."`
	Namespace       string `xor:"ns" completer:"namespace" help:"Deploy every flow into this namespace (rewrites only the top-level namespace)."`
	NamespacePrefix string `name:"namespace-prefix" xor:"ns" help:"Prepend this prefix and a dot to each flow's namespace, e.g. staging.pr42."`
	Override        bool   `help:"Update flows that already exist (create-or-update); without it an existing flow is an error."`
	FailFast        bool   `name:"fail-fast" help:"Stop at the first failure (files not started are reported as skipped)."`
	Recursive       bool   `default:"true" negatable:"" help:"Descend into subdirectories (--recursive=false for the top level only)."`
	DryRun          bool   `name:"dry-run" help:"Print the plan (create, update, unchanged) and write nothing."`
	DisableTriggers bool   `name:"disable-triggers" help:"Set disabled: true on every trigger of the deployed flows."`
	Concurrency     int    `default:"8" help:"Files deployed in parallel (output stays in file order)."`
}

// Statuses of a deploy row.
const (
	statusCreated     = "created"
	statusUpdated     = "updated"
	statusUnchanged   = "unchanged"
	statusWouldCreate = "would create"
	statusWouldUpdate = "would update"
	statusFailed      = "failed"
	statusSkipped     = "skipped"
	statusInvalid     = "invalid"
	statusValid       = "valid"
	deployMaxWorkers  = 64
	rowFlushInterval  = 100 * time.Millisecond
)

// deployRow is one line of the report (one flow document).
type deployRow struct {
	Label     string `json:"file"`
	File      string `json:"file_path"`
	Document  int    `json:"document,omitempty"`
	FlowID    string `json:"flow_id"`
	Namespace string `json:"namespace"`
	Revision  int    `json:"revision,omitempty"`
	Status    string `json:"status"`
	Success   bool   `json:"success"`
	Error     string `json:"error,omitempty"`

	code cmderr.Code
}

// Run deploys the flows.
func (d *FlowsDeploy) Run(c *plugin.Context) error {
	if d.Concurrency < 1 || d.Concurrency > deployMaxWorkers {
		return cmderr.Usagef("--concurrency must be between 1 and %d, got %d", deployMaxWorkers, d.Concurrency)
	}
	prefix := ""
	if d.NamespacePrefix != "" {
		p, err := flowfile.ValidatePrefix(d.NamespacePrefix)
		if err != nil {
			return cmderr.Usagef("%v", err)
		}
		prefix = p
	}
	if d.Namespace != "" {
		if err := flowfile.ValidateNamespace(d.Namespace); err != nil {
			return cmderr.Usagef("--namespace: %v", err)
		}
	}
	docs, err := loadDocuments(d.Path, d.Recursive)
	if err != nil {
		return err
	}
	cl, err := client(c)
	if err != nil {
		return err
	}
	existing, err := d.existingFlows(c, cl, docs, prefix)
	if err != nil {
		return err
	}
	t := c.Table(plugin.Col("FILE", "file"), plugin.Col("FLOW ID", "flow_id"), plugin.Col("NAMESPACE", "namespace"),
		plugin.Col("REVISION", "revision"), plugin.Column{Header: "STATUS", Path: "status", Format: "status"}, plugin.Col("ERROR", "error"))
	counts := map[string]int{}
	codes := map[cmderr.Code]int{}
	lastFlush := time.Now()
	var emitErr error
	emit := func(row deployRow) {
		counts[row.Status]++
		if row.Status == statusFailed {
			codes[row.code]++
		}
		if err := t.Add(row); err != nil && emitErr == nil {
			emitErr = err
		}
		if time.Since(lastFlush) >= rowFlushInterval {
			lastFlush = time.Now()
			if err := t.Flush(); err != nil && emitErr == nil {
				emitErr = err
			}
		}
	}
	runOrdered(c, docs, d.Concurrency,
		func(ctx context.Context, doc *flowfile.Document) deployRow {
			return d.deployOne(ctx, cl, doc, prefix, existing)
		},
		func(row deployRow) bool { return d.FailFast && row.Status == statusFailed },
		func(i int, row deployRow, started bool) {
			if !started {
				doc := docs[i]
				row = deployRow{Label: doc.Label(), File: doc.File, Document: docNumber(doc), FlowID: dash(doc.ID), Namespace: dash(d.target(doc, prefix)),
					Status: statusSkipped, Error: "not attempted: stopped at an earlier failure"}
				if !d.FailFast {
					row.Error = "not attempted: interrupted"
				}
			}
			emit(row)
		})
	if emitErr != nil {
		return emitErr
	}
	if err := c.Err(); err != nil {
		return err
	}
	failed := counts[statusFailed]
	if err := t.Close(deploySummary(counts, d.DryRun)); err != nil {
		return err
	}
	if failed > 0 {
		return cmderr.New(commonCode(codes), "deployment completed with %d error(s)", failed).
			WithHint("see the ERROR column above")
	}
	return nil
}

func deploySummary(counts map[string]int, dryRun bool) string {
	if dryRun {
		return fmt.Sprintf("dry run: %d to create, %d to update, %d unchanged, %d failed; nothing was written",
			counts[statusWouldCreate], counts[statusWouldUpdate], counts[statusUnchanged], counts[statusFailed])
	}
	ok := counts[statusCreated] + counts[statusUpdated] + counts[statusUnchanged]
	s := fmt.Sprintf("%d flow(s) deployed successfully (%d created, %d updated, %d unchanged), %d failed",
		ok, counts[statusCreated], counts[statusUpdated], counts[statusUnchanged], counts[statusFailed])
	if n := counts[statusSkipped]; n > 0 {
		s += fmt.Sprintf(", %d skipped", n)
	}
	return s
}

// commonCode is the code all failures share, else Generic.
func commonCode(codes map[cmderr.Code]int) cmderr.Code {
	if len(codes) == 1 {
		for c := range codes {
			if c != cmderr.Unspecified {
				return c
			}
		}
	}
	return cmderr.Generic
}

// loadDocuments collects the files under path and splits them into
// documents. A file that cannot be read, or holds no document, becomes a
// document carrying the error, so it is reported in its place.
func loadDocuments(path string, recursive bool) ([]*flowfile.Document, error) {
	files, err := flowfile.Collect(path, recursive)
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	var docs []*flowfile.Document
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			docs = append(docs, &flowfile.Document{File: f, Count: 1, Err: fmt.Errorf("cannot read the file: %w", err)})
			continue
		}
		parsed := flowfile.Parse(f, data)
		if len(parsed) == 0 {
			docs = append(docs, &flowfile.Document{File: f, Count: 1, Err: flowfile.ErrNoDocument})
			continue
		}
		docs = append(docs, parsed...)
	}
	return docs, nil
}

func docNumber(d *flowfile.Document) int {
	if d.Count > 1 {
		return d.Index + 1
	}
	return 0
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// target is the namespace a document is deployed into.
func (d *FlowsDeploy) target(doc *flowfile.Document, prefix string) string {
	switch {
	case doc.Namespace == "":
		return ""
	case d.Namespace != "":
		return d.Namespace
	case prefix != "":
		return prefix + "." + doc.Namespace
	}
	return doc.Namespace
}

// maxPrefetchNamespaces bounds the namespaces whose flows are listed up
// front; beyond it each flow's existence is checked on its own.
const maxPrefetchNamespaces = 20

// existingFlows lists, once per target namespace, which flows exist, so
// that a new flow costs one request (its create) instead of two. It
// returns nil (check each flow) when the files target many namespaces.
func (d *FlowsDeploy) existingFlows(c *plugin.Context, cl *api.Client, docs []*flowfile.Document, prefix string) (map[string]map[string]bool, error) {
	namespaces := map[string]bool{}
	for _, doc := range docs {
		if doc.Err == nil {
			if ns := d.target(doc, prefix); flowfile.ValidateNamespace(ns) == nil {
				namespaces[ns] = true
			}
		}
	}
	if len(namespaces) == 0 || len(namespaces) > maxPrefetchNamespaces {
		return nil, nil
	}
	known := map[string]map[string]bool{}
	for ns := range namespaces {
		ids := map[string]bool{}
		err := cl.SearchFlows(c, ns, 1000, func(page []json.RawMessage, _ int64) error {
			for _, raw := range page {
				var f struct {
					ID        string `json:"id"`
					Namespace string `json:"namespace"`
				}
				if err := json.Unmarshal(raw, &f); err != nil {
					return fmt.Errorf("decode flow: %w", err)
				}
				if f.Namespace == ns {
					ids[f.ID] = true
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("list the flows of namespace %q: %w", ns, err)
		}
		known[ns] = ids
	}
	return known, nil
}

// deployOne deploys one document and reports it. existing, when set, says
// which flows exist in the target namespaces.
func (d *FlowsDeploy) deployOne(ctx context.Context, cl *api.Client, doc *flowfile.Document, prefix string, existing map[string]map[string]bool) deployRow {
	row := deployRow{Label: doc.Label(), File: doc.File, Document: docNumber(doc), FlowID: dash(doc.ID), Namespace: dash(doc.Namespace)}
	fail := func(code cmderr.Code, format string, args ...any) deployRow {
		row.Status, row.code, row.Error = statusFailed, code, fmt.Sprintf(format, args...)
		return row
	}
	if doc.Err != nil {
		return fail(cmderr.Usage, "%v", doc.Err)
	}
	src := doc.Source
	ns := d.target(doc, prefix)
	var err error
	if ns != doc.Namespace {
		src, err = flowfile.SetNamespace(src, ns)
	}
	if err != nil {
		return fail(cmderr.Usage, "%v", err)
	}
	row.Namespace = ns
	if err := flowfile.ValidateNamespace(ns); err != nil {
		return fail(cmderr.Usage, "%v", err)
	}
	if err := flowfile.ValidateID(doc.ID); err != nil {
		return fail(cmderr.Usage, "%v", err)
	}
	if d.DisableTriggers {
		if src, err = flowfile.DisableTriggers(src); err != nil {
			return fail(cmderr.Usage, "%v", err)
		}
	}
	var current *api.Flow
	exists := false
	if ids, listed := existing[ns]; listed {
		exists = ids[doc.ID]
		if exists && !d.Override {
			return fail(cmderr.Conflict, "flow '%s' already exists in namespace '%s'; use --override to update it", doc.ID, ns)
		}
	}
	if _, listed := existing[ns]; !listed || exists {
		current, err = cl.GetFlow(ctx, ns, doc.ID, true)
		exists = err == nil
		if err != nil && !kestra.IsNotFound(err) {
			return fail(cmderr.CodeOf(err), "cannot check whether the flow exists: %v", err)
		}
		if exists && !d.Override {
			return fail(cmderr.Conflict, "flow '%s' already exists in namespace '%s'; use --override to update it", doc.ID, ns)
		}
	}
	if exists && sameSource(current.Source, src) {
		row.Revision, row.Status, row.Success = current.Revision, statusUnchanged, true
		return row
	}
	if d.DryRun {
		row.Success = true
		row.Status = statusWouldCreate
		if exists {
			row.Status, row.Revision = statusWouldUpdate, current.Revision
		}
		return row
	}
	var f *api.Flow
	if exists {
		f, err = cl.UpdateFlow(ctx, ns, doc.ID, src)
		row.Status = statusUpdated
	} else {
		f, err = d.create(ctx, cl, ns, doc.ID, src)
		row.Status = statusCreated
	}
	if err != nil {
		return fail(cmderr.CodeOf(err), "%v", err)
	}
	row.Revision, row.Success = f.Revision, true
	return row
}

// create creates a flow. A conflict answer means the flow appeared since
// the check — possibly our own earlier attempt, applied before its answer
// was lost: if the stored source is ours, the create succeeded; with
// --override the flow is updated instead.
func (d *FlowsDeploy) create(ctx context.Context, cl *api.Client, ns, id string, src []byte) (*api.Flow, error) {
	f, err := cl.CreateFlow(ctx, src)
	if err == nil || !kestra.IsStatus(err, http.StatusConflict, http.StatusUnprocessableEntity) {
		return f, err
	}
	current, gerr := cl.GetFlow(ctx, ns, id, true)
	if gerr != nil {
		return nil, err
	}
	if sameSource(current.Source, src) {
		return current, nil
	}
	if d.Override {
		return cl.UpdateFlow(ctx, ns, id, src)
	}
	return nil, cmderr.New(cmderr.Conflict, "flow '%s' already exists in namespace '%s'; use --override to update it", id, ns)
}

// sameSource compares stored and local sources, ignoring trailing
// whitespace (servers may trim it).
func sameSource(stored string, local []byte) bool {
	return strings.TrimRight(stored, " \t\r\n") == string(bytes.TrimRight(local, " \t\r\n"))
}
