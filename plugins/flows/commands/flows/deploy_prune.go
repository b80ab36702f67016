package flows

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/yamldoc"
)

// Statuses of a pruning deploy's deletions.
const (
	statusDeleted     = "deleted"
	statusWouldDelete = "would delete"
)

// maxPlanLines bounds the creates and updates the plan lists on stderr
// (deletions are always listed).
const maxPlanLines = 50

// maxExport bounds a namespace's export read into memory for the plan.
const maxExport = 512 << 20

// planItem is what a pruning deploy does with one document.
type planItem struct {
	doc     *flowfile.Document
	ns      string
	src     []byte
	current *serverState // nil: the flow does not exist
	res     deployResult // status: would create, would update, unchanged, failed
}

// serverState is a live server flow the plan compares with.
type serverState struct {
	revision int
	source   string
	known    bool // source known (else fetched when needed)
}

// prune deploys the documents and deletes the flows of their namespaces
// that they do not define (see Deploy.Help).
func (d *Deploy) prune(c *plugin.Context, docs []*flowfile.Document, prefix string) error {
	switch {
	case !d.Override:
		return cmderr.Usagef("--prune needs --override: a sync updates the flows that exist").
			WithHint("run 'kestractl flows deploy ... --override --prune --dry-run' to see the plan")
	case d.MaxDelete < 0:
		return cmderr.Usagef("--max-delete must be 0 or more")
	}
	if err := checkDocuments(docs, "with --prune every document must be a flow, or a flow it defines could be deleted; nothing was deployed"); err != nil {
		return err
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	var namespaces []string
	for _, doc := range docs {
		if ns := d.target(doc, prefix); !slices.Contains(namespaces, ns) {
			if err := plugin.ValidateNamespace(ns); err != nil {
				return err
			}
			namespaces = append(namespaces, ns)
		}
	}
	slices.Sort(namespaces)
	// The server side: every live flow of the targeted namespaces, with
	// their sources (one export per namespace).
	server := map[api.FlowRef]*serverState{}
	var listed []serverFlow
	for _, ns := range namespaces {
		flows, err := listServerFlows(c, cl, ns)
		if err != nil {
			return err
		}
		listed = append(listed, flows...)
		for _, f := range flows {
			server[f.ref()] = &serverState{revision: f.Revision}
		}
		if len(flows) == 0 {
			continue
		}
		sources, err := exportSources(c, cl, ns)
		if err != nil {
			return err
		}
		for id, src := range sources {
			if st := server[api.FlowRef{Namespace: ns, ID: id}]; st != nil {
				st.source, st.known = src, true
			}
		}
	}
	plan, err := d.plan(c, cl, docs, prefix, server)
	if err != nil {
		return err
	}
	defined := map[api.FlowRef]bool{}
	for _, it := range plan {
		defined[api.FlowRef{Namespace: it.ns, ID: it.doc.ID}] = true
	}
	var doomed []serverFlow
	for _, f := range listed {
		if !defined[f.ref()] {
			doomed = append(doomed, f)
		}
	}
	if d.DryRun {
		return d.showPlan(c, plan, doomed, server)
	}
	if err := c.Info("%s", planText(plan, doomed, namespaces)); err != nil {
		return err
	}
	if len(doomed) > d.MaxDelete {
		return tooManyDeletions(len(doomed), d.MaxDelete)
	}
	planFailed := slices.ContainsFunc(plan, func(it *planItem) bool {
		return it.res.Status != statusUnchanged && it.res.Status != statusWouldCreate && it.res.Status != statusWouldUpdate
	})
	// With a flow that cannot be deployed, nothing will be deleted: no
	// question.
	if len(doomed) > 0 && !planFailed {
		if err := c.ConfirmOrCancel(fmt.Sprintf("Delete %s %s not defined in the given paths?", plural(len(doomed), "flow"), namespaceWords(namespaces))); err != nil {
			return err
		}
	}
	return d.apply(c, cl, plan, doomed)
}

// exportSources returns the sources of a namespace's flows (by id), from
// one export. A server without exports answers nil: the plan then reads
// each flow it needs.
func exportSources(ctx context.Context, cl *api.Client, ns string) (map[string]string, error) {
	var data []byte
	err := cl.ExportFlows(ctx, url.Values{"filters[namespace][EQUALS]": {ns}}, nil, func(resp *http.Response) error {
		b, err := cmdutil.ReadAll(resp, maxExport, "the export of namespace "+ns)
		data = b
		return err
	})
	if kestra.IsStatus(err, http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusForbidden) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the flows of namespace %s: %w", ns, err)
	}
	flows, err := readZip(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil
	}
	out := map[string]string{}
	for _, f := range flows {
		if f.Err == nil && f.NS == ns {
			out[f.ID] = string(f.Source)
		}
	}
	return out, nil
}

