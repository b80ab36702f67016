package flows

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/yamldoc"
)

// Deploy is "flows deploy <path>...".
type Deploy struct {
	Paths           []string `arg:"" name:"path" completer:"file" help:"Flow files or directories of .yaml/.yml files; - reads one document stream from stdin."`
	Namespace       string   `xor:"ns" completer:"namespace" help:"Deploy every flow into this namespace (rewrites only the top-level namespace)."`
	NamespacePrefix string   `name:"namespace-prefix" xor:"ns" placeholder:"PREFIX" help:"Prepend this prefix and a dot to each flow's namespace, e.g. staging.pr42."`
	Override        bool     `help:"Update flows that already exist (create-or-update); without it an existing flow is an error."`
	FailFast        bool     `name:"fail-fast" help:"Stop at the first failure (files not started are reported as skipped)."`
	Recursive       bool     `default:"true" negatable:"" help:"Descend into subdirectories (--no-recursive for the top level only)."`
	DryRun          bool     `name:"dry-run" help:"Print the plan (create, update, unchanged) and a unified diff of each flow that would change; write nothing."`
	DisableTriggers bool     `name:"disable-triggers" help:"Set disabled: true on every trigger of the deployed flows."`
	Concurrency     int      `default:"8" placeholder:"N" help:"Files deployed in parallel (output stays in file order)."`
	Prune           bool     `help:"Also delete the flows of the targeted namespaces that the paths do not define: shows the plan, asks naming the count (needs --override)."`
	MaxDelete       int      `name:"max-delete" default:"10" placeholder:"N" help:"With --prune, refuse to delete more than N flows."`
}

// Examples implements manifest.Exampler.
func (*Deploy) Examples() []string {
	return []string{
		"kestractl flows deploy flows/ --override",
		"# the plan and the diffs, without writing anything\nkestractl flows deploy flows/ --override --dry-run",
		"kestractl flows deploy a.yaml b.yaml --namespace company.team",
		"cat flow.yaml | kestractl flows deploy - --override",
		"# make the namespaces of flows/ exactly what the directory holds: the plan first, then apply it\nkestractl flows deploy flows/ --override --prune --dry-run", "kestractl flows deploy flows/ --override --prune",
	}
}

// Help implements kong.HelpProvider: the report's shape.
func (*Deploy) Help() string {
	return `The report has one result per flow document: status (created, updated, unchanged, would create,
would update, failed or skipped), file, document (its 1-based number in a multi-document file), namespace, id,
revision, error, and with --dry-run the diff of a flow that would change. With -o json it is one document:
{"summary": {"total": N, "<status>": n, ...}, "results": [...]}. Exit code 1 when a flow is invalid (as
"flows validate"), 6 when a flow exists without --override, 2 for two documents defining the same flow.

--prune (never the default; needs --override) makes the targeted namespaces — those the flows are deployed into,
exactly, not their children — hold exactly the given flows: the server flows of those namespaces that no document
defines are deleted. Every document must be a valid flow (else nothing is done). The plan (create, update,
unchanged, delete) is computed first: --dry-run prints it as the report with a diff of each change (statuses would
create, would update, unchanged, would delete); otherwise it is shown on stderr, deletions are confirmed naming the
context and their count (--yes in scripts), more than --max-delete N (default 10) are refused (exit 2), flows are
created and updated, and the deletions run last, only when every create and update succeeded (else they are
reported as skipped). Deletions add the statuses deleted and would delete.`
}

// Statuses of a deploy result.
const (
	statusCreated     = "created"
	statusUpdated     = "updated"
	statusUnchanged   = "unchanged"
	statusWouldCreate = "would create"
	statusWouldUpdate = "would update"
	statusFailed      = "failed"
	statusSkipped     = "skipped"
	deployMaxWorkers  = 64
	rowFlushInterval  = 100 * time.Millisecond
)

