package flows

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
	"github.com/kestractl/kestractl/kestrasim/yamldoc"
)

// maxSource bounds a flow source (or a multi-document body).
const maxSource = 16 << 20

// Handlers serves the flows API.
type Handlers struct {
	Store *Store
	// Running counts the running executions of a flow (concurrency limits).
	Running RunningCounter
}

// Routes lists the flow routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/flows"
	flowPerm := rest.PermissionOn("FLOW")
	return []rest.Route{
		{Method: "GET", Path: p + "/search", Handler: h.search, Perm: flowPerm("LIST")},
		{Method: "GET", Path: p + "/source", Handler: h.sourceSearch, Perm: flowPerm("LIST")},
		{Method: "GET", Path: p + "/distinct-namespaces", Handler: h.distinctNamespaces, Perm: flowPerm("LIST")},
		{Method: "GET", Path: p + "/deprecated", Handler: h.deprecated, Perm: flowPerm("LIST")},
		{Method: "POST", Path: p, Handler: h.create, Perm: flowPerm("CREATE")},
		{Method: "POST", Path: p + "/validate", Handler: h.validate},
		{Method: "POST", Path: p + "/validate/task", Handler: h.validateTask},
		{Method: "POST", Path: p + "/validate/trigger", Handler: h.validateTrigger},
		{Method: "POST", Path: p + "/expressions", Handler: h.expressions},
		{Method: "POST", Path: p + "/graph", Handler: h.graphFromSource},
		{Method: "POST", Path: p + "/bulk", Handler: h.bulk, Perm: flowPerm("CREATE")},
		{Method: "POST", Path: p + "/import", Handler: h.importFlows, Perm: flowPerm("CREATE")},
		{Method: "GET", Path: p + "/export/by-query", Handler: h.exportByQuery, Perm: flowPerm("LIST")},
		{Method: "POST", Path: p + "/export/by-ids", Handler: h.exportByIDs, Perm: flowPerm("VIEW")},
		{Method: "POST", Path: p + "/enable/by-ids", Handler: h.setDisabledByIDs(false), Perm: flowPerm("UPDATE")},
		{Method: "POST", Path: p + "/enable/by-query", Handler: h.setDisabledByQuery(false), Perm: flowPerm("UPDATE")},
		{Method: "POST", Path: p + "/disable/by-ids", Handler: h.setDisabledByIDs(true), Perm: flowPerm("UPDATE")},
		{Method: "POST", Path: p + "/disable/by-query", Handler: h.setDisabledByQuery(true), Perm: flowPerm("UPDATE")},
		{Method: "DELETE", Path: p + "/delete/by-ids", Handler: h.deleteByIDs, Perm: flowPerm("DELETE")},
		{Method: "DELETE", Path: p + "/delete/by-query", Handler: h.deleteByQuery, Perm: flowPerm("DELETE")},
		{Method: "GET", Path: p + "/{namespace}", Handler: h.listNamespace, Perm: flowPerm("LIST"), NamespaceParam: "namespace"},
		{Method: "POST", Path: p + "/{namespace}", Handler: h.syncNamespace, Perm: flowPerm("CREATE"), NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/{namespace}/{id}", Handler: h.get, Perm: flowPerm("VIEW"), NamespaceParam: "namespace"},
		{Method: "PUT", Path: p + "/{namespace}/{id}", Handler: h.update, Perm: flowPerm("UPDATE"), NamespaceParam: "namespace"},
		{Method: "DELETE", Path: p + "/{namespace}/{id}", Handler: h.delete, Perm: flowPerm("DELETE"), NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/{namespace}/{id}/revisions", Handler: h.revisions, Perm: flowPerm("VIEW"), NamespaceParam: "namespace"},
		{Method: "DELETE", Path: p + "/{namespace}/{id}/revisions", Handler: h.deleteRevisions, Perm: flowPerm("UPDATE"), NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/{namespace}/{id}/tasks/{taskId}", Handler: h.task, Perm: flowPerm("VIEW"), NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/{namespace}/{id}/graph", Handler: h.graph, Perm: flowPerm("VIEW"), NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/{namespace}/{id}/dependencies", Handler: h.dependencies, Perm: flowPerm("VIEW"), NamespaceParam: "namespace"},
		{Method: "GET", Path: "/api/v1/{tenant}/namespaces/{namespace}/dependencies", Handler: h.namespaceDependencies, Perm: flowPerm("VIEW"), NamespaceParam: "namespace"},
		{Method: "GET", Path: "/api/v1/{tenant}/concurrency-limit/search", Handler: h.concurrencySearch, Perm: flowPerm("LIST")},
		{Method: "PUT", Path: "/api/v1/{tenant}/concurrency-limit/{namespace}/{flowId}", Handler: h.concurrencyUpdate, Perm: flowPerm("UPDATE"), NamespaceParam: "namespace"},
	}
}

func (h *Handlers) search(w http.ResponseWriter, r *http.Request) error {
	paging, err := rest.ParsePaging(r.URL.Query(), 10)
	if err != nil {
		return err
	}
	fq, err := parseQuery(r)
	if err != nil {
		return err
	}
	flows := h.find(r, fq)
	rest.Sort(flows, rest.ParseSort(r.URL.Query()), revisionFields)
	page := rest.Page(flows, paging)
	out := rest.Paged[map[string]any]{Results: make([]map[string]any, 0, len(page.Results)), Total: page.Total}
	for _, f := range page.Results {
		out.Results = append(out.Results, f.JSON(false))
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

func labelMap(ls []Label) map[string]string {
	m := make(map[string]string, len(ls))
	for _, l := range ls {
		m[l.Key] = l.Value
	}
	return m
}

// revisionFields are the fields a list of flows sorts on.
var revisionFields = rest.Comparators[*Revision]{
	"id":        rest.By(func(r *Revision) string { return r.Def.ID }),
	"namespace": rest.By(func(r *Revision) string { return r.Def.Namespace }),
	"revision":  rest.By(func(r *Revision) int { return r.Revision }),
	"updated":   rest.ByTime(func(r *Revision) time.Time { return r.Updated }),
}

func (h *Handlers) listNamespace(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	ns := r.PathValue("namespace")
	flows := h.Store.Latest(a.Tenant, func(rev *Revision) bool { return rev.Def.Namespace == ns })
	out := make([]map[string]any, 0, len(flows))
	for _, f := range flows {
		out = append(out, f.JSON(false))
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handlers) get(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	withSource, err := rest.QueryBool(r, "source", false)
	if err != nil {
		return err
	}
	allowDeleted, err := rest.QueryBool(r, "allowDeleted", false)
	if err != nil {
		return err
	}
	revision := 0
	if v := q.Get("revision"); v != "" {
		if revision, err = strconv.Atoi(v); err != nil || revision < 1 {
			return rest.BadRequest("Failed to convert argument [revision] for value [%s]", v)
		}
	}
	a := auth.From(r.Context())
	rev, err := h.Store.Get(a.Tenant, r.PathValue("namespace"), r.PathValue("id"), revision, allowDeleted)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, rev.JSON(withSource))
	return nil
}

// readSource reads a YAML body (or, for validate, the YAML parts of a
// multipart body).
func readSource(r *http.Request) ([]byte, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return rest.ReadBody(r, maxSource)
	}
	if params["boundary"] == "" {
		return nil, rest.BadRequest("multipart body without boundary")
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	var docs []string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, rest.BadRequest("cannot read multipart body: %v", err)
		}
		data, err := io.ReadAll(io.LimitReader(part, maxSource))
		if err != nil {
			return nil, rest.BadRequest("cannot read multipart body: %v", err)
		}
		docs = append(docs, string(data))
	}
	return []byte(strings.Join(docs, "\n---\n")), nil
}

// readFlow reads a body that must be a valid flow source.
func readFlow(r *http.Request) (*Definition, []byte, error) {
	src, err := rest.ReadBody(r, maxSource)
	if err != nil {
		return nil, nil, err
	}
	def, err := ParseValid(src)
	if err != nil {
		return nil, nil, err
	}
	return def, src, nil
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	def, src, err := readFlow(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	if err := a.Require("FLOW", "CREATE", def.Namespace); err != nil {
		return err
	}
	rev, err := h.Store.Create(a.Tenant, def, string(src))
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, rev.JSON(true))
	return nil
}

func (h *Handlers) update(w http.ResponseWriter, r *http.Request) error {
	src, err := rest.ReadBody(r, maxSource)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	ns, id := r.PathValue("namespace"), r.PathValue("id")
	if _, err := h.Store.Get(a.Tenant, ns, id, 0, false); err != nil {
		return err
	}
	def, err := ParseValid(src)
	if err != nil {
		return err
	}
	rev, err := h.Store.Update(a.Tenant, ns, id, def, string(src))
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, rev.JSON(true))
	return nil
}

func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	if err := h.Store.Delete(a.Tenant, r.PathValue("namespace"), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handlers) revisions(w http.ResponseWriter, r *http.Request) error {
	allowDeleted, err := rest.QueryBool(r, "allowDelete", false)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	revs, err := h.Store.Revisions(a.Tenant, r.PathValue("namespace"), r.PathValue("id"), allowDeleted)
	if err != nil {
		return err
	}
	out := make([]map[string]any, 0, len(revs))
	for _, rev := range revs {
		out = append(out, rev.JSON(true))
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handlers) validate(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	if !a.AllowedSomewhere("FLOW", "VALIDATE") && !a.AllowedSomewhere("FLOW", "CREATE") && !a.AllowedSomewhere("FLOW", "UPDATE") {
		return a.Require("FLOW", "VALIDATE", "")
	}
	body, err := readSource(r)
	if err != nil {
		return err
	}
	docs := yamldoc.SplitDocuments(body)
	out := make([]rest.Validation, 0, len(docs))
	for i, doc := range docs {
		v := rest.NewValidation(i)
		def, vs := Parse(doc)
		if def != nil {
			v.Flow, v.Namespace = def.ID, def.Namespace
			if cur, err := h.Store.Get(a.Tenant, def.Namespace, def.ID, 0, false); err == nil && cur.Source != string(doc) {
				v.Infos = append(v.Infos, fmt.Sprintf("flow exists at revision %d; deploying this source creates revision %d", cur.Revision, cur.Revision+1))
			}
		}
		v.Constraints = rest.Constraints(vs)
		out = append(out, v)
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handlers) bulk(w http.ResponseWriter, r *http.Request) error {
	del, err := rest.QueryBool(r, "delete", true)
	if err != nil {
		return err
	}
	allowChild, err := rest.QueryBool(r, "allowNamespaceChild", false)
	if err != nil {
		return err
	}
	body, err := rest.ReadBody(r, maxSource)
	if err != nil {
		return err
	}
	var docs [][]byte
	if len(strings.TrimSpace(string(body))) > 0 {
		docs = yamldoc.SplitDocuments(body)
	}
	return h.bulkUpdate(w, r, docs, r.URL.Query().Get("namespace"), del, allowChild)
}

// syncNamespace is POST /flows/{namespace}: the flows of the body replace
// the namespace (FlowController.updateFlowsInNamespace). Sources are
// trimmed, as Kestra trims them; override rewrites each source's first
// `namespace:` line to the path's namespace.
func (h *Handlers) syncNamespace(w http.ResponseWriter, r *http.Request) error {
	ns := r.PathValue("namespace")
	if err := ValidateNamespace(ns); err != nil {
		return rest.Invalid(rest.Violation{Path: "namespace", Message: err.Error()})
	}
	del, err := rest.QueryBool(r, "delete", true)
	if err != nil {
		return err
	}
	override, err := rest.QueryBool(r, "override", false)
	if err != nil {
		return err
	}
	body, err := readSource(r)
	if err != nil {
		return err
	}
	var docs [][]byte
	if len(strings.TrimSpace(string(body))) > 0 {
		for _, d := range yamldoc.SplitDocuments(body) {
			d = bytes.TrimSpace(d)
			if override {
				d = namespaceLine.ReplaceAll(d, []byte("${1}namespace: "+ns))
			}
			docs = append(docs, d)
		}
	}
	return h.bulkUpdate(w, r, docs, ns, del, false)
}

// namespaceLine is the first top-level namespace line a source holds
// (Kestra: source.replaceFirst("(?m)^namespace:.+", ...)).
var namespaceLine = regexp.MustCompile(`(?m)\A((?:.*\n)*?)namespace:.+`)

// bulkUpdate validates every document, then applies them all at once
// (FlowController.bulkUpdateOrCreate).
func (h *Handlers) bulkUpdate(w http.ResponseWriter, r *http.Request, docs [][]byte, scope string, del, allowChild bool) error {
	a := auth.From(r.Context())
	plan := BulkPlan{Delete: del, Scope: scope}
	var all []rest.Violation
	seen := map[string]bool{}
	for i, doc := range docs {
		def, vs := Parse(doc)
		for _, v := range vs {
			v.Path = strings.TrimSuffix(fmt.Sprintf("flows[%d].%s", i, v.Path), ".")
			all = append(all, v)
		}
		if len(vs) > 0 {
			continue
		}
		if scope != "" && def.Namespace != scope && !(allowChild && namespaces.IsWithin(def.Namespace, scope)) {
			all = append(all, rest.Violation{Path: "flow.namespace",
				Message: fmt.Sprintf("%s.%s - flow namespace is invalid: '%s' is not namespace '%s'", def.Namespace, def.ID, def.Namespace, scope)})
			continue
		}
		if seen[def.ID] {
			all = append(all, rest.Violation{Path: "flow.id", Message: "Duplicate flow id: " + def.ID})
			continue
		}
		seen[def.ID] = true
		action := "CREATE"
		if _, err := h.Store.Get(a.Tenant, def.Namespace, def.ID, 0, false); err == nil {
			action = "UPDATE"
		}
		if err := a.Require("FLOW", action, def.Namespace); err != nil {
			return err
		}
		plan.Defs = append(plan.Defs, def)
		plan.Sources = append(plan.Sources, string(doc))
	}
	if len(all) > 0 {
		return rest.Invalid(all...)
	}
	if del {
		if err := a.Require("FLOW", "DELETE", scope); err != nil {
			return err
		}
	}
	revs := h.Store.Bulk(a.Tenant, plan)
	out := make([]map[string]any, 0, len(revs))
	for _, rev := range revs {
		out = append(out, rev.JSON(true))
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}