// plan decides what to do with each document, reading the sources the
// export did not give (in parallel).
func (d *Deploy) plan(c *plugin.Context, cl *api.Client, docs []*flowfile.Document, prefix string, server map[api.FlowRef]*serverState) ([]*planItem, error) {
	plan := make([]*planItem, len(docs))
	cmdutil.RunOrdered(c, docs, d.Concurrency,
		func(ctx context.Context, doc *flowfile.Document) *planItem {
			it := &planItem{doc: doc, res: deployResult{File: doc.Label(), Document: doc.Number(), ID: doc.ID, Namespace: doc.Namespace}}
			ns, src, err := d.prepare(doc, prefix)
			it.ns, it.src, it.res.Namespace = ns, src, ns
			if err != nil {
				it.res.Status, it.res.Error, it.res.code = statusFailed, err.Error(), cmderr.Generic
				return it
			}
			it.current = server[api.FlowRef{Namespace: ns, ID: doc.ID}]
			if it.current != nil && !it.current.known {
				f, err := cl.GetFlow(ctx, ns, doc.ID, true)
				switch {
				case kestra.IsNotFound(err):
					it.current = nil // deleted since the listing
				case err != nil:
					it.res.Status, it.res.code = statusFailed, cmderr.CodeOf(err)
					it.res.Error = fmt.Sprintf("cannot read the flow on the server: %v", err)
					return it
				default:
					it.current = &serverState{revision: f.Revision, source: f.Source, known: true}
				}
			}
			switch {
			case it.current == nil:
				it.res.Status = statusWouldCreate
			case yamldoc.SameSource(it.current.source, src):
				it.res.Status, it.res.Revision = statusUnchanged, it.current.revision
			default:
				it.res.Status, it.res.Revision = statusWouldUpdate, it.current.revision
			}
			return it
		}, nil,
		func(i int, it *planItem, started bool) {
			if !started {
				it = &planItem{doc: docs[i], res: deployResult{File: docs[i].Label(), Status: statusSkipped, Error: "not attempted: interrupted"}}
			}
			plan[i] = it
		})
	if err := c.Err(); err != nil {
		return nil, err
	}
	return plan, nil
}

// showPlan prints the plan as the report, with a diff of every change.
func (d *Deploy) showPlan(c *plugin.Context, plan []*planItem, doomed []serverFlow, server map[api.FlowRef]*serverState) error {
	r := c.Report("flows", deployColumns()...)
	add := func(res deployResult) error {
		r.Diff(&res.Diff)
		return r.Add(res.Status, res)
	}
	for _, it := range plan {
		res := it.res
		if res.Status == statusWouldUpdate {
			res.Diff = plugin.UnifiedDiff(fmt.Sprintf("%s/%s (server, revision %d)", it.ns, it.doc.ID, it.current.revision), it.doc.Label(),
				it.current.source, string(it.src))
		}
		if err := add(res); err != nil {
			return err
		}
	}
	for _, f := range doomed {
		res := deployResult{Status: statusWouldDelete, Namespace: f.Namespace, ID: f.ID, Revision: f.Revision}
		if st := server[f.ref()]; st != nil && st.known {
			res.Diff = plugin.UnifiedDiff(fmt.Sprintf("%s/%s (server, revision %d)", f.Namespace, f.ID, f.Revision), "/dev/null (deleted)", st.source, "")
		}
		if err := add(res); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	if len(doomed) > d.MaxDelete {
		return tooManyDeletions(len(doomed), d.MaxDelete)
	}
	if failed := r.Count(statusFailed); failed > 0 {
		return cmderr.New(cmderr.Generic, "%s cannot be deployed", plural(failed, "flow")).WithHint("see the ERROR column above")
	}
	return c.Info("Dry run: nothing was written.")
}

func tooManyDeletions(n, max int) error {
	return cmderr.Usagef("the plan deletes %s, more than --max-delete %d: nothing was changed", plural(n, "flow"), max).
		WithHint("check the plan with --dry-run, then raise --max-delete to %d to allow it", n)
}

func deployColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("FILE", "file"), plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"),
		plugin.Col("REVISION", "revision"), {Header: "STATUS", Path: "status", Format: "status"}, plugin.Col("ERROR", "error")}
}

// namespaceWords names the namespaces in a question.
func namespaceWords(nss []string) string {
	if len(nss) <= 3 {
		return "of " + strings.Join(nss, ", ")
	}
	return fmt.Sprintf("of %d namespaces", len(nss))
}