// deployResult is one result of the report (one flow document).
type deployResult struct {
	Status    string `json:"status"`
	File      string `json:"file,omitempty"`
	Document  int    `json:"document,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	ID        string `json:"id,omitempty"`
	Revision  int    `json:"revision,omitempty"`
	Error     string `json:"error,omitempty"`
	Diff      string `json:"diff,omitempty"`

	code cmderr.Code
}

// Run deploys the flows.
func (d *Deploy) Run(c *plugin.Context) error {
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
		if err := plugin.ValidateNamespace(d.Namespace); err != nil {
			return err
		}
	}
	docs, err := loadDocuments(c, d.Paths, d.Recursive)
	if err != nil {
		return err
	}
	if err := d.checkDuplicates(docs, prefix); err != nil {
		return err
	}
	if d.Prune {
		return d.prune(c, docs, prefix)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	existing, err := d.existingFlows(c, cl, docs, prefix)
	if err != nil {
		return err
	}
	r := newDeployReport(c)
	cmdutil.RunOrdered(c, docs, d.Concurrency,
		func(ctx context.Context, doc *flowfile.Document) deployResult {
			return d.deployOne(ctx, cl, doc, prefix, existing)
		},
		func(res deployResult) bool { return d.FailFast && res.Status == statusFailed },
		func(i int, res deployResult, started bool) {
			if !started {
				doc := docs[i]
				res = skipped(deployResult{File: doc.Label(), Document: doc.Number(), ID: doc.ID, Namespace: d.target(doc, prefix)}, d.FailFast)
			}
			r.add(res)
		})
	if err := r.check(c); err != nil {
		return err
	}
	if err := r.close(); err != nil {
		return err
	}
	if d.DryRun {
		_ = c.Info("Dry run: nothing was written.")
	}
	return nil
}

// checkDuplicates refuses two documents that define the same flow: which
// one the server keeps would depend on timing.
func (d *Deploy) checkDuplicates(docs []*flowfile.Document, prefix string) error {
	first := map[string]*flowfile.Document{}
	for _, doc := range docs {
		if doc.Err != nil || doc.ID == "" {
			continue
		}
		key := d.target(doc, prefix) + "/" + doc.ID
		if prev, ok := first[key]; ok {
			return cmderr.Usagef("flow %q of namespace %q is defined twice: in %s and in %s", doc.ID, d.target(doc, prefix), prev.Label(), doc.Label()).
				WithHint("keep one definition of each flow; nothing was deployed")
		}
		first[key] = doc
	}
	return nil
}

// target is the namespace a document is deployed into.
func (d *Deploy) target(doc *flowfile.Document, prefix string) string {
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
func (d *Deploy) existingFlows(c *plugin.Context, cl *api.Client, docs []*flowfile.Document, prefix string) (map[string]map[string]bool, error) {
	namespaces := map[string]bool{}
	for _, doc := range docs {
		if doc.Err == nil {
			if ns := d.target(doc, prefix); plugin.ValidateNamespace(ns) == nil {
				namespaces[ns] = true
			}
		}
	}
	if len(namespaces) == 0 || len(namespaces) > maxPrefetchNamespaces {
		return nil, nil
	}
	known := map[string]map[string]bool{}
	for ns := range namespaces {
		ids, err := cl.FlowIDs(c, ns)
		if err != nil {
			return nil, fmt.Errorf("list the flows of namespace %q: %w", ns, err)
		}
		known[ns] = ids
	}
	return known, nil
}

// prepare returns a document's target namespace and the source to send:
// its namespace rewritten for --namespace or --namespace-prefix, its
// triggers disabled for --disable-triggers.
func (d *Deploy) prepare(doc *flowfile.Document, prefix string) (string, []byte, error) {
	src := doc.Source
	ns := d.target(doc, prefix)
	var err error
	if ns != doc.Namespace {
		if src, err = flowfile.SetNamespace(src, ns); err != nil {
			return doc.Namespace, nil, err
		}
	}
	if err := cmdutil.CheckFlowRef(ns, doc.ID); err != nil {
		return ns, nil, err
	}
	if d.DisableTriggers {
		if src, err = flowfile.DisableTriggers(src); err != nil {
			return ns, nil, err
		}
	}
	return ns, src, nil
}

// deployOne deploys one document and reports it. existing, when set, says
// which flows exist in the target namespaces.
func (d *Deploy) deployOne(ctx context.Context, cl *api.Client, doc *flowfile.Document, prefix string, existing map[string]map[string]bool) deployResult {
	res := deployResult{File: doc.Label(), Document: doc.Number(), ID: doc.ID, Namespace: doc.Namespace}
	fail := func(code cmderr.Code, format string, args ...any) deployResult {
		res.Status, res.code, res.Error = statusFailed, code, fmt.Sprintf(format, args...)
		return res
	}
	if doc.Err != nil {
		// An invalid flow: exit 1, as "flows validate" gives.
		return fail(cmderr.Generic, "%v", doc.Err)
	}
	ns, src, err := d.prepare(doc, prefix)
	res.Namespace = ns
	if err != nil {
		return fail(cmderr.Generic, "%v", err)
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
	if exists && yamldoc.SameSource(current.Source, src) {
		res.Revision, res.Status = current.Revision, statusUnchanged
		return res
	}
	if d.DryRun {
		res.Status = statusWouldCreate
		if exists {
			res.Status, res.Revision = statusWouldUpdate, current.Revision
			res.Diff = plugin.UnifiedDiff(fmt.Sprintf("%s/%s (server, revision %d)", ns, doc.ID, current.Revision), doc.Label(),
				current.Source, string(src))
		}
		return res
	}
	var f *api.Flow
	if exists {
		f, err = cl.UpdateFlow(ctx, ns, doc.ID, src)
		res.Status = statusUpdated
	} else {
		f, err = d.create(ctx, cl, ns, doc.ID, src)
		res.Status = statusCreated
	}
	if err != nil {
		return fail(kestra.WriteErrorCode(err), "%v", err)
	}
	res.Revision = f.Revision
	return res
}

// create creates a flow. A conflict answer means the flow appeared since
// the check — possibly our own earlier attempt, applied before its answer
// was lost: if the stored source is ours, the create succeeded; with
// --override the flow is updated instead.
func (d *Deploy) create(ctx context.Context, cl *api.Client, ns, id string, src []byte) (*api.Flow, error) {
	f, err := cl.CreateFlow(ctx, src)
	if err == nil || !kestra.IsStatus(err, http.StatusConflict, http.StatusUnprocessableEntity) {
		return f, err
	}
	current, gerr := cl.GetFlow(ctx, ns, id, true)
	if gerr != nil {
		return nil, err
	}
	if yamldoc.SameSource(current.Source, src) {
		return current, nil
	}
	if d.Override {
		return cl.UpdateFlow(ctx, ns, id, src)
	}
	return nil, cmderr.New(cmderr.Conflict, "flow '%s' already exists in namespace '%s'; use --override to update it", id, ns)
}