// planText is the plan shown before a pruning deploy acts.
func planText(plan []*planItem, doomed []serverFlow, namespaces []string) string {
	counts := map[string]int{}
	var lines []string
	listed := 0
	for _, it := range plan {
		counts[it.res.Status]++
		var line string
		switch it.res.Status {
		case statusWouldCreate:
			line = fmt.Sprintf("  + create %s/%s (%s)", it.ns, it.doc.ID, it.doc.Label())
		case statusWouldUpdate:
			line = fmt.Sprintf("  ~ update %s/%s (%s; server revision %d)", it.ns, it.doc.ID, it.doc.Label(), it.current.revision)
		case statusFailed:
			line = fmt.Sprintf("  ! cannot deploy %s: %s", it.doc.Label(), it.res.Error)
		default:
			continue
		}
		if listed < maxPlanLines {
			lines = append(lines, line)
		}
		listed++
	}
	if listed > maxPlanLines {
		lines = append(lines, fmt.Sprintf("  … and %d more", listed-maxPlanLines))
	}
	for _, f := range doomed {
		lines = append(lines, fmt.Sprintf("  - delete %s/%s (revision %d)", f.Namespace, f.ID, f.Revision))
	}
	head := fmt.Sprintf("Plan for %s: %d to create, %d to update, %d unchanged, %d to delete",
		strings.TrimPrefix(namespaceWords(namespaces), "of "), counts[statusWouldCreate], counts[statusWouldUpdate], counts[statusUnchanged], len(doomed))
	if n := counts[statusFailed]; n > 0 {
		head += fmt.Sprintf(", %d failing", n)
	}
	return strings.Join(append([]string{head}, lines...), "\n")
}

// apply carries the plan out: creates and updates in parallel (report in
// file order), then the deletions, only when nothing failed.
func (d *Deploy) apply(c *plugin.Context, cl *api.Client, plan []*planItem, doomed []serverFlow) error {
	r := newDeployReport(c)
	cmdutil.RunOrdered(c, plan, d.Concurrency,
		func(ctx context.Context, it *planItem) deployResult {
			res := it.res
			var f *api.Flow
			var err error
			switch res.Status {
			case statusWouldCreate:
				f, err = d.create(ctx, cl, it.ns, it.doc.ID, it.src)
				res.Status = statusCreated
			case statusWouldUpdate:
				f, err = cl.UpdateFlow(ctx, it.ns, it.doc.ID, it.src)
				res.Status = statusUpdated
			default:
				return res // unchanged, or failed while planning
			}
			if err != nil {
				res.Status, res.code, res.Error = statusFailed, kestra.WriteErrorCode(err), err.Error()
				return res
			}
			res.Revision = f.Revision
			return res
		},
		func(res deployResult) bool { return d.FailFast && res.Status == statusFailed },
		func(i int, res deployResult, started bool) {
			if !started {
				res = skipped(plan[i].res, d.FailFast)
			}
			r.add(res)
		})
	if err := r.check(c); err != nil {
		return err
	}
	notDone := r.r.Count(statusFailed) + r.r.Count(statusSkipped)
	if err := d.deleteDoomed(c, cl, r, doomed, notDone); err != nil {
		return err
	}
	return r.close()
}

// deleteDoomed deletes the flows no document defines, in batches; a batch
// the server refuses because a flow vanished is retried flow by flow.
// When some document was not deployed, nothing is deleted: a renamed flow
// must not lose its old name before the new one exists.
func (d *Deploy) deleteDoomed(c *plugin.Context, cl *api.Client, rep *deployReport, doomed []serverFlow, notDone int) error {
	r := rep.r
	result := func(f serverFlow) deployResult {
		return deployResult{Namespace: f.Namespace, ID: f.ID, Revision: f.Revision}
	}
	if notDone > 0 {
		for _, f := range doomed {
			res := result(f)
			res.Status, res.Error = statusSkipped, fmt.Sprintf("not deleted: %s not deployed", plural(notDone, "flow"))
			if err := r.Add(res.Status, res); err != nil {
				return err
			}
		}
		return nil
	}
	for start := 0; start < len(doomed); start += plugin.DefaultBulkBatch {
		batch := doomed[start:min(start+plugin.DefaultBulkBatch, len(doomed))]
		refs := make([]api.FlowRef, len(batch))
		for i, f := range batch {
			refs[i] = f.ref()
		}
		errs := make([]error, len(batch))
		if _, err := cl.DeleteFlows(c, refs); err != nil {
			if len(batch) == 1 || !kestra.IsNotFound(err) {
				for i := range errs {
					errs[i] = err
				}
			} else {
				for i, ref := range refs {
					_, errs[i] = cl.DeleteFlows(c, []api.FlowRef{ref})
				}
			}
		}
		for i, f := range batch {
			res := result(f)
			res.Status = statusDeleted
			if errs[i] != nil {
				res.Status, res.Error, res.code = statusFailed, errs[i].Error(), cmderr.CodeOf(errs[i])
				rep.codes.Add(res.code)
			}
			if err := r.Add(res.Status, res); err != nil {
				return err
			}
		}
		if err := r.Flush(); err != nil {
			return err
		}
	}
	return nil
}
